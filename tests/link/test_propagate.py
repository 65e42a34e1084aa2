"""Names found once are found again on the page (kg.link.propagate), hand-built mentions."""

from __future__ import annotations

from kg.link import propagate_names
from kg.types import Mention


def _names(text, spec):
    mentions = []
    for surface, label, evidence in spec:
        start = text.find(surface)
        attrs = {"evidence": evidence, "confidence": 0.5}
        mentions.append(Mention(surface, label, start, start + len(surface), "kg", attrs))
    return propagate_names(text, mentions)


def test_a_team_with_dui_is_no_boundary_slip():
    found = _names(
        "湖人队前锋奥多姆说，湖人赢了。", [("湖人队", "ORG", "rules"), ("湖人", "ORG", "model")]
    )
    assert ("湖人队", 0) in {(m.text, m.start) for m in found}


def test_a_person_plus_one_character_is_a_slip():
    found = _names(
        "庄菊英刚到。庄菊英说。", [("庄菊英刚", "PERSON", "model"), ("庄菊英", "PERSON", "model")]
    )
    assert {m.text for m in found} == {"庄菊英"}


def test_a_name_found_again_keeps_the_evidence_it_was_found_with():
    found = _names("周军波致辞。周军波说。", [("周军波", "PERSON", "model+rules")])
    again = [m for m in found if m.start == 6]
    assert again and again[0].attrs["evidence"] == "model+rules"
