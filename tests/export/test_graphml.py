"""GraphML export: contract checks, flattening, and write -> read round trips."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.errors import GraphError
from kg.export import graphml

MONEY = "MONEY:约30亿元@seed.txt:512"


def _edges(G):
    return sorted(
        (u, v, k, tuple(sorted(d.items()))) for u, v, k, d in G.edges(keys=True, data=True)
    )


def test_round_trip_keeps_nodes_edges_values_and_types(sample_graph, tmp_path):
    path = tmp_path / "graph.graphml"
    graphml.write(sample_graph, path)
    H = graphml.read(path)

    assert isinstance(H, nx.MultiDiGraph)
    assert dict(H.nodes(data=True)) == dict(sample_graph.nodes(data=True))
    assert _edges(H) == _edges(sample_graph)
    assert H.number_of_edges("PERSON:刘民强", next(n for n in H if n.startswith("EVENT:"))) == 2
    assert H.graph == sample_graph.graph

    money = H.nodes[MONEY]
    assert type(money["value"]) is float and money["value"] == 3e9
    assert type(money["approx"]) is bool and money["approx"] is True
    assert type(H.nodes["PERSON:周军波"]["mentions"]) is int
    assert H.nodes["LOC:平湖市"]["aliases"] == "平湖|市|我市"
    edge = H.get_edge_data("PERSON:周军波", "LOC:平湖市")[0]
    assert type(edge["start"]) is int and edge["title"] == "市委副书记、市长"
    assert type(edge["confidence"]) is float
    assert H.nodes["PERSON:<script>alert(1)</script>"]["label"] == "<script>alert(1)</script>"


def test_plain_networkx_reads_it_back(sample_graph, tmp_path):
    path = tmp_path / "graph.graphml"
    graphml.write(sample_graph, path)
    H = nx.read_graphml(path, force_multigraph=True)
    assert H.nodes[MONEY]["value"] == 3e9
    assert H.graph["kg_schema"] == "1"


def test_write_does_not_change_the_callers_graph(sample_graph, tmp_path):
    sample_graph.nodes["PERSON:刘民强"]["aliases"] = ["刘局长", "刘局"]
    graphml.write(sample_graph, tmp_path / "g.graphml")
    assert sample_graph.nodes["PERSON:刘民强"]["aliases"] == ["刘局长", "刘局"]
    assert graphml.read(tmp_path / "g.graphml").nodes["PERSON:刘民强"]["aliases"] == "刘局长|刘局"


@pytest.mark.parametrize(
    ("attr", "given", "written"),
    [
        ("aliases", ["a", "b"], "a|b"),
        ("aliases", ("a",), "a"),
        ("mentions", 3.0, 3),
        ("label", 2025, "2025"),
        ("label", "a\x00b\x1fc", "abc"),
    ],
)
def test_flatten_coerces_contract_attributes(sample_graph, attr, given, written):
    sample_graph.nodes["PERSON:刘民强"][attr] = given
    value = graphml.flatten(sample_graph).nodes["PERSON:刘民强"][attr]
    assert value == written and type(value) is type(written)


def test_flatten_makes_int_float_mixes_float_and_drops_none(sample_graph):
    sample_graph.nodes["PERSON:刘民强"]["score"] = 1
    sample_graph.nodes["PERSON:周军波"]["score"] = 2.5
    sample_graph.nodes["PERSON:闫博文"]["score"] = None
    sample_graph.nodes[MONEY]["value"] = 3000000000  # int in the builder, float in the file
    H = graphml.flatten(sample_graph)
    assert type(H.nodes["PERSON:刘民强"]["score"]) is float
    assert "score" not in H.nodes["PERSON:闫博文"]
    assert type(H.nodes[MONEY]["value"]) is float


def test_flatten_makes_other_mixes_str(sample_graph):
    sample_graph.nodes["PERSON:刘民强"]["note"] = 1
    sample_graph.nodes["PERSON:周军波"]["note"] = "x"
    H = graphml.flatten(sample_graph)
    assert H.nodes["PERSON:刘民强"]["note"] == "1"


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (
            lambda G: G.nodes["PERSON:刘民强"].pop("mentions"),
            r"node 'PERSON:刘民强'.*'mentions' is missing",
        ),
        (lambda G: G.nodes["PERSON:刘民强"].update(label=None), r"'label' is None"),
        (lambda G: G.nodes["PERSON:刘民强"].update(mentions=2.5), r"'mentions' must be an int"),
        (lambda G: G.nodes[MONEY].pop("value"), r"node 'MONEY:.*'value' is missing"),
        (lambda G: G.nodes["PERSON:刘民强"].update(extra={"a": 1}), r"'extra' is a dict"),
        (
            lambda G: next(iter(G.edges(data=True)))[2].pop("rule"),
            r"edge 'PERSON:刘民强' -> .*'rule'",
        ),
        (lambda G: G.graph.pop("kg_schema"), r"no 'kg_schema'"),
    ],
)
def test_write_refuses_graphs_that_break_the_contract(sample_graph, tmp_path, change, match):
    change(sample_graph)
    with pytest.raises(GraphError, match=match):
        graphml.write(sample_graph, tmp_path / "g.graphml")
    assert list(tmp_path.iterdir()) == []  # no half-written file


def test_read_missing_file(tmp_path):
    with pytest.raises(GraphError, match=r"^graph file not found: .*nope\.graphml$"):
        graphml.read(tmp_path / "nope.graphml")


@pytest.mark.parametrize("text", ["not xml at all", "<graphml><graph></graphml>"])
def test_read_invalid_file_is_one_line(tmp_path, text):
    path = tmp_path / "bad.graphml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GraphError, match=r"^not a valid GraphML file: .*bad\.graphml") as info:
        graphml.read(path)
    assert "\n" not in str(info.value)


def test_read_requires_kg_schema(tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("a")
    nx.write_graphml(G, tmp_path / "plain.graphml")
    with pytest.raises(GraphError, match="no 'kg_schema' graph attribute"):
        graphml.read(tmp_path / "plain.graphml")


def test_read_refuses_another_schema_version(sample_graph, tmp_path):
    sample_graph.graph["kg_schema"] = "99"
    graphml.write(sample_graph, tmp_path / "g.graphml")
    with pytest.raises(GraphError, match="schema '99'; this kg reads schema '1'"):
        graphml.read(tmp_path / "g.graphml")
