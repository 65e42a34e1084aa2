"""Gazetteers (kg.ner.places): China's divisions, the world's places (Unicode CLDR), Taiwan,
Hong Kong and Macau; the places they find and what they keep the model from getting wrong."""

from __future__ import annotations

import pytest

from kg.errors import RuleError
from kg.ner import recognize_text
from kg.ner.places import _read_tsv, find_places, gazetteer, is_place_name
from kg.types import Mention


def _m(text: str, surface: str, label: str) -> Mention:
    start = text.index(surface)
    return Mention(surface, label, start, start + len(surface), "kg")


@pytest.mark.parametrize(
    "name,kind",
    [
        ("德国", "territory"),  # CLDR territory names
        ("香港", "province"),  # 香港特别行政区 by its short name
        ("撒哈拉以南非洲", "region"),
        ("洛杉矶", "city"),  # CLDR exemplar cities
        ("台中", "taiwan"),  # places_extra.tsv
        ("南京市", "prefecture"),  # divisions.tsv, full and short names
        ("南京", "prefecture"),
        ("广西", "province"),  # 广西壮族自治区
        ("新疆", "province"),  # 新疆维吾尔自治区
        ("延边", "prefecture"),  # 延边朝鲜族自治州
    ],
)
def test_gazetteer_knows(name, kind):
    assert gazetteer()[name] == kind


@pytest.mark.parametrize(
    "name",
    [
        "联合国",  # an organisation in kg, left out of CLDR's territories
        "欧盟",
        "大同",  # a short name that is a common word (大同市 stays)
        "郊区",  # a county-level name that every city has
        "达尔文",  # a city named as often for a person
        "戴维斯",  # a research station's time zone
    ],
)
def test_gazetteer_leaves_out(name):
    assert name not in gazetteer()


FOUND = [
    ("台中大肚、嘉义六脚都是2级。", ["台中", "嘉义"]),  # Taiwan
    ("西班牙是撒哈拉以南非洲移民进入欧盟的门户。", ["西班牙", "撒哈拉以南非洲"]),
    ("他在南京市工作。", ["南京市"]),
    ("目前南京市场上各类产品。", []),  # 市场 is a word, not 南京市
    ("新浪体育讯北京时间4月24日", []),  # 北京时间 tells the time
    ("基金安顺下跌3.25%。", []),  # a fund named after a place
    ("中国人民银行行长说。", []),  # a place inside a word
    ("和平区的居民。", []),  # starts with a stop character
]


@pytest.mark.parametrize("text,places", FOUND)
def test_find_places(text, places):
    assert [m.text for m in find_places(text)] == places


def test_a_gazetteer_place_fills_in_where_the_model_found_nothing():
    text = "花莲秀林最大震度3级，南投合欢山1级。"
    found = {(m.text, m.label) for m in recognize_text(text, [])}
    assert {("花莲", "LOC"), ("南投", "LOC")} <= found


def test_the_model_wins_over_a_gazetteer_place_inside_its_name():
    text = "北京大学校长说。"
    found = {(m.text, m.label) for m in recognize_text(text, [_m(text, "北京大学", "ORG")])}
    assert ("北京大学", "ORG") in found and ("北京", "LOC") not in found


def test_a_gazetteer_place_wins_over_the_model_place_inside_it():
    text = "尤其是撒哈拉以南非洲移民。"
    found = {m.text for m in recognize_text(text, [_m(text, "撒哈拉", "LOC")])}
    assert "撒哈拉以南非洲" in found and "撒哈拉" not in found


@pytest.mark.parametrize(
    "text,model,kept",
    [
        ("在开罗与亚历山大之间。", "亚历山", False),  # splits the dictionary's 亚历山大
        ("在美国纽约举行。", "美国", True),  # splits 美国纽约, but the gazetteer knows 美国
    ],
)
def test_a_place_that_splits_a_word(text, model, kept):
    found = {m.text for m in recognize_text(text, [_m(text, model, "LOC")])}
    assert (model in found) is kept


def test_gazetteer_places_are_place_names():
    assert is_place_name("台中") and is_place_name("撒哈拉以南非洲")


def test_a_bad_gazetteer_row_is_refused(monkeypatch):
    from importlib import resources

    class _Fake:
        def joinpath(self, _name):
            return self

        def read_text(self, _encoding):
            return "# header\n台\tcity\n"

    monkeypatch.setattr(resources, "files", lambda _pkg: _Fake())
    with pytest.raises(RuleError, match="name<TAB>kind"):
        _read_tsv("world_places.tsv")
