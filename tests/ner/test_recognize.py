"""The entity layer's own steps: names trimmed, transliterated names joined (no model)."""

from __future__ import annotations

import pytest

from kg.ner import join_transliterated, recognize_text, trimmed
from kg.types import Mention


def _m(text: str, surface: str, label: str = "PERSON", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(surface, label, start, start + len(surface), "test")


@pytest.mark.parametrize(
    "surface,label,expected",
    [
        (" 沈洋 ", "PERSON", "沈洋"),
        ("\xa0外交部", "ORG", "外交部"),
        ("   ", "PERSON", None),
        ("茜茜 魏梅竹", "PERSON", None),  # two people, not one
        ("尼康 Multi", "ORG", "尼康 Multi"),
        ("周军波", "PERSON", "周军波"),
        ("新浪娱乐讯 新浪娱乐", "ORG", "新浪娱乐"),  # two pieces: the name is the last
        ("台湾“中央社", "ORG", "中央社"),
        ("孙利）中央军委", "ORG", "中央军委"),
        ("中国智库——中国国际经济交流中心", "ORG", "中国国际经济交流中心"),
        ("是石科技（平湖）有限公司", "ORG", "石科技（平湖）有限公司"),  # unless the rules kept 是
        ("在美国华盛顿大学", "ORG", "美国华盛顿大学"),
        ("他的公司的", "ORG", "公司"),
    ],
)
def test_trimmed(surface, label, expected):
    text = f"记者{surface}报道"
    m = trimmed(Mention(surface, label, 2, 2 + len(surface), "test"))
    if expected is None:
        assert m is None
    else:
        assert m.text == expected == text[m.start : m.end]


def test_a_part_the_model_typed_otherwise_joins_the_person():
    text = "昌西-比卢普斯得到20分。"
    place = Mention("昌西", "LOC", 0, 2, "kg")
    person = Mention("比卢普斯", "PERSON", 3, 7, "kg")
    joined = join_transliterated(text, [place, person])
    assert [(m.text, m.label) for m in joined] == [("昌西-比卢普斯", "PERSON")]


@pytest.mark.parametrize(
    "text,parts,expected",
    [
        ("湖人队前锋拉玛尔-奥多姆恼羞成怒。", ["拉玛尔", "奥多姆"], "拉玛尔-奥多姆"),
        ("湖人队前锋拉玛尔-奥多姆恼羞成怒。", ["奥多姆"], "拉玛尔-奥多姆"),
        ("内内和肯扬-马丁的内线组合。", ["马丁"], "肯扬-马丁"),  # 和 ends the first part
        ("导演约瑟夫·夏因去世。", ["约瑟夫"], "约瑟夫·夏因"),
        ("比分是98-90。", [], None),
        (
            "科比-布莱恩特腾空而起。",
            ["布莱恩特"],
            "科比-布莱恩特",
        ),  # 科比: an abbreviation to jieba
    ],
)
def test_join_transliterated(text, parts, expected):
    mentions = [_m(text, p) for p in parts]
    people = [m.text for m in join_transliterated(text, mentions) if m.label == "PERSON"]
    if expected is None:
        assert people == []
    else:
        assert people == [expected]
        assert all(expected == text[m.start : m.end] for m in join_transliterated(text, mentions))


@pytest.mark.parametrize(
    "text,model,absent",
    [
        ("索尼T900的屏幕很大。", [("索尼T900", "ORG")], "索尼T900"),  # a product
        ("他是最佳主帅热门的人选。", [("热门", "PERSON")], "热门"),  # a dictionary word
        ("对新购房的居民来说，房价很高。", [("来说", "PERSON")], "来说"),
        ("坚持马克思主义的立场。", [("马克思", "PERSON")], "马克思"),  # splits a word
        ("他在北京的写字楼上班。", [("写字楼", "LOC")], "写字楼"),  # a common noun
        ("两人稍后会见面。", [("稍后会", "PERSON")], "稍后会"),  # function words, no name
        ("如果吕不来，就算了。", [("如果吕", "PERSON")], "如果吕"),
    ],
)
def test_words_that_are_no_names(text, model, absent):
    found = recognize_text(text, [_m(text, s, label) for s, label in model])
    assert absent not in {m.text for m in found}


def test_a_surname_and_a_word_is_still_a_name():
    text = "昨天胡大为来了。"
    assert "胡大为" in {m.text for m in recognize_text(text, [_m(text, "胡大为")])}


@pytest.mark.parametrize(
    "text,model,expected",
    [
        ("主任胡大为说。", "胡大为", "胡大为"),  # the model's name beats a length guess
        ("会长朱中一介绍。", "朱中", "朱中一"),  # unless the guess adds a third character
        ("负责人祝磊称，今年很好。", "祝磊", "祝磊"),  # that is no 称
    ],
)
def test_model_and_title_rule_disagreeing_on_a_name(text, model, expected):
    people = {m.text for m in recognize_text(text, [_m(text, model)]) if m.label == "PERSON"}
    assert people == {expected}


def test_recognize_text_trims_and_joins_model_names():
    text = "记者 沈洋 报道，拉玛尔-奥多姆得分。"
    model = [_m(text, " 沈洋 "), _m(text, "拉玛尔"), _m(text, "奥多姆")]
    people = {m.text for m in recognize_text(text, model) if m.label == "PERSON"}
    assert {"沈洋", "拉玛尔-奥多姆"} <= people and "拉玛尔" not in people
