"""Encoding detection refuses mojibake; invalid code points never get past reading."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.text.decode import (
    PLAUSIBLE,
    clean_code_points,
    decode_bytes,
    detect_encoding,
    plausibility,
)

NEWS = "平湖市召开2025中日机器人产业合作对接会。市领导周军波、何健出席，“智汇机器人”！"
KOREAN = "대한민국은 동아시아의 한반도 남부에 위치한 민주공화국이다. 서울은 대한민국의 수도이다."
JAPANESE = "日本語の文章です。東京都は日本の首都であり、最大の都市である。"
FRENCH = "Café résumé naïve façade: où est la bibliothèque? Ça va très bien, merci."
TRADITIONAL = "平湖市召開中日機器人產業合作對接會，市領導出席並致辭。"


@pytest.mark.parametrize(
    ("text", "encoding", "looks_like"),
    [
        (KOREAN, "euc-kr", "euc-kr"),
        (KOREAN[:12], "euc-kr", "euc-kr"),
        (JAPANESE, "shift_jis", "shift_jis"),
        (JAPANESE[:8], "shift_jis", "shift_jis"),
        (FRENCH, "latin-1", "cp1252"),
        (FRENCH + " “quoted” – dash", "cp1252", "cp1252"),
    ],
)
def test_other_languages_are_refused_and_named(text, encoding, looks_like):
    data = text.encode(encoding)
    with pytest.raises(InputError, match=rf"a\.txt: cannot decode .* looks like {looks_like}"):
        decode_bytes(data, "a.txt")
    # ... and read when the user names the encoding
    assert decode_bytes(data, "a.txt", encoding=encoding) == text


@pytest.mark.parametrize(
    "encoding", ["utf-8", "gbk", "gb18030", "utf-16-le", "utf-16-be", "big5", "utf-8-sig"]
)
def test_chinese_news_is_read_in_every_encoding(encoding):
    text = TRADITIONAL if encoding == "big5" else NEWS
    assert decode_bytes(text.encode(encoding), "a.txt") == text


# Common words whose GBK bytes are also valid UTF-8 (as "лл", "Ǳͧ", "ú̿"), from the words
# of jieba's dictionary: each is read as GB18030, not as the UTF-8 mojibake.
GBK_VALID_AS_UTF8 = [
    "谢谢",
    "潜艇",
    "煤炭",
    "鲁迅",
    "偏偏",
    "盈盈",
    "恰恰",
    "乾隆",
    "每10",
    "省20%",
]


@pytest.mark.parametrize("word", GBK_VALID_AS_UTF8)
def test_short_gbk_that_is_valid_utf8_is_read_as_gbk(word):
    data = word.encode("gbk")
    data.decode("utf-8")  # the premise: these bytes are valid UTF-8
    assert decode_bytes(data, "a.txt") == word


def test_short_gbk_words_valid_as_utf8_are_read_right():
    # every two-character word among jieba's 20,000 most frequent whose GBK is valid UTF-8
    jieba = pytest.importorskip("jieba")
    words = []
    for line in (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8"):
        word, freq, *_ = line.split(" ")
        if len(word) == 2 and all("\u4e00" <= c <= "\u9fff" for c in word):
            words.append((int(freq), word))
    tricky = []
    for _, word in sorted(words, reverse=True)[:20000]:
        data = word.encode("gbk", "ignore")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        tricky.append(word)
    wrong = [w for w in tricky if decode_bytes(w.encode("gbk"), "w") != w]
    # two characters can be truly ambiguous (芦苇 is valid UTF-8 too, as "«έ");
    # the audit found 36 of 2,000 short GBK strings misread: now at most 1 in 20
    assert len(tricky) > 500
    assert len(wrong) <= len(tricky) // 20, wrong


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("平湖日报 ABC 2025", "utf-16-le"),
        ("平湖日报 ABC 2025", "utf-16-be"),
        ("市委书记张三主持会议，李四出席。", "utf-16-le"),
        ("市委书记张三主持会议，李四出席。", "utf-16-be"),
    ],
)
def test_utf16_without_bom(text, encoding):
    assert decode_bytes(text.encode(encoding), "a.txt") == text


def test_bom_is_never_in_the_text():
    assert decode_bytes("\ufeff张三".encode(), "a.txt") == "张三"
    assert decode_bytes("张三".encode("utf-8-sig"), "a.txt") == "张三"
    assert decode_bytes("张三".encode("utf-8-sig"), "a.txt", encoding="utf-8") == "张三"


def test_bad_utf8_names_the_byte_and_line():
    data = "第一行。\n张三在北京".encode() + b"\xff" + "工作。\n".encode()
    with pytest.raises(InputError, match=r"a\.txt: invalid UTF-8 at byte 28 \(line 2\)"):
        decode_bytes(data, "a.txt")


def test_a_given_encoding_that_does_not_fit_is_one_line():
    with pytest.raises(InputError, match=r"a\.txt: cannot decode as utf-8: invalid bytes"):
        decode_bytes("平湖".encode("gbk"), "a.txt", encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        decode_bytes(b"abc", "a.txt", encoding="klingon")


def test_binary_is_refused():
    with pytest.raises(InputError, match="binary"):
        decode_bytes(os.urandom(64) + b"\x00" * 8, "a.bin")


@pytest.mark.parametrize(
    "bad", ["\ud800", "\udfff", "\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\U0010ffff"]
)
def test_invalid_code_points_are_replaced_with_a_warning(bad, caplog):
    with caplog.at_level(logging.WARNING):
        assert clean_code_points(f"市委书记{bad}张三", "x") == "市委书记\ufffd张三"
    assert "x: replaced 1 invalid code point" in caplog.text


def test_invalid_code_points_in_utf8_bytes_are_replaced():
    data = b"\xe5\xb8\x82\xe5\xa7\x94\xe4\xb9\xa6\xe8\xae\xb0\xe5\x88\x98\xe5\xb9\xb6\xef\xbf\xbe"
    assert decode_bytes(data, "f.txt") == "市委书记刘并\ufffd"


def test_plausibility_tells_chinese_from_mojibake():
    assert plausibility(NEWS) >= 0.8
    assert plausibility(KOREAN.encode("euc-kr").decode("gb18030")) < PLAUSIBLE
    assert plausibility(JAPANESE.encode("shift_jis").decode("gb18030")) < PLAUSIBLE


def test_detection_looks_at_a_prefix_only():
    data = NEWS.encode("gbk") * 5000  # 370 kB: the encoding is decided on the first 64 KiB
    assert detect_encoding(data, "big.txt") == ("gb18030", 0)
    assert detect_encoding(data[:65537], "cut.txt", final=False) == ("gb18030", 0)


def test_bad_bytes_after_the_detected_prefix_are_named():
    data = ("平湖日报。\n" * 20000).encode() + b"\xff" + "完。".encode()
    with pytest.raises(
        InputError,
        match=r"a\.txt: cannot decode the file as utf-8 after its start: .* \(line 20001\)",
    ):
        decode_bytes(data, "a.txt")
    with pytest.raises(InputError, match=r"with a byte-order mark: invalid bytes at byte 3 "):
        decode_bytes(b"\xef\xbb\xbf\xff\xff", "b.txt")
