"""The HTML viewer in headless Chromium, offline: drawing, legend, search, filters, escaping."""

from __future__ import annotations

import os
import random
from pathlib import Path

import networkx as nx
import pytest

from kg import schema
from kg.export import html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_IMG = "<img src=x onerror=window.__pwned=1>"
HOSTILE_SENTENCE = "<script>window.__pwned=2</script><b>粗体</b>"


@pytest.fixture
def browser_sample_page(sample_graph, tmp_path):
    """sample_graph plus a node whose label and evidence would run code if parsed as HTML."""
    G = sample_graph.copy()
    G.add_node(
        "PERSON:img",
        label=HOSTILE_IMG,
        type="PERSON",
        aliases="<svg onload=alert(2)>",
        mentions=1,
        docs=1,
    )
    G.add_edge(
        "PERSON:img",
        "LOC:平湖市",
        relation="works_for",
        label="<i>职工</i>",
        title="",
        sentence=HOSTILE_SENTENCE,
        doc="<u>doc</u>.txt",
        start=0,
        end=5,
        rule="r<1>",
        confidence=0.5,
    )
    return html.write(G, tmp_path / "graph.html", title="<script>window.__pwned=3</script>")


def browser_synthetic_graph(n: int = 50, *, seed: int = 1) -> nx.MultiDiGraph:
    """A random contract-conforming graph; every fifth linked pair has two or three edges."""
    rng = random.Random(seed)
    types = ["PERSON", "ORG", "LOC", "EVENT", "MONEY"]
    relations = ["holds_position", "attends", "located_in", "invests", "signs"]
    G = nx.MultiDiGraph(kg_schema="1")
    for i in range(n):
        t = types[i % len(types)]
        G.add_node(
            f"{t}:名{i}", label=f"名{i}", type=t, aliases=f"别{i}", mentions=i % 7 + 1, docs=1
        )
    ids = list(G)
    for k, (u, v) in enumerate(nx.barabasi_albert_graph(n, 1, seed=seed).edges()):
        for j in range(1 + (k % 5 == 0) * (1 + k % 2)):
            rel = rng.choice(relations)
            G.add_edge(
                ids[u],
                ids[v],
                relation=rel,
                label=schema.relation_label(rel),
                title="",
                sentence=f"句{k}.{j}",
                doc="s.txt",
                start=k,
                end=k + 3,
                rule="t",
                confidence=0.7,
            )
    return G


def _count(page):
    return page.evaluate("[kgView.nodeCount(), kgView.edgeCount()]")


def _assert_clean(viewer):
    assert viewer.blocked == [], "the page tried to reach the network"
    assert viewer.dialogs == []
    assert viewer.errors == []
    assert viewer.page.evaluate("typeof window.__pwned") == "undefined"


def test_sample_graph_draws_offline(viewer, sample_graph, tmp_path):
    path = html.write(sample_graph, tmp_path / "graph.html", title="平湖")
    page = viewer.open(path)
    assert _count(page) == [9, 9]
    assert page.evaluate("kgView.network.physics.options.enabled") is False  # stopped
    legend = page.locator("#kg-legend li")
    assert legend.evaluate_all("els => els.map(e => e.dataset.type)") == [
        "PERSON",
        "ORG",
        "EVENT",
        "LOC",
        "MONEY",
    ]
    assert page.locator("#kg-legend .kg-name").all_text_contents() == [
        "人物",
        "机构",
        "事件",
        "地点",
        "金额",
    ]
    assert page.locator("#kg-status").text_content() == "显示 9 / 9 个实体，9 / 9 条关系"
    page.screenshot(path=str(tmp_path / "graph_html.png"))
    assert (tmp_path / "graph_html.png").stat().st_size > 10_000
    _assert_clean(viewer)


def test_hostile_text_shows_as_text(viewer, browser_sample_page):
    page = viewer.open(browser_sample_page)
    assert page.title() == "<script>window.__pwned=3</script>"
    assert page.locator("#kg-title").text_content() == "<script>window.__pwned=3</script>"
    # real hover over the hostile node fills the card with plain text
    x, y = page.evaluate("""() => {
        const p = kgView.network.canvasToDOM(kgView.network.getPosition("PERSON:img"));
        const r = document.getElementById("kg-network").getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""")
    page.mouse.move(x, y)
    viewer.wait_until("!document.getElementById('kg-card').hidden", 5_000)
    card = page.locator("#kg-card")
    assert card.locator("h3").text_content() == HOSTILE_IMG
    assert "<svg onload=alert(2)>" in card.text_content()
    edge = page.evaluate("kgView.edges.get({filter: e => e.from === 'PERSON:img'})[0].id")
    assert page.evaluate(f"kgView.showEdge('{edge}')")
    assert card.locator(".kg-evidence").text_content() == HOSTILE_SENTENCE
    assert "r<1>" in card.text_content() and "<u>doc</u>.txt" in card.text_content()
    assert card.locator("script, img, svg, b, i, u").count() == 0
    page.wait_for_timeout(200)
    _assert_clean(viewer)


def test_search_focuses_by_label_and_alias(viewer, sample_graph, tmp_path):
    page = viewer.open(html.write(sample_graph, tmp_path / "g.html"))
    page.fill("#kg-search", "是石科技")  # an alias
    page.press("#kg-search", "Enter")
    assert page.evaluate("kgView.selected()") == ["ORG:是石科技(平湖)有限公司"]
    assert "机构" in page.locator("#kg-card").text_content()
    assert page.evaluate("kgView.search('周军波')") == "PERSON:周军波"
    assert page.evaluate("kgView.selected()") == ["PERSON:周军波"]
    assert page.evaluate("kgView.search('不存在的名字')") is None
    assert page.locator("#kg-status").text_content() == "未找到：不存在的名字"
    _assert_clean(viewer)


def test_type_and_relation_filters(viewer, sample_graph, tmp_path):
    page = viewer.open(html.write(sample_graph, tmp_path / "g.html"))
    page.locator('#kg-legend input[value="PERSON"]').uncheck()
    assert _count(page) == [5, 2]  # only 落户 and 总投资 join non-person entities
    page.locator('#kg-legend input[value="PERSON"]').check()
    assert _count(page) == [9, 9]
    page.evaluate("kgView.setRelationFilter('speaks_at', false)")
    assert _count(page) == [9, 7]
    assert page.locator('#kg-relations input[value="speaks_at"]').is_checked() is False
    page.evaluate("kgView.setTypeFilter('MONEY', false)")
    assert _count(page) == [8, 6]
    _assert_clean(viewer)


def test_parallel_edges_are_drawn_apart(viewer, tmp_path):
    G = browser_synthetic_graph()
    page = viewer.open(html.write(G, tmp_path / "syn.html"))
    assert _count(page) == [50, G.number_of_edges()]
    smooth = page.evaluate("""() => {
        const groups = {};
        for (const e of Object.values(kgView.network.body.edges)) {
            const key = [e.fromId, e.toId].sort().join("|");
            const s = e.options.smooth;
            (groups[key] = groups[key] || []).push(s.enabled + s.type + s.roundness);
        }
        return Object.values(groups).filter(g => g.length > 1); }""")
    assert smooth, "the synthetic graph has parallel edges"
    assert all(len(set(g)) == len(g) for g in smooth)
    _assert_clean(viewer)


def test_big_graph_starts_small_and_expands(viewer, tmp_path):
    G = browser_synthetic_graph()
    page = viewer.open(html.write(G, tmp_path / "big.html", max_nodes=20))
    assert page.evaluate("kgView.nodeCount()") == 20
    assert page.locator("#kg-show-all").is_visible()
    outside = next(n for n in G if not page.evaluate(f"!!kgView.nodes.get('{n}')"))
    added = page.evaluate(f"kgView.expand('{outside}')")
    assert added >= 1 and page.evaluate("kgView.nodeCount()") == 20 + added
    page.click("#kg-show-all")
    viewer.wait_until("kgView.stabilized")
    assert _count(page) == [50, G.number_of_edges()]
    assert page.locator("#kg-show-all").is_hidden()
    _assert_clean(viewer)


def test_focus_is_selected_after_layout(viewer, tmp_path):
    G = browser_synthetic_graph()
    focus = "ORG:名41"
    page = viewer.open(html.write(G, tmp_path / "f.html", focus=focus, max_nodes=10))
    viewer.wait_until(f"kgView.selected()[0] === '{focus}'", 5_000)
    assert page.evaluate("kgView.nodeCount()") == 10
    _assert_clean(viewer)


@pytest.mark.skipif(
    not os.environ.get("KG_UPDATE_SCREENSHOTS"),
    reason="set KG_UPDATE_SCREENSHOTS=1 (and KG_SCREENSHOT_GRAPH=out/ for a built "
    "graph) to refresh docs/img/graph_html.png",
)
def test_update_readme_screenshot(viewer, sample_graph, tmp_path):
    source = os.environ.get("KG_SCREENSHOT_GRAPH")
    if source:
        from kg.export.load import load_graph

        G = load_graph(source)
    else:
        G = sample_graph
    page = viewer.open(html.write(G, tmp_path / "readme.html", title="kg 知识图谱"))
    page.wait_for_timeout(300)
    page.screenshot(path=str(ROOT / "docs" / "img" / "graph_html.png"))
    _assert_clean(viewer)


@pytest.mark.slow
def test_seed_graph_page_offline(viewer, seed_path, tmp_path):
    """The page `kg build seeds/` writes shows every entity of the page, offline."""
    import kg
    from kg.export import write_outputs

    G = kg.build_graph([str(seed_path)])
    written = write_outputs(G, tmp_path, ("html",))
    page = viewer.open(written["html"])
    assert _count(page) == [G.number_of_nodes(), G.number_of_edges()]
    assert page.evaluate("kgView.search('周军波')") == "PERSON:周军波"
    assert "人物" in page.locator("#kg-legend").text_content()
    edge = next(
        (u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if d["relation"] == "attends"
    )
    assert edge[0] in page.evaluate("kgView.network.body.data.nodes.getIds()")
    edge_ids = page.evaluate("kgView.network.body.data.edges.getIds()")
    shown = [i for i in edge_ids if page.evaluate(f"kgView.showEdge({i!r})")]
    cards = [page.evaluate(f"(kgView.showEdge({i!r}), kgView.cardText())") for i in shown]
    assert any("应邀出席" in c for c in cards)  # the evidence sentence of an attends edge
    _assert_clean(viewer)
