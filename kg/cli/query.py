"""PLACEHOLDER: kg query commands."""
