"""Reading, validating and writing answers files."""
