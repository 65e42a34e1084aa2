"""Bounds on what grows with the input (issue #15, items 1 and 2).

Sentences are cut to :data:`~kg.text.split.MAX_SENTENCE_CHARS`; an edge's evidence is its
sentence or a window of it (:mod:`kg.relations.evidence`); the rules, the relation engine
and the linker do work linear in the text. Work is counted in executed lines of kg's
stage modules (``sys.settrace``), never timed: quadratic work shows as a 16-fold count when
the text grows 4-fold.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from kg.relations.evidence import MAX_EVIDENCE_CHARS, window
from kg.text.split import MAX_SENTENCE_CHARS, bounded, split_sentences

ROOT = Path(__file__).resolve().parents[1]
CORPORA = Path(os.environ.get("KG_CORPORA", ROOT.parent / "shared" / "corpora"))
CLUENER = CORPORA / "cluener2020" / "train.json"


def _unpunctuated(chars: int) -> str:
    """News text with every sentence mark and line break removed (CLUENER2020 train)."""
    if not CLUENER.is_file():
        pytest.skip(f"CLUENER2020 is not at {CLUENER}")
    texts = []
    with CLUENER.open(encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
            if sum(map(len, texts)) > chars * 1.2:
                break
    return re.sub(r"[。！？!?；;\s]", "", "".join(texts))[:chars]


# ---------------------------------------------------------------- sentences


def test_an_unpunctuated_text_is_cut_into_bounded_sentences():
    text = "市委书记张三主持会议强调" * 10_000  # 120,000 characters, no sentence mark
    spans = split_sentences(text)
    assert max(e - s for s, e in spans) <= MAX_SENTENCE_CHARS
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert "".join(text[s:e] for s, e in spans) == text


@pytest.mark.parametrize(
    ("text", "limit", "pieces"),
    [
        ("甲乙丙丁", 4, ["甲乙丙丁"]),  # up to the limit: as it is
        ("甲乙，丙丁戊己庚", 4, ["甲乙，", "丙丁戊己", "庚"]),  # after a clause mark
        ("甲乙丙 丁戊己", 5, ["甲乙丙", "丁戊己"]),  # after a space, trimmed
        ("甲乙丙丁戊己", 4, ["甲乙丙丁", "戊己"]),  # no mark: at the limit
        ("，甲乙丙丁戊己", 4, ["，甲乙丙", "丁戊己"]),  # a mark in the first half is no cut
        ("甲乙丙丁。。。。", 4, ["甲乙丙丁"]),  # a piece without a character is dropped
    ],
)
def test_bounded(text, limit, pieces):
    assert [text[s:e] for s, e in bounded(text, 0, len(text), limit=limit)] == pieces


def test_short_sentences_are_not_touched():
    text = "“终于能喘口气了。”她一边说着，一边放松双腿。“好！”她说。"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "“终于能喘口气了。”",
        "她一边说着，一边放松双腿。",
        "“好！”她说。",
    ]


# ---------------------------------------------------------------- evidence windows

_LONG = "甲" * 300 + "，市委书记张三主持会议，" + "乙" * 150 + "，李四出席，" + "丙" * 300


@pytest.mark.parametrize(
    ("heads", "tails", "expected"),
    [
        # one end named: its clause
        ([("张三", 0)], [], "市委书记张三主持会议，"),
        # two ends: from the clause of the first to the end of the clause of the last
        ([("张三", 0)], [("李四", 0)], "市委书记张三主持会议，" + "乙" * 150 + "，李四出席，"),
        # the closest pair of several mentions
        ([("张三", 0)], [("市委书记", 0), ("李四", 0)], "市委书记张三主持会议，"),
        # nothing named: the start of the sentence, at most the cap
        ([], [], "甲" * MAX_EVIDENCE_CHARS),
    ],
)
def test_window(heads, tails, expected):
    def at(items):
        return [(_LONG.index(w), _LONG.index(w) + len(w)) for w, _ in items]

    s, e = window(_LONG, 0, len(_LONG), at(heads), at(tails))
    assert _LONG[s:e] == expected


def test_a_sentence_up_to_the_cap_is_the_evidence_whole():
    text = "前言。" + "市委书记张三主持会议，" * 10 + "后记。"
    start, end = 3, 3 + 110
    assert window(text, start, end, [(7, 9)], []) == (start, end)


def test_a_long_clause_is_cut_to_the_cap_around_the_ends():
    text = "甲" * 1000 + "张三" + "乙" * 1000
    s, e = window(text, 0, len(text), [(1000, 1002)], [])
    assert e - s == MAX_EVIDENCE_CHARS and s < 1000 and e > 1002


def test_ends_further_apart_than_the_cap_keep_the_stretch_between_them():
    text = "甲" * 100 + "张三" + "乙" * 400 + "李四" + "丙" * 100
    s, e = window(text, 0, len(text), [(100, 102)], [(502, 504)])
    assert text[s:e] == "张三" + "乙" * 400 + "李四"


# ---------------------------------------------------------------- linear work


_STAGES = ("ner/rules.py", "relations/engine.py", "link/resolve.py")


def _lines_run(func, *args, files: tuple[str, ...] = _STAGES) -> int:
    """Lines executed in kg's rule, relation and linking modules (or ``files``) while
    ``func`` runs."""
    watched = tuple(str(ROOT / "kg" / p) for p in files)
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename in watched else None

    sys.settrace(tracer)
    try:
        func(*args)
    finally:
        sys.settrace(None)
    return count


def _build_without_model(text: str):
    from kg.pipeline import build_graph_from_documents
    from kg.text import make_document

    return build_graph_from_documents([make_document("d", text)], backend="jieba")


@pytest.mark.parametrize(
    "unit",
    [
        "市委书记",  # the reproducer: a title every fourth character
        "市委书记张三主持会议",  # people after titles, their relations
    ],
)
def test_dense_text_is_linear_work(unit):
    # before the fix: 6.3x and 12.9x here; after: 2.8x and 4.0x
    small = _lines_run(_build_without_model, unit * 100)
    big = _lines_run(_build_without_model, unit * 400)
    assert big < 5.5 * small, (small, big)  # linear: about 4x; quadratic: up to 16x


def test_a_page_of_names_both_the_model_and_the_rules_find_is_linear_work():
    # each person the rules find after a title is checked against the model's people that
    # overlap it, not against all of them (before: 11.0x; after: 4.0x)
    from kg.ner import recognize_text
    from kg.types import Mention

    def recognise(n):
        text = "市委书记张三主持会议" * n
        model = [Mention("张三", "PERSON", i, i + 2, "kg") for i in range(4, len(text), 10)]
        found = recognize_text(text, model)
        assert sum(m.text == "张三" for m in found) == n

    small = _lines_run(recognise, 100, files=("ner/__init__.py",))
    big = _lines_run(recognise, 400, files=("ner/__init__.py",))
    assert big < 5.5 * small, (small, big)


def test_the_dense_reproducer_is_recognised():
    from kg.ner.rules import find_rule_mentions

    found = find_rule_mentions("市委书记" * 40_000)
    assert len(found) == 40_000 and {m.text for m in found} == {"市委书记"}


def test_an_unpunctuated_page_is_linear_work():
    # before the fix: 8.3x; after: 4.3x
    text = _unpunctuated(12_000)
    small = _lines_run(_build_without_model, text[:3_000])
    big = _lines_run(_build_without_model, text)
    assert big < 5.5 * small, (small, big)


def test_a_fact_repeated_2000_times_is_two_nodes_and_an_edge_per_sentence():
    sentence = "市委书记张三出席第三届中国国际进口博览会开幕式。"
    G = _build_without_model(sentence * 2000)
    assert {n: d["mentions"] for n, d in G.nodes(data=True)} == {
        "PERSON:张三": 2000,
        "EVENT:中国国际进口博览会开幕式": 2000,
    }
    edges = [d for *_, d in G.edges(data=True)]
    # one edge per evidence sentence, as on any page (a repeated fact keeps its evidence);
    # the output grows with the text, not with the mentions squared
    assert len(edges) == 2000 and {d["relation"] for d in edges} == {"attends"}
    assert {d["sentence"] for d in edges} == {sentence}
    assert sorted(d["start"] for d in edges) == list(range(0, 2000 * len(sentence), len(sentence)))


@pytest.mark.slow
def test_an_unpunctuated_page_gives_bounded_evidence():
    from kg.pipeline import build_graph_from_documents
    from kg.relations.engine import MAX_REACH
    from kg.text import make_document

    text = _unpunctuated(60_000)
    doc = make_document("u", text)
    G = build_graph_from_documents([doc])
    edges = [d for *_, d in G.edges(data=True)]
    assert edges  # the page holds relations: the bound is checked on something
    for d in edges:
        assert d["sentence"] == doc.text[d["start"] : d["end"]]
        assert len(d["sentence"]) <= MAX_REACH
    # before the bound every edge carried the whole page: 60,000 characters each
    assert sum(len(d["sentence"]) for d in edges) <= 2 * len(text)


class _Recorder:
    """A backend that records what it is given and finds every 张三."""

    name = "recorder"

    def __init__(self):
        self.seen: list[str] = []

    def predict(self, texts):
        from kg.types import Mention

        self.seen.extend(texts)
        return [
            [Mention("张三", "PERSON", m.start(), m.end()) for m in re.finditer("张三", t)]
            for t in texts
        ]


@pytest.mark.parametrize(
    "text",
    [
        "市委书记张三主持会议" * 3000,  # no mark at all
        "市委书记张三主持会议。" * 3000,  # sentences, on one line
        ("甲" * 2500 + "张三\n") * 3,  # long lines
    ],
)
def test_a_backend_never_sees_a_long_line(text):
    from kg.ner import MAX_LINE_CHARS, predict_lines

    backend = _Recorder()
    (found,) = predict_lines(backend, [text])
    assert max(map(len, backend.seen)) <= MAX_LINE_CHARS
    assert [m.start for m in found] == [m.start() for m in re.finditer("张三", text)]
    assert all(text[m.start : m.end] == "张三" for m in found)


@pytest.mark.parametrize(
    ("texts", "tagged"),
    [
        # the reproducer's shape: 160,000 characters in 80 pieces, all alike
        (["市委书记张三主持会议" * 16_000], 1),
        # boilerplate lines across a batch's documents
        (["本报讯 张三主持会议。\n（完）", "张三出席。\n（完）", "本报讯 张三主持会议。"], 3),
    ],
)
def test_a_recurring_line_or_piece_is_tagged_once(texts, tagged):
    from kg.ner import predict_lines

    backend = _Recorder()
    found = predict_lines(backend, texts)
    assert len(backend.seen) == len(set(backend.seen)) == tagged
    for text, mentions in zip(texts, found, strict=True):
        assert [m.start for m in mentions] == [m.start() for m in re.finditer("张三", text)]
        assert all(text[m.start : m.end] == "张三" for m in mentions)
    every = [m for mentions in found for m in mentions]
    assert len({id(m.attrs) for m in every}) == len(every)  # no mention shares its attrs
