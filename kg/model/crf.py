"""The character CRF: crfsuite tagging, and the same model compiled to numpy for marginals.

Long texts are cut into chunks at sentence punctuation (at most ``MAX_CHUNK``
characters, cut harder at commas or blindly if needed); entities are mapped back
to offsets into the original text.
"""

from __future__ import annotations

import bisect
import json
import logging
import threading
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import numpy as np

from kg.errors import BackendError
from kg.model.features import (
    BIGRAM_TEMPLATES,
    CHAR_TEMPLATES,
    DOMAIN_BIGRAM_TEMPLATES,
    DOMAIN_CHAR_TEMPLATES,
    FEATURE_VERSION,
    combined_columns,
    load_lexicon,
    padded,
    sentence_features,
    word_features,
)
from kg.model.modeldir import check_lexicon, default_model_dir, pick_style, read_model_dir
from kg.model.tags import tags_to_spans

__all__ = [
    "CRFTagger",
    "CompiledCRF",
    "chunk_text",
    "forward_backward",
    "load_tagger",
]

log = logging.getLogger(__name__)

MODEL_FILE = "ner.crfsuite"
MAX_CHUNK = 120


_SENTENCE_END = frozenset("。！？!?；;\n\r")
_SOFT_BREAK = frozenset("，,、：: \t")


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
        model_path, self.meta = read_model_dir(model_dir, MODEL_FILE)
        version = self.meta.get("feature_version", FEATURE_VERSION)
        if version != FEATURE_VERSION:
            raise BackendError(
                f"model at {model_dir} uses feature version {version}, this kg has "
                f"{FEATURE_VERSION}; retrain it with `kg train-ner`"
            )
        self.model_dir = model_dir
        domains = self.meta.get("domains") or {}
        style = pick_style(domains, style or self.meta.get("style") or "", model_dir)
        self.style = style if domains else ""
        self._domain = domains.get(style, "") if domains else ""
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        self._lexicon = load_lexicon()
        check_lexicon(self.meta, self._lexicon, model_dir)
        self._lock = threading.Lock()

    def marginals(self, text: str, tags: list[str], matches=None) -> list[list[float]]:
        """Per character of ``text`` (one chunk), the model's probability of each of ``tags``.

        ``matches``: the lexicon matches of the normalised text, when the caller has them.
        """
        with self._lock:
            tagger = self._tagger
            tagger.set(sentence_features(text, self._lexicon, self._domain, matches))
            known = set(tagger.labels())
            cols = [(tag, tag in known) for tag in tags]
            return [
                [tagger.marginal(tag, i) if ok else 0.0 for tag, ok in cols]
                for i in range(len(text))
            ]

    def tag_many(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        return [self.tag_spans(text) for text in texts]

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


COMPILED_FILE = "crf.npz"


class CompiledCRF:
    """A crfsuite model's weights in numpy, for marginals without python-crfsuite.

    ``attributes`` are the feature strings (``sentence_features``), ``weights`` their
    dense ``(n_attributes, K)`` state weights over ``labels``, ``transitions`` ``(K, K)``.
    Marginals come from forward-backward in float64, batched over chunks.
    """

    def __init__(self, attributes, weights, transitions, labels, meta):
        self.index = {a: i for i, a in enumerate(attributes)}
        self._zero = len(attributes)  # the row of attributes the model does not know
        self.weights = np.vstack([weights, np.zeros((1, weights.shape[1]), weights.dtype)])
        self.transitions = transitions
        self.labels = list(labels)
        self.meta = meta
        self.domains = meta.get("domains") or {}
        self.tables = self._build_tables()

    @classmethod
    def from_crfsuite(cls, model_dir: str | Path) -> CompiledCRF:
        """Read the weights of ``model_dir``/ner.crfsuite (takes a second or two)."""
        tagger = CRFTagger(model_dir)
        info = tagger._tagger.info()
        labels = sorted(info.labels, key=lambda name: int(info.labels[name]))
        lid = {name: i for i, name in enumerate(labels)}
        attributes = sorted({attr for attr, _ in info.state_features})
        aid = {a: i for i, a in enumerate(attributes)}
        weights = np.zeros((len(attributes), len(labels)), dtype=np.float32)
        for (attr, label), w in info.state_features.items():
            weights[aid[attr], lid[label]] = w
        transitions = np.zeros((len(labels), len(labels)), dtype=np.float64)
        for (a, b), w in info.transitions.items():
            transitions[lid[a], lid[b]] = w
        return cls(attributes, weights, transitions, labels, tagger.meta)

    def save(self, path: str | Path) -> None:
        attributes = sorted(self.index, key=self.index.get)
        rows, cols = np.nonzero(self.weights[: self._zero])
        np.savez_compressed(
            path,
            attributes=np.array(attributes),
            rows=rows.astype(np.int32),
            cols=cols.astype(np.int8),
            values=self.weights[rows, cols],
            n_attributes=np.array(len(attributes)),
            transitions=self.transitions,
            labels=np.array(self.labels),
            meta=np.array(json.dumps(self.meta)),
        )

    @classmethod
    def load(cls, path: str | Path) -> CompiledCRF:
        with np.load(path) as data:
            labels = data["labels"].tolist()
            weights = np.zeros((int(data["n_attributes"]), len(labels)), dtype=np.float32)
            weights[data["rows"], data["cols"]] = data["values"]
            return cls(
                data["attributes"].tolist(),
                weights,
                data["transitions"],
                labels,
                json.loads(str(data["meta"])),
            )

    def marginals(self, texts: list[str], matches: list, domain: str, tags: list[str]) -> list:
        """Per normalised text (given its ``Lexicon.matches``), ``(n, len(tags))`` label
        probabilities under the CRF with the ``domain`` code's features ("" for none).

        A character's state score is the sum of the weights of its ``sentence_features``,
        looked up without building most of those strings: the templates read off a
        character or a bigram (``CHAR_TEMPLATES``, ``BIGRAM_TEMPLATES`` and the domain's
        copies) cost one lookup per character and one per bigram for all of them together;
        j, k and l are looked up by value, the dictionary features as strings.
        """
        if not texts:
            return []
        tables = self.tables
        read: dict[str, list[str]] = {"char": [], "bigram": []}
        at: dict[str, list[np.ndarray]] = {"char": [], "bigram": []}
        combined = []
        for text in texts:
            chars, classes, bigrams = padded(text)
            for group, values in (("char", chars), ("bigram", bigrams)):
                at[group].append(np.arange(len(text)) + len(read[group]))
                read[group] += values
            combined.append(combined_columns(chars, classes, bigrams))
        picked = []  # per template, the attribute row of every character
        for group, (ids, rows, slots) in tables["groups"].items():
            values = read[group]
            found = rows[np.fromiter(map(ids.get, values, repeat(len(rows) - 1)), np.int64)]
            where = np.concatenate(at[group])
            for k, (template, offset) in enumerate(slots):
                if len(template) == 1 or (domain and template.startswith(domain + "~")):
                    picked.append(found[where + offset, k])
        for k, (template, _) in enumerate(combined[0]):
            table = tables["single"][template]
            values = [v for columns in combined for v in columns[k][1]]
            picked.append(np.fromiter(map(table.get, values, repeat(self._zero)), np.int64))
        if domain:
            picked.append(np.full(len(picked[0]), self.index.get(domain + "~", self._zero)))
        summed = self.weights[np.stack(picked, axis=1)].sum(axis=1, dtype=np.float64)
        # The dictionary features: a varying number per character, looked up as strings.
        flat, counts = [], []
        for found in matches:
            for i, feats in enumerate(word_features(found)):
                if domain:
                    feats += [domain + "~" + f for f in found[0][i]]
                flat += feats
                counts.append(len(feats))
        if flat:
            ids = np.fromiter(map(self.index.get, flat, repeat(self._zero)), np.int64, len(flat))
            counts = np.array(counts)
            some = counts > 0
            starts = (np.cumsum(counts) - counts)[some]
            summed[some] += np.add.reduceat(self.weights[ids], starts, axis=0)
        return self._marginals(summed, [len(text) for text in texts], tags)

    def _build_tables(self) -> dict:
        """Lookup tables for ``marginals`` (about 0.2 s).

        ``groups``: for the characters and for the bigrams, ``{value: id}``, an
        ``(ids + 1, slots)`` array of attribute rows (the last line: an unknown value) and
        its slots ``(template, offset)``; ``single``: ``{value: row}`` for j, k and l.
        """
        codes = list(self.domains.values())
        slots = {
            group: list(core) + [(code + "~" + t, o) for code in codes for t, o in copies]
            for group, core, copies in (
                ("char", CHAR_TEMPLATES, DOMAIN_CHAR_TEMPLATES),
                ("bigram", BIGRAM_TEMPLATES, DOMAIN_BIGRAM_TEMPLATES),
            )
        }
        names = sorted(self.index)  # those starting with a template are then a range

        def starting_with(template: str) -> dict[str, int]:
            lo = bisect.bisect_left(names, template)
            hi = bisect.bisect_left(names, template + "\U0010ffff")
            return {name[len(template) :]: self.index[name] for name in names[lo:hi]}

        groups = {}
        for group, group_slots in slots.items():
            tables = [starting_with(t) for t, _ in group_slots]
            ids = {v: i for i, v in enumerate(dict.fromkeys(v for table in tables for v in table))}
            rows = np.full((len(ids) + 1, len(group_slots)), self._zero, dtype=np.int32)
            for k, table in enumerate(tables):
                rows[[ids[v] for v in table], k] = list(table.values())
            groups[group] = (ids, rows, group_slots)  # the last line of rows: unknown values
        single = {t: starting_with(t) for t, _ in combined_columns(*padded(""))}
        return {"groups": groups, "single": single}

    def _marginals(self, summed: np.ndarray, lengths: list[int], tags: list[str]) -> list:
        """Label probabilities per chunk from all characters' summed state weights."""
        k = len(self.labels)
        lengths = np.array(lengths)
        b, t_max = len(lengths), int(lengths.max())
        scores = np.zeros((b, t_max, k), dtype=np.float64)
        mask = np.arange(t_max)[None, :] < lengths[:, None]
        scores[mask] = summed
        probs = forward_backward(scores, lengths, self.transitions)
        order = [self.labels.index(tag) if tag in self.labels else -1 for tag in tags]
        out = []
        for i, n in enumerate(lengths):
            p = probs[i, :n]
            out.append(np.stack([p[:, j] if j >= 0 else np.zeros(n) for j in order], axis=1))
        return out


def forward_backward(
    scores: np.ndarray,
    lengths: np.ndarray,
    transitions: np.ndarray,
    start: np.ndarray | None = None,
    end: np.ndarray | None = None,
) -> np.ndarray:
    """Label marginals ``(B, T, K)`` of a linear-chain CRF over a padded batch of scores.

    Rows past a sequence's length hold no meaning.
    """
    # Scaled forward-backward in probability space: each step is a small matrix product,
    # and every row is renormalised so nothing overflows.
    scores = scores.astype(np.float64)
    b, t_max, k = scores.shape
    start = np.zeros(k) if start is None else start
    end = np.zeros(k) if end is None else end
    emit = np.exp(scores - scores.max(axis=2, keepdims=True))
    trans = np.exp(transitions - transitions.max())
    alpha = np.empty_like(emit)
    beta = np.empty_like(emit)
    a = np.exp(start - start.max()) * emit[:, 0]
    alpha[:, 0] = a / np.maximum(a.sum(axis=1, keepdims=True), 1e-300)
    for t in range(1, t_max):
        a = (alpha[:, t - 1] @ trans) * emit[:, t]
        alpha[:, t] = a / np.maximum(a.sum(axis=1, keepdims=True), 1e-300)
    last = (lengths - 1)[:, None]
    stop = np.broadcast_to(np.exp(end - end.max()), (b, k))
    beta[:, t_max - 1] = stop
    for t in range(t_max - 2, -1, -1):
        nb = (emit[:, t + 1] * beta[:, t + 1]) @ trans.T
        nb /= np.maximum(nb.sum(axis=1, keepdims=True), 1e-300)
        beta[:, t] = np.where(t < last, nb, stop)
    probs = alpha * beta
    total = probs.sum(axis=2, keepdims=True)
    return probs / np.where(total > 0, total, 1.0)
