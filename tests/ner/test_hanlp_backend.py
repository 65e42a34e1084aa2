"""The hanlp backend: a tiny HanLP RNN NER trained here, saved, reloaded with hanlp.load(dir)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.errors import BackendError
from kg.ner.base import get_backend
from kg.ner.evaluate import read_char_tagged

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
MSRA_TRAIN = CORPORA / "msra_ner" / "msra_train_bmes.txt"


def _iobes(tags: list[str]) -> list[str]:
    return [("I" + t[1:]) if t.startswith("M-") else t for t in tags]


def _write_tsv(path: Path, examples) -> None:
    from kg.ner.evaluate import spans_to_tags

    lines = []
    for text, spans in examples:
        for ch, tag in zip(text, _iobes(spans_to_tags(len(text), spans)), strict=True):
            lines.append(f"{ch}\t{tag}")
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_missing_hanlp_gives_install_hint(monkeypatch):
    from kg.ner.hanlp_backend import HanLPBackend

    monkeypatch.setitem(sys.modules, "hanlp", None)  # import hanlp -> ImportError
    with pytest.raises(BackendError, match=r"pip install torch==2\.13\.0.*kg\[hanlp\]"):
        HanLPBackend("whatever")


@pytest.fixture(scope="module")
def tiny_hanlp_model(tmp_path_factory):
    pytest.importorskip("hanlp")
    if not MSRA_TRAIN.is_file():
        pytest.skip(f"MSRA training data not found at {MSRA_TRAIN}")
    from kg.ner.hanlp_backend import train_rnn_ner

    examples = []
    for text, spans in read_char_tagged(MSRA_TRAIN):
        if spans and len(text) <= 60:
            examples.append((text, spans))
        if len(examples) == 300:
            break
    root = tmp_path_factory.mktemp("hanlp")
    trn, dev = root / "train.tsv", root / "dev.tsv"
    _write_tsv(trn, examples)
    _write_tsv(dev, examples[:50])
    save_dir = root / "model"
    train_rnn_ner(
        str(trn),
        str(dev),
        str(save_dir),
        epochs=10,
        embed=64,
        rnn_hidden=64,
        batch_size=16,
        lr=0.01,
        patience=12,
        anneal_patience=None,
        verbose=False,
    )
    return save_dir, examples


@pytest.mark.hanlp
@pytest.mark.slow
def test_tiny_model_reloads_and_predicts_kg_types(tiny_hanlp_model):
    save_dir, examples = tiny_hanlp_model
    backend = get_backend("hanlp", model=str(save_dir))
    assert backend.tagset == "msra"  # PER/ORG/LOC tags
    texts = [text for text, _ in examples[:40]] + ["", "  "]
    mentions = backend.predict(texts)
    assert len(mentions) == len(texts)
    assert mentions[-2:] == [[], []]
    found = [m for ms in mentions for m in ms]
    assert found, "the tiny model found no entity in its own training sentences"
    assert {m.label for m in found} <= {"PERSON", "ORG", "LOC"}
    for text, ms in zip(texts, mentions, strict=True):
        for m in ms:
            assert text[m.start : m.end] == m.text and m.source == "hanlp"
    # It has learnt something: a good part of the gold spans come back (overfit on train).
    gold = {(i, s, e) for i, (_, spans) in enumerate(examples[:40]) for s, e, _ in spans}
    pred = {(i, m.start, m.end) for i, ms in enumerate(mentions[:40]) for m in ms}
    assert len(gold & pred) >= 0.3 * len(gold)


@pytest.mark.hanlp
@pytest.mark.slow
def test_batch_first_fix_is_applied_on_load(tiny_hanlp_model):
    import hanlp

    from kg.ner.hanlp_backend import fix_rnn_crf

    save_dir, _ = tiny_hanlp_model
    component = hanlp.load(str(save_dir))
    assert not component.model.crf.batch_first  # HanLP 2.1.5 bug 1, as loaded
    assert fix_rnn_crf(component) is True
    assert component.model.crf.batch_first is True
    assert fix_rnn_crf(component) is False


@pytest.mark.hanlp
def test_bad_model_dir_is_a_backend_error(tmp_path):
    pytest.importorskip("hanlp")
    with pytest.raises(BackendError, match="could not load model"):
        get_backend("hanlp", model=str(tmp_path / "nope"))
