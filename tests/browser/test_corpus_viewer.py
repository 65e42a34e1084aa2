"""The viewer on corpus-sized graphs in headless Chromium, offline.

A generated 10,000-entity / 20,000-relation graph and (slow) the 1,000 THUCNews
articles: the page arrives laid out, isolated entities hidden, the top entities
labelled, search finds any entity, the entity card lists its relations.  How fast
the page becomes interactive is printed by benchmarks/bench_html.py, not asserted.
"""

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
CORPORA = Path(os.environ.get("KG_CORPORA", ROOT.parent / "shared" / "corpora"))
CNEWS = CORPORA / "thucnews_sample" / "cnews.val.txt"
TYPES = ["PERSON", "ORG", "LOC", "EVENT", "MONEY"]


def corpus_graph(
    linked: int = 9_500, isolated: int = 500, edges: int = 20_000, *, seed: int = 4
) -> nx.MultiDiGraph:
    """A contract-conforming graph of ``linked + isolated`` entities and ``edges`` relations.

    Preferential attachment (a few hubs, many entities with two relations) plus random
    extra relations; every seventh entity carries ``confidence`` 0.4.
    """
    rng = random.Random(seed)
    relations = ["holds_position", "attends", "located_in", "invests", "signs", "part_of"]
    G = nx.MultiDiGraph(kg_schema="1", sources=1000)
    ids = []
    for i in range(linked + isolated):
        t = TYPES[i % len(TYPES)]
        ids.append(schema.node_id(t, f"实体{i}"))
        extra = {"confidence": 0.4} if i % 7 == 3 else {}
        G.add_node(
            ids[-1],
            label=f"实体{i}",
            type=t,
            aliases=f"别名{i}",
            mentions=1 + i % 11,
            docs=1,
            **extra,
        )
    pairs = list(nx.barabasi_albert_graph(linked, 2, seed=seed).edges())
    while len(pairs) < edges:
        pairs.append(tuple(rng.sample(range(linked), 2)))
    for k, (u, v) in enumerate(pairs):
        rel = rng.choice(relations)
        sentence = f"实体{u}与实体{v}的第{k}句证据。"
        G.add_edge(
            ids[u],
            ids[v],
            relation=rel,
            label=schema.relation_label(rel),
            title="",
            sentence=sentence,
            doc=f"新闻{k % 300}.txt",
            start=k,
            end=k + len(sentence),
            rule="t",
            confidence=0.3 if k % 4 == 0 else 0.9,
        )
    return G


def _top(G, k: int = html.LABELLED) -> list[str]:
    degree = dict(G.degree())
    ranked = sorted(
        (n for n in G if degree[n]),
        key=lambda n: (-degree[n], -int(G.nodes[n].get("mentions", 0)), str(n)),
    )
    return ranked[:k]


@pytest.fixture(scope="module")
def big():
    return corpus_graph()


@pytest.fixture(scope="module")
def big_page(big, tmp_path_factory):
    return html.write(big, tmp_path_factory.mktemp("big") / "big.html", title="一万个实体")


def _drawn(page) -> list[str]:
    return page.evaluate("kgView.network.body.data.nodes.getIds()")


def _assert_clean(viewer):
    assert viewer.blocked == [], "the page tried to reach the network"
    assert viewer.errors == [] and viewer.dialogs == []


def test_big_graph_opens_laid_out_with_top_labels_and_isolated_hidden(viewer, big, big_page):
    assert big.number_of_nodes() == 10_000 and big.number_of_edges() == 20_000
    page = viewer.open(big_page)
    assert page.evaluate("kgView.network.physics.options.enabled") is False
    assert page.evaluate("kgView.readyMs") > 0  # the first frame is drawn
    drawn = _drawn(page)
    assert len(drawn) == html.DEFAULT_MAX_NODES
    isolated = [n for n in big if big.degree(n) == 0]
    assert not set(isolated) & set(drawn)
    # the top entities keep readable labels at this zoom; the rest have none until hovered
    top = _top(big)
    assert sorted(page.evaluate("kgView.labelled()")) == sorted(top)
    sizes = page.evaluate(
        """ids => ids.map(id => {
            const n = kgView.network.body.nodes[id];
            return [n.options.label, n.options.font.size * kgView.network.getScale()]; })""",
        [top[0], drawn[-1]],
    )
    assert sizes[0][0] == big.nodes[top[0]]["label"] and 12 <= sizes[0][1] <= 16
    assert not sizes[1][0]
    # the best-connected entity is on screen
    x, y = page.evaluate(
        f"Object.values(kgView.network.canvasToDOM(kgView.network.getPosition('{top[0]}')))"
    )
    box = page.locator("#kg-network").bounding_box()
    assert 0 <= x <= box["width"] and 0 <= y <= box["height"]
    # the toggle shows the isolated entities, where the layout put them
    page.check("#kg-isolated")
    assert set(isolated) <= set(_drawn(page))
    assert page.locator("#kg-isolated-count").text_content() == "500"
    page.uncheck("#kg-isolated")
    assert not set(isolated) & set(_drawn(page))
    # 显示全部 loads the rest at their computed places, in steps, without a new layout
    before = page.evaluate(f"kgView.network.getPosition('{top[0]}')")
    page.click("#kg-show-all")
    viewer.wait_until("kgView.stabilized", 120_000)
    assert page.evaluate("kgView.loadedNodeCount()") == 10_000
    assert len(_drawn(page)) == 9_500 and page.locator("#kg-show-all").is_hidden()
    assert page.evaluate(f"kgView.network.getPosition('{top[0]}')") == before
    assert page.evaluate("kgView.network.physics.options.enabled") is False
    assert page.locator("#kg-font-note").is_hidden()
    assert page.locator("#kg-overview-note").is_hidden()
    _assert_clean(viewer)


def test_search_finds_any_entity(viewer, big, big_page):
    page = viewer.open(big_page)
    drawn = set(_drawn(page))
    degree = dict(big.degree())
    isolated = next(n for n in big if degree[n] == 0)
    outside = next(n for n in reversed(list(big)) if degree[n] and n not in drawn)
    for node, query in [
        (isolated, big.nodes[isolated]["label"]),
        (outside, big.nodes[outside]["label"]),
        (outside, big.nodes[outside]["aliases"]),
        (_top(big)[0], big.nodes[_top(big)[0]]["label"]),
    ]:
        page.fill("#kg-search", query)
        page.press("#kg-search", "Enter")
        assert page.evaluate("kgView.selected()") == [node]
        assert node in _drawn(page)
        assert page.locator("#kg-card h3").text_content() == big.nodes[node]["label"]
    _assert_clean(viewer)


def test_entity_card_lists_relations_and_links_to_the_other_end(viewer, big, big_page):
    page = viewer.open(big_page)
    hub = _top(big)[0]
    assert page.evaluate(f"kgView.openNode('{hub}')")
    edges = list(big.in_edges(hub, data=True)) + list(big.out_edges(hub, data=True))
    assert len(edges) > 50
    assert len(page.evaluate("kgView.relationsShown()")) == 50
    assert f"另有 {len(edges) - 50} 条关系未列出" in page.locator("#kg-card").text_content()
    first = page.locator("#kg-card .kg-rel").first
    sentence = first.locator(".kg-evidence").text_content()
    u, v, d = next(e for e in edges if e[2]["sentence"] == sentence)
    assert first.locator(".kg-source").text_content().startswith(f"来源：{d['doc']}")
    other = v if u == hub else u
    assert first.locator(".kg-link").text_content() == big.nodes[other]["label"]
    first.locator(".kg-link").click()
    assert page.evaluate("kgView.selected()") == [other]
    assert page.locator("#kg-card h3").text_content() == big.nodes[other]["label"]
    # the card of an entity with few relations lists every one
    small = next(n for n in big if big.degree(n) == 2)
    page.evaluate(f"kgView.openNode('{small}')")
    assert len(page.evaluate("kgView.relationsShown()")) == 2
    _assert_clean(viewer)


def test_sliders_filter_and_close_the_pinned_card(viewer, big, big_page):
    page = viewer.open(big_page)
    loaded = page.evaluate("kgView.nodes.getIds()")
    weakest = min(loaded, key=big.degree)
    cut = big.degree(weakest) + 1
    page.evaluate(f"kgView.openNode('{weakest}')")
    assert page.locator("#kg-card").is_visible()
    slide = "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }"
    page.locator("#kg-min-degree").evaluate(slide, str(cut))
    assert page.locator("#kg-min-degree-value").text_content() == str(cut)
    assert page.locator("#kg-card").is_hidden()  # its entity was filtered out
    assert sorted(_drawn(page)) == sorted(n for n in loaded if big.degree(n) >= cut)
    page.locator("#kg-min-degree").evaluate(slide, "0")
    page.locator("#kg-min-confidence").evaluate(slide, "0.5")
    drawn = set(_drawn(page))
    assert drawn == {n for n in loaded if big.nodes[n].get("confidence", 1.0) >= 0.5}
    confs = page.evaluate(
        "kgView.network.body.data.edges.getIds().map(id => kgView.edgeConfidence(id))"
    )
    assert confs and min(confs) >= 0.5
    _assert_clean(viewer)


def test_physics_button_and_community_colours(viewer, big_page):
    page = viewer.open(big_page)
    page.click("#kg-physics")
    assert page.evaluate("kgView.network.physics.options.enabled") is True
    assert page.locator("#kg-physics").text_content() == "停止布局"
    page.click("#kg-physics")
    assert page.evaluate("kgView.network.physics.options.enabled") is False
    before = page.evaluate(
        "kgView.network.body.nodes[kgView.labelled()[0]].options.color.background"
    )
    page.select_option("#kg-colour", "community")
    colours = page.evaluate(
        "new Set(kgView.labelled().map("
        "id => kgView.network.body.nodes[id].options.color.background)).size"
    )
    assert colours > 1
    page.select_option("#kg-colour", "type")
    after = page.evaluate(
        "kgView.network.body.nodes[kgView.labelled()[0]].options.color.background"
    )
    assert after == before
    _assert_clean(viewer)


def test_the_font_check_tells_boxes_from_chinese(viewer, big_page):
    page = viewer.open(big_page)
    # Chromium here has a CJK font; two unassigned code points are drawn alike (boxes)
    assert page.evaluate("kgView.cjkFont") is True
    assert page.evaluate("kgView.glyphsDiffer('\\u0378', '\\u0379')") is False
    assert page.evaluate("kgView.glyphsDiffer('中', '国')") is True
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    for font in ("Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei"):
        assert font in family
    _assert_clean(viewer)


DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@pytest.mark.skipif(not DEJAVU.is_dir(), reason=f"no Latin-only font folder at {DEJAVU}")
def test_without_a_chinese_font_the_page_says_so(chromium, viewer_in, tmp_path, sample_graph):
    """Chromium restricted (through fontconfig) to DejaVu, which has no Chinese glyphs."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{DEJAVU}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    path = html.write(sample_graph, tmp_path / "g.html")
    context = chromium(tmp_path / "profile", env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    try:
        viewer = viewer_in(context)
        page = viewer.open(path)
        assert page.evaluate("kgView.cjkFont") is False
        note = page.locator("#kg-font-note")
        assert note.is_visible() and "Noto Sans CJK SC" in note.text_content()
        _assert_clean(viewer)
    finally:
        context.close()


def test_an_overview_page_says_how_to_see_the_rest(viewer, tmp_path, monkeypatch):
    monkeypatch.setattr(html, "PAGE_LIMIT", 1_000)
    G = corpus_graph(1_500, 100, 3_000)
    page = viewer.open(html.write(G, tmp_path / "o.html"))
    assert page.evaluate("kgView.totalNodes") == 1_000
    note = page.locator("#kg-overview-note")
    assert note.is_visible()
    assert "1000 / 1600" in note.text_content() and "--around" in note.text_content()
    _assert_clean(viewer)


def test_hover_shows_a_label_and_focus_is_selected(viewer, tmp_path):
    G = corpus_graph(400, 20, 800)
    top = _top(G)
    focus = top[-1]
    page = viewer.open(html.write(G, tmp_path / "h.html", focus=focus))
    assert page.evaluate("kgView.selected()") == [focus]
    page.evaluate("kgView.network.fit()")
    quiet = next(n for n in reversed(list(G)) if G.degree(n) and n not in top)
    label = f"kgView.network.body.nodes['{quiet}'].options.label"
    assert not page.evaluate(label)
    x, y = page.evaluate(f"""() => {{
        const p = kgView.network.canvasToDOM(kgView.network.getPosition('{quiet}'));
        const r = document.getElementById("kg-network").getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }}""")
    page.mouse.move(x, y)
    viewer.wait_until(label, 5_000)
    assert page.evaluate(label) == G.nodes[quiet]["label"]
    box = page.locator("#kg-network").bounding_box()
    page.mouse.move(box["x"] + 3, box["y"] + box["height"] - 3)  # an empty corner
    viewer.wait_until(f"!{label}", 5_000)
    _assert_clean(viewer)


@pytest.mark.slow
@pytest.mark.skipif(not CNEWS.is_file(), reason=f"the THUCNews sample is not at {CNEWS}")
def test_thucnews_graph_opens_ready_to_explore(viewer, tmp_path):
    """1,000 THUCNews articles; nothing of the build is printed (part of it is held out)."""
    from kg.pipeline import build_graph_from_documents
    from kg.text import make_document

    docs = [
        make_document(f"cnews.val:{i}", line.split("\t", 1)[1])
        for i, line in enumerate(CNEWS.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip()
    ]
    G = build_graph_from_documents(docs)
    page = viewer.open(html.write(G, tmp_path / "thuc.html", title="THUCNews"))
    assert page.evaluate("kgView.network.physics.options.enabled") is False
    drawn = set(_drawn(page))
    degree = dict(G.degree())
    assert drawn == {n for n in G if degree[n]}, "every linked entity, no isolated one"
    assert sorted(page.evaluate("kgView.labelled()")) == sorted(_top(G))
    rng = random.Random(13)
    for node in rng.sample(sorted(G), 20):
        found = page.evaluate("q => kgView.search(q)", G.nodes[node]["label"])
        assert found is not None and G.nodes[found]["label"] == G.nodes[node]["label"]
        assert found in _drawn(page)
    hub = _top(G)[0]
    page.evaluate(f"kgView.openNode({hub!r})")
    assert len(page.evaluate("kgView.relationsShown()")) == min(50, degree[hub])
    _assert_clean(viewer)
