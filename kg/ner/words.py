"""jieba's dictionary as the entity layer reads it: words, their part-of-speech tags, and
where jieba cuts a stretch of text (a name never splits a word)."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["splits_a_word", "whole_word", "word_frequency", "word_tags", "words_of"]

#: characters of context on each side when cutting around a span
_WINDOW = 8


@lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    """jieba's dictionary: word -> part-of-speech tag (loaded once, with jieba's own cache)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return jieba.posseg.dt.word_tag_tab


def word_frequency(word: str) -> int:
    """How often jieba's dictionary says ``word`` occurs (0 when it is not a word of it)."""
    import jieba

    word_tags()  # jieba set up quietly
    return jieba.dt.FREQ.get(word, 0)


#: distinct stretches whose cut is remembered: a page cuts the same few words around each of
#: its names, and a text that repeats itself the same stretches again and again
_CUTS_KEPT = 1 << 14


@lru_cache(maxsize=_CUTS_KEPT)
def _cut(text: str) -> tuple[str, ...]:
    """jieba's words of ``text`` (jieba's dictionary never changes while kg runs)."""
    import jieba

    word_tags()  # jieba set up quietly
    return tuple(jieba.lcut(text))


def words_of(text: str) -> list[tuple[str, str]]:
    """``text`` cut into words by jieba, each with its dictionary tag ("" when unknown)."""
    tags = word_tags()
    return [(w, tags.get(w, "")) for w in _cut(text)]


def _words_around(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """``(start, end, word)`` of jieba's words in a window around ``text[start:end]``."""
    pos = max(0, start - _WINDOW)
    out = []
    for word in _cut(text[pos : end + _WINDOW]):
        out.append((pos, pos + len(word), word))
        pos += len(word)
    return out


def whole_word(text: str, start: int, end: int, glued_after: tuple[str, ...] = ()) -> bool:
    """True when jieba cuts the text around ``text[start:end]`` at both its ends (a name may
    span several of jieba's words); the end needs no cut before one of ``glued_after``."""
    words = _words_around(text, start, end)
    cuts = {words[0][0]} | {e for _s, e, _w in words} if words else set()
    return start in cuts and (end in cuts or text.startswith(glued_after, end))


def splits_a_word(text: str, start: int, end: int) -> bool:
    """True when a word of jieba's dictionary crosses an end of ``text[start:end]``
    (马克思 of 马克思主义); words jieba only guessed (自谢毅) do not count."""
    tags = word_tags()
    return any(
        (s < start < e or s < end < e) and len(word) > 1 and word in tags
        for s, e, word in _words_around(text, start, end)
    )
