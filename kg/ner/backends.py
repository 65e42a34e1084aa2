"""Imports every built-in backend module so that each registers itself."""

from kg.ner import hanlp_backend, jieba_backend, model, spacy_backend  # noqa: F401
