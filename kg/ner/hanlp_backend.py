"""PLACEHOLDER: hanlp backend."""
