"""Relation extraction: rules from data files (kg/data/rules) applied by one engine."""

from kg.relations.engine import compile_pattern, extract_relations, load_rules

__all__ = ["extract_relations", "load_rules", "compile_pattern"]
