"""Relation rule tests: a package, so two test_rules.py modules can coexist."""
