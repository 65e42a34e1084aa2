"""PLACEHOLDER: spacy backend."""
