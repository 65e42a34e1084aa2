"""kg.export.html and ``kg view``: one offline, escaped, UTF-8 page per graph."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import GraphError
from kg.export import graphml, html

EXTERNAL_URL = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*|url\(\s*["']?\s*|@import\s+["']?)"""
    r"""(?:https?:)?//""",
    re.IGNORECASE,
)


def _data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


def _snapshot(G):
    return (
        dict(G.graph),
        list(G.nodes(data=True)),
        list(G.edges(keys=True, data=True)) if G.is_multigraph() else list(G.edges(data=True)),
    )


@pytest.fixture
def html_chain_graph() -> nx.MultiDiGraph:
    """A 40-node star-of-chains graph: node 0 is the hub, degrees fall off along chains."""
    G = nx.MultiDiGraph(kg_schema="1")
    for i in range(40):
        G.add_node(f"ORG:机构{i}", label=f"机构{i}", type="ORG", aliases="", mentions=1, docs=1)
    for i in range(1, 40):
        parent = 0 if i <= 8 else i - 8
        G.add_edge(
            f"ORG:机构{parent}",
            f"ORG:机构{i}",
            relation="part_of",
            label="隶属",
            title="",
            sentence=f"机构{i}隶属机构{parent}。",
            doc="d.txt",
            start=i,
            end=i + 5,
            rule="t",
            confidence=0.5,
        )
    return G


def test_page_is_one_utf8_file_with_chinese_text(sample_graph, tmp_path):
    path = html.write(sample_graph, tmp_path / "sub" / "graph.html", title="平湖 图谱")
    raw = path.read_bytes()
    page = raw.decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "周军波" in page and "平湖 图谱" in page  # literal UTF-8, not \\u escapes
    assert [p.name for p in path.parent.iterdir()] == ["graph.html"]  # no temp file left


def test_page_references_no_external_url(sample_graph, tmp_path):
    page = html.write(sample_graph, tmp_path / "g.html").read_text(encoding="utf-8")
    assert EXTERNAL_URL.findall(page) == []
    assert "<link" not in page
    assert re.search(r"<script[^>]*\bsrc=", page) is None
    for host in ("cdnjs.cloudflare.com", "jsdelivr", "unpkg", "googleapis", "bootstrap"):
        assert host not in page.lower()
    assert "default-src 'none'" in page


@pytest.mark.parametrize(
    "snippet",
    [
        '<img src="https://example.com/x.png">',
        "<script src='//cdn.example.com/a.js'></script>",
        "background: url( http://example.com/a.png )",
        '<link href="https://cdn.example.com/x.css">',
    ],
)
def test_external_url_pattern_catches_links(snippet):
    assert EXTERNAL_URL.search(snippet)


def test_only_the_shipped_scripts_may_run(sample_graph):
    page = html.render(sample_graph)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    hashes = set(re.findall(r"sha256-([A-Za-z0-9+/=]+)", csp))
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert digest in hashes
    assert "unsafe-eval" not in csp and "'unsafe-inline'" not in csp.split("style-src")[0]


def test_hostile_text_is_never_markup(sample_graph):
    page = html.render(sample_graph, title="<b>标题</b>")
    assert "<script>alert(1)</script>" not in page
    assert "<b>恶意</b>" not in page and "<b>标题</b>" not in page
    assert "<title>&lt;b&gt;标题&lt;/b&gt;</title>" in page
    data = _data(page)
    labels = {n["label"] for n in data["nodes"]}
    assert "<script>alert(1)</script>" in labels  # survives as data, shown as text
    sentences = {e["sentence"] for e in data["edges"]}
    assert '<b>恶意</b> & "引号"' in sentences
    assert "innerHTML" not in html._assets()["js"]


def test_data_carries_nodes_edges_legend_and_evidence(sample_graph):
    data = _data(html.render(sample_graph))
    assert len(data["nodes"]) == sample_graph.number_of_nodes() == 9
    assert len(data["edges"]) == sample_graph.number_of_edges() == 9
    assert {t["type"]: t["label"] for t in data["types"]} == {
        "PERSON": "人物",
        "ORG": "机构",
        "LOC": "地点",
        "EVENT": "事件",
        "MONEY": "金额",
    }
    shishi = next(n for n in data["nodes"] if n["id"] == "ORG:是石科技(平湖)有限公司")
    assert shishi["aliases"] == ["是石科技"] and shishi["mentions"] == 5
    money = next(n for n in data["nodes"] if n["type"] == "MONEY")
    assert money["extra"]["value"] == 3e9 and money["extra"]["approx"] is True
    zhou = next(e for e in data["edges"] if e["label"] == "市长")
    assert zhou["title"] == "市委副书记、市长"
    assert zhou["sentence"] == "市委副书记、市长周军波致辞。"
    assert (zhou["doc"], zhou["start"], zhou["rule"]) == ("seed.txt", 300, "test")
    assert {r["relation"] for r in data["relations"]} == {
        "holds_position",
        "attends",
        "speaks_at",
        "located_in",
        "invests",
        "works_for",
    }


def test_parallel_edges_get_distinct_curves(sample_graph):
    data = _data(html.render(sample_graph))
    pair = [
        e
        for e in data["edges"]
        if (e["from"], e["to"])
        == (
            "PERSON:刘民强",
            "EVENT:"
            + sample_graph.nodes["EVENT:2025中日机器人产业合作对接会暨平湖人工智能产业发展对接会"][
                "label"
            ],
        )
    ]
    assert len(pair) == 2
    curves = {(e["smooth"]["type"], e["smooth"]["roundness"]) for e in pair}
    assert len(curves) == 2 and all(e["smooth"]["enabled"] for e in pair)
    single = next(e for e in data["edges"] if e["label"] == "落户")
    assert single["smooth"] == {"enabled": False}


def test_reverse_parallel_edges_curve_to_different_sides():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", label="x")
    G.add_edge("b", "a", label="y")
    data = _data(html.render(G))
    (e1, e2) = data["edges"]

    def side(e):  # curvedCW along a->b bends to the same side as curvedCCW along b->a
        return (e["smooth"]["type"] == "curvedCW") == (e["from"] <= e["to"])

    assert side(e1) != side(e2)


def test_caller_graph_is_not_modified(sample_graph, tmp_path):
    before = copy.deepcopy(_snapshot(sample_graph))
    html.write(sample_graph, tmp_path / "g.html", focus="PERSON:周军波", max_nodes=3)
    assert _snapshot(sample_graph) == before


def test_big_graph_starts_from_top_entities(html_chain_graph):
    data = _data(html.render(html_chain_graph, max_nodes=10))
    assert len(data["nodes"]) == 40 and len(data["initial"]) == 10
    degree = dict(html_chain_graph.degree())
    assert data["initial"][0] == "ORG:机构0"
    cut = min(degree[n] for n in data["initial"])
    assert all(degree[n] <= cut for n in html_chain_graph if n not in data["initial"])


def test_focus_starts_from_its_neighbourhood(html_chain_graph):
    data = _data(html.render(html_chain_graph, max_nodes=3, focus="ORG:机构30"))
    assert data["focus"] == "ORG:机构30"
    assert data["initial"][0] == "ORG:机构30"
    assert set(data["initial"]) == {"ORG:机构30", "ORG:机构22", "ORG:机构38"}


def test_small_graph_starts_complete(sample_graph):
    data = _data(html.render(sample_graph))
    assert sorted(data["initial"]) == sorted(sample_graph)


def test_empty_and_simple_graphs_render(tmp_path):
    assert _data(html.render(nx.MultiDiGraph()))["nodes"] == []
    G = nx.DiGraph()
    G.add_edge(1, 2)  # off-contract: no attributes at all
    data = _data(html.render(G))
    assert [n["label"] for n in data["nodes"]] == ["1", "2"]
    assert data["edges"][0]["from"] == "1"


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (
            {"size_by": "weight"},
            ValueError,
            "size_by must be one of degree, mentions, not 'weight'",
        ),
        ({"max_nodes": 0}, ValueError, "max_nodes must be a positive integer"),
        ({"focus": "PERSON:无名"}, GraphError, "focus node 'PERSON:无名' is not in the graph"),
    ],
)
def test_bad_options(sample_graph, tmp_path, kwargs, error, match):
    with pytest.raises(error, match=match):
        html.write(sample_graph, tmp_path / "g.html", **kwargs)
    assert not list(tmp_path.iterdir())


# --------------------------------------------------------------------------- kg view


@pytest.fixture
def html_graph_file(sample_graph, tmp_path):
    path = tmp_path / "graph.graphml"
    graphml.write(sample_graph, path)
    return path


def _view(*args):
    return CliRunner().invoke(main, ["view", *map(str, args)])


def test_view_writes_neighbourhood(html_graph_file, tmp_path):
    out = tmp_path / "view.html"
    result = _view(html_graph_file, "--around", "周军波", "--hops", "1", "-o", out)
    assert result.exit_code == 0, result.output
    data = _data(out.read_text(encoding="utf-8"))
    assert data["focus"] == "PERSON:周军波"
    assert {n["label"] for n in data["nodes"]} == {
        "周军波",
        "平湖市",
        "2025中日机器人产业合作对接会暨平湖人工智能产业发展对接会",
    }
    assert result.output == f"Wrote {out} (3 entities, 2 relations)\n"


def test_view_whole_graph_from_folder(html_graph_file, tmp_path):
    out = tmp_path / "all.html"
    result = _view(html_graph_file.parent, "-o", out)
    assert result.exit_code == 0, result.output
    assert len(_data(out.read_text(encoding="utf-8"))["nodes"]) == 9


def test_view_open_uses_webbrowser(html_graph_file, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    out = tmp_path / "v.html"
    assert _view(html_graph_file, "-o", out, "--open").exit_code == 0
    assert opened == [out.resolve().as_uri()]


def test_view_unknown_entity_is_one_line_error(html_graph_file, tmp_path):
    result = _view(html_graph_file, "--around", "周军", "-o", tmp_path / "v.html")
    assert result.exit_code == 1
    assert result.output.startswith("Error: no entity named '周军' in the graph; did you mean:")
    assert result.output.count("\n") == 1
    assert not (tmp_path / "v.html").exists()


def test_view_missing_graph_is_one_line_error(tmp_path):
    result = _view(tmp_path / "nope.graphml", "-o", tmp_path / "v.html")
    assert result.exit_code == 1
    assert result.output == f"Error: graph file not found: {tmp_path / 'nope.graphml'}\n"


def test_view_help_ends_with_example():
    result = _view("--help")
    assert result.exit_code == 0
    assert "Example:\n      kg view out/ -o graph.html" in result.output


# --------------------------------------------------------------------------- corpus graphs


def _corpus_graph(linked: int = 260, isolated: int = 40) -> nx.MultiDiGraph:
    """``linked`` entities in a preferential-attachment graph plus ``isolated`` unlinked ones."""
    G = nx.MultiDiGraph(kg_schema="1", sources=50)
    for i in range(linked + isolated):
        G.add_node(
            f"ORG:机构{i}", label=f"机构{i}", type="ORG", aliases="", mentions=1 + i % 9, docs=1
        )
    for k, (u, v) in enumerate(nx.barabasi_albert_graph(linked, 1, seed=2).edges()):
        G.add_edge(
            f"ORG:机构{u}",
            f"ORG:机构{v}",
            relation="part_of",
            label="隶属",
            title="",
            sentence=f"机构{v}隶属机构{u}。",
            doc=f"d{k}.txt",
            start=0,
            end=8,
            rule="t",
            confidence=0.5 + (k % 5) / 10,
        )
    return G


def test_a_corpus_graph_arrives_laid_out_with_isolated_hidden_and_top_labels():
    G = _corpus_graph()
    assert G.number_of_nodes() > html.LAYOUT_ABOVE
    data = _data(html.render(G))
    assert data["layout"] is True and data["hideIsolated"] is True
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert all(isinstance(n["community"], int) for n in data["nodes"])
    degree = dict(G.degree())
    ranked = sorted(
        (n for n in G if degree[n]),
        key=lambda n: (-degree[n], -G.nodes[n]["mentions"], n),
    )
    labelled = [n["id"] for n in data["nodes"] if n["labelled"]]
    assert sorted(labelled) == sorted(ranked[: html.LABELLED])
    main = {n["id"] for n in data["nodes"] if n["main"]}
    assert len(main) == 260  # the one linked component; isolated entities are not in it


def test_labels_can_follow_mentions():
    G = _corpus_graph()
    data = _data(html.render(G, size_by="mentions"))
    labelled = {n["id"] for n in data["nodes"] if n["labelled"]}
    top = max(G.nodes[n]["mentions"] for n in G)
    assert all(G.nodes[n]["mentions"] >= top - 1 for n in labelled)


def test_a_small_graph_keeps_physics_and_every_label(sample_graph):
    data = _data(html.render(sample_graph))
    assert data["layout"] is False and data["hideIsolated"] is False
    assert all(n["labelled"] and "x" not in n for n in data["nodes"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.3, 0.3), (None, 1.0), ("0.25", 0.25), (float("nan"), 1.0), (7, 1.0), ("高", 1.0)],
)
def test_entity_confidence_defaults_to_one(sample_graph, value, expected):
    G = sample_graph.copy()
    if value is not None:
        G.nodes["PERSON:周军波"]["confidence"] = value
    data = _data(html.render(G))
    node = next(n for n in data["nodes"] if n["id"] == "PERSON:周军波")
    assert node["confidence"] == expected
    assert {e["confidence"] for e in data["edges"]} == {0.9}


def test_above_the_page_limit_the_page_is_an_overview(html_chain_graph, monkeypatch):
    monkeypatch.setattr(html, "PAGE_LIMIT", 30)
    data = _data(html.render(html_chain_graph))
    assert len(data["nodes"]) == 30 and data["total"] == 40
    assert "ORG:机构0" in {n["id"] for n in data["nodes"]}
    focused = _data(html.render(html_chain_graph, focus="ORG:机构39"))
    assert "ORG:机构39" in {n["id"] for n in focused["nodes"]}
    assert html.overview_note(html_chain_graph, "out/") == (
        "The page shows the 30 best-connected of 40 entities; "
        "for any other entity's neighbourhood: kg view out/ --around NAME"
    )
    monkeypatch.setattr(html, "PAGE_LIMIT", 40)
    assert html.overview_note(html_chain_graph, "out/") is None


def test_view_says_when_the_page_is_an_overview(html_graph_file, tmp_path, monkeypatch):
    monkeypatch.setattr(html, "PAGE_LIMIT", 5)
    out = tmp_path / "v.html"
    result = _view(html_graph_file, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == (
        "The page shows the 5 best-connected of 9 entities; "
        f"for any other entity's neighbourhood: kg view {html_graph_file} --around NAME"
    )
    assert len(_data(out.read_text(encoding="utf-8"))["nodes"]) == 5


@pytest.mark.parametrize(
    ("inputs", "title"),
    [
        (["news/平湖.txt"], "平湖.txt"),
        (["-"], "stdin"),
        (["a.txt", "b/"], "a.txt、b"),
        (["a.txt", "b.txt", "c.txt"], "a.txt 等 3 个输入"),
        ([], "kg"),
    ],
)
def test_title_names_the_inputs(inputs, title):
    assert html.title_for(inputs) == title


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "title"),
    [(["--title", "平湖新闻 <一>"], "平湖新闻 &lt;一&gt;"), ([], "平湖日报.txt")],
)
def test_build_titles_the_page(tmp_path, args, title):
    page = tmp_path / "平湖日报.txt"
    page.write_text("市委书记仲旭东主持召开民营企业座谈会。", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(page), "-o", str(out), "--format", "html", "--no-progress", *args]
    )
    assert result.exit_code == 0, result.output
    assert f"<title>{title}</title>" in (out / "graph.html").read_text(encoding="utf-8")
    assert "best-connected" not in result.output


@pytest.mark.slow
def test_build_says_when_the_page_is_an_overview(tmp_path, monkeypatch):
    monkeypatch.setattr(html, "PAGE_LIMIT", 1)
    page = tmp_path / "p.txt"
    page.write_text("市委书记仲旭东主持召开民营企业座谈会。市领导沈志林出席。", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(page), "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("The page shows the 1 best-connected of ")
    assert result.output.splitlines()[-1].endswith(f"kg view {out} --around NAME")


def test_the_page_is_written_without_importing_pyvis_or_ipython(tmp_path):
    # pyvis's network module imports IPython at the top; kg needs only its vis-network files
    code = (
        "import sys\n"
        "from conftest import make_sample_graph\n"
        "from kg.export import html\n"
        f"html.write(make_sample_graph(), {str(tmp_path / 'g.html')!r})\n"
        "print(sorted(m for m in ('IPython', 'pyvis', 'jinja2', 'jsonpickle') if m in sys.modules))"
    )
    tests = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tests
    )
    assert out.stdout.strip() == "[]"
    assert "vis-network" in (tmp_path / "g.html").read_text(encoding="utf-8")
