"""The text side of the spam engine: word lists, compiled patterns and normalisation."""
