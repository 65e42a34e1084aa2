"""The query API: load_graph, resolve, paths, neighbors, entity_card, subgraph."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.errors import GraphError, UnknownEntity
from kg.export import gexf, graphml, nodelink, write_outputs
from kg.export.load import load_graph
from kg.graph.query import (
    EntityCard,
    Hop,
    Path,
    entity_card,
    neighbors,
    paths,
    resolve,
    subgraph,
)

EVENT = "EVENT:2025中日机器人产业合作对接会暨平湖人工智能产业发展对接会"
MEETING = EVENT.split(":", 1)[1]
S1 = "商务部投资促进事务局局长刘民强、日本驻上海总领事馆经济领事梶原敬等嘉宾应邀出席。"


def _cooccur(G, a, b):
    G.add_edge(
        a,
        b,
        relation="co_occurs",
        label="共现",
        title="",
        sentence="s",
        doc="d",
        start=0,
        end=1,
        rule="cooc",
        confidence=1.0,
        weight=3,
    )


# --------------------------------------------------------------------- load_graph


@pytest.mark.parametrize("form", ["file", "folder", "json", "gexf"])
def test_load_graph(sample_graph, tmp_path, form):
    graphml.write(sample_graph, tmp_path / "graph.graphml")
    nodelink.write(sample_graph, tmp_path / "graph.json")
    gexf.write(sample_graph, tmp_path / "graph.gexf")
    target = {
        "file": tmp_path / "graph.graphml",
        "folder": tmp_path,
        "json": tmp_path / "graph.json",
        "gexf": tmp_path / "graph.gexf",
    }[form]
    G = load_graph(target)
    assert set(G) == set(sample_graph) and G.number_of_edges() == 9


@pytest.mark.parametrize("fmt", ["graphml", "json", "gexf"])
def test_a_folder_with_one_graph_file(sample_graph, tmp_path, fmt):
    write_outputs(sample_graph, tmp_path, (fmt,))
    G = load_graph(tmp_path)
    assert set(G) == set(sample_graph) and G.graph["kg_schema"] == "1"


@pytest.mark.parametrize(
    ("name", "match"),
    [
        ("missing.graphml", r"^graph file not found: .*missing\.graphml$"),
        ("missing.csv", r"^graph file not found"),
        ("empty_dir", r"^no graph file in folder .*; looked for graph\.graphml, graph\.json"),
        ("graph.gexf", r"^not a valid GEXF file: .*graph\.gexf"),
        ("graph.csv", r"unknown graph format '\.csv'; use one of \.graphml, \.json, \.gexf"),
        ("other.gexf", r"^not a kg graph: .*other\.gexf has no 'kg_schema'"),
    ],
)
def test_load_graph_errors(tmp_path, name, match):
    (tmp_path / "empty_dir").mkdir()
    (tmp_path / "graph.gexf").write_text("<gexf/>", encoding="utf-8")
    (tmp_path / "graph.csv").write_text("a,b\n", encoding="utf-8")
    nx.write_gexf(nx.path_graph(3), tmp_path / "other.gexf")  # a GEXF that kg did not write
    with pytest.raises(GraphError, match=match):
        load_graph(tmp_path / name)


# --------------------------------------------------------------------- resolve


@pytest.mark.parametrize(
    ("name", "node"),
    [
        ("PERSON:周军波", "PERSON:周军波"),  # node id
        ("周军波", "PERSON:周军波"),  # label
        (" 周军波 ", "PERSON:周军波"),  # whitespace
        ("是石科技", "ORG:是石科技(平湖)有限公司"),  # alias
        ("是石科技（平湖）有限公司", "ORG:是石科技(平湖)有限公司"),  # full-width brackets
        ("我市", "LOC:平湖市"),  # alias
        ("平湖", "LOC:平湖市"),  # alias too
        ("是石科技(平湖)", "ORG:是石科技(平湖)有限公司"),  # without 有限公司
        ("约30亿元", "MONEY:约30亿元@seed.txt:512"),  # label differs from id
    ],
)
def test_resolve(sample_graph, name, node):
    assert resolve(sample_graph, name) == node


def test_resolve_prefers_most_mentioned_of_equal_labels(sample_graph):
    sample_graph.add_node("ORG:周军波", label="周军波", type="ORG", aliases="", mentions=9, docs=1)
    assert resolve(sample_graph, "周军波") == "ORG:周军波"
    assert resolve(sample_graph, "PERSON:周军波") == "PERSON:周军波"


def test_resolve_label_beats_alias(sample_graph):
    sample_graph.add_node("LOC:我市", label="我市", type="LOC", aliases="", mentions=1, docs=1)
    assert resolve(sample_graph, "我市") == "LOC:我市"


@pytest.mark.parametrize(
    ("name", "suggestions"),
    [
        ("周军", ["周军波"]),
        ("刘强", ["刘民强"]),
        ("石科", ["是石科技(平湖)有限公司"]),
        ("对接会", [MEETING]),
        ("张三", []),
    ],
)
def test_resolve_unknown_suggests(sample_graph, name, suggestions):
    with pytest.raises(UnknownEntity) as info:
        resolve(sample_graph, name)
    assert info.value.name == name
    assert info.value.suggestions == suggestions


def test_suggestions_are_at_most_five(sample_graph):
    for i in range(8):
        sample_graph.add_node(
            f"ORG:科技{i}", label=f"科技{i}", type="ORG", aliases="", mentions=1, docs=1
        )
    with pytest.raises(UnknownEntity) as info:
        resolve(sample_graph, "科技")
    assert len(info.value.suggestions) == 5


# --------------------------------------------------------------------- paths


def test_path_through_the_meeting(sample_graph):
    found = paths(sample_graph, "刘民强", "周军波")
    assert isinstance(found[0], Path)
    first = found[0]
    assert first.nodes == ["刘民强", MEETING, "周军波"]
    assert first.ids == ["PERSON:刘民强", EVENT, "PERSON:周军波"]
    assert [(h.relation, h.forward) for h in first.hops] == [
        ("attends", True),
        ("speaks_at", False),
    ]
    assert first.hops[1].head == "PERSON:周军波" and first.hops[1].tail == EVENT
    assert str(first) == (
        f"刘民强 —出席→ {MEETING} ←致辞— 周军波\n"
        f"  出席: {S1} (seed.txt:100-140, rule test)\n"
        "  致辞: 市委副书记、市长周军波致辞。 (seed.txt:300-314, rule test)"
    )


def test_paths_are_shortest_first_and_limited(sample_graph):
    found = paths(sample_graph, "周军波", "闫博文", max_hops=4)
    assert [p.nodes for p in found] == [["周军波", "平湖市", "是石科技(平湖)有限公司", "闫博文"]]
    assert paths(sample_graph, "刘民强", "闫博文", max_hops=3) == []
    long = paths(sample_graph, "刘民强", "闫博文", max_hops=5)
    assert [len(p) for p in long] == [5]
    assert len(paths(sample_graph, "刘民强", "周军波", limit=1)) == 1


def test_paths_by_relation(sample_graph):
    found = paths(sample_graph, "刘民强", "周军波", relations=["speaks_at"])
    assert [h.relation for h in found[0].hops] == ["speaks_at", "speaks_at"]
    assert paths(sample_graph, "刘民强", "周军波", relations="holds_position") == []


def test_paths_skip_co_occurs_unless_named(sample_graph):
    _cooccur(sample_graph, "PERSON:刘民强", "PERSON:周军波")
    assert len(paths(sample_graph, "刘民强", "周军波")[0]) == 2
    direct = paths(
        sample_graph, "刘民强", "周军波", relations=["co_occurs", "attends", "speaks_at"]
    )
    assert [h.relation for h in direct[0].hops] == ["co_occurs"]


def test_best_parallel_edge_is_a_real_relation_with_highest_confidence(sample_graph):
    _cooccur(sample_graph, "PERSON:刘民强", EVENT)
    sample_graph.add_edge(
        "PERSON:刘民强",
        EVENT,
        relation="hosts",
        label="主持",
        title="",
        sentence="刘民强主持。",
        doc="b.txt",
        start=5,
        end=11,
        rule="r",
        confidence=0.95,
    )
    hop = paths(sample_graph, "刘民强", EVENT, relations=["co_occurs", "hosts", "attends"])[0].hops[
        0
    ]
    assert (hop.relation, hop.doc) == ("hosts", "b.txt")


def test_path_to_itself_and_bad_arguments(sample_graph):
    assert str(paths(sample_graph, "周军波", "PERSON:周军波")[0]) == "周军波"
    with pytest.raises(ValueError, match="max_hops and limit must be >= 1"):
        paths(sample_graph, "周军波", "刘民强", max_hops=0)
    with pytest.raises(GraphError, match="unknown relation 'boss_of'; known: attends, "):
        paths(sample_graph, "周军波", "刘民强", relations=["boss_of"])
    with pytest.raises(UnknownEntity, match="did you mean: 周军波"):
        paths(sample_graph, "刘民强", "周军")


# --------------------------------------------------------------------- neighbors


def test_neighbors(sample_graph):
    hops = neighbors(sample_graph, "是石科技")
    assert all(isinstance(h, Hop) for h in hops)
    assert [(str(h), h.forward, h.evidence) for h in hops] == [
        (
            "闫博文 —董事长→ 是石科技(平湖)有限公司",
            False,
            "是石科技董事长闫博文说。 (seed.txt:900-912, rule test)",
        ),
        (
            "<script>alert(1)</script> —职工→ 是石科技(平湖)有限公司",
            False,
            '<b>恶意</b> & "引号" (seed.txt:1000-1016, rule test)',
        ),
        (
            "是石科技(平湖)有限公司 —落户→ 平湖市",
            True,
            "去年企业将总部落户至我市市创园。 (seed.txt:850-866, rule test)",
        ),
    ]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, ["holds_position", "works_for", "located_in"]),
        ({"direction": "out"}, ["located_in"]),
        ({"direction": "in"}, ["holds_position", "works_for"]),
        ({"relation": "works_for"}, ["works_for"]),
        ({"relation": ["works_for", "located_in"]}, ["works_for", "located_in"]),
        ({"relation": "hosts"}, []),
    ],
)
def test_neighbors_filters(sample_graph, kwargs, expected):
    assert [h.relation for h in neighbors(sample_graph, "是石科技", **kwargs)] == expected


def test_neighbors_evidence_and_title(sample_graph):
    (hop,) = neighbors(sample_graph, "周军波", "holds_position")
    assert str(hop) == "周军波 —市长→ 平湖市"
    assert (
        hop.evidence
        == "市委副书记、市长周军波致辞。 (seed.txt:300-314, rule test) [市委副书记、市长]"
    )
    assert (hop.head, hop.tail, hop.title, hop.confidence) == (
        "PERSON:周军波",
        "LOC:平湖市",
        "市委副书记、市长",
        0.9,
    )


def test_neighbors_co_occurs_only_when_asked(sample_graph):
    _cooccur(sample_graph, "PERSON:周军波", "PERSON:闫博文")
    assert "co_occurs" not in {h.relation for h in neighbors(sample_graph, "周军波")}
    assert [h.tail_label for h in neighbors(sample_graph, "周军波", "co_occurs")] == ["闫博文"]


def test_neighbors_bad_direction(sample_graph):
    with pytest.raises(ValueError, match="direction must be one of out, in, both, got 'up'"):
        neighbors(sample_graph, "周军波", direction="up")


# --------------------------------------------------------------------- entity_card


def test_entity_card_of_a_person(sample_graph):
    card = entity_card(sample_graph, "周军波")
    assert isinstance(card, EntityCard)
    assert (card.id, card.label, card.type, card.aliases, card.mentions, card.docs) == (
        "PERSON:周军波",
        "周军波",
        "PERSON",
        [],
        4,
        1,
    )
    assert str(card) == (
        "周军波 (PERSON 人物)\n"
        "  id: PERSON:周军波\n"
        "  aliases: -\n"
        "  mentions: 4 in 1 doc(s)\n"
        "Relations (2):\n"
        "  holds_position 任职\n"
        "    周军波 —市长→ 平湖市\n"
        "      市委副书记、市长周军波致辞。 (seed.txt:300-314, rule test) [市委副书记、市长]\n"
        "  speaks_at 致辞\n"
        f"    周军波 —致辞→ {MEETING}\n"
        "      市委副书记、市长周军波致辞。 (seed.txt:300-314, rule test)"
    )


def test_entity_card_of_an_amount(sample_graph):
    card = entity_card(sample_graph, "约30亿元")
    assert card.attributes == {
        "value": 3e9,
        "value_max": 3e9,
        "unit": "CNY",
        "approx": True,
        "raw": "约30亿元",
    }
    lines = str(card).splitlines()
    assert lines[:9] == [
        "约30亿元 (MONEY 金额)",
        "  id: MONEY:约30亿元@seed.txt:512",
        "  aliases: -",
        "  mentions: 1 in 1 doc(s)",
        "  approx: True",
        "  raw: 约30亿元",
        "  unit: CNY",
        "  value: 3000000000.0",
        "  value_max: 3000000000.0",
    ]


def test_entity_card_aliases_and_cooccurrences(sample_graph):
    _cooccur(sample_graph, "PERSON:周军波", "LOC:平湖市")
    card = entity_card(sample_graph, "平湖")
    assert card.aliases == ["平湖", "市", "我市"]
    assert card.cooccurrences == 1
    assert "  aliases: 平湖、市、我市" in str(card).splitlines()
    assert "  co-occurs with: 1 edge(s)" in str(card).splitlines()
    assert {h.relation for h in card.relations} == {"holds_position", "located_in"}


def test_entity_card_without_relations(sample_graph):
    sample_graph.add_node("ORG:孤岛", label="孤岛", type="ORG", aliases="", mentions=1, docs=1)
    assert str(entity_card(sample_graph, "孤岛")).splitlines()[-1] == "Relations: none"


# --------------------------------------------------------------------- subgraph


@pytest.mark.parametrize(
    ("hops", "labels"),
    [
        (0, {"周军波"}),
        (1, {"周军波", "平湖市", MEETING}),
        (2, {"周军波", "平湖市", MEETING, "是石科技(平湖)有限公司", "刘民强", "约30亿元"}),
    ],
)
def test_subgraph_radius(sample_graph, hops, labels):
    H = subgraph(sample_graph, "周军波", hops=hops)
    assert {d["label"] for _, d in H.nodes(data=True)} == labels


def test_subgraph_is_an_independent_multidigraph(sample_graph):
    H = subgraph(sample_graph, "刘民强", hops=1)
    assert isinstance(H, nx.MultiDiGraph)
    assert H.number_of_edges("PERSON:刘民强", EVENT) == 2
    assert H.graph["kg_schema"] == "1"
    H.nodes["PERSON:刘民强"]["label"] = "changed"
    assert sample_graph.nodes["PERSON:刘民强"]["label"] == "刘民强"


def test_subgraph_walks_co_occurs_only_when_asked(sample_graph):
    _cooccur(sample_graph, "PERSON:周军波", "PERSON:闫博文")
    assert "PERSON:闫博文" not in subgraph(sample_graph, "周军波", hops=1)
    H = subgraph(sample_graph, "周军波", hops=1, relations=["co_occurs"])
    assert set(H) == {"PERSON:周军波", "PERSON:闫博文"}
    assert H.number_of_edges() == 1
