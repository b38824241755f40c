"""Pure-Python spam defence engine: corpus reading, features, model, metrics (no Django)."""
