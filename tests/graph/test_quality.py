"""names_both_ends on hand-built graphs: an article is named by its own amount facts only."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.graph.quality import names_both_ends


def _graph(relation: str, tail_type: str, tail_label: str, sentence: str) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("ARTICLE:标题", label="标题", type="ARTICLE", aliases="")
    G.add_node("T", label=tail_label, type=tail_type, aliases="", raw=tail_label)
    G.add_edge("ARTICLE:标题", "T", relation=relation, sentence=sentence)
    return G


@pytest.mark.parametrize(
    "relation,tail_type,tail_label,sentence,expected",
    [
        ("invests", "MONEY", "30亿元", "项目总投资30亿元。", True),
        ("invests", "MONEY", "30亿元", "项目总投资20亿元。", False),
        ("part_of", "ORG", "甲公司", "甲公司旗下。", False),
    ],
)
def test_an_article_is_named_by_its_amount_facts(
    relation, tail_type, tail_label, sentence, expected
):
    G = _graph(relation, tail_type, tail_label, sentence)
    u, v, d = next(iter(G.edges(data=True)))
    assert names_both_ends(G, u, v, d) is expected
