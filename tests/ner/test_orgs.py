"""Organisations known by an official short form (kg.ner.orgs, known_orgs.json)."""

from __future__ import annotations

import json

import pytest

from kg.errors import RuleError
from kg.ner import orgs
from kg.ner.orgs import find_known_orgs, full_name


@pytest.mark.parametrize(
    "text,found",
    [
        ("盟基金、中比基金均由国开行出资。", ["国开行"]),
        ("央行行长周小川表示。", ["央行"]),
        ("西班牙的生育率在经合组织成员中较低。", ["经合组织"]),
        (
            "工行、建行、农行、中行、交行、招行全面上线。",
            ["工行", "建行", "农行", "中行", "交行", "招行"],
        ),
        ("他去了北大荒。", []),  # 北大 inside a word
        ("中行业协会。", []),  # 中行 across two words
    ],
)
def test_find_known_orgs(text, found):
    assert [m.text for m in find_known_orgs(text)] == found


@pytest.mark.parametrize(
    "form,full",
    [("央行", "中国人民银行"), ("证监会", "中国证券监督管理委员会"), ("中国银行", "中国银行")],
)
def test_full_name(form, full):
    assert full_name(form) == full


def test_a_form_of_two_organisations_is_refused(monkeypatch):
    class _Fake:
        def joinpath(self, _name):
            return self

        def read_text(self, _encoding):
            items = [{"name": "甲银行", "short": ["甲行"]}, {"name": "乙银行", "short": ["甲行"]}]
            return json.dumps({"organisations": items})

    monkeypatch.setattr(orgs.resources, "files", lambda _pkg: _Fake())
    orgs.known_orgs.cache_clear()
    try:
        with pytest.raises(RuleError, match="甲行"):
            orgs.known_orgs()
    finally:
        orgs.known_orgs.cache_clear()
