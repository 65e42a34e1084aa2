"""Alias knowledge from ``kg/data/link/aliases.json``: abbreviations, place suffixes, home words."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from kg.errors import RuleError
from kg.ner.propagate import abbreviations  # one reader of the abbreviations by ending

__all__ = ["alias_data", "abbreviations", "is_abbreviation", "place_key"]


@lru_cache(maxsize=1)
def alias_data() -> dict:
    text = resources.files("kg").joinpath("data/link/aliases.json").read_text(encoding="utf-8")
    data = json.loads(text)
    for key in ("abbreviations", "home_words", "local_paper_words", "loc_suffixes"):
        if key not in data:
            raise RuleError(f"aliases.json: missing key {key!r}")
    for item in data["abbreviations"]:
        if not item.get("ending") or not item.get("short"):
            raise RuleError(f"aliases.json: abbreviation needs 'ending' and 'short': {item}")
    return data


def is_abbreviation(short: str, full: str) -> bool:
    """True when ``short`` is a known or an ordered-character abbreviation of ``full``.

    Ordered characters need the same first two characters and at least four in all:
    平湖经开 ⊂ 平湖经济技术开发区, but not 平湖 ⊂ 平湖市妇幼保健院; and a name the full one
    starts with is another (方太集团 of 方太集团杭州分公司: the parent of a unit).
    """
    if short == full or len(short) >= len(full):
        return False
    if short in abbreviations(full):
        return True
    if len(short) < 4 or short[:2] != full[:2] or full.startswith(short):
        return False  # 方太集团 of 方太集团杭州分公司 is the parent, not a short name
    it = iter(full)
    return all(ch in it for ch in short)


def place_key(name: str) -> str:
    """平湖市 and 平湖 share one key; a one-character stem keeps its suffix (沪 ≠ 市)."""
    for suffix in alias_data()["loc_suffixes"]:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name
