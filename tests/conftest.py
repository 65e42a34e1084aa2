"""Shared fixtures: a small hand-built graph that follows ../shared/GRAPH_CONTRACT.md.

Also the rule that keeps ``pytest -m "not slow"`` a quick loop: a test that tags text with
a trained model (the shipped one or one it trains) must be marked ``slow``, and fails
otherwise.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_56421505ce6c9c76.txt"
CORPORA = ROOT.parent / "shared" / "corpora"


def _node(G, type_, name, aliases="", mentions=1, docs=1, **extra):
    G.add_node(
        f"{type_}:{name}",
        label=name,
        type=type_,
        aliases=aliases,
        mentions=mentions,
        docs=docs,
        **extra,
    )
    return f"{type_}:{name}"


def _edge(
    G, head, tail, relation, label, sentence, *, title="", doc="seed.txt", start=0, rule="test"
):
    G.add_edge(
        head,
        tail,
        relation=relation,
        label=label,
        title=title,
        sentence=sentence,
        doc=doc,
        start=start,
        end=start + len(sentence),
        rule=rule,
        confidence=0.9,
    )


def make_sample_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(kg_schema="1", kg_version="0.1.0", created="2026-11-28T00:00:00", sources=1)
    liu = _node(G, "PERSON", "刘民强", mentions=3)
    zhou = _node(G, "PERSON", "周军波", mentions=4)
    yan = _node(G, "PERSON", "闫博文", mentions=2)
    bad = _node(G, "PERSON", "<script>alert(1)</script>")
    org = _node(G, "ORG", "商务部投资促进事务局")
    shishi = _node(G, "ORG", "是石科技(平湖)有限公司", aliases="是石科技", mentions=5)
    city = _node(G, "LOC", "平湖市", aliases="平湖|市|我市", mentions=20)
    meet = _node(G, "EVENT", "2025中日机器人产业合作对接会暨平湖人工智能产业发展对接会", docs=1)
    money = _node(
        G,
        "MONEY",
        "约30亿元@seed.txt:512",
        value=3e9,
        value_max=3e9,
        unit="CNY",
        approx=True,
        raw="约30亿元",
    )
    G.nodes[money]["label"] = "约30亿元"
    s1 = "商务部投资促进事务局局长刘民强、日本驻上海总领事馆经济领事梶原敬等嘉宾应邀出席。"
    _edge(G, liu, org, "holds_position", "局长", s1, title="局长", start=100)
    _edge(G, liu, meet, "attends", "出席", s1, start=100)
    _edge(G, liu, meet, "speaks_at", "致辞", "刘民强致辞。", start=200)
    s2 = "市委副书记、市长周军波致辞。"
    _edge(G, zhou, city, "holds_position", "市长", s2, title="市委副书记、市长", start=300)
    _edge(G, zhou, meet, "speaks_at", "致辞", s2, start=300)
    _edge(
        G,
        yan,
        shishi,
        "holds_position",
        "董事长",
        "是石科技董事长闫博文说。",
        title="董事长",
        start=900,
    )
    _edge(G, shishi, city, "located_in", "落户", "去年企业将总部落户至我市市创园。", start=850)
    _edge(G, meet, money, "invests", "总投资", "12个项目集中签约,总投资约30亿元。", start=500)
    _edge(G, bad, shishi, "works_for", "职工", '<b>恶意</b> & "引号"', start=1000)
    return G


@pytest.fixture
def sample_graph() -> nx.MultiDiGraph:
    """A contract-conforming graph with Chinese text, an amount node and a hostile label."""
    return make_sample_graph()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


_MODEL_CALLS: list[str] = []


def pytest_configure(config):
    # Count every use of a trained tagger, fixtures (even session-scoped ones) included.
    from kg.model.crf import CRFTagger
    from kg.model.tagger import NeuralTagger

    for cls in (NeuralTagger, CRFTagger):
        real = cls.tag_many

        def spy(self, *args, _real=real, **kwargs):
            _MODEL_CALLS.append(type(self).__name__)
            return _real(self, *args, **kwargs)

        cls.tag_many = spy


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    _MODEL_CALLS.clear()
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.when == "call" and report.passed and _MODEL_CALLS:
        if item.get_closest_marker("slow") is None:
            report.outcome = "failed"
            report.longrepr = (
                f"{item.nodeid} tags text with a model ({_MODEL_CALLS[0]}) in its test or its "
                "fixtures: mark it slow so that `pytest -m 'not slow'` stays quick"
            )
