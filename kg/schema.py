"""The graph contract in code: required attributes, vocabulary, node ids, colours."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from kg.errors import RuleError

__all__ = [
    "SCHEMA_VERSION",
    "NODE_ATTRS",
    "AMOUNT_ATTRS",
    "EDGE_ATTRS",
    "vocabulary",
    "relation_label",
    "is_weighted",
    "type_color",
    "type_label",
    "node_id",
]

SCHEMA_VERSION = "1"

#: attribute -> Python type every node carries (never None, never a list/dict)
NODE_ATTRS = {"label": str, "type": str, "aliases": str, "mentions": int, "docs": int}
#: extra attributes of MONEY / QUANTITY / PERCENT nodes
AMOUNT_ATTRS = {"value": float, "value_max": float, "unit": str, "approx": bool, "raw": str}
#: attribute -> Python type every edge carries
EDGE_ATTRS = {
    "relation": str,
    "label": str,
    "title": str,
    "sentence": str,
    "doc": str,
    "start": int,
    "end": int,
    "rule": str,
    "confidence": float,
}
AMOUNT_TYPES = ("MONEY", "QUANTITY", "PERCENT")


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """The relation and type vocabulary from ``kg/data/vocabulary.json``, validated."""
    text = resources.files("kg").joinpath("data/vocabulary.json").read_text(encoding="utf-8")
    data = json.loads(text)
    for key in ("relations", "types"):
        if not isinstance(data.get(key), dict) or not data[key]:
            raise RuleError(f"vocabulary.json: missing or empty {key!r}")
    for rel, spec in data["relations"].items():
        if "label" not in spec:
            raise RuleError(f"vocabulary.json: relation {rel!r} has no 'label'")
    return data


def relation_label(relation: str) -> str:
    rels = vocabulary()["relations"]
    if relation not in rels:
        raise RuleError(f"unknown relation {relation!r}; known: {', '.join(sorted(rels))}")
    return rels[relation]["label"]


def is_weighted(relation: str) -> bool:
    """True for relations kept as one weighted edge per pair (co_occurs)."""
    return bool(vocabulary()["relations"].get(relation, {}).get("weighted", False))


def type_color(type_: str) -> str:
    return vocabulary()["types"].get(type_, {}).get("color", "#bdc3c7")


def type_label(type_: str) -> str:
    return vocabulary()["types"].get(type_, {}).get("label", type_)


def node_id(type_: str, name: str) -> str:
    """Stable, readable node id: ``TYPE:canonical name``."""
    return f"{type_}:{name}"
