"""Questions of exercise 07 (filled in by its author)."""
