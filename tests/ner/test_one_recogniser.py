"""One recogniser, one answer: `kg ner`, ``kg.load_nlp()`` and `kg build` find the same
entities in one text (issue 9, item 7), on real news of the THUCNews dev set."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.text import normalize
from kg.types import Document

ROOT = Path(__file__).resolve().parents[2]
CNEWS = (
    Path(os.environ.get("KG_CORPORA", ROOT.parent / "shared" / "corpora"))
    / "thucnews_sample"
    / "cnews.val.txt"
)
#: dev-set articles (tests/dev/thucnews; none held out) with a byline, names found again
#: after a title, or a company named again by its short name: the page steps `kg build`
#: once ran alone
LINES = (450, 471, 723, 752, 822, 1000)


def _article(number: int) -> str:
    if not CNEWS.is_file():
        pytest.skip(f"THUCNews sample not found: {CNEWS} (set KG_CORPORA)")
    with CNEWS.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines, 1):
            if n == number:
                return normalize(line.rstrip("\n").partition("\t")[2])[0]
    raise AssertionError(f"cnews.val.txt has no line {number}")


def _kg_ner(text: str, tmp_path: Path) -> set[tuple]:
    path = tmp_path / "one.txt"
    path.write_text(text + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ner", str(path)])
    assert result.exit_code == 0, result.output
    (line,) = result.output.splitlines()
    return {(e["start"], e["end"], e["label"], e["text"]) for e in json.loads(line)["entities"]}


def _load_nlp(text: str) -> set[tuple]:
    import kg

    doc = kg.load_nlp(relations=False)(text)
    return {(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents}


def _build(text: str) -> set[tuple]:
    from kg.pipeline import analyze_documents

    (analysed,) = analyze_documents([Document(id="one", text=text, raw=text)])
    return {(m.start, m.end, m.label, m.text) for m in analysed.mentions}


@pytest.mark.slow
@pytest.mark.parametrize("number", LINES)
def test_kg_ner_load_nlp_and_build_agree(number, tmp_path):
    text = _article(number)
    built = _build(text)
    assert "PERSON" in {label for _s, _e, label, _t in built}
    assert _kg_ner(text, tmp_path) == built
    assert _load_nlp(text) == built


def _people(found: set[tuple]) -> set[str]:
    return {t for _s, _e, label, t in found if label == "PERSON"}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("number", "named", "not_named"),
    [
        (752, "雷鸣", None),  # named only in the byline: （全景网/雷鸣）
        (822, "郭帆", "郭帆邀"),  # 导演郭帆介绍 found again in 导演郭帆邀他来扮演
    ],
)
def test_the_page_steps_are_part_of_every_answer(number, named, not_named, tmp_path):
    text = _article(number)
    for found in (_kg_ner(text, tmp_path), _load_nlp(text), _build(text)):
        assert named in _people(found)
        assert not_named not in _people(found)
