"""The hanlp backend: a tiny HanLP RNN NER trained here, saved, reloaded with hanlp.load(dir)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.errors import BackendError
from kg.ner.registry import get_backend
from kg.training.evaluate import read_char_tagged

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
MSRA_TRAIN = CORPORA / "msra_ner" / "msra_train_bmes.txt"

_PEOPLE = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴刚"]
_PLACES = ["北京", "上海", "广州", "深圳", "杭州", "南京", "武汉", "成都", "西安", "天津"]
_ORGS = ["华为公司", "清华大学", "人民银行", "市教育局", "新华社", "中国银行", "腾讯公司"]
_TEMPLATES = [
    "{p}在{l}工作。",
    "{p}昨天访问了{l}。",
    "{o}的{p}表示，{l}经济平稳。",
    "{p}加入{o}已有三年。",
    "记者从{o}获悉，{p}将前往{l}。",
    "{l}的{o}邀请{p}讲课。",
]


def _synthetic_msra(n: int = 300) -> list[tuple[str, list]]:
    """MSRA-like sentences built from name, place and organisation lists (no corpus needed)."""
    out = []
    for k in range(n):
        p, loc = _PEOPLE[k % 10], _PLACES[(k * 3 + k // 10) % 10]
        o, template = _ORGS[(k * 7 + k // 7) % 7], _TEMPLATES[k % len(_TEMPLATES)]
        text = template.format(p=p, l=loc, o=o)
        spans = []
        for name, label in ((p, "PER"), (loc, "LOC"), (o, "ORG")):
            start = text.find(name)
            if "{" + {"PER": "p", "LOC": "l", "ORG": "o"}[label] + "}" in template:
                spans.append((start, start + len(name), label))
        out.append((text, sorted(spans)))
    return out


def _iobes(tags: list[str]) -> list[str]:
    return [("I" + t[1:]) if t.startswith("M-") else t for t in tags]


def _write_tsv(path: Path, examples) -> None:
    from kg.model.tags import spans_to_tags

    lines = []
    for text, spans in examples:
        for ch, tag in zip(text, _iobes(spans_to_tags(len(text), spans)), strict=True):
            lines.append(f"{ch}\t{tag}")
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_missing_hanlp_gives_install_hint(monkeypatch):
    from kg.ner.backends.hanlp import HanLPBackend

    monkeypatch.setitem(sys.modules, "hanlp", None)  # import hanlp -> ImportError
    with pytest.raises(
        BackendError, match=r"pip install torch --index-url .*/whl/cpu.*pip install hanlp==2\.1\.5"
    ):
        HanLPBackend("whatever")


@pytest.fixture(scope="module")
def tiny_hanlp_model(tmp_path_factory):
    pytest.importorskip("hanlp")
    from kg.training.train_hanlp import train_rnn_ner

    # 300 MSRA training sentences when ../shared/corpora is there, else made-up ones, so that
    # the real HanLP training, saving and loading path runs on every machine.
    examples = []
    if MSRA_TRAIN.is_file():
        for text, spans in read_char_tagged(MSRA_TRAIN):
            if spans and len(text) <= 60:
                examples.append((text, spans))
            if len(examples) == 300:
                break
    else:
        examples = _synthetic_msra()
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

    from kg.ner.backends.hanlp import fix_rnn_crf

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


def test_synthetic_sentences_are_well_formed():
    examples = _synthetic_msra()
    assert len(examples) == 300 and len({t for t, _ in examples}) > 100
    for text, spans in examples:
        assert spans and all(text[s:e] in _PEOPLE + _PLACES + _ORGS for s, e, _ in spans)
