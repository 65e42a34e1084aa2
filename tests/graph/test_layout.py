"""kg.graph.layout: seeded ForceAtlas2 per component, packed around the biggest one."""

from __future__ import annotations

import math
import statistics

import networkx as nx
import pytest

from kg.graph import layout as L


def _corpus_like() -> nx.MultiDiGraph:
    """A big component, a few small ones, parallel edges, a self-loop and isolated nodes."""
    G = nx.MultiDiGraph()
    G.add_edges_from(nx.barabasi_albert_graph(60, 2, seed=3).edges())
    G.add_edge(0, 1)  # a parallel edge
    G.add_edge(5, 5)  # a self-loop
    G.add_edges_from([(100, 101), (101, 102), (102, 103), (103, 104), (104, 105), (105, 100)])
    G.add_edges_from([(200, 201), (200, 202), (200, 203)])  # a star
    G.add_edge(300, 301)
    G.add_nodes_from(range(400, 420))  # isolated
    return G


def test_every_node_gets_a_position_and_the_same_graph_the_same_positions():
    G = _corpus_like()
    pos = L.layout(G)
    assert set(pos) == set(G)
    assert all(len(p) == 2 and all(math.isfinite(c) for c in p) for p in pos.values())
    assert L.layout(_corpus_like()) == pos


def test_the_biggest_component_is_centred():
    G = _corpus_like()
    pos = L.layout(G)
    main = L.components(G)[0]
    assert len(main) == 60
    cx = statistics.fmean(pos[n][0] for n in main)
    cy = statistics.fmean(pos[n][1] for n in main)
    assert math.hypot(cx, cy) < 1.0
    # everything else lies outside the disc of the big component
    radius = max(math.hypot(*pos[n]) for n in main)
    assert all(math.hypot(*pos[n]) > radius for n in G if n not in set(main))


def test_components_do_not_overlap():
    G = _corpus_like()
    pos = L.layout(G)
    discs = []
    for comp in L.components(G):
        cx = statistics.fmean(pos[n][0] for n in comp)
        cy = statistics.fmean(pos[n][1] for n in comp)
        discs.append((cx, cy, max(math.dist((cx, cy), pos[n]) for n in comp)))
    for i, (x1, y1, r1) in enumerate(discs):
        for x2, y2, r2 in discs[i + 1 :]:
            assert math.dist((x1, y1), (x2, y2)) >= r1 + r2


def test_edges_are_long_enough_and_nodes_have_room():
    G = _corpus_like()
    pos = L.layout(G)
    main = L.components(G)[0]
    lengths = [math.dist(pos[u], pos[v]) for u, v in G.edges() if u in set(main) and u != v]
    assert statistics.median(lengths) >= 0.95 * L.EDGE_LENGTH
    rms = math.sqrt(statistics.fmean(pos[n][0] ** 2 + pos[n][1] ** 2 for n in main))
    assert rms >= 0.99 * 0.4 * L.EDGE_LENGTH * math.sqrt(len(main))


@pytest.mark.parametrize(
    "edges, centre",
    [
        ([(0, 1), (0, 2), (0, 3)], 0),  # a star: its hub in the middle
        ([(0, 1)], None),  # a pair: no middle
    ],
)
def test_small_components_are_figures(edges, centre):
    pos = L.layout(nx.Graph(edges))
    for u, v in edges:
        assert math.dist(pos[u], pos[v]) == pytest.approx(L.EDGE_LENGTH, rel=0.01)
    if centre is not None:
        others = [n for n in pos if n != centre]
        d = [math.dist(pos[centre], pos[n]) for n in others]
        assert max(d) - min(d) < 1.0


def test_a_component_bigger_than_the_core_is_grown_from_it(monkeypatch):
    monkeypatch.setattr(L, "CORE_SIZE", 40)
    G = nx.barabasi_albert_graph(300, 2, seed=5)
    pos = L.layout(G)
    assert set(pos) == set(G)
    assert len({p for p in pos.values()}) == 300  # nobody stacked on another
    assert L.layout(G) == pos


def test_communities_are_seeded_and_find_two_cliques():
    G = nx.MultiDiGraph()
    G.add_edges_from(nx.complete_graph(range(6)).edges())
    G.add_edges_from(nx.complete_graph(range(10, 16)).edges())
    G.add_edge(0, 10)
    G.add_node(99)
    c = L.communities(G)
    assert c == L.communities(G)
    assert len({c[n] for n in range(6)}) == 1 and len({c[n] for n in range(10, 16)}) == 1
    assert c[0] != c[10]
    assert c[99] not in (c[0], c[10])


def test_empty_graph():
    assert L.layout(nx.Graph()) == {}
    assert L.communities(nx.Graph()) == {}
    assert L.components(nx.Graph()) == []
