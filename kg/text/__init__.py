"""Text stage: read inputs, normalise them, split pages into articles and sentences.

Every offset kg produces points into ``Document.text``, the normalised text;
:func:`normalize` also returns the map back to ``Document.raw``.
"""

from kg.text.normalize import normalize
from kg.text.reader import (
    ReadOptions,
    ReadReport,
    decode_bytes,
    iter_documents,
    make_document,
    read_inputs,
    read_text_lines,
)
from kg.text.split import parse_byline, split_articles, split_sentences

__all__ = [
    "read_inputs",
    "iter_documents",
    "read_text_lines",
    "ReadOptions",
    "ReadReport",
    "decode_bytes",
    "make_document",
    "normalize",
    "split_articles",
    "split_sentences",
    "parse_byline",
]
