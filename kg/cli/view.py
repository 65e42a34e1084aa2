"""PLACEHOLDER: kg view commands."""
