"""Evidence and confidence of entities (kg.ner.confidence), on hand-built mentions."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from kg.errors import RuleError
from kg.graph.build import drop_unsure
from kg.ner.confidence import (
    EVIDENCE,
    confidence_of,
    entity_evidence,
    evidence_of,
    known_name,
    validate_table,
    with_evidence,
)
from kg.types import Mention


def _m(text, label, start=0, source="kg", **attrs):
    return Mention(text, label, start, start + len(text), source, attrs)


@pytest.mark.parametrize(
    "mention, model, rules, expected",
    [
        (_m("平湖市", "LOC"), True, False, "lexicon"),  # a real division
        (_m("洛杉矶", "LOC"), True, False, "lexicon"),  # a place of jieba's dictionary
        (_m("国务院", "ORG"), True, False, "lexicon"),  # an organisation of jieba's (nt)
        (_m("是石科技", "ORG", source="rules"), True, True, "model+rules"),
        (_m("是石科技", "ORG"), True, False, "model"),
        (_m("是石科技", "ORG", source="rules"), False, True, "rules"),
        (_m("周军波", "PERSON", source="byline"), False, False, "byline"),
        (_m("震测报中心", "LOC"), True, False, "model"),  # no place anyone knows
    ],
)
def test_evidence_of_a_mention(mention, model, rules, expected):
    key = {(mention.start, mention.end, mention.label)}
    assert evidence_of(mention, key if model else set(), key if rules else set()) == expected


@pytest.mark.parametrize(
    "evidences, expected",
    [
        (["model", "rules"], "model+rules"),  # the model and a rule named it, in two places
        (["model", "model"], "model"),
        (["rules", "byline"], "byline"),
        (["model", "lexicon"], "lexicon"),
        ([None], None),
    ],
)
def test_evidence_of_an_entity(evidences, expected):
    mentions = [_m("周军波", "PERSON", 10 * i, evidence=e) for i, e in enumerate(evidences)]
    for m, e in zip(mentions, evidences, strict=True):
        if e is None:
            m.attrs.clear()
    assert entity_evidence(mentions) == expected


def test_known_names_are_places_and_organisations_only():
    assert known_name("北京", "LOC") and not known_name("北京", "PERSON")
    assert not known_name("尼康", "LOC")


def test_confidence_reads_the_shipped_table():
    for label in ("PERSON", "ORG", "LOC", "EVENT"):
        for evidence in EVIDENCE:
            for again in (False, True):
                assert 0.0 < confidence_of(label, evidence, again=again) < 1.0
    # a place the gazetteer knows is surer than one only the model found
    assert confidence_of("LOC", "lexicon") > confidence_of("LOC", "model")
    assert confidence_of("MONEY", "model") is None  # types the dev set does not score
    unknown = confidence_of("ORG", None)
    assert unknown == min(confidence_of("ORG", e) for e in EVIDENCE)


def test_mentions_get_evidence_and_confidence_without_sharing_attrs():
    shared = {"role": "记者"}
    people = [Mention("周军波", "PERSON", 0, 3, "kg", shared), _m("约30亿元", "MONEY", 5)]
    rated = with_evidence(people, people[:1], [])
    assert rated[0].attrs["evidence"] == "model"
    assert rated[0].attrs["confidence"] == confidence_of("PERSON", "model")
    assert "confidence" not in rated[1].attrs and shared == {"role": "记者"}


@pytest.mark.parametrize(
    "table, message",
    [
        ({"THING": {}}, "unknown type 'THING'"),
        ({"ORG": {"gut": {"once": 0.5, "again": 0.5}}}, r"unknown evidence \['gut'\]"),
        ({"ORG": {"model": {"once": 0.5}}}, "ORG model: expected once and again"),
        ({"ORG": {"model": {"once": 1.5, "again": 0.5}}}, "a precision outside 0..1"),
    ],
)
def test_a_bad_table_is_refused_with_what_is_wrong(table, message):
    with pytest.raises(RuleError, match=message):
        validate_table(table)


def test_the_shipped_table_is_valid():
    from importlib import resources

    text = resources.files("kg").joinpath("data/lexicons/confidence.json").read_text("utf-8")
    assert validate_table(json.loads(text)["precision"])


def test_drop_unsure_removes_nodes_below_and_their_edges():
    G = nx.MultiDiGraph()
    G.add_node("PERSON:李强", confidence=0.9)
    G.add_node("LOC:昌西", confidence=0.4)
    G.add_node("MONEY:1亿元@a:1", confidence=1.0)
    G.add_edge("PERSON:李强", "LOC:昌西", relation="located_in")
    drop_unsure(G, 0.5)
    assert sorted(G) == ["MONEY:1亿元@a:1", "PERSON:李强"] and G.number_of_edges() == 0
    with pytest.raises(ValueError, match="within 0..1, got 2"):
        drop_unsure(G, 2)
