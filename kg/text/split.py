"""Split a normalised newspaper page into articles (headline, bylines, body) and sentences.

Every offset points into ``Document.text``. The layout cues (bylines, datelines, numbered
subheadings) come from ``kg/data/lexicons/newspaper_layout.json``.

How a page is read, paragraph by paragraph:

* A **headline line** is short: it neither ends a sentence nor ends with clause punctuation
  (，、；：), and is not body text by :func:`kg.text.normalize.is_open_paragraph` (so at most
  39 characters). Consecutive headline lines form a block, joined with a space as the title.
* A **byline line** is ``■记者 胡佳英``, ``通讯员 曹金凤 朱国平``, ``■摄影 王强 郑凯欣`` or
  ``王强 摄``: an optional bullet, then only role markers and names (2-5 Chinese characters,
  or names with ``·``). ``本报讯（记者 张三）`` bylines are read from the dateline too.
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

from kg.text.chars import HAN
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
    "PHOTO_TITLE",
    "CAPTION_MAX_CHARS",
    "QUOTE_MAX_CHARS",
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

_NAME = re.compile(f"[{HAN}]{{2,5}}|[{HAN}]{{1,8}}(?:·[{HAN}]{{1,8}})+")
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
    return _attach_attributions(text, spans, offset)


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


def parse_byline(
    text: str, start: int = 0, *, layout: Layout | None = None, bullet_required: bool = False
) -> list[tuple[str, str, int, int]] | None:
    """Read a byline line into ``(role, name, start, end)`` tuples, or ``None`` if it is not one.

    ``start`` is the offset of ``text`` in the document. Names follow their role marker
    (``记者 胡佳英``, also glued: ``记者胡佳英``) or come before a trailing one (``王强 摄``).

    Examples
    --------
    >>> parse_byline("■摄影 王强 郑凯欣", 10)
    [('摄影', '王强', 14, 16), ('摄影', '郑凯欣', 17, 20)]
    """
    layout = layout or load_layout()
    body = text.lstrip(layout.bullets + " ")
    if not body or (bullet_required and len(body) == len(text)):
        return None
    base = start + len(text) - len(body)
    entries: list[tuple[str, str, int, int]] = []
    pending: list[tuple[str, int, int]] = []
    role: str | None = None
    tokens = list(_TOKEN.finditer(body))
    for k, token in enumerate(tokens):
        word, at = token.group(0), base + token.start()
        marker = next(((r, m) for r, m, _ in layout.byline_markers if word.startswith(m)), None)
        if marker and word == marker[1]:
            role = marker[0]
            if pending:
                if k != len(tokens) - 1 or entries:
                    return None  # names before a marker only as a trailing "王强 摄"
                entries.extend((role, name, s, e) for name, s, e in pending)
                pending = []
            continue
        if marker and _NAME.fullmatch(word[len(marker[1]) :]):
            role = marker[0]
            entries.append((role, word[len(marker[1]) :], at + len(marker[1]), at + len(word)))
            continue
        if not _NAME.fullmatch(word):
            return None
        if role is None:
            pending.append((word, at, at + len(word)))
        else:
            entries.append((role, word, at, at + len(word)))
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
