"""Normalisation rules, the offset map and idempotence."""

import json
import random
from pathlib import Path

import pytest

from kg.errors import RuleError
from kg.text import normalize
from kg.text.normalize import is_open_paragraph, parse_layout

SEED = Path(__file__).parents[2] / "seeds" / "000_56421505ce6c9c76.txt"
LAYOUT = Path(__file__).parents[2] / "kg" / "data" / "lexicons" / "newspaper_layout.json"

BODY = "双方在不同细分领域各有所长、互补性强，具备天然的合作条件，希望各位企业家到平"  # 38 chars


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # NFKC: full-width latin, digits and space become ASCII
        ("ＡＩ产业２０２５年", "AI产业2025年"),
        ("王强\u3000郑凯欣", "王强 郑凯欣"),
        # ... but Chinese full-width punctuation is kept
        (
            "他说，“好！”（平湖）；对吗？是：《法》、。",
            "他说，“好！”（平湖）；对吗？是：《法》、。",
        ),
        ("等等……", "等等……"),
        # ASCII punctuation next to Chinese becomes full-width
        ("昨天,以", "昨天，以"),
        ("真的吗?是的!对;好:行", "真的吗？是的！对；好：行"),
        ("德默菲换热器(平湖)有限公司", "德默菲换热器（平湖）有限公司"),
        ("AI(人工智能)", "AI（人工智能）"),
        # ... but not between latin letters or digits
        ("1,000 and f(x) at 10:30", "1,000 and f(x) at 10:30"),
        # line ends
        ("第一段。\r\n第二段。\r第三段。", "第一段。\n第二段。\n第三段。"),
        # page markers anywhere, also after a trailing comma
        ("由基层工会作为管理方。\n\n(下转2版)\n\n下一篇", "由基层工会作为管理方。\n下一篇"),
        ("也是向高而攀的发展方式, (下转2版)", "也是向高而攀的发展方式，"),
        ("上文（上接1版）继续。", "上文继续。"),
        ("内容下转第2版", "内容"),
        ("（下转第 3 版）", ""),
        # words broken across lines and blank lines are joined in body text
        (BODY + "\n\n湖创业、创新、创造。", BODY + "湖创业、创新、创造。"),
        (
            "一个农业产业职工流动服务站,解暑热、能休憩,背后是人大代\n\n表、人民群众。",
            "一个农业产业职工流动服务站，解暑热、能休憩，背后是人大代表、人民群众。",
        ),
        # short headline lines are never joined
        (
            "全力打造人工智能 全场景应用试验场\n\n2025中日机器人产业合作对接会举行",
            "全力打造人工智能 全场景应用试验场\n2025中日机器人产业合作对接会举行",
        ),
        # a finished sentence is not joined
        (
            "刘民强致辞。\n\n他说，两国是机器人产业大国。",
            "刘民强致辞。\n他说，两国是机器人产业大国。",
        ),
        # an unfinished paragraph is not joined with a byline, a dateline or a headline
        (BODY + "\n■记者 胡佳英", BODY + "\n■记者 胡佳英"),
        (BODY + "\n本报讯 昨天举行。", BODY + "\n本报讯 昨天举行。"),
        (BODY + "\n“平湖造”机器人,阔步向前", BODY + "\n“平湖造”机器人，阔步向前"),
        # lines that are only a section number are dropped
        ("上文。\n\n二\n\n下文。", "上文。\n下文。"),
        ("上文。\n三、\n（一）\n(2)\n下文。", "上文。\n下文。"),
        ("上文。\n二、发展现状\n下文。", "上文。\n二、发展现状\n下文。"),
        # spaces: removed next to Chinese punctuation, one kept between Chinese words
        ("“民生大优享”突破行动、 重点民生实事", "“民生大优享”突破行动、重点民生实事"),
        ("他说 ， 好", "他说，好"),
        ("全力打造人工智能   全场景应用试验场", "全力打造人工智能 全场景应用试验场"),
        ("本报讯 昨天", "本报讯 昨天"),
        ("  \t前后空格\t  ", "前后空格"),
        # blank lines collapse, leading and trailing ones go
        ("\n\n\n\n标题\n\n\n\n正文。\n\n\n", "标题\n正文。"),
        # zero-width and control characters go
        ("平\u200b湖\ufeff日\x07报", "平湖日报"),
        ("", ""),
        ("\n \n", ""),
    ],
)
def test_rules(raw, expected):
    text, offsets = normalize(raw)
    assert text == expected
    assert len(offsets) == len(text)


def _assert_map(raw: str, text: str, offsets: list[int]) -> None:
    assert len(offsets) == len(text)
    assert offsets == sorted(offsets)
    for i, ch in enumerate(text):
        source = raw[offsets[i]]
        # unchanged characters map to themselves; changed ones to their source form
        assert (
            source == ch
            or normalize(source)[0] in (ch, "")
            or ch == "\n"
            or (ch in "，；：？！（）" and source in ",;:?!()")
        ), (i, ch, source)


def test_seed_offset_map():
    raw = SEED.read_text(encoding="utf-8")
    text, offsets = normalize(raw)
    _assert_map(raw, text, offsets)
    unchanged = sum(raw[offsets[i]] == ch for i, ch in enumerate(text))
    assert unchanged / len(text) > 0.95
    # newlines between paragraphs come from raw newlines
    assert all(raw[offsets[i]] == "\n" for i, ch in enumerate(text) if ch == "\n")


def test_seed_text():
    text, _ = normalize(SEED.read_text(encoding="utf-8"))
    assert "下转" not in text
    assert "到平湖创业" in text
    assert "人大代表、人民群众" in text
    assert "人脉资源多、示范带动强" in text
    assert "围绕各自领域区域发展现状" in text
    assert "更有“进”的强大空间" in text
    assert "于是她们一起在市十六届" in text
    assert "这样的“具象化”" in text
    assert "\n二\n" not in text
    assert "\n\n" not in text
    assert "昨天，以" in text and "," not in text
    assert text.startswith("全力打造人工智能 全场景应用试验场\n")
    assert text.endswith("也是向高而攀的发展方式，")


def test_map_of_full_width_and_crlf():
    raw = "ＡＩ,中\r\n\r\n下一段。"
    text, offsets = normalize(raw)
    assert text == "AI，中\n下一段。"
    assert offsets == [0, 1, 2, 3, 5, 8, 9, 10, 11]
    _assert_map(raw, text, offsets)


def test_expansion_maps_every_char_to_its_source():
    text, offsets = normalize("公司㈱")
    assert text == "公司（株）"
    assert offsets == [0, 1, 2, 2, 2]


def test_idempotent_on_seed():
    text, _ = normalize(SEED.read_text(encoding="utf-8"))
    again, offsets = normalize(text)
    assert again == text
    assert offsets == list(range(len(text)))


def test_idempotent_on_random_mixtures():
    pieces = [
        "中文",
        "平湖",
        "a",
        "1",
        ",",
        ";",
        "?",
        " ",
        "  ",
        "(",
        ")",
        "\n",
        "\n\n",
        "。",
        "、",
        "“",
        "”",
        "（",
        "）",
        "，",
        "■记者 胡佳英",
        "本报讯",
        "二",
        "(下转2版)",
        "\u3000",
        "Ａ",
        "…",
        BODY,
    ]
    rng = random.Random(7)
    for _ in range(3000):
        raw = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        text, offsets = normalize(raw)
        assert normalize(text)[0] == text, raw
        assert len(offsets) == len(text)


@pytest.mark.parametrize(
    ("text", "is_open"),
    [
        (BODY, True),
        ("一个农业产业职工流动服务站，解暑热、能休憩，背后是人大代", True),
        ("会上，学习了《民营经济促进法》。来自全市", True),
        ("仲旭东在亲清沙龙·政企恳谈暨商协会会长和企业家座谈会上强调", False),
        ("“民生大优享”突破行动、重点民生实事项目推进会召开", False),
        ("“平湖造”机器人，阔步向前", False),
        ("他说，中日两国是机器人产业大国，双方在不同细分领域各有所长。", False),
        ("“终于能喘口气了。”", False),
    ],
)
def test_is_open_paragraph(text, is_open):
    assert is_open_paragraph(text) is is_open


def test_layout_file_is_valid():
    layout = parse_layout(json.loads(LAYOUT.read_text(encoding="utf-8")))
    assert ("记者", "本报记者", False) in layout.byline_markers
    assert layout.page_marker.search("（下转2版）")


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"colour": "red"}, "unknown keys"),
        ({"page_markers": [{"id": "p", "pattern": "("}]}, "bad pattern"),
        ({"page_markers": [{"pattern": "x"}]}, "missing key 'id'"),
        ({"datelines": [{"id": "section.number", "marker": "x"}]}, "duplicate id"),
        (
            {"byline_roles": [{"id": "r", "role": "记者", "markers": ["记者", "记者"]}]},
            "listed twice",
        ),
        (
            {"byline_roles": [{"id": "r", "role": "记者", "markers": ["记者"], "photo": "no"}]},
            "true or false",
        ),
        ({"datelines": [{"id": "d", "marker": "本报讯", "lang": "zh"}]}, "unknown keys"),
    ],
)
def test_bad_layout_file(patch, message):
    data = json.loads(LAYOUT.read_text(encoding="utf-8"))
    data.update(patch)
    with pytest.raises(RuleError, match=message):
        parse_layout(data)
