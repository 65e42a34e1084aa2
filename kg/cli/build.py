"""PLACEHOLDER: kg build commands."""
