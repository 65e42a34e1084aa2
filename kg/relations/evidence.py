"""The evidence an edge carries: its sentence, or a window of it around both ends.

An edge's ``sentence`` is text as it stands in the document and ``start``/``end`` its
offsets (GRAPH_CONTRACT). A sentence up to :data:`MAX_EVIDENCE_CHARS` long is the evidence
whole. A longer one (text without sentence punctuation, a long enumeration) is cut to the
clauses around both ends: from the clause mark before the first end to the one after the
last, and when that is still longer, to :data:`MAX_EVIDENCE_CHARS` characters around the
ends. Ends further apart than that keep just the stretch from one to the other, which the
sentence splitter bounds (:data:`kg.text.split.MAX_SENTENCE_CHARS`).
"""

from __future__ import annotations

import bisect
import re

__all__ = ["MAX_EVIDENCE_CHARS", "window"]

#: the longest evidence whose ends lie close enough together
MAX_EVIDENCE_CHARS = 200
_CLAUSE_MARK = re.compile(r"[，、；：,;:。！？!?\n]")

Span = tuple[int, int]


def window(
    text: str,
    start: int,
    end: int,
    heads: list[Span],
    tails: list[Span],
    *,
    limit: int = MAX_EVIDENCE_CHARS,
) -> Span:
    """The evidence ``(start, end)`` inside ``text[start:end]`` for an edge whose ends are
    named at ``heads`` and ``tails`` (spans in ``text``; either may be empty: an end the
    sentence does not name, such as the home city of 市委书记).

    >>> text = "甲" * 300 + "，市委书记张三主持会议，" + "乙" * 300
    >>> s, e = window(text, 0, len(text), [(305, 307)], [])
    >>> text[s:e]
    '市委书记张三主持会议，'
    """
    if end - start <= limit:
        return start, end
    heads = [s for s in heads if start <= s[0] and s[1] <= end]
    tails = [s for s in tails if start <= s[0] and s[1] <= end]
    lo, hi = _closest(heads, tails) or (start, start)
    marks = [m.end() for m in _CLAUSE_MARK.finditer(text, start, lo)]
    clause_start = marks[-1] if marks else start
    mark = _CLAUSE_MARK.search(text, hi, end)
    clause_end = mark.end() if mark else end
    if clause_end - clause_start <= limit:
        a, b = clause_start, clause_end
    elif hi - lo >= limit:
        a, b = lo, hi
    else:
        a = max(clause_start, lo - (limit - (hi - lo)) // 2)
        b = min(clause_end, a + limit)
        a = max(clause_start, b - limit)
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _closest(heads: list[Span], tails: list[Span]) -> Span | None:
    """The shortest stretch that holds one head span and one tail span (or either alone)."""
    if not heads or not tails:
        one = heads or tails
        return one[0] if one else None
    tails = sorted(tails)
    starts = [s for s, _ in tails]
    best = None
    for h in heads:
        k = bisect.bisect_left(starts, h[0])
        for t in tails[max(0, k - 1) : k + 1]:
            span = (min(h[0], t[0]), max(h[1], t[1]))
            if best is None or span[1] - span[0] < best[1] - best[0]:
                best = span
    return best
