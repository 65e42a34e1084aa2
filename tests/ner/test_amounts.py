"""Tests for kg.ner.amounts: amounts found, their spans, values, units and markers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import RuleError
from kg.ner import amounts
from kg.ner.amounts import find_amounts, load_amount_lexicon, parse_amount

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_56421505ce6c9c76.txt"
LEXICON = Path(amounts.__file__).resolve().parent.parent / "data" / "lexicons" / "amounts.json"

# (text, label, raw, value, value_max, unit, approx); value_max None means == value
CASES = [
    # the seed page's amounts, in their sentences
    (
        "在集中签约环节,12个人工智能和机器人项目签约落地平湖",
        "QUANTITY",
        "12个",
        12,
        None,
        "个",
        False,
    ),
    ("总投资规模约30亿元,标志着", "MONEY", "约30亿元", 3e9, None, "CNY", True),
    ("该项目总投资1.55亿元,建设", "MONEY", "1.55亿元", 1.55e8, None, "CNY", False),
    ("达产后可实现年产值4.5亿元。", "MONEY", "4.5亿元", 4.5e8, None, "CNY", False),
    ("营收从0上升至1.5亿元,这是", "MONEY", "1.5亿元", 1.5e8, None, "CNY", False),
    ("今年他们公司营收将达到3亿元至5亿元,实现", "MONEY", "3亿元至5亿元", 3e8, 5e8, "CNY", False),
    ("年产值约90亿元。", "MONEY", "约90亿元", 9e9, None, "CNY", True),
    ("计划腾出东平片区约1000亩土地", "QUANTITY", "约1000亩", 1000, None, "亩", True),
    ("300多位来自中日机器人产业上下游企业", "QUANTITY", "300多位", 300, None, "位", True),
    ("平湖经开已集聚机器人企业30多家,包括", "QUANTITY", "30多家", 30, None, "家", True),
    ("年产7000台冷风机", "QUANTITY", "7000台", 7000, None, "台", False),
    ("和3000台干冷器建设项目", "QUANTITY", "3000台", 3000, None, "台", False),
    ("三级民生实事总体进度将超过65%。", "PERCENT", "超过65%", 65, None, "%", True),
    ("截至目前,50个项目均按工作计划有序推进", "QUANTITY", "50个", 50, None, "个", False),
    ("方面59个子项", "QUANTITY", "59个", 59, None, "个", False),
    ("来自全市不同行业的8位协会会长", "QUANTITY", "8位", 8, None, "位", False),
    # Arabic numbers: commas, decimals, full-width digits, spaces
    ("金额为120,214,058.67元。", "MONEY", "120,214,058.67元", 120214058.67, None, "CNY", False),
    ("投资555,000万元", "MONEY", "555,000万元", 5.55e9, None, "CNY", False),
    ("共１２３万元", "MONEY", "１２３万元", 1.23e6, None, "CNY", False),
    ("合同金额2.77 亿元", "MONEY", "2.77 亿元", 2.77e8, None, "CNY", False),
    # multipliers and currencies
    ("募资5000万美元", "MONEY", "5000万美元", 5e7, None, "USD", False),
    ("GDP达1.2万亿元", "MONEY", "1.2万亿元", 1.2e12, None, "CNY", False),
    ("作价648亿港元", "MONEY", "648亿港元", 6.48e10, None, "HKD", False),
    ("交易额2.2亿欧元", "MONEY", "2.2亿欧元", 2.2e8, None, "EUR", False),
    ("约3亿日元", "MONEY", "约3亿日元", 3e8, None, "JPY", True),
    ("售价3千万元", "MONEY", "3千万元", 3e7, None, "CNY", False),
    ("打车花了100块", "MONEY", "100块", 100, None, "CNY", False),
    ("罚款5万元", "MONEY", "5万元", 5e4, None, "CNY", False),
    ("单价14.54元/股", "MONEY", "14.54元/股", 14.54, None, "CNY", False),
    # bare 万/亿 amounts are yuan
    ("以15亿收购科迪速冻", "MONEY", "15亿", 1.5e9, None, "CNY", False),
    # Chinese numerals
    ("罚金三千万元", "MONEY", "三千万元", 3e7, None, "CNY", False),
    ("投资一亿两千万元", "MONEY", "一亿两千万元", 1.2e8, None, "CNY", False),
    ("共十二个项目", "QUANTITY", "十二个", 12, None, "个", False),
    ("融资两亿元", "MONEY", "两亿元", 2e8, None, "CNY", False),
    ("罚金三百二十万元", "MONEY", "三百二十万元", 3.2e6, None, "CNY", False),
    (
        "人民币伍亿柒仟叁佰玖拾贰万捌仟玖佰陆拾柒元整",
        "MONEY",
        "伍亿柒仟叁佰玖拾贰万捌仟玖佰陆拾柒元整",
        573928967,
        None,
        "CNY",
        False,
    ),
    (
        "肆亿零捌佰玖拾玖万贰仟玖佰玖拾陆元",
        "MONEY",
        "肆亿零捌佰玖拾玖万贰仟玖佰玖拾陆元",
        408992996,
        None,
        "CNY",
        False,
    ),
    ("退赔一千一百四十七元五角", "MONEY", "一千一百四十七元五角", 1147.5, None, "CNY", False),
    ("耗资十几亿美元", "MONEY", "十几亿美元", 1.1e9, 1.9e9, "USD", True),
    # approximation markers before
    ("近14亿元", "MONEY", "近14亿元", 1.4e9, None, "CNY", True),
    ("将近20亿元", "MONEY", "将近20亿元", 2e9, None, "CNY", True),
    ("超1亿元", "MONEY", "超1亿元", 1e8, None, "CNY", True),
    ("逾10亿元", "MONEY", "逾10亿元", 1e9, None, "CNY", True),
    ("大约2兆日元", "MONEY", "大约2兆日元", 2e12, None, "JPY", True),
    ("约为17.78亿美元", "MONEY", "约为17.78亿美元", 1.778e9, None, "USD", True),
    ("签约超亿元", "MONEY", "超亿元", 1e8, None, "CNY", True),
    ("签约金额逾千亿。", "MONEY", "逾千亿", 1e11, None, "CNY", True),
    ("上亿元的投资", "MONEY", "上亿元", 1e8, None, "CNY", True),
    # 达 / 多达 / 高达 state an exact figure and stay outside the span
    ("首日签约额达3亿元", "MONEY", "3亿元", 3e8, None, "CNY", False),
    ("多达500家", "QUANTITY", "500家", 500, None, "家", False),
    ("高达305亿元的收购", "MONEY", "305亿元", 3.05e10, None, "CNY", False),
    # limits are exact figures, not approximations
    ("不超过15亿元", "MONEY", "不超过15亿元", 1.5e9, None, "CNY", False),
    ("不低于10.8亿元", "MONEY", "不低于10.8亿元", 1.08e9, None, "CNY", False),
    # approximation markers after
    ("11万余元", "MONEY", "11万余元", 1.1e5, None, "CNY", True),
    ("3亿多元", "MONEY", "3亿多元", 3e8, None, "CNY", True),
    ("70多亿元", "MONEY", "70多亿元", 7e9, None, "CNY", True),
    ("2.53亿元左右", "MONEY", "2.53亿元左右", 2.53e8, None, "CNY", True),
    ("1亿元以上", "MONEY", "1亿元以上", 1e8, None, "CNY", True),
    ("100亩上下", "QUANTITY", "100亩上下", 100, None, "亩", True),
    # ranges
    ("3亿元至5亿元", "MONEY", "3亿元至5亿元", 3e8, 5e8, "CNY", False),
    ("3至5亿元", "MONEY", "3至5亿元", 3e8, 5e8, "CNY", False),
    ("3-5亿元", "MONEY", "3-5亿元", 3e8, 5e8, "CNY", False),
    ("3~5亿元", "MONEY", "3~5亿元", 3e8, 5e8, "CNY", False),
    ("3亿到5亿元", "MONEY", "3亿到5亿元", 3e8, 5e8, "CNY", False),
    ("5-10亿美元", "MONEY", "5-10亿美元", 5e8, 1e9, "USD", False),
    ("约2.4亿元至7.5亿元", "MONEY", "约2.4亿元至7.5亿元", 2.4e8, 7.5e8, "CNY", True),
    ("3亿元至3.6亿元之间", "MONEY", "3亿元至3.6亿元之间", 3e8, 3.6e8, "CNY", False),
    ("不低于3亿元、不超过6亿元", "MONEY", "不低于3亿元、不超过6亿元", 3e8, 6e8, "CNY", False),
    ("3%-5%", "PERCENT", "3%-5%", 3, 5, "%", False),
    # a currency written before the number
    ("美元500万", "MONEY", "美元500万", 5e6, None, "USD", False),
    ("约合人民币254亿", "MONEY", "约合人民币254亿", 2.54e10, None, "CNY", True),
    ("不超过人民币5,000万元", "MONEY", "不超过人民币5,000万元", 5e7, None, "CNY", False),
    # ... and left out of the span where 元 already says it
    ("拟以人民币1.2亿元收购", "MONEY", "1.2亿元", 1.2e8, None, "CNY", False),
    # percentages
    ("持股5.95%的股东", "PERCENT", "5.95%", 5.95, None, "%", False),
    ("占百分之三十", "PERCENT", "百分之三十", 30, None, "%", False),
    ("增长６５％", "PERCENT", "６５％", 65, None, "%", False),
    # quantities scaled by 万/亿, unit as written
    ("质押1000万股", "QUANTITY", "1000万股", 1e7, None, "股", False),
    ("年产10万吨", "QUANTITY", "10万吨", 1e5, None, "吨", False),
    ("建筑面积5000平方米", "QUANTITY", "5000平方米", 5000, None, "平方米", False),
    ("重5千克", "QUANTITY", "5千克", 5, None, "千克", False),
]


@pytest.mark.parametrize(("text", "label", "raw", "value", "value_max", "unit", "approx"), CASES)
def test_find_amounts(text, label, raw, value, value_max, unit, approx):
    found = find_amounts(text)
    assert [m.text for m in found] == [raw]
    m = found[0]
    assert m.label == label
    assert m.source == "amounts"
    assert text[m.start : m.end] == raw
    assert m.attrs["raw"] == raw
    assert m.attrs["value"] == pytest.approx(value, rel=1e-12)
    assert m.attrs["value_max"] == pytest.approx(
        value if value_max is None else value_max, rel=1e-12
    )
    assert m.attrs["unit"] == unit
    assert m.attrs["approx"] is approx
    assert isinstance(m.attrs["value"], float) and isinstance(m.attrs["value_max"], float)


@pytest.mark.parametrize(
    "text",
    [
        "2025中日机器人产业合作对接会举行",  # a year in a name
        "昨天下午,我市召开2025年“民生大优享”推进会",  # a year
        "自去年10月起,7月,我们预计",  # months
        "2025年7月10日",
        "二〇二五年",
        "第三方市场合作",  # ordinals
        "第3个项目",
        "第十二个",
        "联系电话:0573-85012345",  # phone numbers
        "手机13912345678",
        "尼得科传动技术,作为人形机器人的核心零部件",
        "又一个黄金增长点,每一家企业",  # 一 as an article
        "历时7个多月,三个月后",  # durations
        "2019-2020年",
        "5G网络和A320台",
        "千万不要",
        "二手房和二套房",  # 二 before a measure word is an ordinal (counting says 两)
        "将该村一块土地流转",  # 块 with a Chinese numeral counts pieces
        "让你成为派对上万众瞩目的",
        "",
    ],
)
def test_not_amounts(text):
    assert find_amounts(text) == []


def test_seed_page():
    text = SEED.read_text(encoding="utf-8")
    found = {m.text for m in find_amounts(text)}
    expected = {
        "约30亿元",
        "1.55亿元",
        "4.5亿元",
        "1.5亿元",
        "3亿元至5亿元",
        "约90亿元",
        "约1000亩",
        "300多位",
        "30多家",
        "12个",
        "7000台",
        "3000台",
        "超过65%",
        "50个",
        "59个",
        "8位",
    }
    assert expected <= found
    assert not {t for t in found if t.startswith("2025")}
    for m in find_amounts(text):
        assert text[m.start : m.end] == m.text


def test_offsets_and_order():
    text = "总投资1.55亿元,年产值4.5亿元,占比65%。"
    found = find_amounts(text)
    assert [(m.label, m.start, m.end) for m in found] == [
        ("MONEY", 3, 9),
        ("MONEY", 13, 18),
        ("PERCENT", 21, 24),
    ]
    assert [text[m.start : m.end] for m in found] == ["1.55亿元", "4.5亿元", "65%"]


@pytest.mark.parametrize("text", ["签约3亿元", "合约3亿元", "附近3家", "最近3家"])
def test_marker_inside_a_word_is_not_a_marker(text):
    (m,) = find_amounts(text)
    assert m.text == text[2:]
    assert m.attrs["approx"] is False


def test_parse_amount():
    assert parse_amount("约30亿元") == {
        "label": "MONEY",
        "value": 3e9,
        "value_max": 3e9,
        "unit": "CNY",
        "approx": True,
        "raw": "约30亿元",
        "qualifier": "约",
        "bound": "",
        "per": "",
    }
    assert parse_amount("3亿元至5亿元")["value_max"] == 5e8
    assert parse_amount("不超过15亿元")["bound"] == "max"


@pytest.mark.parametrize("raw", ["2025年", "第三", "总投资1.55亿元", "1.55亿元和2亿元", "", "元"])
def test_parse_amount_rejects(raw):
    with pytest.raises(ValueError, match="not an amount"):
        parse_amount(raw)


def test_packaged_lexicon_loads():
    lex = load_amount_lexicon()
    assert lex.currencies["美元"] == "USD"
    assert lex.multipliers["万亿"] == 1e12


def _write(tmp_path, change) -> Path:
    data = json.loads(LEXICON.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "amounts.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d.update(colour="red"),
            "top level: Additional properties are not allowed \\('colour' was unexpected\\)",
        ),
        (lambda d: d.pop("currencies"), "'currencies' is a required property"),
        (
            lambda d: d["currencies"].update({"卢布": "rouble"}),
            "currencies/卢布: 'rouble' does not match",
        ),
        (
            lambda d: d["multipliers"].update({"亿": "a lot"}),
            "multipliers/亿: 'a lot' is not of type 'number'",
        ),
        (
            lambda d: d["prefix_markers"].update({"约": {"approx": "yes"}}),
            "prefix_markers/约/approx: 'yes' is not of type 'boolean'",
        ),
        (
            lambda d: d["prefix_markers"].update({"约": {"approx": True, "bound": "up"}}),
            "prefix_markers/约/bound: 'up' is not one of",
        ),
        (
            lambda d: d["prefix_markers"].update({"约": {"approx": True, "fuzzy": 1}}),
            "prefix_markers/约: Additional properties are not allowed \\('fuzzy'",
        ),
        (lambda d: d["quantity_units"].append("元"), "'元' are listed under two labels"),
        (lambda d: d["bare_multipliers"].append("打"), "'打' is not in 'multipliers'"),
        (lambda d: d["not_followed_by"].update({"斤": ["两"]}), "'斤' is not a unit"),
        (lambda d: d.update(digits=["一"]), "digits: \\['一'\\] is not of type 'object'"),
    ],
)
def test_bad_lexicon_is_refused(tmp_path, change, message):
    with pytest.raises(RuleError, match=message):
        load_amount_lexicon(_write(tmp_path, change))


def test_bad_json_is_refused(tmp_path):
    path = tmp_path / "amounts.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(RuleError, match="amounts.json: not valid JSON"):
        load_amount_lexicon(path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(RuleError, match="cannot read"):
        load_amount_lexicon(tmp_path / "nope.json")
