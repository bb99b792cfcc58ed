"""Questions of exercise 01 (filled in by its author)."""
