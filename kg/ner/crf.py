"""The embedded character CRF: loads the shipped model once and tags arbitrary text.

Long texts are cut into chunks at sentence punctuation (at most ``MAX_CHUNK``
characters, cut harder at commas or blindly if needed); entities are mapped back
to offsets into the original text.
"""

from __future__ import annotations

import json
import logging
import threading
from functools import lru_cache
from pathlib import Path

from kg.errors import BackendError
from kg.ner.evaluate import tags_to_spans
from kg.ner.features import FEATURE_VERSION, load_lexicon, sentence_features

__all__ = ["CRFTagger", "default_model_dir", "load_tagger", "chunk_text", "LABEL_TO_KG"]

log = logging.getLogger(__name__)

MODEL_FILE = "ner.crfsuite"
META_FILE = "meta.json"
MAX_CHUNK = 120

#: Corpus labels -> kg entity types.
LABEL_TO_KG = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}

_SENTENCE_END = frozenset("。！？!?；;\n\r")
_SOFT_BREAK = frozenset("，,、：: \t")


def default_model_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "model"


def chunk_text(text: str, max_len: int = MAX_CHUNK) -> list[tuple[int, int]]:
    """``(start, end)`` chunks covering ``text``; whitespace-only chunks are dropped."""
    chunks = []
    start = 0
    n = len(text)
    last_soft = -1
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END:
            chunks.append((start, i + 1))
            start, last_soft = i + 1, -1
        elif i + 1 - start >= max_len:
            cut = last_soft + 1 if last_soft > start else i + 1
            chunks.append((start, cut))
            start, last_soft = cut, -1
            for k in range(start, i + 1):
                if text[k] in _SOFT_BREAK:
                    last_soft = k
        elif ch in _SOFT_BREAK:
            last_soft = i
    if start < n:
        chunks.append((start, n))
    return [(s, e) for s, e in chunks if text[s:e].strip()]


class CRFTagger:
    """A python-crfsuite tagger plus the lexicon its features need.

    ``crfsuite`` taggers are not thread-safe; a lock guards the shared one.
    """

    def __init__(self, model_dir: str | Path, style: str | None = None):
        import pycrfsuite

        model_dir = Path(model_dir)
        model_path = model_dir / MODEL_FILE
        if not model_path.is_file():
            raise BackendError(
                f"no NER model at {model_path}; train one with `kg train-ner -o {model_dir}`"
            )
        meta_path = model_dir / META_FILE
        self.meta = json.loads(meta_path.read_text()) if meta_path.is_file() else {}
        version = self.meta.get("feature_version", FEATURE_VERSION)
        if version != FEATURE_VERSION:
            raise BackendError(
                f"model at {model_dir} uses feature version {version}, this kg has "
                f"{FEATURE_VERSION}; retrain it with `kg train-ner`"
            )
        self.model_dir = model_dir
        domains = self.meta.get("domains") or {}
        style = style or self.meta.get("style") or ""
        if domains and style not in domains:
            raise BackendError(
                f"unknown tagging style {style!r} for model {model_dir}; "
                f"choose one of: {', '.join(domains)}"
            )
        self.style = style if domains else ""
        self._domain = domains.get(style, "") if domains else ""
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        self._lexicon = load_lexicon()
        trained_on = self.meta.get("lexicon_sha256_16")
        if trained_on and trained_on != self._lexicon.digest:
            log.warning(
                "the NER model at %s was trained with another jieba dictionary (%s, now %s); "
                "entities may be worse until it is retrained with `kg train-ner`",
                model_dir,
                trained_on,
                self._lexicon.digest,
            )
        self._lock = threading.Lock()

    def tag_spans(self, text: str) -> list[tuple[int, int, str]]:
        """End-exclusive ``(start, end, label)`` entities of ``text`` (corpus labels)."""
        spans = []
        lexicon, tagger = self._lexicon, self._tagger
        with self._lock:
            for start, end in chunk_text(text):
                chunk = text[start:end]
                tags = tagger.tag(sentence_features(chunk, lexicon, self._domain))
                for s, e, label in tags_to_spans(tags):
                    spans.append((start + s, start + e, label))
        return spans


@lru_cache(maxsize=4)
def _load(model_dir: str, style: str | None) -> CRFTagger:
    return CRFTagger(model_dir, style)


def load_tagger(model_dir: str | Path | None = None, style: str | None = None) -> CRFTagger:
    """The tagger for ``model_dir`` (default: the model shipped in kg/data/model), cached.

    ``style`` picks the annotation style of a model trained with domain features
    (``msra``: countries and provinces as separate LOCs; ``cluener``: whole addresses).
    """
    return _load(str(Path(model_dir or default_model_dir()).resolve()), style)
