"""A page's home city: the city 市/我市 mean on a local paper's page (a per-document stage:
its outcome is kept in the extraction store with the page's analysis)."""

from __future__ import annotations

from collections import Counter

from kg.link.aliases import alias_data, place_key
from kg.ner.places import city_name
from kg.types import Document, Mention

__all__ = ["home_name", "infer_home_city"]


def home_name(name: str) -> str:
    """The display name of a home city: 平湖 → 平湖市 (a name with a place suffix stays)."""
    name = name.strip()
    if name.endswith(tuple(alias_data()["loc_suffixes"])) and len(name) >= 3:
        return name
    return name + "市"


def infer_home_city(doc: Document, mentions: list[Mention]) -> str | None:
    """The city a local paper's page is written in, or None.

    Only a local paper has one: the page says 本报讯 or 本报记者 (data: local_paper_words)
    and 我市/全市/本市 (home_words). The city is its most mentioned place that is a real
    prefecture- or county-level city (kg.ner.places); a country, province or company never
    is. Returns the official name (平湖市).
    """
    data = alias_data()
    text = doc.text
    if not any(word in text for word in data["home_words"]):
        return None
    if not any(word in text for word in data["local_paper_words"]):
        return None
    counts: Counter[str] = Counter()
    for m in mentions:
        if m.label == "LOC":
            counts[place_key(m.text)] += 1
    # a place named at the start of organisations (平湖市妇幼保健院, 平湖经开) counts too
    for m in mentions:
        if m.label in ("ORG", "EVENT"):
            for key in counts:
                if m.text.startswith(key):
                    counts[key] += 1
    minimum = int(data.get("city_min_mentions", 3))
    for key, n in counts.most_common():
        if n < minimum:
            break
        city = city_name(key)
        if city:
            return city
    return None
