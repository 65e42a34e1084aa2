"""Tag encodings of the embedded model: BMES/BIO tag sequences to spans and back."""

from __future__ import annotations

__all__ = ["LABEL_TO_KG", "Span", "spans_to_tags", "tags_to_spans"]

#: ``(start, end, label)`` with an end-exclusive ``end``
Span = tuple[int, int, str]

#: Corpus labels -> kg entity types.
LABEL_TO_KG = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}


def tags_to_spans(tags: list[str]) -> list[Span]:
    """Spans from BMES (S/B/M/E) or BIO tags; an ill-formed run is closed where it breaks."""
    spans: list[Span] = []
    start, label = -1, ""
    for i, tag in enumerate(tags):
        prefix, _, kind = tag.partition("-")
        if prefix in ("B", "S") or (prefix in ("I", "M", "E") and kind != label):
            if start >= 0:
                spans.append((start, i, label))
            start, label = i, kind
        elif prefix == "O":
            if start >= 0:
                spans.append((start, i, label))
            start, label = -1, ""
        if prefix in ("S", "E") and start >= 0:
            spans.append((start, i + 1, label))
            start, label = -1, ""
    if start >= 0:
        spans.append((start, len(tags), label))
    return spans


def spans_to_tags(n: int, spans: list[Span]) -> list[str]:
    """BMES tags for a text of ``n`` characters; overlapping spans keep the first one."""
    tags = ["O"] * n
    for start, end, label in sorted(spans):
        if any(t != "O" for t in tags[start:end]):
            continue
        if end - start == 1:
            tags[start] = "S-" + label
        else:
            tags[start] = "B-" + label
            for k in range(start + 1, end - 1):
                tags[k] = "M-" + label
            tags[end - 1] = "E-" + label
    return tags
