"""The character CRF: features, chunking, tags and spans, scoring, training, the shipped model."""

from __future__ import annotations

import json

import pytest

from kg.errors import BackendError, InputError, RuleError
from kg.model import default_model_dir
from kg.model.crf import CRFTagger, chunk_text
from kg.model.features import load_lexicon, normalize, sentence_features
from kg.ner.backends._labels import load_label_map
from kg.ner.registry import get_backend
from kg.training.evaluate import (
    evaluate_predict,
    read_char_tagged,
    read_cluener,
    score_spans,
    spans_to_tags,
    tags_to_spans,
)
from kg.types import ENTITY_TYPES, Mention

from .corpora import TINY_MSRA, write_tiny_corpora

HAS_MODEL = (default_model_dir() / "meta.json").is_file()
needs_model = pytest.mark.skipif(not HAS_MODEL, reason="no model in kg/data/model")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    from kg.training.train_crf import TrainConfig, train_crf

    root = write_tiny_corpora(tmp_path_factory.mktemp("corpora"))
    out = tmp_path_factory.mktemp("model")
    lines = []
    meta = train_crf(
        out,
        root,
        TrainConfig(max_iterations=30, minfreq=0, c1=0.0, dev_fraction=0),
        progress=lines.append,
    )
    return out, meta, lines


# --- features ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("ＡＢＣ１２３", "ABC123"), ("　，", " ,"), ("中文", "中文"), ("", "")],
)
def test_normalize_is_half_width_and_keeps_length(raw, expected):
    assert normalize(raw) == expected
    assert len(normalize(raw)) == len(raw)


def test_features_per_char_with_lexicon_and_classes():
    lexicon = load_lexicon()
    feats = sentence_features("江泽民访问北京１２", lexicon)
    assert len(feats) == 9
    assert "c江" in feats[0] and "d泽" in feats[0]
    assert "LBr" in feats[0]  # 江泽民 is a person name (nr) in jieba's dictionary
    assert any(f.startswith("LBs") for f in feats[5])  # 北京 is a place (ns)
    assert "c1" in feats[7]  # full-width digits are normalised
    assert any(f.startswith("kD") or f[1:3] == "DD" for f in feats[8] if f[0] == "k")


def test_domain_features_are_prefixed_copies():
    lexicon = load_lexicon()
    plain = sentence_features("江泽民访问", lexicon)
    styled = sentence_features("江泽民访问", lexicon, "m")
    assert styled[0][: len(plain[0])] == plain[0]
    extra = styled[0][len(plain[0]) :]
    assert extra[:4] == ["m~", "m~c江", "m~g\x02江", "m~h江泽"]
    assert "m~LBr" in extra


def test_features_of_empty_text():
    assert sentence_features("", load_lexicon()) == []


# --- chunking ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "max_len", "expected"),
    [
        ("", 10, []),
        ("   ", 10, []),
        ("甲乙。丙丁！", 10, [(0, 3), (3, 6)]),
        ("甲乙，丙丁戊己", 4, [(0, 3), (3, 7)]),
        ("甲乙丙丁戊己", 4, [(0, 4), (4, 6)]),
        ("甲。\n\n乙", 10, [(0, 2), (4, 5)]),
    ],
)
def test_chunk_text(text, max_len, expected):
    assert chunk_text(text, max_len) == expected


def test_chunks_cover_long_text_within_limit():
    text = ("这是一个很长的句子，没有句号" * 40) + "。结尾"
    chunks = chunk_text(text, 50)
    assert all(e - s <= 50 for s, e in chunks)
    assert "".join(text[s:e] for s, e in chunks) == text


# --- tags and spans ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        ("B-PER E-PER O S-LOC".split(), [(0, 2, "PER"), (3, 4, "LOC")]),
        ("B-ORG M-ORG M-ORG E-ORG".split(), [(0, 4, "ORG")]),
        ("B-LOC I-LOC O B-PER".split(), [(0, 2, "LOC"), (3, 4, "PER")]),  # BIO
        ("B-LOC B-LOC".split(), [(0, 1, "LOC"), (1, 2, "LOC")]),
        ("O E-PER O".split(), [(1, 2, "PER")]),  # ill-formed: read leniently
        ("M-ORG E-LOC".split(), [(0, 1, "ORG"), (1, 2, "LOC")]),
        ([], []),
    ],
)
def test_tags_to_spans(tags, spans):
    assert tags_to_spans(tags) == spans


def test_spans_to_tags_round_trip():
    spans = [(0, 1, "LOC"), (2, 5, "ORG"), (6, 8, "PER")]
    tags = spans_to_tags(9, spans)
    assert tags == ["S-LOC", "O", "B-ORG", "M-ORG", "E-ORG", "O", "B-PER", "E-PER", "O"]
    assert tags_to_spans(tags) == spans


# --- scoring -----------------------------------------------------------------------


def test_score_spans_counts_exact_matches_per_type():
    gold = [[(0, 2, "PER"), (3, 5, "LOC")], [(0, 4, "ORG")]]
    pred = [[(0, 2, "PER"), (3, 6, "LOC")], [(0, 4, "ORG"), (5, 6, "PER")]]
    scores = score_spans(gold, pred)
    assert (scores["PER"].tp, scores["PER"].pred, scores["PER"].gold) == (1, 2, 1)
    assert (scores["LOC"].tp, scores["LOC"].pred, scores["LOC"].gold) == (0, 1, 1)
    assert scores["ALL"].precision == pytest.approx(2 / 4)
    assert scores["ALL"].recall == pytest.approx(2 / 3)
    assert scores["ALL"].f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))


def test_evaluate_predict_maps_kg_types_and_ignores_others():
    data = [("张三在北京", [(0, 2, "PER"), (3, 5, "LOC")])]

    def predict(texts):
        return [
            [
                Mention("张三", "PERSON", 0, 2),
                Mention("北京", "LOC", 3, 5),
                Mention("在北京", "EVENT", 2, 5),
            ]
        ]

    result = evaluate_predict(predict, data, backend="fake", dataset="tiny")
    assert result.scores["ALL"].f1 == 1.0
    assert result.chars == 5


def test_readers(tmp_path):
    root = write_tiny_corpora(tmp_path)
    msra = list(read_char_tagged(root / "msra_ner" / "msra_train_bmes.txt"))
    assert msra[0] == TINY_MSRA[0] and len(msra) == len(TINY_MSRA)
    test = list(read_char_tagged(root / "msra_ner" / "msra_test_bio.txt"))
    assert test == TINY_MSRA[:4]
    clue = list(read_cluener(root / "cluener2020" / "dev.json"))
    assert clue[0] == ("孙七是腾讯公司员工", [(0, 2, "PER"), (3, 7, "ORG")])
    assert clue[1] == ("周八读了三体", [(0, 2, "PER")])  # book is not scored
    with pytest.raises(InputError, match="corpus file not found: .*nope"):
        list(read_cluener(tmp_path / "nope.json"))


# --- training and loading ----------------------------------------------------------


def test_train_tiny_model_and_tag(tiny_model):
    out, meta, lines = tiny_model
    assert (out / "ner.crfsuite").is_file()
    assert json.loads((out / "meta.json").read_text()) == meta
    assert meta["sentences"]["msra"] == {"train": 20, "dev": 0}
    assert any(line.startswith("Iteration") for line in lines)
    tagger = CRFTagger(out)
    assert tagger.tag_spans("张三在北京工作。") == [(0, 2, "PER"), (3, 5, "LOC")]


@pytest.mark.slow
def test_kg_backend_with_model_dir_maps_types_and_offsets(tiny_model):
    out, _, _ = tiny_model
    backend = get_backend("kg", model=str(out))
    text = "张三在北京工作，" * 30 + "张三在北京工作。"  # several chunks, cut at commas
    [mentions, empty] = backend.predict([text, ""])
    assert empty == []
    assert len(mentions) == 62
    assert {m.label for m in mentions} == {"PERSON", "LOC"}
    for m in mentions:
        assert text[m.start : m.end] == m.text and m.source == "kg"


def test_tiny_model_styles(tiny_model):
    out, meta, _ = tiny_model
    assert meta["domains"] == {"msra": "m", "cluener": "c"} and meta["style"] == "msra"
    assert CRFTagger(out).style == "msra"
    tagger = CRFTagger(out, "cluener")
    assert tagger.style == "cluener"
    assert tagger.tag_spans("孙七是腾讯公司员工") == [(0, 2, "PER"), (3, 7, "ORG")]
    with pytest.raises(BackendError, match="unknown tagging style 'resume'.*msra, cluener"):
        CRFTagger(out, "resume")


def test_missing_model_says_how_to_train(tmp_path):
    with pytest.raises(BackendError, match="kg train-ner"):
        CRFTagger(tmp_path)


def test_feature_version_mismatch_is_refused(tiny_model, tmp_path):
    out, meta, _ = tiny_model
    (tmp_path / "ner.crfsuite").write_bytes((out / "ner.crfsuite").read_bytes())
    (tmp_path / "meta.json").write_text(json.dumps({**meta, "feature_version": 0}))
    with pytest.raises(BackendError, match="feature version 0"):
        CRFTagger(tmp_path)


# --- label maps --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tagset", "tag", "kg_type"),
    [
        ("msra", "NR", "PERSON"),
        ("msra", "NT", "ORG"),
        ("msra", "NS", "LOC"),
        ("pku", "nr", "PERSON"),
        ("ontonotes", "GPE", "LOC"),
        ("ontonotes", "FAC", "LOC"),
        ("ontonotes", "MONEY", "MONEY"),
        ("ontonotes", "CARDINAL", None),
    ],
)
def test_label_maps(tagset, tag, kg_type):
    mapping = load_label_map(tagset)
    assert mapping[tag] == kg_type
    assert set(mapping.values()) <= set(ENTITY_TYPES) | {None}


def test_label_map_errors(tmp_path):
    with pytest.raises(RuleError, match="unknown tag set 'conll'.*msra"):
        load_label_map("conll")
    bad = tmp_path / "maps.json"
    bad.write_text(json.dumps({"x": {"PER": "HUMAN"}}))
    with pytest.raises(RuleError, match="unknown kg type 'HUMAN'"):
        load_label_map("x", str(bad))


# --- the shipped model ---------------------------------------------------------------


@needs_model
def test_shipped_model_is_the_neural_tagger_within_size():
    from kg.model import load_model
    from kg.model.tagger import NeuralTagger

    meta = json.loads((default_model_dir() / "meta.json").read_text(encoding="utf-8"))
    files = [default_model_dir() / "ner.npz", default_model_dir() / "crf" / "crf.npz"]
    size = sum(path.stat().st_size for path in files)
    assert size == meta["size_bytes"] and size < 50_000_000
    assert meta["labels"] == ["PER", "ORG", "LOC"] and meta["style"] == "msra"
    assert meta["crf"]["dir"] == "crf" and 0 < meta["crf"]["weight"] <= 1
    assert not list(default_model_dir().rglob("*.crfsuite"))  # the CRF ships compiled
    assert isinstance(load_model(), NeuralTagger)
    assert load_model() is load_model(default_model_dir())  # loaded once


@pytest.mark.slow
@needs_model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "国务院总理李强在北京会见了美国总统。",
            {("李强", "PERSON"), ("北京", "LOC"), ("美国", "LOC"), ("国务院", "ORG")},
        ),
        (
            "中国人民银行行长易纲表示，上海的房价正在回落。",
            {("中国人民银行", "ORG"), ("易纲", "PERSON"), ("上海", "LOC")},
        ),
    ],
)
def test_shipped_model_finds_common_entities(text, expected):
    [mentions] = get_backend("kg").predict([text])
    assert expected <= {(m.text, m.label) for m in mentions}


@pytest.mark.slow
@needs_model
def test_shipped_model_cluener_style_keeps_whole_addresses():
    text = "他住在河北省石家庄市长安区。"
    [msra] = get_backend("kg").predict([text])
    [clue] = get_backend("kg", style="cluener").predict([text])
    assert ("河北省", "LOC") in {(m.text, m.label) for m in msra}
    assert any(m.label == "LOC" and m.text.startswith("河北省石家庄市") for m in clue)


@pytest.mark.slow
@needs_model
def test_load_nlp_sets_doc_ents():
    import kg

    nlp = kg.load_nlp()
    assert nlp is kg.load_nlp()  # cached
    assert nlp.pipe_names == ["kg_ner", "kg_relations"]
    doc = nlp("国务院总理李强在北京会见了美国总统。")
    assert [t.text for t in doc][:3] == ["国", "务", "院"]  # character tokens
    ents = {(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents}
    assert ("李强", "PERSON", 5, 7) in ents and ("北京", "LOC", 8, 10) in ents
    assert nlp("").ents == () and nlp("   ").ents == ()


@pytest.mark.slow
@needs_model
def test_load_nlp_gives_what_kg_ner_prints(seed_path):
    import json

    from click.testing import CliRunner

    import kg
    from kg.cli import main

    lines = [line for line in seed_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = lines[:12]
    result = CliRunner().invoke(main, ["ner", "-"], input="\n".join(lines) + "\n")
    printed = [json.loads(row)["entities"] for row in result.output.splitlines()]
    nlp = kg.load_nlp()
    for line, entities in zip(lines, printed, strict=True):
        ents = [(e.start_char, e.end_char, e.label_) for e in nlp(line).ents]
        assert ents == [(e["start"], e["end"], e["label"]) for e in entities], line


@pytest.mark.slow
def test_load_nlp_with_model_dir(tiny_model):
    from kg.ner.nlp import load_nlp

    out, _, _ = tiny_model
    doc = load_nlp(str(out))("张三 在北京工作。")
    assert [(e.text, e.label_, e.start_char) for e in doc.ents] == [
        ("张三", "PERSON", 0),
        ("北京", "LOC", 4),
    ]
