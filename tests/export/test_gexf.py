"""GEXF export for Gephi: viz colours and sizes, Chinese labels, parallel edges."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.errors import GraphError
from kg.export import gexf

EVENT = "EVENT:2025中日机器人产业合作对接会暨平湖人工智能产业发展对接会"


@pytest.fixture
def read_back(sample_graph, tmp_path):
    path = tmp_path / "graph.gexf"
    gexf.write(sample_graph, path)
    return nx.read_gexf(path)


def test_nodes_and_chinese_labels_survive(sample_graph, read_back):
    assert set(read_back) == set(sample_graph)
    assert read_back.nodes["PERSON:周军波"]["label"] == "周军波"
    assert read_back.nodes[EVENT]["label"] == EVENT.split(":", 1)[1]
    assert (
        read_back.nodes["PERSON:<script>alert(1)</script>"]["label"] == "<script>alert(1)</script>"
    )


@pytest.mark.parametrize(
    ("node", "rgb"),
    [
        ("PERSON:周军波", (0xE4, 0x57, 0x2E)),
        ("ORG:商务部投资促进事务局", (0x2E, 0x86, 0xAB)),
        ("LOC:平湖市", (0x3B, 0xB2, 0x73)),
        (EVENT, (0xF3, 0xA7, 0x12)),
        ("MONEY:约30亿元@seed.txt:512", (0x8E, 0x44, 0xAD)),
    ],
)
def test_viz_colour_by_type(read_back, node, rgb):
    color = read_back.nodes[node]["viz"]["color"]
    assert (color["r"], color["g"], color["b"]) == rgb


def test_every_node_has_viz_colour_and_size_by_degree(read_back):
    for _, data in read_back.nodes(data=True):
        assert set(data["viz"]["color"]) >= {"r", "g", "b"}
    assert read_back.nodes[EVENT]["viz"]["size"] == pytest.approx(10 + 4 * 4**0.5)
    assert read_back.nodes["PERSON:闫博文"]["viz"]["size"] == pytest.approx(14.0)


def test_parallel_edges_survive(sample_graph, read_back):
    assert isinstance(read_back, nx.MultiDiGraph)
    assert read_back.number_of_edges() == sample_graph.number_of_edges()
    assert read_back.number_of_edges("PERSON:刘民强", EVENT) == 2
    relations = {d["relation"] for d in read_back.get_edge_data("PERSON:刘民强", EVENT).values()}
    assert relations == {"attends", "speaks_at"}


def test_offsets_are_renamed_so_gephi_does_not_see_time(read_back):
    edge = read_back.get_edge_data("PERSON:周军波", "LOC:平湖市")[0]
    assert (edge["sent_start"], edge["sent_end"]) == (300, 314)
    assert "start" not in edge and read_back.graph["mode"] == "static"
    assert edge["label"] == "市长"


def test_write_does_not_mutate_the_callers_graph(sample_graph, tmp_path):
    before = [dict(d) for _, d in sample_graph.nodes(data=True)]
    gexf.write(sample_graph, tmp_path / "g.gexf")
    assert [dict(d) for _, d in sample_graph.nodes(data=True)] == before
    assert "start" in next(iter(sample_graph.edges(data=True)))[2]


def test_write_refuses_contract_breaks(sample_graph, tmp_path):
    del sample_graph.nodes["PERSON:周军波"]["type"]
    with pytest.raises(GraphError, match="'type' is missing"):
        gexf.write(sample_graph, tmp_path / "g.gexf")


def test_hex_to_rgba():
    assert gexf.hex_to_rgba("#fff") == {"r": 255, "g": 255, "b": 255, "a": 1.0}
    with pytest.raises(ValueError, match="'#12'"):
        gexf.hex_to_rgba("#12")
