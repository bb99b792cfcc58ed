"""Questions of exercise 04 (filled in by its author)."""
