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


@pytest.mark.parametrize(
    "text,model,expected,absent",
    [
        # a title inside the model's organisation is part of its name: no person after it
        (
            "5年来，市人大常委会领导也同时参加考试。",
            [("市人大常委会", "ORG")],
            ("市人大常委会", "ORG"),
            "会领导",
        ),
        # a rule's organisation that holds the model's person, or starts left of its
        # organisation, goes; the model's person and organisation stay
        (
            "第二天，谢启光叫纪委的同志把钱还了。",
            [("谢启光", "PERSON")],
            ("谢启光", "PERSON"),
            "谢启光叫纪委",
        ),
        (
            "本报讯抚顺市纪委就廉洁自律问题作出规定。",
            [("抚顺市纪委", "ORG")],
            ("抚顺市纪委", "ORG"),
            "本报讯抚顺市纪委",
        ),
        # the rule's organisation that starts the model's longer one (a unit of it) goes
        (
            "中国人民大学经济体制改革与发展研究院院长黄泰岩表示。",
            [("中国人民大学经济体制改革与发展研究院", "ORG"), ("黄泰岩", "PERSON")],
            ("中国人民大学经济体制改革与发展研究院", "ORG"),
            "中国人民大学",
        ),
        (
            "史静寰（北京师范大学教育学系教授）：记得那年。",
            [("史静寰", "PERSON"), ("北京师范大学教育学系", "ORG")],
            ("北京师范大学教育学系", "ORG"),
            "北京师范大学",
        ),
        # a title across the end of the model's committee starts after it
        (
            "山西省稷山县委书记、县长雷郭堂一心为民。",
            [("山西省稷山县委", "ORG"), ("雷郭堂", "PERSON")],
            ("书记", "TITLE"),
            "县委书记",
        ),
        # an amount inside the model's name is part of the name
        (
            "他们了解到怀安县二百户村有两个孩子辍学。",
            [("二百户村", "LOC")],
            ("二百户村", "LOC"),
            "二百户",
        ),
        # a title and a person the rules read across the model's places go
        (
            "20块奖牌使湖南省长沙市雨花区办公大楼蓬荜生辉。",
            [("湖南省", "LOC"), ("长沙市", "LOC")],
            ("长沙市", "LOC"),
            "沙市雨",
        ),
        # a third character that opens a word is not the name's
        (
            "复旦大学金融学院教授张军不无担忧地指出。",
            [("张军", "PERSON")],
            ("张军", "PERSON"),
            "张军不",
        ),
        # an organisation before a title names something: a common noun does not
        (
            "据市场总经理王兆祥介绍，顾客很满意。",
            [("王兆祥", "PERSON")],
            ("王兆祥", "PERSON"),
            "市场",
        ),
    ],
)
def test_the_rules_defer_to_the_models_boundaries(text, model, expected, absent):
    found = {
        (m.text, m.label) for m in recognize_text(text, [_m(text, s, label) for s, label in model])
    }
    assert expected in found
    assert absent not in {t for t, _label in found}


@pytest.mark.parametrize(
    "text,place,kept",
    [
        ("河北唐山、辽宁大连、山西忻州和江西等地。", "大连", True),  # a division jieba tags "d"
        ("如今的山东省寿光市是闻名的大棚之乡。", "寿光市", True),  # a rare word ending like a place
        ("洞井乡是远近闻名的建筑之乡。", "洞井乡", True),
        ("他在北京的写字楼上班。", "写字楼", False),  # a common noun stays out
        ("他是最佳主帅热门的人选。", "热门", False),
    ],
)
def test_a_models_place_that_jieba_files_as_a_word(text, place, kept):
    found = {m.text for m in recognize_text(text, [_m(text, place, "LOC")]) if m.label == "LOC"}
    assert (place in found) is kept
