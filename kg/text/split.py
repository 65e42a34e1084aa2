"""Split a normalised newspaper page into articles (headline, bylines, body) and sentences.

Every offset points into ``Document.text``. The layout cues (bylines, datelines, numbered
subheadings) come from ``kg/data/lexicons/newspaper_layout.json``.

How a page is read, paragraph by paragraph:

* A **headline line** is short: it neither ends a sentence nor ends with clause punctuation
  (，、；：), and is not body text by :func:`kg.text.normalize.is_open_paragraph` (so at most
  39 characters). Consecutive headline lines form a block, joined with a space as the title.
* A **byline line** is ``■记者 胡佳英``, ``通讯员 曹金凤 朱国平``, ``■摄影 王强 郑凯欣``,
  ``王强 摄``, ``作者：陈伟飞``, ``证券时报记者 张若斌``, ``刘敏/文`` or ``全景网/雷鸣``: an
  optional bullet, then only role markers and names that look like people's names (2-4 Chinese
  characters after a surname of ``surnames.txt``, or names with ``·``).
  ``本报讯（记者 张三）`` bylines are read from the dateline too.
* Web news runs headline, byline and body into one paragraph, so a **body** paragraph's
  bylines are found inside it as well (:func:`find_bylines`): after a role marker
  (``⊙本报记者 徐婧婧 昨日…``, ``（记者焦莹）``, ``（华盛顿特派记者 沈洋 前方报道）``) or with a
  slash (``（刘敏/文）``, ``樊绕/视频``). They credit the article; the text stays in the body.
* Everything else is **body**. ``本报讯`` (a dateline) starts the body; it is part of the
  article span but not of its first sentence.

A headline block starts a new article when it opens the page, is followed by a byline or a
dateline, has two or more lines, or is followed by one or two paragraphs and a photo byline
(a photo with a headline). Otherwise it is a subheading of the current article and its
lines are body sentences; numbered subheadings (``一、``, ``（二）``) never start an article.

A photo byline (only ``摄影`` roles) right after an article that already has bylines or more
body splits off the paragraph before it, when that is at most :data:`CAPTION_MAX_CHARS` long,
as a photo article titled :data:`PHOTO_TITLE` (a caption without a headline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from kg.text.chars import HAN, is_han
from kg.text.normalize import (
    SENTENCE_FINAL,
    Layout,
    ends_sentence,
    is_open_paragraph,
    load_layout,
)
from kg.types import Article, Document, Sentence

__all__ = [
    "split_articles",
    "split_sentences",
    "parse_byline",
    "find_bylines",
    "is_person_name",
    "PHOTO_TITLE",
    "CAPTION_MAX_CHARS",
    "QUOTE_MAX_CHARS",
    "MAX_SENTENCE_CHARS",
    "bounded",
]

#: Title of a photo caption that has no headline.
PHOTO_TITLE = "图片新闻"
#: A paragraph before a photo byline this long or shorter is the photo's caption.
CAPTION_MAX_CHARS = 200
#: How many paragraphs a headlined photo item may have before its photo byline.
CAPTION_MAX_PARAGRAPHS = 2
#: A first paragraph this short is the title of a page that has no headline.
SHORT_TITLE_CHARS = 30
#: Quotes “…” and titles 《…》 up to this long are never split into sentences.
QUOTE_MAX_CHARS = 80
#: The longest sentence any stage sees: a longer one (text without sentence punctuation) is
#: cut after its last clause mark or space in its second half, else at this length.
MAX_SENTENCE_CHARS = 500
_SOFT_CUT = re.compile(r"[，、；：,;:\s]")

_DOT_NAME = re.compile(f"[{HAN}]{{1,8}}(?:·[{HAN}]{{1,8}})+")
_CLAUSE_END = "，、；：,;:"
_TOKEN = re.compile(r"\S+")


# --------------------------------------------------------------------------- sentences


def _protected(text: str) -> list[int]:
    """For each position, the index of the closing mark of the short quote it is inside,
    ``len(text)`` inside a book title (never split), or -1."""
    inside = [-1] * len(text)
    for opener, closer in (("“", "”"), ("《", "》"), ("「", "」")):
        never = len(text) if opener == "《" else None
        pos = 0
        while (i := text.find(opener, pos)) >= 0:
            j = text.find(closer, i + 1)
            pos = i + 1
            if j < 0 or j - i > QUOTE_MAX_CHARS or "\n" in text[i:j]:
                continue
            for k in range(i + 1, j):
                if inside[k] < 0 or never:
                    inside[k] = never or j
            pos = j + 1
    return inside


def split_sentences(
    text: str, offset: int = 0, *, semicolons: bool = False
) -> list[tuple[int, int]]:
    """Split ``text`` into sentences and return their ``(start, end)`` offsets plus ``offset``.

    Sentences end at 。！？ (and ASCII ! ?), at ；; when ``semicolons`` is true, and at every
    line break. Closing quotes and brackets stay with the sentence they close (``。”``).
    A short quote or book title (up to :data:`QUOTE_MAX_CHARS`) is never split inside, and a
    short attribution right after a quote stays with it (“……。”张丽燕说。; the speech verbs
    are data in ``newspaper_layout.json``).
    An ellipsis (……) does not end a sentence. Whitespace is trimmed; sentences without a
    letter, digit or Chinese character are skipped.

    Examples
    --------
    >>> text = "“终于能喘口气了。”她一边说着，一边放松双腿。“好！”她说。真的吗？是。"
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['“终于能喘口气了。”', '她一边说着，一边放松双腿。', '“好！”她说。', '真的吗？', '是。']
    """
    terminators = "。！？!?" + ("；;" if semicolons else "")
    closers = "”’」』）)》〉】〕]"
    inside = _protected(text)
    spans: list[tuple[int, int]] = []

    def cut(start: int, end: int) -> None:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if any(ch.isalnum() for ch in text[start:end]):
            spans.append((start + offset, end + offset))

    start = i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            cut(start, i)
            start = i = i + 1
            continue
        if ch in terminators:
            j = i
            while j < n and text[j] in terminators:
                j += 1
            while j < n and text[j] in closers:
                j += 1
            if inside[i] < 0 or j > inside[i]:
                cut(start, j)
                start = j
            i = j
            continue
        i += 1
    cut(start, n)
    out = []
    for start, end in _attach_attributions(text, spans, offset):
        out.extend(bounded(text, start - offset, end - offset, offset=offset))
    return out


def bounded(
    text: str, start: int, end: int, *, limit: int = MAX_SENTENCE_CHARS, offset: int = 0
) -> list[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most ``limit`` characters, plus ``offset``.

    A piece ends after the last clause mark or space of its second half, else at ``limit``;
    spaces at a piece's ends are trimmed and pieces without a letter, digit or Chinese
    character dropped. A span up to ``limit`` long is returned as it is.

    >>> bounded("甲乙，丙丁戊己庚", 0, 8, limit=4)
    [(0, 3), (3, 7), (7, 8)]
    """
    if end - start <= limit:
        return [(start + offset, end + offset)]
    out = []
    while start < end:
        stop = min(end, start + limit)
        if stop < end:
            soft = [m.end() for m in _SOFT_CUT.finditer(text, start + limit // 2, stop)]
            stop = soft[-1] if soft else stop
        s, e = start, stop
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if any(ch.isalnum() for ch in text[s:e]):
            out.append((s + offset, e + offset))
        start = stop
    return out


#: An attribution kept with the quote before it is at most this long.
ATTRIBUTION_MAX_CHARS = 24


@lru_cache(maxsize=1)
def _attribution() -> re.Pattern:
    verbs = "|".join(sorted(map(re.escape, load_layout().speech_verbs), key=len, reverse=True))
    return re.compile(rf"[^“”‘’。！？\n]{{1,{ATTRIBUTION_MAX_CHARS}}}(?:{verbs})[。！]")


def _attach_attributions(
    text: str, spans: list[tuple[int, int]], offset: int
) -> list[tuple[int, int]]:
    """Keep a short attribution with the quote it follows: “……。”张丽燕说。"""
    merged: list[tuple[int, int]] = []
    pattern = _attribution()
    for start, end in spans:
        if merged:
            prev_start, prev_end = merged[-1]
            between = text[prev_end - offset : start - offset]
            if (
                text[prev_end - offset - 1] == "”"
                and not between.strip()
                and "\n" not in between
                and pattern.fullmatch(text, start - offset, end - offset)
            ):
                merged[-1] = (prev_start, end)
                continue
        merged.append((start, end))
    return merged


# --------------------------------------------------------------------------- bylines

#: Characters that close a bracketed byline: （记者焦莹）, 【记者 任强】.
_CLOSERS = "）)】］]」"
#: Characters that open a bracketed byline.
_OPENERS = "（(【［[「"
#: Characters that may follow a byline name directly (besides a closer, a space, a bullet,
#: a dateline and the end): the next name (、), a slash unit (刘敏/文), a quote or title that
#: opens the body (姚伟“我们…”).
_NAME_FOLLOWERS = "、/“「《"
#: The longest pen name (yehui/文) that a byline line may hold.
_PEN_NAME_MAX = 12


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    """Single and double surnames of ``kg/data/lexicons/surnames.txt``."""
    path = resources.files("kg") / "data" / "lexicons" / "surnames.txt"
    words = [
        word
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("#")
        for word in line.split()
    ]
    return (
        frozenset(w for w in words if len(w) == 1),
        frozenset(w for w in words if len(w) == 2),
    )


def is_person_name(name: str) -> bool:
    """True for a byline name: 2-4 Chinese characters after a surname of ``surnames.txt``,
    or a transliterated name with ``·`` (买买提·艾力). Pen and screen names (jzb, 心之洛) are not.

    >>> [is_person_name(n) for n in ("胡佳英", "欧阳小明", "买买提·艾力", "jzb", "心之洛", "王")]
    [True, True, True, False, False, False]
    """
    if _DOT_NAME.fullmatch(name):
        return True
    if not 2 <= len(name) <= 4 or not all(is_han(ch) for ch in name):
        return False
    single, double = _surnames()
    return name[0] in single or (len(name) >= 3 and name[:2] in double)


@dataclass(frozen=True)
class _Cues:
    roles: dict  # marker -> role
    ordered: tuple[str, ...]  # every marker, longest first
    anchor: re.Pattern  # markers of two or more characters, found anywhere
    marker: re.Pattern  # every marker, longest first
    photo_marks: str  # one-character photo markers: 李舸摄 is 李舸 and the photo
    datelines: tuple[str, ...]
    bullets: str


@lru_cache(maxsize=4)
def _cues(layout: Layout) -> _Cues:
    roles = {marker: role for role, marker, _ in layout.byline_markers}
    ordered = sorted(roles, key=len, reverse=True)
    long = [m for m in ordered if len(m) >= 2]
    return _Cues(
        roles=roles,
        ordered=tuple(ordered),
        anchor=re.compile("|".join(map(re.escape, long))),
        marker=re.compile("|".join(map(re.escape, ordered))),
        photo_marks="".join(m for _, m, photo in layout.byline_markers if photo and len(m) == 1),
        datelines=layout.datelines,
        bullets=layout.bullets,
    )


def _recurs(text: str, start: int, end: int, around: int) -> bool:
    """Whether the two Chinese characters at ``text[start:end]`` occur elsewhere in ``text``,
    not counting repeats of the stretch from ``around`` (a page that prints a byline twice)."""
    pair = text[start:end]
    if len(pair) != 2 or not all(is_han(ch) for ch in pair):
        return False
    stretch = text[min(start, around) : max(end, around)]
    return text.count(pair) > text.count(stretch)


def _cut(text: str, pos: int, cues: _Cues) -> bool:
    """A dateline starts at ``pos`` (张若斌本报讯, 冯兰蔺晚报讯): a name ends there."""
    return any(text.startswith(d, pos) for d in cues.datelines)


def _boundary(text: str, pos: int, cues: _Cues) -> bool:
    """The end, a space, a closer, a bullet or a dateline at ``pos``."""
    if pos >= len(text):
        return True
    ch = text[pos]
    return ch.isspace() or ch in _CLOSERS or ch in cues.bullets or _cut(text, pos, cues)


def _follows_name(text: str, pos: int, cues: _Cues, *, first: bool = True) -> bool:
    """Whether what is at ``pos`` may follow a byline name: a :func:`_boundary` or one of
    :data:`_NAME_FOLLOWERS`; after the ``first`` name of a byline also a Latin letter
    (作者：陈亮LX3). Not a digit: 周昭第15届 is not a name."""
    if _boundary(text, pos, cues):
        return True
    ch = text[pos]
    return ch in _NAME_FOLLOWERS or (first and ch.isascii() and ch.isalpha())


def _ends_byline(text: str, pos: int, cues: _Cues) -> bool:
    """Whether a byline can end at ``pos``: a :func:`_boundary` or a slash."""
    return _boundary(text, pos, cues) or text[pos] == "/"


def _name_at(
    text: str, pos: int, cues: _Cues, *, glued: bool, first: bool = True
) -> tuple[str, int, int] | None:
    """The byline name that starts at ``pos``: ``(name, start, end)`` or ``None``.

    The name must be followed by what may follow a name (:func:`_follows_name`), or a
    dateline or role marker cuts it (张若斌本报讯). A two-character name may be spaced out
    (徐 飞, read as 徐飞). With ``glued``, a name running into the text after it (徐婧婧截至…)
    is a surname and two characters, or two characters when the two after them recur in the
    text (潘琦银华…, where 银华 is named again); a double surname takes one more.
    """
    n = len(text)
    single, double = _surnames()
    if (
        pos + 2 < n
        and text[pos] in single
        and text[pos + 1] == " "
        and is_han(text[pos + 2])
        and (glued or _follows_name(text, pos + 3, cues, first=first))
    ):
        return text[pos] + text[pos + 2], pos, pos + 3
    end = pos
    while end < n and is_han(text[end]):
        end += 1
    if any(len(m) >= 2 and text.endswith(m, pos, end) for m in cues.ordered):
        return None  # a qualified marker (信息时报记者), not a name
    cut = next((k for k in range(pos + 2, min(end, pos + 5)) if _cut(text, k, cues)), None)
    if cut is not None:
        end = cut
    size = end - pos
    if size < 2:
        return None
    if size <= 4:
        if cut is None and not _follows_name(text, end, cues, first=first):
            return None
        if size >= 3 and text[end - 1] in cues.photo_marks:
            end, size = end - 1, size - 1  # （本报记者李舸摄）
        if size == 4 and text[pos : pos + 2] not in double:
            # a surname and three characters is rarely a name: 王强报道 is a name and a word
            if not _recurs(text, pos + 2, pos + 4, pos):
                return None
            end = pos + 2
    elif glued:
        if text[pos : pos + 2] in double:
            end = pos + (3 if _recurs(text, pos + 3, pos + 5, pos) else 4)
        else:
            end = pos + (2 if _recurs(text, pos + 2, pos + 4, pos) else 3)
    else:
        return None
    name = text[pos:end]
    return (name, pos, end) if is_person_name(name) else None


def _name_before(text: str, end: int, floor: int = 0) -> tuple[str, int, int] | None:
    """The byline name that ends at ``end`` (before ``/文``), not reaching before ``floor``.

    A run of up to four Chinese characters is the name; a longer one is a headline or text
    run into the name (风险张媛媛/文): a double surname and two characters, else a surname and
    two, else two (or two when the two before them recur in the text).
    """
    start = end
    while start > floor and is_han(text[start - 1]):
        start -= 1
    size = end - start
    if size > 4:
        single, double = _surnames()
        if text[end - 4 : end - 2] in double:
            start = end - 4
        elif text[end - 3] in single and not (
            text[end - 2] in single and _recurs(text, end - 4, end - 2, end)
        ):
            start = end - 3
        else:
            start = end - 2
    name = text[start:end]
    return (name, start, end) if is_person_name(name) else None


def _after_marker(
    text: str, at: int, pos: int, role: str, cues: _Cues
) -> list[tuple[str, str, int, int]]:
    """The names after the role marker ``text[at:pos]``: 记者 常燕, 记者：任奇, （记者焦莹）.

    After a space, or a colon right after a headline (作者：陈伟飞技术和…, not the 记者： of an
    interview), the first name may run into the text after it; after a marker glued to the
    name (记者焦莹) the names must end the byline (a closer, a space, a bullet, a dateline or
    the end), so that 作者李阳担任 is not one. Further names follow a space or 、 and end
    where a name may end.
    """
    n = len(text)
    start = pos
    while pos < n and text[pos] == " ":
        pos += 1
    if pos > start:
        strong = True
    elif pos < n and text[pos] in "：:":
        pos += 1
        while pos < n and text[pos] == " ":
            pos += 1
        # 作者：陈伟飞技术和… right after a headline; not a question of an interview
        # (……？记者：…, or 记者： again and again) nor a label (（组图）视频：…)
        before = text[at - 1 : at]
        strong = (
            bool(before)
            and (is_han(before) or (before.isascii() and before.isalnum()))
            and text.count(text[at:pos]) == 1
        )
    else:
        strong = at > 0 and text[at - 1] == "/"  # 文/记者赖伟行
    first = _name_at(text, pos, cues, glued=strong)
    if first is None:
        return []
    entries = [(role, *first)]
    end = first[2]
    photo = end < n and text[end] in cues.photo_marks  # （本报记者李舸摄）: and the photo
    if photo:
        end += 1
    while not photo:
        k = end
        while k < n and text[k] in " 、":
            k += 1
        if k == end or k >= n or cues.anchor.match(text, k):
            break
        nxt = _name_at(text, k, cues, glued=False, first=False)
        if nxt is None:
            break
        entries.append((role, *nxt))
        end = nxt[2]
    if not strong and not _ends_byline(text, end, cues):
        return []
    return entries


def _marker_before(text: str, slash: int, cues: _Cues, *, token: bool = False) -> str | None:
    """The role marker that ends right before ``slash`` (文/马焱, 编辑/周筠, （全景网/雷鸣）).

    A one-character marker stands alone (文/马焱), or ends a name of two or more characters
    that opens a bracket, or the byline token when ``token`` (全景网/雷鸣), so that
    支持中文/韩文 is no byline.
    """
    for m in cues.ordered:
        if text.endswith(m, max(0, slash - len(m)), slash):
            if len(m) == 1:
                run = slash - 1
                while run > 0 and is_han(text[run - 1]):
                    run -= 1
                size = slash - 1 - run
                opens = text[run - 1] in _OPENERS if run > 0 else token
                if size and (size < 2 or not opens):
                    return None
            return m
    return None


def _slash_units(text: str, cues: _Cues) -> list[tuple[str, str, int, int]]:
    """Bylines written with a slash: 刘敏/文, 樊绕/视频, 覃覃/文赵欣/图, 文/马焱, 全景网/雷鸣."""
    entries: list[tuple[str, str, int, int]] = []
    floor = 0
    for slash in (i for i, ch in enumerate(text) if ch == "/"):
        after = cues.marker.match(text, slash + 1)
        if after:
            both = any(text.endswith(m, floor, slash) for m in cues.ordered)  # 文/摄
            name = None if both else _name_before(text, slash, floor)
            if name:
                entries.append((cues.roles[after.group()], *name))
            floor = after.end()
            continue
        before = _marker_before(text, slash, cues)
        if before:
            name = _name_at(text, slash + 1, cues, glued=False)
            if name:
                entries.append((cues.roles[before], *name))
    return entries


def find_bylines(
    text: str, start: int = 0, *, layout: Layout | None = None
) -> list[tuple[str, str, int, int]]:
    """Bylines written inside running text, as web news writes them: ``(role, name, start, end)``.

    A paragraph of web news often runs headline, byline and body together, or ends with
    the byline:

    * after a role marker (a qualifier may come first): 证券时报记者 张若斌本报讯 随着…,
      ⊙本报记者 徐婧婧 昨日…, 中广网北京7月1日消息（记者焦莹）, （记者：章咪佳）,
      （华盛顿特派记者 沈洋 前方报道）, 作者：陈伟飞技术和…, 记者 常燕 实习生 任茜茜 魏梅竹;
    * with a slash: （刘敏/文）, 樊绕/视频, 文/马焱, （全景网/雷鸣）.

    Names must look like people's names (:func:`is_person_name`), so pen names (jzb/文)
    are left out. ``start`` is the offset of ``text`` in the document.

    >>> find_bylines("全球智库峰会国际在线消息（记者常昕）：峰会4日落幕。")
    [('记者', '常昕', 15, 17)]
    >>> find_bylines("记者：新疆和广东杀进决赛，你有关注吗？")
    []
    """
    cues = _cues(layout or load_layout())
    found = [
        entry
        for m in cues.anchor.finditer(text)
        for entry in _after_marker(text, m.start(), m.end(), cues.roles[m.group()], cues)
    ]
    found += _slash_units(text, cues)
    entries: list[tuple[str, str, int, int]] = []
    for role, name, s, e in sorted(found, key=lambda x: (x[2], -x[3])):
        if not entries or s >= entries[-1][3] - start:
            entries.append((role, name, s + start, e + start))
    return entries


def _split_marker(word: str, cues: _Cues) -> tuple[str, str] | None:
    """``(role, rest)`` of a byline token that starts with a role marker (记者胡佳英,
    记者：章咪佳), or that is a qualified marker (证券时报记者, 华盛顿特派记者: rest ``""``)."""
    m = cues.marker.match(word)
    if m:
        return cues.roles[m.group()], word[m.end() :].lstrip("：:")
    m = cues.anchor.search(word)
    if m and m.end() == len(word) and all(is_han(ch) for ch in word[: m.start()]):
        return cues.roles[m.group()], ""
    return None


def _slash_token(word: str, at: int, cues: _Cues) -> list[tuple[str, str, int, int]] | None:
    """The entries of a byline token written with slashes (刘敏/文, 覃覃/文赵欣/图, 文/马焱,
    全景网/雷鸣), or ``None`` if the token is not one. Pen names (jzb/文) are skipped."""
    units = list(
        re.finditer(rf"([^/，。；！？“”]{{1,{_PEN_NAME_MAX}}}?)/({cues.marker.pattern})", word)
    )
    if units and "".join(u.group(0) for u in units) == word:
        return [
            (cues.roles[u.group(2)], u.group(1), at + u.start(1), at + u.end(1))
            for u in units
            if is_person_name(u.group(1))
        ]
    head, _, name = word.partition("/")
    marker = _marker_before(head, len(head), cues, token=True)
    if "/" in name or not marker or not all(is_han(ch) for ch in head):
        return None
    role = cues.roles[marker]
    return [(role, name, at + len(head) + 1, at + len(word))] if is_person_name(name) else []


def _tokens(body: str, base: int) -> list[tuple[str, int, int]]:
    """Whitespace tokens of a byline line; a spaced-out two-character name (徐 飞) is one."""
    single, _ = _surnames()
    raw = [(t.group(0), base + t.start(), base + t.end()) for t in _TOKEN.finditer(body)]
    tokens: list[tuple[str, int, int]] = []
    k = 0
    while k < len(raw):
        word, s, e = raw[k]
        if (
            word in single
            and k + 1 < len(raw)
            and len(raw[k + 1][0]) == 1
            and is_han(raw[k + 1][0])
            and raw[k + 1][1] == e + 1
        ):
            tokens.append((word + raw[k + 1][0], s, raw[k + 1][2]))
            k += 2
            continue
        tokens.append((word, s, e))
        k += 1
    return tokens


def parse_byline(
    text: str, start: int = 0, *, layout: Layout | None = None, bullet_required: bool = False
) -> list[tuple[str, str, int, int]] | None:
    """Read a byline line into ``(role, name, start, end)`` tuples, or ``None`` if it is not one.

    ``start`` is the offset of ``text`` in the document. Names follow their role marker
    (``记者 胡佳英``, also glued or after a colon: ``记者胡佳英``, ``作者：陈伟飞``) or come
    before a trailing one (``王强 摄``); a marker may carry a qualifier
    (``证券时报记者 张若斌``); slash units name the role after or before the name
    (``刘敏/文``, ``文/马焱``, ``全景网/雷鸣``). Every name must look like a person's
    (:func:`is_person_name`); a spaced-out two-character name (``徐 飞``) is read without
    the space.

    Examples
    --------
    >>> parse_byline("■摄影 王强 郑凯欣", 10)
    [('摄影', '王强', 14, 16), ('摄影', '郑凯欣', 17, 20)]
    """
    layout = layout or load_layout()
    cues = _cues(layout)
    body = text.lstrip(layout.bullets + " ")
    if not body or (bullet_required and len(body) == len(text)):
        return None
    base = start + len(text) - len(body)
    entries: list[tuple[str, str, int, int]] = []
    pending: list[tuple[str, int, int]] = []
    role: str | None = None
    tokens = _tokens(body, base)
    for k, (word, at, end) in enumerate(tokens):
        if "/" in word:
            units = _slash_token(word, at, cues)
            if units is None or pending:
                return None
            entries.extend(units)
            continue
        marker = _split_marker(word, cues)
        if marker and not marker[1]:
            role = marker[0]
            if pending:
                if k != len(tokens) - 1 or entries:
                    return None  # names before a marker only as a trailing "王强 摄"
                entries.extend((role, name, s, e) for name, s, e in pending)
                pending = []
            continue
        if marker and is_person_name(marker[1]):
            role = marker[0]
            entries.append((role, marker[1], end - len(marker[1]), end))
            continue
        if not is_person_name(word):
            return None
        if role is None:
            pending.append((word, at, end))
        else:
            entries.append((role, word, at, end))
    if pending or not entries:
        return None
    return entries


def _photo_only(entries: list[tuple[str, str, int, int]], layout: Layout) -> bool:
    photo_roles = {r for r, _, photo in layout.byline_markers if photo}
    return all(role in photo_roles for role, *_ in entries)


# --------------------------------------------------------------------------- articles


@dataclass
class _Line:
    start: int
    end: int
    text: str
    kind: str  # "head", "byline" or "body"
    body_start: int = 0
    bylines: list = field(default_factory=list)
    photo: bool = False
    dateline: bool = False
    subhead: bool = False


@dataclass
class _Draft:
    title_lines: list[_Line] = field(default_factory=list)
    lines: list[_Line] = field(default_factory=list)
    photo: bool = False
    closed: bool = False

    @property
    def bodies(self) -> list[_Line]:
        return [line for line in self.lines if line.kind != "byline"]

    @property
    def has_bylines(self) -> bool:
        return any(line.kind == "byline" for line in self.lines)


def _classify(start: int, text: str, layout: Layout) -> _Line:
    entries = parse_byline(text, start, layout=layout)
    if entries is not None:
        return _Line(
            start,
            start + len(text),
            text,
            "byline",
            bylines=entries,
            photo=_photo_only(entries, layout),
        )
    line = _body_line(start, text, layout)
    if line.kind == "body":
        # bylines inside running text (web news): those not read from the dateline already
        for entry in find_bylines(text, start, layout=layout):
            if not any(entry[2] < e and s < entry[3] for _, _, s, e in line.bylines):
                line.bylines.append(entry)
        line.bylines.sort(key=lambda entry: entry[2])
    return line


def _body_line(start: int, text: str, layout: Layout) -> _Line:
    for marker in layout.datelines:
        if text.startswith(marker):
            line = _Line(start, start + len(text), text, "body", dateline=True)
            rest = len(marker)
            while rest < len(text) and text[rest] == " ":
                rest += 1
            if text[rest : rest + 1] in ("（", "("):
                close = re.search(r"[）)]", text[rest : rest + 40])
                inner = (
                    parse_byline(
                        text[rest + 1 : rest + close.start()], start + rest + 1, layout=layout
                    )
                    if close
                    else None
                )
                if inner:
                    line.bylines = inner
                    rest += close.end()
            while rest < len(text) and text[rest] in " ，,：:":
                rest += 1
            line.body_start = start + rest
            return line
    line = _Line(start, start + len(text), text, "body", body_start=start)
    if (
        not ends_sentence(text)
        and not is_open_paragraph(text)
        and text[-1] not in _CLAUSE_END
        and not any(ch in SENTENCE_FINAL for ch in text)
    ):
        line.kind = "head"
        line.subhead = any(p.match(text) for p in layout.subhead_markers)
    return line


def _lines(text: str, layout: Layout) -> list[_Line]:
    lines = []
    pos = 0
    for part in text.split("\n"):
        stripped = part.strip()
        if stripped:
            lines.append(_classify(pos + part.index(stripped), stripped, layout))
        pos += len(part) + 1
    return lines


def _group(lines: list[_Line]) -> list[list[_Line]]:
    """Consecutive headline lines form one element; every other line is its own."""
    elements: list[list[_Line]] = []
    for line in lines:
        if line.kind == "head" and elements and elements[-1][-1].kind == "head":
            elements[-1].append(line)
        else:
            elements.append([line])
    return elements


def _is_title(elements: list[list[_Line]], k: int) -> bool:
    block = elements[k]
    if k == 0:
        return True
    if any(line.subhead for line in block):
        return False
    following = elements[k + 1 :]
    if not following:
        return len(block) >= 2
    first = following[0][0]
    if first.kind == "byline" or first.dateline or len(block) >= 2:
        return True
    for n, element in enumerate(following[: CAPTION_MAX_PARAGRAPHS + 1]):
        line = element[0]
        if line.kind == "byline":
            return line.photo and n > 0
        if line.kind == "head":
            return False
    return False


def _drafts(elements: list[list[_Line]], layout: Layout) -> list[_Draft]:
    drafts: list[_Draft] = []

    def current() -> _Draft:
        if not drafts or drafts[-1].closed:
            drafts.append(_Draft())
        return drafts[-1]

    for k, element in enumerate(elements):
        line = element[0]
        if line.kind == "head":
            if _is_title(elements, k):
                drafts.append(_Draft(title_lines=list(element)))
            else:
                for sub in element:
                    sub.kind = "body"
                current().lines.extend(element)
            continue
        if line.kind == "body":
            current().lines.append(line)
            continue
        draft = drafts[-1] if drafts and not drafts[-1].closed else None
        if not line.photo or draft is None:
            current().lines.append(line)
            if line.photo:
                drafts[-1].photo = drafts[-1].closed = True
            continue
        bodies = draft.bodies
        own_photo = (
            draft.title_lines
            and not draft.has_bylines
            and 0 < len(bodies) <= CAPTION_MAX_PARAGRAPHS
        )
        alone = not draft.title_lines and not draft.has_bylines and len(bodies) == 1
        if own_photo or alone or not bodies or len(bodies[-1].text) > CAPTION_MAX_CHARS:
            draft.lines.append(line)
            draft.photo = draft.closed = True
            continue
        caption = bodies[-1]
        draft.lines.remove(caption)
        drafts.append(_Draft(lines=[caption, line], photo=True, closed=True))
    return drafts


def split_articles(doc: Document) -> list[Article]:
    """Split a normalised document into its articles, with bylines and sentences.

    A document without headlines is one article titled ``doc.title``, else its first
    paragraph when that is short (at most :data:`SHORT_TITLE_CHARS` characters).

    Examples
    --------
    >>> doc = Document(id="d", text="投产在即\\n近日，项目进场调试。\\n■摄影 王强")
    >>> [(a.title, a.bylines, [s.text for s in a.sentences]) for a in split_articles(doc)]
    [('投产在即', [('摄影', '王强', 20, 22)], ['近日，项目进场调试。'])]
    """
    if not doc.text.strip():
        return []
    layout = load_layout()
    articles: list[Article] = []
    for draft in _drafts(_group(_lines(doc.text, layout)), layout):
        everything = draft.title_lines + draft.lines
        if not everything:
            continue
        index = len(articles)
        if draft.title_lines:
            title = " ".join(line.text for line in draft.title_lines)
        elif draft.photo:
            title = PHOTO_TITLE
        elif index == 0 and doc.title:
            title = doc.title
        else:
            first = draft.bodies[0].text if draft.bodies else ""
            title = first if index == 0 and len(first) <= SHORT_TITLE_CHARS else ""
        article = Article(
            doc_id=doc.id,
            index=index,
            title=title,
            start=min(line.start for line in everything),
            end=max(line.end for line in everything),
        )
        for line in draft.lines:
            article.bylines.extend(line.bylines)
            if line.kind == "byline":
                continue
            for start, end in split_sentences(
                doc.text[line.body_start : line.end], line.body_start
            ):
                article.sentences.append(
                    Sentence(
                        doc_id=doc.id, start=start, end=end, text=doc.text[start:end], article=index
                    )
                )
        articles.append(article)
    return articles
