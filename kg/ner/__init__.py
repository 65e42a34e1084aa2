"""The entity layer: a model backend (chosen by name) combined with kg's rule components."""

from __future__ import annotations

import re

from kg.ner.amounts import find_amounts
from kg.ner.base import available_backends, get_backend
from kg.ner.rules import find_rule_mentions
from kg.types import Mention

__all__ = [
    "recognize",
    "recognize_text",
    "resolve_overlaps",
    "propagate_names",
    "available_backends",
    "get_backend",
]

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
}


_NAMED = ("PERSON", "ORG", "LOC")


def _plausible(m: Mention) -> bool:
    """Drop a model's names that no name looks like.

    One character is no name (黄 of 黄桃); a name does not start with a pronoun or a
    word that ends names in kg's rules (他代表市委, 建设集研发中心).
    """
    if m.label not in _NAMED:
        return True
    if m.end - m.start < 2:
        return False
    from kg.ner.rules import lexicons

    lex = lexicons()
    if m.label == "ORG" and (lex.org_suffixes.fullmatch(m.text) or m.text in lex.not_org):
        return False  # a bare 协会 or 公司 names nothing
    if m.text[0] in _PRONOUNS or (m.label != "PERSON" and m.text[0] in lex.stop_chars):
        return False
    return not any(m.text.startswith(w) for w in lex.stop_words)


_PRONOUNS = frozenset("他她它我你您其该此这那各每")


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


def recognize_text(text: str, model_mentions: list[Mention]) -> list[Mention]:
    """Combine a model's mentions of ``text`` with the rule components, overlaps resolved."""
    model_mentions = [m for m in model_mentions if _plausible(m)]
    people = [m.span for m in model_mentions if m.label == "PERSON"]
    candidates = list(model_mentions) + find_rule_mentions(text, people) + find_amounts(text)
    return resolve_overlaps(candidates)


def recognize(texts: list[str], backend: str = "kg", **backend_options) -> list[list[Mention]]:
    """Entities of each text: the named backend's mentions plus kg's rules.

    >>> [m.label for m in recognize(["市委书记仲旭东主持会议。"])[0]]  # doctest: +SKIP
    ['TITLE', 'PERSON']
    """
    model = get_backend(backend, **backend_options)
    predicted = model.predict(list(texts))
    return [recognize_text(text, found) for text, found in zip(texts, predicted, strict=True)]


def short_forms(name: str, label: str) -> list[str]:
    """Shorter names a text may use for ``name`` (是石科技 for 是石科技(平湖)有限公司)."""
    from kg.link.aliases import abbreviations
    from kg.ner.rules import LEGAL_FORM

    forms = []
    if label == "ORG":
        short = LEGAL_FORM.sub("", name)
        if short != name and len(short) >= 3:
            forms.append(short)
    forms.extend(abbreviations(name))
    return forms


def propagate_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """Find further occurrences of the people and organisations already found in ``text``.

    A name found once (刘民强 after 局长) is a name wherever the page writes it again
    (刘民强致辞); a company's short form (是石科技) is that company. A name that is
    another name of the page plus one character (庄菊英刚, 尼得科传动技术所) is a
    boundary slip and is not spread.
    """
    names: dict[str, str] = {}
    for m in mentions:
        if m.label in ("PERSON", "ORG") and len(m.text) >= 2:
            names.setdefault(m.text, m.label)
            for form in short_forms(m.text, m.label):
                names.setdefault(form, m.label)
    slips = {
        name for name, label in names.items() if len(name) >= 3 and names.get(name[:-1]) == label
    }
    kept = [m for m in mentions if m.text not in slips]
    extra = []
    for name, label in names.items():
        if name in slips:
            continue
        for found in re.finditer(re.escape(name), text):
            extra.append(Mention(name, label, found.start(), found.end(), source="propagated"))
    return resolve_overlaps(kept + extra)
