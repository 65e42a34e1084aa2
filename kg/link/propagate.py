"""Names found again on the page: the entity layer's step (:mod:`kg.ner.propagate`), which
every recogniser runs; linking uses its short forms to merge mentions."""

from __future__ import annotations

from kg.ner.propagate import propagate_names, short_forms

__all__ = ["propagate_names", "short_forms"]
