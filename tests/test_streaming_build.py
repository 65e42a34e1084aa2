"""A build streams its documents through the store and links them in two passes; an update
finds relations again only where linking changed. Analyses are hand-built (no model)."""

from __future__ import annotations

import json
import shutil
from importlib import resources

import networkx as nx
import pytest

import kg.pipeline
from kg.link import DocMentions, Linker, link
from kg.ner.amounts import find_amounts
from kg.pipeline import BuildOptions, build_graph_from_documents
from kg.text import split_articles
from kg.types import Document, Mention

P, O, L, T = "PERSON", "ORG", "LOC", "TITLE"  # noqa: E741

#: id, text, mentions, home city
PAGES = [
    (
        "a",
        "甲科技有限公司董事长王强出席。甲科技有限公司总投资1亿元。",
        [("甲科技有限公司", O), ("董事长", T), ("王强", P), ("甲科技有限公司", O)],
        None,
    ),
    ("b", "乙银行行长王强出席签约仪式。", [("乙银行", O), ("行长", T), ("王强", P)], None),
    ("c", "本报讯 我市召开会议，市长周军波出席。", [("市长", T), ("周军波", P)], "平湖市"),
    ("d", "是石科技董事长闫博文致辞。", [("是石科技", O), ("董事长", T), ("闫博文", P)], None),
    (
        "e",
        "甲科技有限公司董事长王强说，平湖市很好。",
        [("甲科技有限公司", O), ("董事长", T), ("王强", P), ("平湖市", L)],
        None,
    ),
]  # fmt: skip
#: added by an update: its full name is the only one 是石科技 is short for, so page d's
#: organisation becomes 是石科技(平湖)有限公司 and d's relations must be found again
NEW = ("f", "是石科技(平湖)有限公司落户平湖。", [("是石科技(平湖)有限公司", O), ("平湖", L)], None)


def _analysis(page):
    doc_id, text, spec, home = page
    mentions, pos = [], {}
    for surface, label in spec:
        start = text.find(surface, pos.get(surface, 0))
        pos[surface] = start + len(surface)
        mentions.append(Mention(surface, label, start, start + len(surface), source="test"))
    doc = Document(id=doc_id, text=text, raw=text)
    return doc, split_articles(doc), mentions + find_amounts(text), home


ANALYSES = {page[0]: _analysis(page) for page in [*PAGES, NEW]}


def _docs(pages):
    return [ANALYSES[page[0]][0] for page in pages]


@pytest.fixture(autouse=True)
def hand_built(monkeypatch):
    """The pipeline's analyses are the hand-built ones; ``calls`` counts what runs."""
    calls = {"analysed": [], "relations": []}

    def analyze_batch(docs, options):
        calls["analysed"].extend(d.id for d in docs)
        return [ANALYSES[d.id][1:] for d in docs]

    real = kg.pipeline.relations_noted

    def relations_noted(dm, linked, rules, *, enabled):
        calls["relations"].append(dm.doc.id)
        return real(dm, linked, rules, enabled=enabled)

    monkeypatch.setattr(kg.pipeline, "analyze_batch", analyze_batch)
    monkeypatch.setattr(kg.pipeline, "relations_noted", relations_noted)
    return calls


def _same(G) -> str:
    data = nx.node_link_data(G, edges="links")
    data["graph"].pop("created", None)
    return json.dumps(data, ensure_ascii=False)  # order kept: the files keep it too


def _dms(pages):
    out = []
    for page in pages:
        doc, articles, mentions, home = ANALYSES[page[0]]
        out.append(DocMentions(doc=doc, articles=articles, mentions=mentions, home_city=home))
    return out


def test_two_passes_link_as_link_does():
    whole = link(_dms([*PAGES, NEW]))
    linker = Linker()
    for dm in _dms([*PAGES, NEW]):
        linker.add(dm)
    streamed = linker.finish()
    by_mention = {}
    for dm in _dms([*PAGES, NEW]):
        linker.resolve(dm)
        by_mention.update(streamed.by_mention)  # the last document's only
        assert set(streamed.by_mention) == {k for k in whole.by_mention if k[0] == dm.doc.id}
    linker.done()
    assert by_mention == whole.by_mention
    assert list(streamed.entities) == list(whole.entities)  # the same order: node order
    first_seen = {}  # entities come in the order of their first mention, a home city last
    for dm in _dms([*PAGES, NEW]):
        for m in dm.mentions:
            first_seen.setdefault(whole.entity_of(dm.doc.id, m), None)
        first_seen.setdefault(whole.home.get(dm.doc.id), None)
    assert list(whole.entities) == [eid for eid in first_seen if eid is not None]
    assert {"PERSON:王强", "PERSON:王强#2", "LOC:平湖市"} <= set(streamed.entities)
    for eid, ent in whole.entities.items():
        other = streamed.entities[eid]
        assert other.mentions == []  # counted, not kept
        assert (other.name, other.type, other.aliases, other.attrs) == (
            ent.name,
            ent.type,
            ent.aliases,
            ent.attrs,
        )
        assert (other.mention_count, other.doc_count) == (len(ent.mentions), len(ent.docs))
    assert streamed.home_ids == whole.home_ids == {"LOC:平湖市"}


def test_a_build_without_a_store_equals_linking_in_memory_and_leaves_no_file(tmp_path, monkeypatch):
    from kg.graph.build import build_multigraph
    from kg.relations import extract_relations

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    made = []
    real = kg.pipeline.ExtractionStore

    def store(outdir, *args, **kwargs):
        made.append(outdir)
        return real(outdir, *args, **kwargs)

    monkeypatch.setattr(kg.pipeline, "ExtractionStore", store)
    G = build_graph_from_documents(iter(_docs(PAGES)))  # a stream: a temporary store on disk
    assert len(made) == 1 and made[0].startswith(str(tmp_path / "kg-build-"))
    assert not list(tmp_path.glob("kg-build-*"))  # the temporary store is gone
    assert _same(build_graph_from_documents(_docs(PAGES))) == _same(G)  # a list: in memory
    assert made[1] is None
    dms = _dms(PAGES)
    linked = link(dms)
    relations = [r for dm in dms for r in extract_relations(dm, linked)]
    expected = build_multigraph(linked, relations, sources=len(dms), home_cities=["平湖市"])
    assert G.number_of_edges() >= 4
    assert _same(G) == _same(expected)


def test_an_update_finds_relations_only_where_linking_changed(tmp_path, hand_built):
    full = _same(build_graph_from_documents(_docs([*PAGES, NEW])))
    hand_built["relations"].clear()
    store = str(tmp_path / "out")
    build_graph_from_documents(_docs(PAGES), store=store)
    assert sorted(hand_built["relations"]) == ["a", "b", "c", "d", "e"]
    hand_built["relations"].clear()
    hand_built["analysed"].clear()
    again = build_graph_from_documents(_docs(PAGES), store=store)
    assert hand_built == {"analysed": [], "relations": []}  # all of it from the store
    G = build_graph_from_documents(_docs([NEW]), store=store, update=True)
    assert hand_built["analysed"] == ["f"]
    assert sorted(hand_built["relations"]) == ["d", "f"]  # d's organisation is a new one now
    assert _same(G) == full
    assert "ORG:是石科技(平湖)有限公司" in {u for u, _v in G.edges()} | {v for _u, v in G.edges()}
    assert _same(again) != full


def test_nothing_to_analyse_loads_no_backend(tmp_path, monkeypatch, hand_built):
    build_graph_from_documents(_docs(PAGES), store=str(tmp_path))

    def no_model(*args, **kwargs):
        raise AssertionError("the backend was loaded")

    monkeypatch.setattr(kg.pipeline, "get_backend", no_model)
    G = build_graph_from_documents(_docs(PAGES), store=str(tmp_path), jobs=2)
    assert G.graph["sources"] == len(PAGES)


def test_changed_rules_find_every_relation_again(tmp_path, hand_built):
    rules = tmp_path / "rules.toml"
    with resources.as_file(resources.files("kg") / "data/rules/relations.toml") as shipped:
        shutil.copyfile(shipped, rules)
    options = BuildOptions(store=str(tmp_path / "out"), rules_path=str(rules))
    first = _same(build_graph_from_documents(_docs(PAGES), options))
    hand_built["relations"].clear()
    build_graph_from_documents(_docs(PAGES), options)
    assert hand_built["relations"] == []
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert _same(build_graph_from_documents(_docs(PAGES), options)) == first
    assert sorted(hand_built["relations"]) == ["a", "b", "c", "d", "e"]
    hand_built["relations"].clear()
    build_graph_from_documents(_docs(PAGES), options, cooccurrence=True)
    assert len(hand_built["relations"]) == len(PAGES)  # another rule group: found again


def test_noted_relations_are_reused_only_while_what_they_read_is_the_same():
    from kg.relations import load_rules
    from kg.relations.memo import relations_noted, reuse
    from kg.types import Entity

    (dm,) = _dms(PAGES[:1])
    linked = link([dm])
    noted = relations_noted(dm, linked, load_rules(), enabled=frozenset())
    amount = next(eid for eid in noted.reads if eid.startswith("MONEY:"))
    assert amount in {r.tail for r in noted.relations}
    (dm,) = _dms(PAGES[:1])
    linked = link([dm])
    assert reuse(noted, linked) == noted.relations
    assert linked.entities[amount].attrs["value"] == 1e8  # the amount it made is back
    linked = link(_dms(PAGES[:1]))
    linked.entities[amount] = Entity(id=amount, type="MONEY", name="1亿元")
    assert reuse(noted, linked) is None  # it was not there when the rules looked
    linked = link(_dms(PAGES[:1]))
    org = linked.entities["ORG:甲科技有限公司"]
    noted.reads["ORG:甲科技有限公司"] = ("ORG", org.name, ())  # as if a rule had read it
    assert reuse(noted, linked) == noted.relations
    org.aliases.add("甲科技")
    assert reuse(noted, linked) is None  # a name the rules read has a new alias
