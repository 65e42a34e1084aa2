"""``kg.load_graph`` reads back every graph format kg writes, values and types included."""

from __future__ import annotations

import pytest

from kg.export import write_outputs
from kg.export.graphml import flatten
from kg.export.load import load_graph


def _edges(G) -> list:
    return sorted((u, v, sorted(d.items())) for u, v, d in G.edges(data=True))


@pytest.fixture
def expected(sample_graph):
    return flatten(sample_graph)  # what every writer writes


@pytest.mark.parametrize("fmt", ["graphml", "json", "gexf"])
def test_every_format_round_trips_with_chinese_text(sample_graph, expected, tmp_path, fmt):
    written = write_outputs(sample_graph, tmp_path, (fmt,))
    G = load_graph(written[fmt])
    assert G.is_multigraph() and G.is_directed()
    assert dict(G.nodes(data=True)) == dict(expected.nodes(data=True))
    assert _edges(G) == _edges(expected)
    assert {k: G.graph[k] for k in ("kg_schema", "kg_version", "created", "sources")} == {
        "kg_schema": "1",
        "kg_version": "0.1.0",
        "created": "2026-11-28T00:00:00",
        "sources": 1,
    }


@pytest.mark.parametrize("fmt", ["graphml", "json", "gexf"])
def test_types_survive(sample_graph, tmp_path, fmt):
    G = load_graph(write_outputs(sample_graph, tmp_path, (fmt,))[fmt])
    money = G.nodes["MONEY:约30亿元@seed.txt:512"]
    assert (money["label"], money["value"], money["approx"]) == ("约30亿元", 3e9, True)
    assert type(money["value"]) is float and type(money["approx"]) is bool
    assert type(G.nodes["PERSON:周军波"]["mentions"]) is int
    edge = next(d for *_, d in G.edges(data=True) if d["title"] == "市委副书记、市长")
    sentence = "市委副书记、市长周军波致辞。"
    assert (edge["sentence"], edge["start"], edge["end"]) == (sentence, 300, 314)
    assert type(edge["confidence"]) is float


def test_gexf_keeps_what_gephi_needs_and_drops_it_on_reading(sample_graph, tmp_path):
    path = write_outputs(sample_graph, tmp_path, ("gexf",))["gexf"]
    text = path.read_text(encoding="utf-8")
    assert "<viz:color" in text and "sent_start" in text and "kg graph attributes" in text
    G = load_graph(path)
    assert all("viz" not in d for _, d in G.nodes(data=True))
    assert all("sent_start" not in d and "id" not in d for *_, d in G.edges(data=True))


@pytest.mark.slow
def test_the_seed_build_reads_back_the_same_from_every_format(seed_path, tmp_path):
    import kg

    written = write_outputs(kg.build_graph([str(seed_path)]), tmp_path, ("graphml", "gexf", "json"))
    graphs = {fmt: load_graph(path) for fmt, path in written.items()}
    first = graphs["graphml"]
    assert first.number_of_edges() > 20 and first.graph["home_city"] == "平湖市"
    for fmt, G in graphs.items():
        assert dict(G.nodes(data=True)) == dict(first.nodes(data=True)), fmt
        assert _edges(G) == _edges(first), fmt
        assert {k: G.graph[k] for k in first.graph} == first.graph, fmt
