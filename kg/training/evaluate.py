"""Corpus readers and exact-span scoring for NER (MSRA BMES/BIO, CLUENER JSON lines).

Each reader yields ``(text, spans)`` with ``spans`` a list of end-exclusive
``(start, end, label)`` tuples, label one of PER, ORG, LOC.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.model.tags import Span, spans_to_tags, tags_to_spans
from kg.ner.registry import get_backend

__all__ = [
    "CLUENER_LABELS",
    "EVAL_SETS",
    "EvalResult",
    "Score",
    "evaluate_backend",
    "evaluate_predict",
    "format_results",
    "load_eval_set",
    "score_spans",
    "read_char_tagged",
    "read_cluener",
    "spans_to_tags",
    "tags_to_spans",
]

#: CLUENER label -> corpus label; labels not listed (position, scene, book, game, movie)
#: are left untagged (O): they are not person/organisation/place names in MSRA's sense.
CLUENER_LABELS = {
    "name": "PER",
    "company": "ORG",
    "government": "ORG",
    "organization": "ORG",
    "address": "LOC",
}


def _open(path: str | Path):
    path = Path(path)
    if not path.is_file():
        raise InputError(
            f"corpus file not found: {path} (kg reads the public MSRA and CLUENER sets from "
            "the folder given by --corpora or KG_CORPORA; the README says where they come from)"
        )
    return path.open(encoding="utf-8")


def read_char_tagged(path: str | Path) -> Iterator[tuple[str, list[Span]]]:
    """Read "char TAG" lines (space or tab separated), blank line between sentences."""
    chars: list[str] = []
    tags: list[str] = []
    with _open(path) as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if not line.strip():
                if chars:
                    yield "".join(chars), tags_to_spans(tags)
                chars, tags = [], []
                continue
            ch, tag = line[0], line[1:].strip()
            chars.append(ch)
            tags.append(tag or "O")
    if chars:
        yield "".join(chars), tags_to_spans(tags)


def read_cluener(path: str | Path) -> Iterator[tuple[str, list[Span]]]:
    """Read CLUENER JSON lines; inclusive offsets become end-exclusive, labels mapped."""
    with _open(path) as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            text = record["text"]
            spans = []
            for kind, surfaces in record.get("label", {}).items():
                label = CLUENER_LABELS.get(kind)
                if label is None:
                    continue
                for positions in surfaces.values():
                    for start, end in positions:
                        spans.append((start, end + 1, label))
            yield text, sorted(spans)


#: kg entity types scored, and the corpus label each one is compared with.
KG_TO_CORPUS = {"PERSON": "PER", "ORG": "ORG", "LOC": "LOC"}
TYPES = ("PER", "ORG", "LOC")

#: Evaluation sets: name -> (path relative to the corpora dir, reader).
EVAL_SETS = {
    "msra-test": ("msra_ner/msra_test_bio.txt", read_char_tagged),
    "cluener-dev": ("cluener2020/dev.json", read_cluener),
}


@dataclass
class Score:
    """Exact-span counts for one entity type (or ``ALL``)."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalResult:
    """Scores of one backend on one evaluation set."""

    backend: str
    dataset: str
    scores: dict[str, Score]
    chars: int
    seconds: float

    @property
    def chars_per_second(self) -> float:
        return self.chars / self.seconds if self.seconds else 0.0


def score_spans(
    gold: list[list[Span]], pred: list[list[Span]], types: tuple[str, ...] = TYPES
) -> dict[str, Score]:
    """Per-type and overall (``ALL``) exact-span scores; other labels are ignored."""
    scores = {t: Score() for t in (*types, "ALL")}
    for gold_spans, pred_spans in zip(gold, pred, strict=True):
        g = {s for s in gold_spans if s[2] in scores}
        p = {s for s in pred_spans if s[2] in scores}
        for spans, attr in ((g, "gold"), (p, "pred"), (g & p, "tp")):
            for s in spans:
                for key in (s[2], "ALL"):
                    setattr(scores[key], attr, getattr(scores[key], attr) + 1)
    return scores


def load_eval_set(name: str, corpora_dir: str | Path) -> list[tuple[str, list[Span]]]:
    """One of ``EVAL_SETS`` read from ``corpora_dir``."""
    if name not in EVAL_SETS:
        raise InputError(f"unknown evaluation set {name!r}; choose one of: {', '.join(EVAL_SETS)}")
    rel, reader = EVAL_SETS[name]
    return list(reader(Path(corpora_dir) / rel))


def evaluate_predict(
    predict, data: list[tuple[str, list[Span]]], *, backend: str = "", dataset: str = ""
) -> EvalResult:
    """Run ``predict(texts) -> list[list[Mention]]`` over ``data`` and score PER/ORG/LOC.

    Only the call to ``predict`` is timed; mentions of other kg types are ignored.
    """
    texts = [text for text, _ in data]
    started = time.perf_counter()
    mentions = predict(texts)
    seconds = time.perf_counter() - started
    pred = [
        [(m.start, m.end, KG_TO_CORPUS[m.label]) for m in ms if m.label in KG_TO_CORPUS]
        for ms in mentions
    ]
    scores = score_spans([spans for _, spans in data], pred)
    return EvalResult(backend, dataset, scores, sum(map(len, texts)), seconds)


def evaluate_backend(
    name: str,
    datasets: list[str] | tuple[str, ...],
    corpora_dir: str | Path,
    **options,
) -> list[EvalResult]:
    """Score backend ``name`` (its NER alone, no rules) on each of ``datasets``.

    ``corpora_dir`` holds msra_ner/ and cluener2020/. The backend is created (and its model
    loaded) before timing starts.
    """
    backend = get_backend(name, **options)
    backend.predict(["预热一下模型。"])  # first-call costs (lexicon, caches) are not timed
    return [
        evaluate_predict(backend.predict, load_eval_set(ds, corpora_dir), backend=name, dataset=ds)
        for ds in datasets
    ]


def format_results(results: list[EvalResult]) -> str:
    """A plain-text table: one row per backend, dataset and type (P/R/F1 in %, chars/s)."""
    lines = [
        f"{'backend':<10} {'dataset':<12} {'type':<4} {'P':>6} {'R':>6} {'F1':>6} {'chars/s':>9}"
    ]
    for r in results:
        for t, s in r.scores.items():
            speed = f"{r.chars_per_second:9.0f}" if t == "ALL" else ""
            lines.append(
                f"{r.backend:<10} {r.dataset:<12} {t:<4} {100 * s.precision:6.2f} "
                f"{100 * s.recall:6.2f} {100 * s.f1:6.2f} {speed:>9}".rstrip()
            )
    return "\n".join(lines)
