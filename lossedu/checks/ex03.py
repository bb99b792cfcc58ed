"""Questions of exercise 03 (filled in by its author)."""
