"""Node-link JSON export: UTF-8 Chinese text and write -> read round trips."""

from __future__ import annotations

import json

import pytest

from kg.errors import GraphError
from kg.export import nodelink


def _edges(G):
    return sorted(
        (u, v, k, tuple(sorted(d.items()))) for u, v, k, d in G.edges(keys=True, data=True)
    )


def test_round_trip(sample_graph, tmp_path):
    path = tmp_path / "graph.json"
    nodelink.write(sample_graph, path)
    H = nodelink.read(path)
    assert H.is_multigraph() and H.is_directed()
    assert dict(H.nodes(data=True)) == dict(sample_graph.nodes(data=True))
    assert _edges(H) == _edges(sample_graph)
    assert H.graph == sample_graph.graph
    money = H.nodes["MONEY:约30亿元@seed.txt:512"]
    assert type(money["value"]) is float and money["approx"] is True


def test_file_is_readable_utf8_with_edges_key(sample_graph, tmp_path):
    path = tmp_path / "graph.json"
    nodelink.write(sample_graph, path)
    text = path.read_text(encoding="utf-8")
    assert "周军波" in text and "\\u" not in text
    assert len(json.loads(text)["edges"]) == 9


def test_reads_the_older_links_key(sample_graph, tmp_path):
    path = tmp_path / "graph.json"
    nodelink.write(sample_graph, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["links"] = data.pop("edges")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert nodelink.read(path).number_of_edges() == 9


def test_read_errors(tmp_path):
    with pytest.raises(GraphError, match="^graph file not found"):
        nodelink.read(tmp_path / "none.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(GraphError, match=r"^not a valid node-link JSON file: .*bad\.json"):
        nodelink.read(bad)
    plain = tmp_path / "plain.json"
    plain.write_text('{"directed": true, "graph": {}, "nodes": [], "edges": []}', encoding="utf-8")
    with pytest.raises(GraphError, match="no 'kg_schema'"):
        nodelink.read(plain)
