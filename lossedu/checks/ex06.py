"""Questions of exercise 06 (filled in by its author)."""
