"""The one-screen text summary."""

from __future__ import annotations

import networkx as nx

from kg.export.summary import summarize

EXPECTED = """\
Graph: 9 nodes, 9 edges, 1 source documents
Entities by type:
  PERSON  人物  4
  ORG     机构  2
  EVENT   事件  1
  LOC     地点  1
  MONEY   金额  1
Relations:
  holds_position  任职    3
  speaks_at       致辞    2
  attends         出席    1
  invests         总投资  1
  located_in      位于    1
  works_for       就职    1
Top 3 entities by degree:
  1.  2025中日机器人产业合作对接会…  EVENT   4
  2.  刘民强                         PERSON  3
  3.  是石科技(平湖)有限公司         ORG     3"""


def test_sample_graph_summary(sample_graph):
    assert summarize(sample_graph, top=3) == EXPECTED


def test_default_top_lists_every_node_of_a_small_graph(sample_graph):
    lines = summarize(sample_graph).splitlines()
    assert "Top 9 entities by degree:" in lines
    assert lines[-1] == "  9.  闫博文                         PERSON  1"


def test_sources_fall_back_to_distinct_docs(sample_graph):
    del sample_graph.graph["sources"]
    sample_graph.add_edge("PERSON:周军波", "LOC:平湖市", relation="located_in", doc="other.txt")
    assert summarize(sample_graph).splitlines()[0] == "Graph: 9 nodes, 10 edges, 2 source documents"


def test_empty_graph():
    assert summarize(nx.MultiDiGraph()) == (
        "Graph: 0 nodes, 0 edges, 0 source documents\n"
        "Entities by type:\n  (none)\n"
        "Relations:\n  (none)\n"
        "Top 0 entities by degree:\n  (none)"
    )
