"""Property tests (hypothesis) over hostile text: the text stage, the recogniser and every
exporter with re-reading. A bounded number of examples keeps this a few seconds in CI
(``KG_FUZZ_EXAMPLES`` raises it); ``scripts/fuzz.py`` runs 20,000 documents."""

from __future__ import annotations

import json
import os
import re

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.text import decode_bytes, make_document, normalize, read_inputs, split_articles

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "30"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

#: Pieces of real newspaper text, so that the recogniser and the rules have work to do.
PIECES = [
    "市委书记张三主持会议。",
    "平湖市召开2025中日机器人产业合作对接会，",
    "是石科技(平湖)有限公司总投资约30亿元。",
    "本报讯 记者 胡佳英",
    "（下转2版）",
    "市长李四出席并致辞",
    "比尔·盖茨",
    "《人民日报》",
]
#: Characters that have broken readers and writers: surrogates, non-characters, line and
#: paragraph separators, controls, XML specials, bidi marks, combining marks, emoji.
HOSTILE = [
    "\ud800", "\udfff", "\ufffe", "\uffff", "\ufdd0", "\U0010ffff", "\u2028", "\u2029",
    "\x85", "\x00", "\x0b", "\x0c", "\x1b", "\r", "\t", "<", ">", "&", '"', "'", "]]>",
    "\u202e", "\u200b", "\ufeff", "\u0301", "😀", "𠀀", "{", "}", "[", "\\", "|", "@", ":",
]  # fmt: skip
_INVALID = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0010fffe\U0010ffff]")

hostile_text = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.sampled_from(HOSTILE),
        st.text(st.characters(codec=None), max_size=8),
        st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=8),
    ),
    max_size=24,
).map("".join)


@FUZZ
@given(hostile_text)
def test_text_stage(raw):
    try:
        doc = make_document("d", raw, "fuzz")
    except InputError:
        assert not normalize(_INVALID.sub("\ufffd", raw))[0]
        return
    assert not _INVALID.search(doc.raw + doc.text)
    assert normalize(doc.text)[0] == doc.text
    for article in split_articles(doc):
        for s in article.sentences:
            assert doc.text[s.start : s.end] == s.text


@FUZZ
@given(st.binary(max_size=400))
def test_decoding_any_bytes(data):
    try:
        text = decode_bytes(data, "fuzz.bin")
    except InputError as err:
        assert "\n" not in str(err)
        return
    assert not _INVALID.search(text) and not text.startswith("\ufeff")


@FUZZ
@given(st.lists(st.one_of(hostile_text, st.binary(max_size=60)), min_size=1, max_size=6))
def test_json_lines_never_crash(tmp_path_factory, records):
    path = tmp_path_factory.mktemp("jsonl") / "feed.jsonl"
    lines = [
        r if isinstance(r, bytes) else json.dumps({"text": r}).encode("ascii") for r in records
    ]
    path.write_bytes(b"\n".join(lines))
    try:
        docs = read_inputs([str(path)])
    except InputError as err:
        assert "\n" not in str(err)
        return
    assert all(not _INVALID.search(d.text + d.id) for d in docs)


@FUZZ
@given(st.lists(hostile_text, min_size=1, max_size=4))
def test_recogniser_spans_point_into_the_text(texts):
    from kg.ner import recognize

    texts = [_INVALID.sub("\ufffd", t) for t in texts]
    for text, mentions in zip(texts, recognize(texts, backend="jieba"), strict=True):
        for m in mentions:
            assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text


@settings(max_examples=max(3, EXAMPLES // 6), deadline=None)
@given(st.lists(hostile_text, min_size=1, max_size=5))
def test_every_exporter_writes_what_reads_back(tmp_path_factory, texts):
    from kg.export import FORMATS, write_outputs
    from kg.export.load import load_graph
    from kg.pipeline import build_graph_from_documents

    docs = []
    for i, raw in enumerate(texts):
        try:
            docs.append(make_document(f"d{i}<&>\u2028", raw, "fuzz"))
        except InputError:
            pass
    if not docs:
        return
    G = build_graph_from_documents(docs, backend="jieba", cooccurrence=True)
    out = tmp_path_factory.mktemp("out")
    written = write_outputs(G, out, tuple(FORMATS))
    for reread in (load_graph(written["graphml"]), load_graph(written["json"])):
        assert sorted(reread.nodes) == sorted(G.nodes)
        assert reread.number_of_edges() == G.number_of_edges()
    assert nx.read_gexf(written["gexf"]).number_of_nodes() == G.number_of_nodes()
    page = written["html"].read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert data and json.loads(data.group(1))
    assert written["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
