"""kg.export.png: a static overview picture with a CJK font."""

from __future__ import annotations

import copy
import logging
import os

import networkx as nx
import pytest

from kg.export import png

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_writes_a_png(sample_graph, tmp_path):
    path = png.write(sample_graph, tmp_path / "img" / "overview.png")
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC and len(data) > 10_000
    assert [p.name for p in path.parent.iterdir()] == ["overview.png"]


def test_same_graph_same_picture(sample_graph, tmp_path):
    a = png.write(sample_graph, tmp_path / "a.png").read_bytes()
    b = png.write(sample_graph, tmp_path / "b.png").read_bytes()
    assert a == b


def test_caller_graph_is_not_modified(sample_graph, tmp_path):
    before = copy.deepcopy(
        (list(sample_graph.nodes(data=True)), list(sample_graph.edges(keys=True, data=True)))
    )
    png.write(sample_graph, tmp_path / "a.png")
    assert (
        list(sample_graph.nodes(data=True)),
        list(sample_graph.edges(keys=True, data=True)),
    ) == before


def test_only_the_biggest_component_is_drawn(sample_graph):
    G = sample_graph.copy()
    G.add_node("ORG:孤立", label="孤立", type="ORG", aliases="", mentions=1, docs=1)
    H = png._biggest_component(G)
    assert "ORG:孤立" not in H and H.number_of_nodes() == sample_graph.number_of_nodes()


@pytest.mark.parametrize("graph", [nx.MultiDiGraph(), nx.Graph([(1, 2)])])
def test_empty_and_plain_graphs(graph, tmp_path):
    assert png.write(graph, tmp_path / "g.png").read_bytes()[:8] == PNG_MAGIC


def test_dollar_signs_are_not_mathtext(tmp_path):
    G = nx.MultiDiGraph()
    G.add_edge("a", "b")
    G.nodes["a"].update(label="$5 ^{x", type="MONEY")
    assert png.write(G, tmp_path / "g.png").stat().st_size > 0


@pytest.mark.skipif(
    not os.path.isfile(png.NOTO_CJK_PATHS[0]),
    reason="Debian's fonts-noto-cjk is not installed (apt-get install fonts-noto-cjk; CI does)",
)
def test_finds_debians_noto_cjk():
    assert png.find_cjk_font() == png.NOTO_CJK_PATHS[0]


def test_without_cjk_font_still_writes_and_warns(sample_graph, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(png, "find_cjk_font", lambda: None)
    with caplog.at_level(logging.WARNING, logger="kg.export.png"):
        path = png.write(sample_graph, tmp_path / "g.png")
    assert path.read_bytes()[:8] == PNG_MAGIC
    assert "no CJK font found; Chinese labels" in caplog.text


def test_falls_back_to_font_manager(monkeypatch):
    from matplotlib import font_manager

    monkeypatch.setattr(png, "NOTO_CJK_PATHS", ())
    fake = font_manager.FontEntry(fname="/fonts/wqy-zenhei.ttc", name="WenQuanYi Zen Hei")
    monkeypatch.setattr(
        font_manager.fontManager,
        "ttflist",
        [font_manager.FontEntry(fname="/fonts/DejaVuSans.ttf", name="DejaVu Sans"), fake],
    )
    assert png.find_cjk_font() == "/fonts/wqy-zenhei.ttc"
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    assert png.find_cjk_font() is None
