"""Overlapping mentions resolved: which of the model's, the rules' and the page's names stays."""

from __future__ import annotations

from kg.types import Mention

__all__ = ["resolve_overlaps"]

#: When spans overlap, the higher priority wins, then the longer span.
_PRIORITY = {
    ("rules", "WORK"): 6,
    ("rules", "EVENT"): 5,
    ("amounts", None): 4,
    ("rules", "ORG"): 3,
    ("rules", "TITLE"): 3,
    ("rules", "PERSON"): 3,
    ("byline", None): 3,
    ("propagated", None): 2,
    ("gazetteer", None): 0,  # kg.ner.places: fills in where nothing else found a name
    ("lexicon", None): 0,  # kg.ner.orgs: the same for organisations known by a short form
}


def _priority(m: Mention) -> int:
    return _PRIORITY.get((m.source, m.label), _PRIORITY.get((m.source, None), 1))


def resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep a non-overlapping subset: higher priority first, then longer, then earlier."""
    ranked = sorted(mentions, key=lambda m: (-_priority(m), -(m.end - m.start), m.start))
    taken: list[Mention] = []
    occupied = bytearray()
    for m in ranked:
        if m.end > len(occupied):
            occupied.extend(b"\0" * (m.end - len(occupied)))
        if any(occupied[m.start : m.end]):
            continue
        occupied[m.start : m.end] = b"\1" * (m.end - m.start)
        taken.append(m)
    return sorted(taken, key=lambda m: m.start)
