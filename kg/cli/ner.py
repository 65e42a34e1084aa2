"""PLACEHOLDER: kg ner commands."""
