"""Organisations known by an official short form (央行 = 中国人民银行): the list in
kg/data/lexicons/known_orgs.json, found where a form stands as a word; kg.link puts every
form of one on its full name's node."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from kg.errors import RuleError
from kg.ner.words import whole_word
from kg.types import Mention

__all__ = ["find_known_orgs", "full_name", "known_orgs"]


@lru_cache(maxsize=1)
def known_orgs() -> dict[str, str]:
    """Every form (full or short) -> the full name; RuleError for a bad or ambiguous entry."""
    text = resources.files("kg").joinpath("data/lexicons/known_orgs.json").read_text("utf-8")
    try:
        items = json.loads(text)["organisations"]
    except (json.JSONDecodeError, KeyError) as exc:
        raise RuleError(f"known_orgs.json: expected {{'organisations': [...]}}: {exc}") from exc
    out: dict[str, str] = {}
    for item in items:
        name, short = item.get("name"), item.get("short")
        if not name or not isinstance(short, list) or not short:
            raise RuleError(f"known_orgs.json: an entry needs 'name' and a list 'short': {item}")
        for form in [name, *short]:
            if out.get(form, name) != name:
                raise RuleError(
                    f"known_orgs.json: {form!r} is a form of {out[form]!r} and {name!r}"
                )
            out[form] = name
    return out


def full_name(name: str) -> str | None:
    """The full name of a known organisation written ``name`` (央行 → 中国人民银行), else None."""
    return known_orgs().get(name)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(known_orgs(), key=len, reverse=True))))


def find_known_orgs(text: str) -> list[Mention]:
    """The known organisations' forms in ``text`` where they stand as words (央行 in 央行行长,
    not 北大 in 北大荒)."""
    return [
        Mention(m.group(), "ORG", m.start(), m.end(), source="lexicon")
        for m in _pattern().finditer(text)
        if whole_word(text, m.start(), m.end())
    ]
