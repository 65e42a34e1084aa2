"""The spacy backend on a tiny zh pipeline (an entity_ruler) built and saved in the test."""

from __future__ import annotations

import pytest

from kg.errors import BackendError
from kg.ner.registry import get_backend


@pytest.fixture(scope="module")
def ruler_pipeline(tmp_path_factory):
    import spacy

    nlp = spacy.blank("zh")  # character segmentation: no jieba/pkuseg download
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "张三"},
            {"label": "GPE", "pattern": "北京"},
            {"label": "FAC", "pattern": "首都机场"},
            {"label": "ORG", "pattern": "清华大学"},
            {"label": "MONEY", "pattern": "五亿元"},
            {"label": "CARDINAL", "pattern": "三"},
        ]
    )
    path = tmp_path_factory.mktemp("spacy") / "zh_tiny"
    nlp.to_disk(path)
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("张三在北京", [("张三", "PERSON", 0, 2), ("北京", "LOC", 3, 5)]),
        ("清华大学 捐出五亿元", [("清华大学", "ORG", 0, 4), ("五亿元", "MONEY", 7, 10)]),
        ("飞抵首都机场", [("首都机场", "LOC", 2, 6)]),
        ("三个人", []),  # CARDINAL is dropped
        ("", []),
    ],
)
def test_labels_and_offsets(ruler_pipeline, text, expected):
    backend = get_backend("spacy", model=str(ruler_pipeline))
    [mentions] = backend.predict([text])
    assert [(m.text, m.label, m.start, m.end) for m in mentions] == expected
    assert all(m.source == "spacy" for m in mentions)


def test_batch_keeps_order(ruler_pipeline):
    backend = get_backend("spacy", model=str(ruler_pipeline))
    out = backend.predict(["北京", "", "张三"])
    assert [[m.text for m in ms] for ms in out] == [["北京"], [], ["张三"]]


def test_unknown_model_names_it(tmp_path):
    with pytest.raises(BackendError, match="could not load model .*no_such_pipeline"):
        get_backend("spacy", model=str(tmp_path / "no_such_pipeline"))


def test_model_is_required():
    with pytest.raises(BackendError, match="needs --model"):
        get_backend("spacy")


def test_pipeline_without_ner_is_refused(tmp_path):
    import spacy

    spacy.blank("zh").to_disk(tmp_path / "bare")
    with pytest.raises(BackendError, match="no entity recognizer"):
        get_backend("spacy", model=str(tmp_path / "bare"))
