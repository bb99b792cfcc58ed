"""Questions of exercise 05 (filled in by its author)."""
