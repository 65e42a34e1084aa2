"""How sure kg is that a name is a name of its type: the dev-set precision of the way it
was found (data: kg/data/lexicons/confidence.json, made by scripts/calibrate_confidence.py).

The *evidence* of a mention is ``lexicon`` when its name is a known name of its type (a place
of China's administrative divisions or of jieba's dictionary, an organisation of jieba's
dictionary), else which recognisers found it: ``model+rules`` (the model and a
rule found the same span with the same type), ``model``, ``rules`` or ``byline`` (a name in a
byline); a name found again elsewhere on the page (kg.ner.propagate) has the evidence of the
name it was found as. An entity's evidence is the best of its mentions' in that order, a
model's and a rule's mention of one entity counting as ``model+rules``. A name written more
than once (an entity of two or more mentions) is surer than one written once: the table has
a figure for each (``once``, ``again``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from kg.errors import RuleError
from kg.ner.orgs import full_name
from kg.ner.places import is_place_name
from kg.ner.words import word_tags
from kg.types import Mention

__all__ = [
    "EVIDENCE",
    "SCORED_TYPES",
    "confidence_of",
    "entity_evidence",
    "known_name",
    "validate_table",
    "with_evidence",
]

#: evidence classes, surest first
EVIDENCE = ("lexicon", "model+rules", "byline", "model", "rules")
#: the types the dev set scores; others (amounts, works, articles) get no confidence of their own
SCORED_TYPES = ("PERSON", "ORG", "LOC", "EVENT")
_RULE_SOURCES = frozenset({"rules", "amounts"})


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, dict[str, float]]]:
    text = resources.files("kg").joinpath("data/lexicons/confidence.json").read_text("utf-8")
    try:
        table = json.loads(text)["precision"]
    except (json.JSONDecodeError, KeyError) as exc:
        raise RuleError(f"confidence.json: expected {{'precision': {{TYPE: ...}}}}: {exc}") from exc
    return validate_table(table)


def validate_table(table: dict) -> dict:
    """``table`` ({TYPE: {evidence: {"once": p, "again": p}}}) when it is one; RuleError names
    what is wrong otherwise."""
    for label, row in table.items():
        if label not in SCORED_TYPES:
            raise RuleError(f"confidence.json: unknown type {label!r} (known: {SCORED_TYPES})")
        unknown = set(row) - set(EVIDENCE)
        if unknown:
            raise RuleError(f"confidence.json: unknown evidence {sorted(unknown)} for {label}")
        for evidence, cell in row.items():
            if set(cell) != {"once", "again"}:
                raise RuleError(f"confidence.json: {label} {evidence}: expected once and again")
            if any(not 0.0 <= float(v) <= 1.0 for v in cell.values()):
                raise RuleError(f"confidence.json: {label} {evidence}: a precision outside 0..1")
    return table
    return table


def confidence_of(label: str, evidence: str | None, *, again: bool = False) -> float | None:
    """The dev-set precision of names of type ``label`` found so, written once or ``again``
    (the type's lowest when the evidence is unknown); None for unscored types."""
    row = _table().get(label)
    if row is None:
        return None
    key = "again" if again else "once"
    if evidence in row:
        return float(row[evidence][key])
    return min(float(cell[key]) for cell in row.values())


def known_name(name: str, label: str) -> bool:
    """True for a name a lexicon knows as one of type ``label``: a place of the divisions,
    the gazetteer or jieba's dictionary (ns), an organisation of jieba's dictionary (nt) or
    of known_orgs.json."""
    if label == "LOC":
        return is_place_name(name)
    return label == "ORG" and (word_tags().get(name) == "nt" or full_name(name) is not None)


def evidence_of(m: Mention, model_spans: set, rule_spans: set) -> str:
    key = (m.start, m.end, m.label)
    if known_name(m.text, m.label):
        return "lexicon"
    if m.source == "byline":
        return m.source
    if key in model_spans and key in rule_spans:
        return "model+rules"
    return "rules" if m.source in _RULE_SOURCES else "model"


def with_evidence(mentions: list[Mention], model: list[Mention], rules: list[Mention]):
    """``mentions`` with ``evidence`` and ``confidence`` in their attrs (scored types only)."""
    model_spans = {(m.start, m.end, m.label) for m in model}
    rule_spans = {(m.start, m.end, m.label) for m in rules}
    out = []
    for m in mentions:
        if m.label in SCORED_TYPES:
            evidence = evidence_of(m, model_spans, rule_spans)
            attrs = {**m.attrs, "evidence": evidence}
            attrs["confidence"] = confidence_of(m.label, evidence)
            m = Mention(m.text, m.label, m.start, m.end, m.source, attrs)
        out.append(m)
    return out


def entity_evidence(mentions: list[Mention]) -> str | None:
    """The evidence of an entity made of ``mentions``; None when none has any."""
    found = {m.attrs.get("evidence") for m in mentions} - {None}
    if not found:
        return None
    if "model" in found and "rules" in found:
        return "model+rules"
    return min(found, key=EVIDENCE.index)
