"""Golden expectations on the seed page (tests/golden/seed.toml): found and not found."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

import kg
from kg.errors import UnknownEntity
from kg.graph.quality import names_both_ends

# every test here reads the graph the shipped model builds from the seed page
pytestmark = pytest.mark.slow

GOLDEN = tomllib.loads((Path(__file__).parent / "golden" / "seed.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def G(seed_path):
    return kg.build_graph([str(seed_path)], backend=os.environ.get("KG_TEST_BACKEND", "kg"))


def _node(G, name):
    return kg.resolve(G, name)


def _head(G, name):
    """A node by name, or the article whose title holds ``name`` after ``ARTICLE:``."""
    return _article(G, name[len("ARTICLE:") :]) if name.startswith("ARTICLE:") else _node(G, name)


def _article(G, title_part):
    hits = [n for n, d in G.nodes(data=True) if d["type"] == "ARTICLE" and title_part in d["label"]]
    assert hits, f"no article titled like {title_part!r}"
    return hits[0]


@pytest.mark.parametrize(
    "type_,name", [(t, n) for t, names in GOLDEN["entities"].items() for n in names]
)
def test_entity_found_once(G, type_, name):
    node = _node(G, name)
    assert G.nodes[node]["type"] == type_
    same_label = [n for n, d in G.nodes(data=True) if d["label"] == G.nodes[node]["label"]]
    assert same_label == [node]


@pytest.mark.parametrize("alias,name", list(GOLDEN["same"].items()))
def test_aliases_reach_one_node(G, alias, name):
    assert _node(G, alias) == _node(G, name)


@pytest.mark.parametrize("name", GOLDEN["absent"]["names"])
def test_no_junk_node(G, name):
    labels = {d["label"] for _, d in G.nodes(data=True)}
    assert name not in labels


def _edges(G, head, tail, relation):
    return [
        d for d in G.get_edge_data(head, tail, default={}).values() if d["relation"] == relation
    ]


@pytest.mark.parametrize("head,relation,tail,title", GOLDEN["relations"]["must"])
def test_relation_found(G, head, relation, tail, title):
    h = _node(G, head)
    t = _article(G, tail) if relation == "reports" else _node(G, tail)
    edges = _edges(G, h, t, relation)
    assert edges, f"missing {head} -{relation}-> {tail}"
    if relation in ("holds_position", "member_of"):
        assert title in {d["title"] for d in edges}
    for d in edges:
        assert d["sentence"] and d["rule"] and 0 < d["confidence"] <= 1


@pytest.mark.parametrize("head,relation,raw,value,value_max,approx", GOLDEN["relations"]["amounts"])
def test_amount_found_with_value(G, head, relation, raw, value, value_max, approx):
    h = _head(G, head)
    tails = [v for _, v, d in G.out_edges(h, data=True) if d["relation"] == relation]
    amounts = [G.nodes[v] for v in tails if G.nodes[v].get("raw") == raw]
    assert amounts, (
        f"missing {head} -{relation}-> {raw}; has {[G.nodes[v]['label'] for v in tails]}"
    )
    node = amounts[0]
    assert (node["value"], node["value_max"], node["approx"]) == (value, value_max, approx)
    assert node["unit"] == "CNY"


@pytest.mark.parametrize("head,relation,tail", GOLDEN["relations"]["must_not"])
def test_false_relation_absent(G, head, relation, tail):
    try:
        h = _node(G, head)
    except UnknownEntity:
        return
    for _, v, d in G.out_edges(h, data=True):
        if d["relation"] == relation:
            assert tail != "*" and v != _node(G, tail), f"false edge {head} -{relation}-> {v}"


def test_path_between_two_officials_goes_through_their_meeting(G):
    (path, *_) = kg.paths(G, "刘民强", "周军波", max_hops=2)
    assert path.nodes[1] == "2025中日机器人产业合作对接会暨平湖人工智能产业发展对接会"
    assert all(hop.sentence for hop in path.hops)


def test_every_edge_has_evidence_in_the_document(G, seed_path):
    from kg.text import read_inputs

    (doc,) = read_inputs([str(seed_path)])
    for _, _, d in G.edges(data=True):
        assert doc.text[d["start"] : d["end"]] == d["sentence"]


def test_every_edge_names_both_ends_in_its_evidence(G):
    bad = [
        (u, d["relation"], v) for u, v, d in G.edges(data=True) if not names_both_ends(G, u, v, d)
    ]
    assert bad == []


def test_no_false_edge(G):
    """Every edge of the seed graph is one the golden file lists: the rules invent nothing."""
    allowed = set()
    for head, relation, tail, _title in GOLDEN["relations"]["must"]:
        t = _article(G, tail) if relation == "reports" else _node(G, tail)
        allowed.add((_node(G, head), relation, t))
    raws = {(_head(G, h), rel, raw) for h, rel, raw, *_ in GOLDEN["relations"]["amounts"]}
    for u, v, d in G.edges(data=True):
        if "raw" in G.nodes[v]:
            assert (u, d["relation"], G.nodes[v]["raw"]) in raws, f"false edge {u} -> {v}"
        else:
            assert (u, d["relation"], v) in allowed, f"false edge {u} -{d['relation']}-> {v}"


def test_no_name_is_badly_bounded(G, seed_path):
    from kg.graph.quality import badly_bounded
    from kg.text import read_inputs

    assert badly_bounded(G, read_inputs([str(seed_path)])) == []
