"""Names found once are names wherever the page writes them again, short forms included."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from kg.errors import RuleError
from kg.ner.confidence import confidence_of, entity_evidence
from kg.ner.overlaps import resolve_overlaps
from kg.ner.rules import LEGAL_FORM
from kg.types import Mention

__all__ = ["abbreviations", "propagate_names", "short_forms"]


@lru_cache(maxsize=1)
def _short_form_data() -> tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...]]:
    """The abbreviations by ending and the kinds a team's name may end with, from
    ``kg/data/link/aliases.json`` (linking reads the same file for merging)."""
    text = resources.files("kg").joinpath("data/link/aliases.json").read_text(encoding="utf-8")
    data = json.loads(text)
    try:
        endings = tuple((item["ending"], tuple(item["short"])) for item in data["abbreviations"])
        kinds = tuple(data["org_kind_suffixes"])
    except (KeyError, TypeError) as exc:
        raise RuleError(f"aliases.json: missing or bad key for short forms: {exc}") from exc
    return endings, kinds


def short_forms(name: str, label: str) -> list[str]:
    """Shorter names a text may use for ``name`` (是石科技 for 是石科技(平湖)有限公司,
    平湖经开区 for 平湖经济技术开发区)."""
    forms = []
    if label == "ORG":
        short = LEGAL_FORM.sub("", name)
        if short != name and len(short) >= 3:
            forms.append(short)
    return forms + abbreviations(name)


def abbreviations(name: str) -> list[str]:
    """Short forms of ``name`` by its ending: 平湖经济技术开发区 → 平湖经开区, 平湖经开."""
    out = []
    for ending, shorts in _short_form_data()[0]:
        stem = name[: -len(ending)]
        if name.endswith(ending) and len(stem) >= 2:
            out.extend(stem + short for short in shorts)
    return out


def propagate_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """Find further occurrences of the people and organisations already found in ``text``.

    A name found once (刘民强 after 局长) is a name wherever the page writes it again
    (刘民强致辞); a company's short form (是石科技) is that company. A name that is
    another name of the page plus one character (庄菊英刚, 尼得科传动技术所) is a
    boundary slip and is not spread.
    """
    names: dict[str, str] = {}
    origin: dict[str, list[Mention]] = {}  # name -> the mentions it was found as
    for m in mentions:
        if m.label in ("PERSON", "ORG") and len(m.text) >= 2:
            names.setdefault(m.text, m.label)
            origin.setdefault(m.text, []).append(m)
            for form in short_forms(m.text, m.label):
                names.setdefault(form, m.label)
                origin.setdefault(form, []).append(m)
    kinds = _short_form_data()[1]  # 湖人队 is 湖人 as a team, no slip
    slips = {
        name
        for name, label in names.items()
        if len(name) >= 3
        and names.get(name[:-1]) == label
        and not (label == "ORG" and name.endswith(kinds))
    }
    kept = [m for m in mentions if m.text not in slips]
    extra = []
    for name, label in names.items():
        if name in slips:
            continue
        # a name found again is as sure as the name it was found as
        evidence = entity_evidence([m for m in origin[name] if m.label == label])
        attrs = {"evidence": evidence, "confidence": confidence_of(label, evidence)}
        for found in re.finditer(re.escape(name), text):
            extra.append(
                Mention(name, label, found.start(), found.end(), "propagated", dict(attrs))
            )
    return resolve_overlaps(kept + extra)
