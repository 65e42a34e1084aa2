"""Turn input bytes into text: detect the encoding, refuse mojibake, replace invalid code points.

Detection (:func:`detect_encoding`) never guesses silently. A byte-order mark (UTF-32,
UTF-8, UTF-16) decides. Otherwise each candidate that decodes the bytes strictly — UTF-8,
GB18030 (a superset of GBK and GB2312), UTF-16 without a BOM, Big5 — is scored by
:func:`plausibility`, the share of its characters that are ASCII, Chinese punctuation or
*frequent* Chinese characters (``kg/data/lexicons/common_chars.txt``; Big5 is scored against
its own frequent-character block). Shift-JIS, EUC-KR, Latin-1 or cp1252 bytes read as
GB18030 give rare characters and score low, so they are refused with the encoding they look
like, and the user can name it with ``encoding=`` (``--encoding`` on the command line).

Lone surrogates (from JSON escapes such as ``"\\ud800"``) and Unicode non-characters
(U+FFFE, U+FFFF, U+FDD0–U+FDEF, …) cannot be written to XML; :func:`clean_code_points`
replaces them with U+FFFD at reading, so no later stage ever sees them.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from kg.errors import InputError
from kg.text.chars import is_han

__all__ = [
    "decode_bytes",
    "detect_encoding",
    "decode_strict",
    "plausibility",
    "clean_code_points",
    "check_encoding",
    "bom_length",
    "PLAUSIBLE",
    "SAMPLE_CHARS",
]

log = logging.getLogger(__name__)

#: A guessed decoding is accepted when at least this share of its characters is plausible.
PLAUSIBLE = 0.6
#: A guess this plausible is not second-guessed (real Chinese news scores above it).
_SURE = 0.75
#: A candidate earlier in the order of preference wins over a better-scoring later one
#: when it is within this margin (GB18030 over UTF-16 without a BOM for short texts).
_MARGIN = 0.15
#: A short text's best reading, when valid UTF-8 reads worse (a single rare character).
_FAIR = 0.45
#: Detection looks at no more than this many bytes from the start.
_PREFIX = 65536
#: Plausibility is measured on at most this many characters from the start.
SAMPLE_CHARS = 20_000
#: Share of control characters above which decoded bytes are called binary.
MAX_CONTROLS = 0.1

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
#: Encodings tried without a BOM, in order of preference when two score the same.
_CANDIDATES = ("utf-8", "gb18030", "utf-16-le", "utf-16-be", "big5")
#: Encodings named when bytes are refused, if one of them decodes them plausibly.
_LOOKALIKES = ("euc-kr", "shift_jis", "cp1252")

#: Surrogates and non-characters: not text, and not allowed in XML.
_INVALID = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}" for p in range(0x10000, 0x110000, 0x10000))
    + "]"
)


def clean_code_points(text: str, where: str) -> str:
    """``text`` with lone surrogates and non-characters replaced by U+FFFD (a warning names
    ``where`` and the count); the length, and so every offset, stays.

    >>> clean_code_points("市委书记\\ud800张三", "x")
    '市委书记\\ufffd张三'
    """
    cleaned, count = _INVALID.subn("\ufffd", text)
    if count:
        log.warning("%s: replaced %d invalid code point(s) with U+FFFD", where, count)
    return cleaned


@lru_cache(maxsize=1)
def _hanzi_weights() -> dict[str, float]:
    """Weights of the frequent simplified characters: the first 1,000 count 1, the rest 0.5."""
    data = resources.files("kg") / "data" / "lexicons" / "common_chars.txt"
    lines = data.read_text(encoding="utf-8").splitlines()
    order = "".join(line.strip() for line in lines if not line.startswith("#"))
    return {ch: 1.0 if rank < 1000 else 0.5 for rank, ch in enumerate(order)}


@lru_cache(maxsize=1)
def _big5_weights() -> dict[str, float]:
    """Weights for Big5 text: a frequent simplified character that traditional text shares
    (的, 是, 在) keeps its weight, the rest of Big5's frequent block (常用字, A440–C67E) 0.5."""
    weights = {}
    for lead in range(0xA4, 0xC7):
        for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            if (lead, trail) > (0xC6, 0x7E):
                break
            try:
                ch = bytes((lead, trail)).decode("big5")
            except UnicodeDecodeError:
                continue
            weights[ch] = max(0.5, _hanzi_weights().get(ch, 0.0))
    return weights


#: Weight of a Chinese character that is not on the frequent list.
_RARE = 0.1
#: Weight of other letters (Latin with accents, Cyrillic, kana, Hangul).
_OTHER = 0.3


def _is_punct(o: int) -> bool:
    return (
        0x3000 <= o <= 0x303F  # CJK symbols and punctuation
        or 0xFF01 <= o <= 0xFF5E  # full-width forms
        or 0x2010 <= o <= 0x206F  # general punctuation (—, “”, …)
        or 0x00B7 == o
        or 0x2160 <= o <= 0x217F  # roman numerals
        or 0x2460 <= o <= 0x24FF  # circled numbers
        or 0x25A0 <= o <= 0x25FF  # geometric shapes (■, ●)
    )


def plausibility(text: str, *, traditional: bool = False) -> float:
    """How much (0..1) ``text`` reads like Chinese or ASCII text.

    Each character other than white space weighs: ASCII and Chinese punctuation 1; a
    Chinese character by its frequency (the 1,000 most frequent 1, the next 1,500 0.5,
    any other 0.1; with ``traditional``, the rest of Big5's frequent block 0.5); other
    letters (Latin with accents, kana, Hangul) 0.3; surrogates, private use and U+FFFD 0;
    ASCII control characters -1 (text in the wrong codec). A space between two Chinese
    characters (Korean spacing) weighs 0. Only the first :data:`SAMPLE_CHARS` characters
    are looked at. Wrong-codec text (EUC-KR or Shift-JIS
    read as GB18030) scores under 0.5, Chinese news over 0.75.

    >>> plausibility("平湖市召开对接会。")
    1.0
    >>> plausibility("ﾆﾀｶﾋ") < PLAUSIBLE
    True
    """
    sample = text[:SAMPLE_CHARS]
    weights = _big5_weights() if traditional else _hanzi_weights()
    good = 0.0
    counted = 0
    for i, ch in enumerate(sample):
        o = ord(ch)
        if ch.isspace():
            if ch == " " and 0 < i < len(sample) - 1:
                if is_han(sample[i - 1]) and is_han(sample[i + 1]):
                    counted += 1
            continue
        counted += 1
        if o < 0x80:
            good += 1.0 if o >= 0x20 and o != 0x7F else -1.0  # controls: wrong codec
        elif is_han(ch):
            good += weights.get(ch, _RARE)
        elif _is_punct(o):
            good += 1.0
        elif o < 0xA0 or o == 0xFFFD or unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
            continue
        else:
            good += _OTHER
    return max(good, 0.0) / counted if counted else 1.0


def decode_strict(data: bytes, encoding: str, *, final: bool = True) -> str | None:
    """``data`` decoded with ``encoding``, or None if any byte is invalid. With
    ``final=False`` a character cut at the end (a prefix of a longer input) is left out."""
    try:
        return codecs.getincrementaldecoder(encoding)().decode(data, final=final)
    except UnicodeDecodeError:
        return None


def check_encoding(encoding: str) -> str:
    """The codec's canonical name, or an :class:`InputError` for an unknown one."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(
            f"unknown encoding {encoding!r}; use a Python codec name such as utf-8, gbk, "
            "gb18030, big5, utf-16, shift_jis"
        ) from None


def _controls(text: str) -> int:
    return sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")


def _looks_korean(data: bytes, encoding: str, score: float) -> bool:
    """True when a double-byte guess of middling plausibility is Korean EUC-KR text: its
    Hangul lands on GB2312's frequent characters, so it needs a check of its own."""
    if encoding not in ("gb18030", "big5") or score >= _SURE:
        return False
    text = decode_strict(data, "euc-kr", final=False)
    if not text:
        return False
    hangul = sum(0xAC00 <= ord(ch) <= 0xD7A3 for ch in text)
    spaced = len(re.findall("[\uac00-\ud7a3] [\uac00-\ud7a3]", text))
    return hangul > 0.3 * sum(ord(ch) > 0x7F for ch in text) and spaced * 8 >= hangul > 0


def _lookalike(data: bytes) -> str:
    """ ", it looks like <codec>" when another codec decodes ``data`` plausibly, else ""."""
    for encoding in _LOOKALIKES:
        text = decode_strict(data, encoding, final=False)
        if not text:
            continue
        if encoding == "cp1252":
            looks = sum(ch.isalpha() or ch.isspace() or ch in ".,;:'\"!?-()" for ch in text)
            if looks / len(text) > 0.95 and any(ord(ch) > 0x7F for ch in text):
                return f"; it looks like {encoding} (Latin-1), not Chinese"
            continue
        script = sum(
            (0x3040 <= ord(ch) <= 0x30FF or 0xFF66 <= ord(ch) <= 0xFF9F)
            if encoding == "shift_jis"
            else 0xAC00 <= ord(ch) <= 0xD7A3
            for ch in text
        )
        if script / len(text) > 0.2:
            return f"; it looks like {encoding}, not Chinese"
    return ""


def _bad_utf8(data: bytes, *, share: int = 100) -> str:
    """Where UTF-8 text holds a few invalid bytes (at most one character in ``share``):
    "invalid UTF-8 at byte 7 (line 1)"; "" when the bytes are not mostly UTF-8."""
    text = data.decode("utf-8", "replace")
    if text.count("\ufffd") > max(3, len(text) // share) or plausibility(text) < PLAUSIBLE:
        return ""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return f"invalid UTF-8 at byte {err.start} (line {line})"
    return ""


def detect_encoding(
    data: bytes, name: str, *, final: bool = True, lenient: bool = False
) -> tuple[str, int]:
    """The encoding of ``data`` and the length of its byte-order mark (0 if none).

    ``final=False`` says ``data`` is only the start of a longer input; ``lenient`` accepts
    UTF-8 with a few invalid bytes (a reader of lines skips the lines that hold them). Raises
    :class:`InputError` naming ``name`` for binary data and for bytes that no candidate
    decodes into plausible text.

    >>> detect_encoding("平湖市".encode("gbk"), "a.txt")
    ('gb18030', 0)
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    if not data:
        return "utf-8", 0
    candidates = _CANDIDATES
    if b"\x00" in data:
        candidates = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
    if len(data) > _PREFIX:
        data, final = data[:_PREFIX], False
    scores: dict[str, float] = {}
    for encoding in candidates:
        text = decode_strict(data, encoding, final=final)
        if not text:
            continue
        if encoding == "utf-8" and text.isascii() and not _controls(text):
            return encoding, 0
        scores[encoding] = plausibility(text, traditional=encoding == "big5")
    plausible = {
        encoding: score
        for encoding, score in scores.items()
        if score >= PLAUSIBLE and not _looks_korean(data, encoding, score)
    }
    if plausible:
        best = max(plausible.values())
        return next(e for e in candidates if plausible.get(e, -1.0) >= best - _MARGIN), 0
    if "utf-8" in scores:
        # valid UTF-8 that is not Chinese is still text, unless a short GBK text (每, 谢谢)
        # happens to be valid UTF-8 too (as "ÿ", "лл") and reads clearly better as GB18030
        others = {
            e: score
            for e, score in scores.items()
            if e != "utf-8" and score >= _FAIR and not _looks_korean(data, e, score)
        }
        best = max(others, key=others.__getitem__, default=None)
        if best and others[best] >= scores["utf-8"] + _MARGIN:
            return best, 0
        return "utf-8", 0
    if b"\x00" in data:
        if lenient and data.count(b"\x00") * 100 < len(data):  # a few NULs in some lines
            return detect_encoding(data.replace(b"\x00", b""), name, final=final, lenient=True)
        raise InputError(f"{name}: binary file (it contains NUL bytes), not text")
    if lenient and _bad_utf8(data, share=20):
        return "utf-8", 0
    bad_utf8 = _bad_utf8(data)
    if bad_utf8:
        raise InputError(f"{name}: {bad_utf8}; fix those bytes or give --encoding")
    raise InputError(
        f"{name}: cannot decode the bytes as Chinese text in UTF-8, GB18030, UTF-16 or Big5"
        f"{_lookalike(data)}; give the encoding with --encoding if you know it"
    )


def bom_length(data: bytes, encoding: str) -> int:
    """The length of the byte-order mark of ``encoding`` that ``data`` starts with (0 if
    none, and for utf-16/utf-32, whose codecs read their BOM themselves)."""
    if encoding in ("utf-16", "utf-32"):
        return 0
    return next((len(b) for b, enc in _BOMS if data.startswith(b) and enc == encoding), 0)


def decode_bytes(data: bytes, name: str, *, encoding: str | None = None) -> str:
    """Decode the bytes of one input (``encoding`` given, else detected); ``name`` is used
    in errors and warnings. A BOM is never part of the text; invalid code points are
    replaced (:func:`clean_code_points`).

    Examples
    --------
    >>> decode_bytes("平湖".encode("gbk"), "a.txt")
    '平湖'
    >>> decode_bytes("平湖".encode("utf-16"), "a.txt")
    '平湖'
    """
    if not data.strip():
        raise InputError(f"{name}: empty input")
    if encoding:
        encoding = check_encoding(encoding)
        bom = bom_length(data, encoding)
        try:
            text = data[bom:].decode(encoding)
        except UnicodeDecodeError as err:
            raise InputError(
                f"{name}: cannot decode as {encoding}: invalid bytes at offset {err.start}"
            ) from None
    else:
        encoding, bom = detect_encoding(data, name)
        try:
            text = data[bom:].decode(encoding)
        except UnicodeDecodeError as err:
            at = bom + err.start
            line = data.count(b"\n", 0, at) + 1
            why = "although it starts with a byte-order mark" if bom else "after its start"
            raise InputError(
                f"{name}: cannot decode the file as {encoding} {why}: invalid bytes at "
                f"byte {at} (line {line})"
            ) from None
    text = text.removeprefix("\ufeff")  # a BOM of another codec than the one given
    if not text.strip():
        raise InputError(f"{name}: empty input (only whitespace)")
    if _controls(text) / len(text) > MAX_CONTROLS:
        raise InputError(f"{name}: binary file ({_controls(text)} control characters), not text")
    return clean_code_points(text, name)
