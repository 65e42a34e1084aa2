"""Normalise raw newspaper text and keep a map from every output character back to the raw text.

The rules, in the order they run (each is a small function below):

1. Line breaks: ``\\r\\n``, ``\\r`` and Unicode line/paragraph separators become ``\\n``.
2. Characters: NFKC per character, so full-width letters, digits and spaces become ASCII,
   except the full-width punctuation Chinese text uses (，；：？！（）［］｛｝～ and …),
   which is kept; zero-width and control characters are dropped; tabs become spaces.
3. Page jump markers such as ``(下转2版)``, ``（上接1版）`` or ``下转第2版`` are removed
   wherever they are (patterns in ``kg/data/lexicons/newspaper_layout.json``).
4. Lines are stripped; empty lines and lines that are only a section number
   (``二``, ``三、``, ``（一）``) are dropped.
5. Broken lines are joined: a paragraph that looks like body text (see :func:`is_open_paragraph`)
   and does not end a sentence is continued by the next line with no separator
   ("到平\\n\\n湖创业" -> "到平湖创业"), unless that line is a byline or a dateline or a
   short unfinished line (a headline). Short headline lines are never joined.
6. Inside each paragraph, ASCII ``, ; : ? ! ( )`` next to Chinese become ``，；：？！（）``;
   spaces next to Chinese punctuation are removed ("行动、 重点" -> "行动、重点") and other
   runs of spaces collapse to one. A single space between two Chinese characters is kept on
   purpose: it separates byline names ("王强 郑凯欣"), the two halves of a headline
   ("全力打造人工智能 全场景应用试验场") and the dateline ("本报讯 昨天").
7. Paragraphs are joined with a single ``\\n``; there are no leading or trailing blank lines.

``normalize`` is idempotent: ``normalize(normalize(x)[0])[0] == normalize(x)[0]``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.errors import RuleError
from kg.text.chars import is_han

__all__ = [
    "normalize",
    "Layout",
    "load_layout",
    "is_open_paragraph",
    "ends_sentence",
    "SENTENCE_FINAL",
    "CLOSERS",
]

#: Characters that end a sentence.
SENTENCE_FINAL = "。！？!?…"
#: Closing quotes and brackets that stay with the sentence they close.
CLOSERS = "”’」』）)》〉】〕]"
#: Clause punctuation that marks a line as running text rather than a headline.
_CLAUSE = "，,；;：:"

#: A paragraph with at least this many characters (spaces not counted) and clause
#: punctuation is body text; a headline is shorter or has no clause punctuation.
BODY_MIN_CHARS = 20
#: A paragraph this long is body text even without any punctuation.
BODY_LONG_CHARS = 40

# Full-width punctuation that NFKC would turn into ASCII but Chinese text keeps.
_KEEP = frozenset("，；：？！（）［］｛｝～…‥")
_CONVERTIBLE = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_DROP = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")

_LAYOUT_FILE = "newspaper_layout.json"


# --------------------------------------------------------------------------- layout data


@dataclass(frozen=True)
class Layout:
    """Newspaper layout cues loaded from ``kg/data/lexicons/newspaper_layout.json``."""

    page_marker: re.Pattern
    section_markers: tuple[re.Pattern, ...]
    #: numbered subheadings ("一、", "（二）"): inside an article, never a new headline
    subhead_markers: tuple[re.Pattern, ...]
    bullets: str
    #: verbs of a short attribution after a quote ("张丽燕说。"), kept with the quote
    speech_verbs: tuple[str, ...]
    datelines: tuple[str, ...]
    #: (role, marker, is_photo), longest marker first
    byline_markers: tuple[tuple[str, str, bool], ...]


def _require(entry: dict, key: str, kind: type, where: str):
    if key not in entry:
        raise RuleError(f"{where}: missing key {key!r}")
    value = entry[key]
    if not isinstance(value, kind) or (isinstance(value, str | list) and not value):
        raise RuleError(f"{where}: {key!r} must be a non-empty {kind.__name__}, got {value!r}")
    return value


def _compile(entry: dict, where: str) -> re.Pattern:
    pattern = _require(entry, "pattern", str, where)
    try:
        return re.compile(pattern)
    except re.error as err:
        raise RuleError(f"{where}: bad pattern {pattern!r}: {err}") from None


def parse_layout(data: dict, name: str = _LAYOUT_FILE) -> Layout:
    """Validate a layout mapping (the JSON file's content) and build a :class:`Layout`."""
    known = {
        "version",
        "description",
        "page_markers",
        "section_markers",
        "subhead_markers",
        "bullets",
        "speech_verbs",
        "datelines",
        "byline_roles",
    }
    if not isinstance(data, dict):
        raise RuleError(f"{name}: expected a JSON object")
    unknown = set(data) - known
    if unknown:
        raise RuleError(f"{name}: unknown keys {sorted(unknown)}; valid keys: {sorted(known)}")
    seen: set[str] = set()

    def entries(key: str, fields: set[str]) -> list[dict]:
        items = _require(data, key, list, name)
        for item in items:
            where = f"{name}: {key}"
            if not isinstance(item, dict):
                raise RuleError(f"{where}: entries must be objects, got {item!r}")
            entry_id = _require(item, "id", str, where)
            where = f"{name}: {entry_id}"
            if entry_id in seen:
                raise RuleError(f"{where}: duplicate id")
            seen.add(entry_id)
            extra = set(item) - fields - {"id"}
            if extra:
                raise RuleError(
                    f"{where}: unknown keys {sorted(extra)}; valid keys: {sorted(fields | {'id'})}"
                )
        return items

    page = [_compile(e, f"{name}: {e['id']}") for e in entries("page_markers", {"pattern"})]
    sections = tuple(
        _compile(e, f"{name}: {e['id']}") for e in entries("section_markers", {"pattern"})
    )
    subheads = tuple(
        _compile(e, f"{name}: {e['id']}") for e in entries("subhead_markers", {"pattern"})
    )
    datelines = tuple(
        _require(e, "marker", str, f"{name}: {e['id']}") for e in entries("datelines", {"marker"})
    )
    markers: list[tuple[str, str, bool]] = []
    for e in entries("byline_roles", {"role", "markers", "photo"}):
        where = f"{name}: {e['id']}"
        role = _require(e, "role", str, where)
        photo = e.get("photo", False)
        if not isinstance(photo, bool):
            raise RuleError(f"{where}: 'photo' must be true or false, got {photo!r}")
        for marker in _require(e, "markers", list, where):
            if not isinstance(marker, str) or not marker:
                raise RuleError(f"{where}: markers must be non-empty strings, got {marker!r}")
            if any(marker == m for _, m, _ in markers):
                raise RuleError(f"{where}: marker {marker!r} is listed twice")
            markers.append((role, marker, photo))
    markers.sort(key=lambda m: -len(m[1]))
    bullets = _require(data, "bullets", str, name)
    verbs = _require(data, "speech_verbs", list, name)
    if not all(isinstance(v, str) and v for v in verbs):
        raise RuleError(f"{name}: 'speech_verbs' must be non-empty strings, got {verbs!r}")
    page_marker = re.compile("[ ]*(?:" + "|".join(f"(?:{p.pattern})" for p in page) + ")[ ]*")
    return Layout(page_marker, sections, subheads, bullets, tuple(verbs), datelines, tuple(markers))


@lru_cache(maxsize=1)
def load_layout() -> Layout:
    """Load and validate the packaged layout lexicon (once; cached)."""
    path = resources.files("kg") / "data" / "lexicons" / _LAYOUT_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise RuleError(f"{_LAYOUT_FILE}: invalid JSON: {err}") from None
    return parse_layout(data)


# --------------------------------------------------------------------------- char classes


def _is_han(ch: str) -> bool:
    # wider than is_han for joining broken lines: compatibility ideographs, the supplementary
    # planes and 〇 (二〇〇八) join like any Chinese character
    o = ord(ch)
    return (
        is_han(ch)
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3FFFF
        or 0x4DC0 <= o <= 0x4DFF
        or o == 0x3007
    )


def _is_cjk_punct(ch: str) -> bool:
    o = ord(ch)
    return (
        0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFF0F
        or 0xFF1A <= o <= 0xFF20
        or 0xFF3B <= o <= 0xFF40
        or 0xFF5B <= o <= 0xFF65
        or 0x2018 <= o <= 0x201F
        or ch in "…‥—·"
    )


def _is_cjk(ch: str) -> bool:
    return _is_han(ch) or _is_cjk_punct(ch)


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with sentence-final punctuation, closing quotes allowed after it."""
    body = text.rstrip(" ").rstrip(CLOSERS)
    return bool(body) and body[-1] in SENTENCE_FINAL


def is_open_paragraph(text: str) -> bool:
    """True when ``text`` is body text cut off in mid-sentence, to be joined with the next line.

    Body text: it has a sentence-final mark inside, or at least :data:`BODY_MIN_CHARS`
    characters and clause punctuation (，；：), or at least :data:`BODY_LONG_CHARS` characters.
    Anything shorter is taken as a headline and never joined.
    """
    return _Paragraph(text).is_open()


class _Paragraph:
    """A paragraph being assembled from lines, with what :func:`is_open_paragraph` needs
    kept up to date line by line (so long hard-wrapped paragraphs stay linear)."""

    __slots__ = ("pieces", "offsets", "newline_at", "chars", "clause", "final", "tail")

    def __init__(self, line: str, offsets: list[int] | None = None, newline_at=None):
        self.pieces: list[str] = []
        self.offsets: list[int] = []
        self.newline_at = newline_at
        self.chars = 0
        self.clause = self.final = False
        self.tail = ""
        self.add(line, offsets or [], newline_at)

    def add(self, line: str, offsets: list[int], newline_at) -> None:
        self.pieces.append(line)
        self.offsets.extend(offsets)
        self.newline_at = newline_at
        self.chars += len(line) - line.count(" ")
        self.clause = self.clause or any(ch in _CLAUSE for ch in line)
        self.final = self.final or any(ch in SENTENCE_FINAL for ch in line)
        self.tail = (self.tail + line)[-64:]

    def is_open(self) -> bool:
        if ends_sentence(self.tail):
            return False
        return (
            self.final
            or (self.chars >= BODY_MIN_CHARS and self.clause)
            or self.chars >= BODY_LONG_CHARS
        )


# --------------------------------------------------------------------------- mapped edits


def _sub(text: str, offs: list[int], pattern: re.Pattern, repl) -> tuple[str, list[int]]:
    """``pattern.sub`` that keeps the offset map: equal-length replacements map 1:1,
    otherwise each new character maps to where it occurs in the match, else to its start."""
    out: list[str] = []
    out_offs: list[int] = []
    pos = 0
    for m in pattern.finditer(text):
        out.append(text[pos : m.start()])
        out_offs.extend(offs[pos : m.start()])
        new = repl(m) if callable(repl) else repl
        old = m.group(0)
        if len(new) == len(old):
            out_offs.extend(offs[m.start() : m.end()])
        else:
            for ch in new:
                k = old.find(ch)
                out_offs.append(offs[m.start() + (k if k >= 0 else 0)])
        out.append(new)
        pos = m.end()
    out.append(text[pos:])
    out_offs.extend(offs[pos:])
    return "".join(out), out_offs


_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")


def _normalize_chars(text: str, offs: list[int]) -> tuple[str, list[int]]:
    out: list[str] = []
    out_offs: list[int] = []
    for ch, i in zip(text, offs, strict=True):
        if ch == "\n" or ch in _KEEP:
            new = ch
        elif ch == "\t":
            new = " "
        elif ch in _DROP or unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        else:
            new = unicodedata.normalize("NFKC", ch)
        out.append(new)
        out_offs.extend([i] * len(new))
    return "".join(out), out_offs


def _convert_punct(text: str) -> str:
    """ASCII , ; : ? ! ( ) next to Chinese become full-width (same length, so the map holds).

    Repeated until nothing changes, since a converted mark is itself Chinese context.
    """
    while (converted := _convert_punct_once(text)) != text:
        text = converted
    return text


def _convert_punct_once(text: str) -> str:
    chars = list(text)
    n = len(chars)

    def neighbour(i: int, step: int, skip: str) -> str:
        i += step
        while 0 <= i < n and (chars[i] == " " or chars[i] in skip):
            i += step
        return chars[i] if 0 <= i < n else ""

    skip = "".join(_CONVERTIBLE)
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(chars):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            pairs.append((stack.pop(), i))
    paired = {i for pair in pairs for i in pair}
    for i, j in pairs:
        if (
            any(_is_cjk(c) for c in chars[i + 1 : j])
            or _is_cjk(neighbour(i, -1, skip) or "a")
            or _is_cjk(neighbour(j, 1, skip) or "a")
        ):
            chars[i], chars[j] = "（", "）"
    for i, ch in enumerate(chars):
        if ch in "()" and i not in paired:
            if _is_cjk(neighbour(i, -1, skip) or "a") or _is_cjk(neighbour(i, 1, skip) or "a"):
                chars[i] = "（" if ch == "(" else "）"
    for i, ch in enumerate(chars):
        if ch in _CONVERTIBLE and (
            _is_cjk(neighbour(i, -1, skip) or "a") or _is_cjk(neighbour(i, 1, skip) or "a")
        ):
            chars[i] = _CONVERTIBLE[ch]
    return "".join(chars)


_SPACES = re.compile(r" {2,}")
_SPACE_RUN = re.compile(r" +")


def _clean_line(text: str, offs: list[int]) -> tuple[str, list[int]]:
    """Punctuation conversion and space rules inside one line."""
    text = _convert_punct(text)
    text, offs = _sub(text, offs, _SPACES, " ")

    def drop_if_punct(m: re.Match) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if (before and _is_cjk_punct(before)) or (after and _is_cjk_punct(after)):
            return ""
        return m.group(0)

    text, offs = _sub(text, offs, _SPACE_RUN, drop_if_punct)
    return _strip(text, offs)


def _strip(text: str, offs: list[int]) -> tuple[str, list[int]]:
    start = len(text) - len(text.lstrip(" "))
    end = len(text.rstrip(" "))
    if start >= end:
        return "", []
    return text[start:end], offs[start:end]


def _starts_block(line: str, layout: Layout) -> bool:
    """A line that must start a new paragraph: a bullet, a dateline or a byline role."""
    if line[0] in layout.bullets:
        return True
    if any(line.startswith(d) for d in layout.datelines):
        return True
    return any(line.startswith(m + " ") for _, m, _ in layout.byline_markers)


def _continues(paragraph: _Paragraph, line: str, layout: Layout) -> bool:
    """Whether ``line`` continues ``paragraph`` (a word or sentence broken across lines).

    The paragraph must be open body text; the line must not start a block (byline, dateline)
    and must itself be body text or end a sentence, so a headline after an unfinished
    paragraph (an article jumping to another page) is not swallowed.
    """
    return (
        paragraph.is_open()
        and not _starts_block(line, layout)
        and (ends_sentence(line) or is_open_paragraph(line))
    )


# --------------------------------------------------------------------------- the API


def normalize(raw: str) -> tuple[str, list[int]]:
    """Normalise ``raw`` and return ``(text, offsets)`` with ``raw[offsets[i]]`` the source
    of ``text[i]`` (``len(offsets) == len(text)``).

    Examples
    --------
    >>> normalize("一个农业产业职工流动服务站,解暑热、能休憩,背后是人大代\\n\\n表、人民群众。")[0]
    '一个农业产业职工流动服务站，解暑热、能休憩，背后是人大代表、人民群众。'
    >>> text, offsets = normalize("昨天,以ＡＢ（下转2版）")
    >>> text, offsets
    ('昨天，以AB', [0, 1, 2, 3, 4, 5])
    """
    if not raw:
        return "", []
    layout = load_layout()
    text, offs = _sub(raw, list(range(len(raw))), _NEWLINES, "\n")
    text, offs = _normalize_chars(text, offs)
    text, offs = _sub(text, offs, layout.page_marker, "")

    paragraphs: list[_Paragraph] = []
    pos = 0
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        line, line_offs = _strip(text[pos:end], offs[pos:end])
        newline_at = offs[nl] if nl >= 0 else None
        pos = end + 1
        if not line or any(p.match(line.replace(" ", "")) for p in layout.section_markers):
            continue
        if paragraphs and _continues(paragraphs[-1], line, layout):
            paragraphs[-1].add(line, line_offs, newline_at)
        else:
            paragraphs.append(_Paragraph(line, line_offs, newline_at))

    out: list[str] = []
    out_offs: list[int] = []
    previous_newline = 0
    for paragraph in paragraphs:
        line, line_offs = _clean_line("".join(paragraph.pieces), paragraph.offsets)
        if out:
            out.append("\n")
            out_offs.append(previous_newline)
        out.append(line)
        out_offs.extend(line_offs)
        newline_at = paragraph.newline_at
        previous_newline = newline_at if newline_at is not None else line_offs[-1]
    return "".join(out), out_offs
