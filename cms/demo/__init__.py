"""Demo content for the resource library, written for this project."""
