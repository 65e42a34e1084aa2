"""Label maps that turn other tools' tag sets (msra, pku, ontonotes) into kg entity types."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from kg.errors import RuleError
from kg.types import ENTITY_TYPES

__all__ = ["LABEL_MAPS_FILE", "load_label_map"]

LABEL_MAPS_FILE = Path(__file__).resolve().parents[2] / "data" / "model" / "label_maps.json"


@cache
def load_label_map(tagset: str, path: str | None = None) -> dict[str, str | None]:
    """The ``tagset`` map (msra, pku, ontonotes) from label_maps.json, validated.

    Values are kg entity types, or None for tags kg drops.
    """
    path = Path(path) if path else LABEL_MAPS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    tagsets = sorted(k for k in data if not k.startswith("_"))
    if tagset not in tagsets:
        raise RuleError(
            f"unknown tag set {tagset!r} in {path}; choose one of: {', '.join(tagsets)}"
        )
    mapping = data[tagset]
    for tag, kg_type in mapping.items():
        if kg_type is not None and kg_type not in ENTITY_TYPES:
            raise RuleError(
                f"{path}: tag {tag!r} of tag set {tagset!r} maps to unknown kg type {kg_type!r}"
            )
    return dict(mapping)
