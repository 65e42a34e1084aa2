"""The embedded neural tagger: character + bigram embeddings, lexicon features, a BiLSTM and a CRF.

Inference is plain numpy (no torch): the weights ship as ``ner.npz`` next to
``vocab.json`` (the character and bigram vocabularies) and ``meta.json`` (settings).
Training lives in ``kg.training.train_neural`` and needs torch.

Input of each character (``encode``):
  * its character id and the ids of the bigrams on its left and right;
  * 12 lexicon bits from jieba's dictionary: the character Begins/is in the Middle/Ends
    a dictionary word that is a person (nr), place (ns), organisation (nt) or other word;
  * its character class (digit, numeral, latin, space, punctuation, Chinese, other);
  * the annotation style (corpus) the model should follow, one-hot.
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from kg.errors import BackendError
from kg.model.crf import COMPILED_FILE, CompiledCRF, chunk_text, forward_backward
from kg.model.features import Lexicon, char_class, load_lexicon, normalize
from kg.model.modeldir import META_FILE, check_lexicon, pick_style, read_model_dir
from kg.model.tags import tags_to_spans
from kg.model.threads import model_threads

__all__ = [
    "TAGS",
    "NeuralModel",
    "NeuralTagger",
    "Vocab",
    "allowed_transitions",
    "encode",
    "feature_size",
    "load_neural_tagger",
    "viterbi",
]

WEIGHTS_FILE = "ner.npz"
VOCAB_FILE = "vocab.json"

#: BMES tags over the three corpus labels; index 0 is O.
TAGS = ["O"] + [f"{p}-{t}" for t in ("PER", "ORG", "LOC") for p in "BMES"]
_CLASSES = "DNASPCO"
_CLASS_INDEX = {c: i for i, c in enumerate(_CLASSES)}
_KINDS = np.array(list("rstw"))  # the lexicon's word classes (sorted)
_N_LEX = 3 * len(_KINDS)  # lexicon bits: word position (B, M, E) x word class
UNK = 1  # id 0 is padding


def feature_size(n_domains: int) -> int:
    return _N_LEX + len(_CLASSES) + n_domains


class Vocab:
    """Character and bigram vocabularies (ids 0 = padding, 1 = unknown)."""

    def __init__(self, chars: list[str], bigrams: list[str]):
        self.chars = chars
        self.bigrams = bigrams
        self.char_ids = {c: i + 2 for i, c in enumerate(chars)}
        self.bigram_ids = {b: i + 2 for i, b in enumerate(bigrams)}
        # The same as sorted code arrays, for lookups of a whole text at once: a character by
        # its code point, a bigram by its two code points in one integer.
        self._char_codes = _sorted_codes(chars, 1)
        self._bigram_codes = _sorted_codes(bigrams, 2)

    def ids(self, text: str) -> np.ndarray:
        """``(n, 3)`` ids of each character of ``text``: its own, its left and right bigram's
        (the ids :attr:`char_ids` and :attr:`bigram_ids` give, UNK where they have none)."""
        codes = _code_points("\x02" + text + "\x03")
        n = len(text)
        ids = np.empty((n, 3), dtype=np.int64)
        ids[:, 0] = _look_up(self._char_codes, codes[1:-1])
        bigrams = _look_up(self._bigram_codes, (codes[:-1] << 21) | codes[1:])
        ids[:, 1], ids[:, 2] = bigrams[:n], bigrams[1:]
        return ids

    def save(self, path: Path) -> None:
        data = {"chars": "".join(self.chars), "bigrams": self.bigrams}
        path.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Vocab:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(list(data["chars"]), list(data["bigrams"]))


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(
        np.int64
    )


def _sorted_codes(strings: list[str], width: int) -> tuple[np.ndarray, np.ndarray]:
    """The strings of ``width`` (1 or 2) characters as sorted codes (a character's code
    point; two characters' in one integer, 21 bits each) and their ids (position + 2; for
    a string listed twice, the last one's, as in the vocabulary's dicts)."""
    ids = np.flatnonzero(np.fromiter(map(len, strings), np.int64, len(strings)) == width)
    points = _code_points("".join([strings[i] for i in ids.tolist()])).reshape(-1, width)
    ids += 2
    codes = points[:, 0] if width == 1 else (points[:, 0] << 21) | points[:, 1]
    keys, last = np.unique(codes[::-1], return_index=True)
    return keys, ids[::-1][last]


def _look_up(table: tuple[np.ndarray, np.ndarray], codes: np.ndarray) -> np.ndarray:
    """The id of each code in ``table`` (sorted codes, their ids), UNK for codes not in it."""
    keys, values = table
    if not len(keys):
        return np.full(len(codes), UNK, dtype=np.int64)
    at = np.minimum(np.searchsorted(keys, codes), len(keys) - 1)
    return np.where(keys[at] == codes, values[at], UNK)


def encode(
    text: str, vocab: Vocab, lexicon: Lexicon, domain: int, n_domains: int, hits=None
) -> tuple[np.ndarray, np.ndarray]:
    """Ids ``(n, 3)`` (char, left bigram, right bigram) and dense features ``(n, F)``.

    ``hits``: ``lexicon.hits(normalize(text))`` when the caller already has them.
    """
    text = normalize(text)
    n = len(text)
    ids = vocab.ids(text)
    feats = np.zeros((n, feature_size(n_domains)), dtype=np.float32)
    words = lexicon.hits(text) if hits is None else hits
    if words:
        # Lexicon bits: column len(_KINDS) * position (B, M, E) + word class (r, s, t, w).
        starts, ends, kinds = (np.array(col) for col in zip(*words, strict=True))
        kinds = np.searchsorted(_KINDS, kinds)
        k = len(_KINDS)
        feats[starts, kinds] = 1.0
        feats[ends - 1, 2 * k + kinds] = 1.0
        inner = ends - starts - 2  # characters in the Middle of each word
        if inner.any():
            first = np.repeat(starts + 1, inner)
            step = np.arange(len(first)) - np.repeat(np.cumsum(inner) - inner, inner)
            feats[first + step, k + np.repeat(kinds, inner)] = 1.0
    feats[np.arange(n), [_N_LEX + _CLASS_INDEX[char_class(ch)] for ch in text]] = 1.0
    if n_domains:
        feats[:, _N_LEX + len(_CLASSES) + domain] = 1.0
    return ids, feats


def allowed_transitions() -> np.ndarray:
    """``(K, K)`` bool: may tag j follow tag i under BMES (and start/end rules, see below)."""
    k = len(TAGS)
    ok = np.zeros((k, k), dtype=bool)
    for i, a in enumerate(TAGS):
        for j, b in enumerate(TAGS):
            pa, _, ta = a.partition("-")
            pb, _, tb = b.partition("-")
            if pa in ("O", "E", "S"):
                ok[i, j] = pb in ("O", "B", "S")
            else:  # B or M must continue the same entity
                ok[i, j] = pb in ("M", "E") and ta == tb
    return ok


def _start_end_ok() -> tuple[np.ndarray, np.ndarray]:
    start = np.array([t == "O" or t[0] in "BS" for t in TAGS])
    end = np.array([t == "O" or t[0] in "ES" for t in TAGS])
    return start, end


def _constrained(transitions, start, end, neg: float = -1e9):
    """The CRF scores with invalid BMES moves, starts and ends set to ``neg``."""
    s_ok, e_ok = _start_end_ok()
    return (
        np.where(allowed_transitions(), transitions, neg),
        np.where(s_ok, start, neg),
        np.where(e_ok, end, neg),
    )


def viterbi(
    emissions: np.ndarray,
    lengths: np.ndarray,
    transitions: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
) -> list[list[int]]:
    """Best tag ids for a padded batch ``emissions (B, T, K)``, invalid BMES moves forbidden."""
    trans, start, end_scores = _constrained(transitions, start, end)
    b, t_max, k = emissions.shape
    score = start[None, :] + emissions[:, 0]
    back = np.zeros((b, t_max, k), dtype=np.int32)
    for t in range(1, t_max):
        cand = score[:, :, None] + trans[None, :, :]  # (B, from, to)
        best = cand.argmax(axis=1)
        new = np.take_along_axis(cand, best[:, None, :], axis=1)[:, 0] + emissions[:, t]
        live = (t < lengths)[:, None]
        score = np.where(live, new, score)
        back[:, t] = best
    # Back from each row's last character, all rows at once (a row waits at its best last
    # tag until the step reaches its length).
    tags = np.empty((b, t_max), dtype=np.int32)
    tag = (score + end_scores).argmax(axis=1).astype(np.int32)
    rows = np.arange(b)
    for t in range(t_max - 1, 0, -1):
        live = t < lengths
        tags[:, t] = tag
        tag = np.where(live, back[rows, t, tag], tag)
    tags[:, 0] = tag
    return [path[:n] for path, n in zip(tags.tolist(), lengths.tolist(), strict=True)]


def _bilstm(x: np.ndarray, lengths: np.ndarray, w_ih, bias, w_hh, act) -> np.ndarray:
    """Both directions of one LSTM layer over a time-major ``x (T, B, D)``, side by side.

    The rows are sorted by decreasing length, so the rows still running at a step are the
    first ones and no step computes padding. ``w_ih (2, D, 4H)``, ``bias (2, 4H)``,
    ``w_hh (2, H, 4H)``: forward then backward, gates ordered i, f, o, g, the columns of i, f
    and o already halved (see :class:`NeuralModel`), so that one ``tanh`` over all four gates
    gives ``tanh(z / 2)`` for them and ``tanh(z)`` for g, and ``act`` (scale, offset) turns
    the first into ``sigmoid(z) = tanh(z / 2) / 2 + 1 / 2``.
    Step ``s`` runs the forward direction at time ``s`` and the backward one at each row's
    time ``length - 1 - s``. Returns ``(T, B, 2H)``, zero after each row's length.
    """
    t_max, b, _ = x.shape
    h_size, g_size = w_hh.shape[1], w_hh.shape[2]
    # The inputs packed step by step: step t's rows are [starts[t], starts[t + 1]).
    times, rows = np.nonzero(np.arange(t_max)[:, None] < lengths[None, :])
    back = lengths[rows] - 1 - times  # the time the backward direction reads at that step
    active = np.bincount(times, minlength=t_max)
    starts = np.concatenate([[0], np.cumsum(active)]).tolist()
    forward = x[times, rows] @ w_ih[0]
    forward += bias[0]
    backward = x[back, rows] @ w_ih[1]
    backward += bias[1]
    h = np.zeros((2, b, h_size), dtype=np.float32)
    c = np.zeros((2, b, h_size), dtype=np.float32)
    gates = np.empty((2, b, g_size), dtype=np.float32)
    tmp = np.empty((2, b, h_size), dtype=np.float32)
    packed = np.empty((2, len(times), h_size), dtype=np.float32)
    scale, offset = act
    for t, k in enumerate(active.tolist()):
        lo, hi = starts[t], starts[t + 1]
        h_k, c_k, gates_k, tmp_k = h[:, :k], c[:, :k], gates[:, :k], tmp[:, :k]
        np.matmul(h_k, w_hh, out=gates_k)
        gates_k[0] += forward[lo:hi]
        gates_k[1] += backward[lo:hi]
        np.tanh(gates_k, out=gates_k)
        gates_k *= scale
        gates_k += offset
        c_k *= gates_k[..., h_size : 2 * h_size]
        np.multiply(gates_k[..., :h_size], gates_k[..., 3 * h_size :], out=tmp_k)
        c_k += tmp_k
        np.tanh(c_k, out=tmp_k)
        np.multiply(tmp_k, gates_k[..., 2 * h_size : 3 * h_size], out=h_k)
        packed[:, lo:hi] = h_k
    out = np.zeros((t_max, b, 2 * h_size), dtype=np.float32)
    out[times, rows, :h_size] = packed[0]
    out[back, rows, h_size:] = packed[1]
    return out


class NeuralModel:
    """The numpy forward pass of a model written by ``kg.training.train_neural``."""

    def __init__(self, weights: dict[str, np.ndarray]):
        w = {k: v.astype(np.float32) for k, v in weights.items()}
        self.char_emb, self.bigram_emb = w["char_emb"], w["bigram_emb"]
        self.out_w, self.out_b = np.ascontiguousarray(w["out.weight"].T), w["out.bias"]
        self.crf = w["crf.transitions"], w["crf.start"], w["crf.end"]
        # Per layer, both directions: input weights, biases, recurrent weights.
        self.layers = []
        self.act: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # hidden size -> (scale, offset)
        layer = 0
        while f"lstm.weight_ih_l{layer}" in w:
            h = w[f"lstm.weight_hh_l{layer}"].shape[1]
            order = np.r_[0 : 2 * h, 3 * h : 4 * h, 2 * h : 3 * h]  # torch i,f,g,o -> i,f,o,g
            # i, f and o are halved (exactly: a power of two), so tanh gives their sigmoids.
            half = np.r_[np.full(3 * h, 0.5), np.ones(h)].astype(np.float32)
            self.act.setdefault(h, (half, (1.0 - half).astype(np.float32)))
            w_ih, w_hh, bias = [], [], []
            for sfx in (f"_l{layer}", f"_l{layer}_reverse"):
                w_ih.append(np.ascontiguousarray(w["lstm.weight_ih" + sfx][order].T))
                w_hh.append(np.ascontiguousarray(w["lstm.weight_hh" + sfx][order].T))
                bias.append((w["lstm.bias_ih" + sfx] + w["lstm.bias_hh" + sfx])[order])
            self.layers.append(
                (np.stack(w_ih) * half, np.stack(bias) * half, np.stack(w_hh) * half)
            )
            layer += 1

    def emissions(self, ids: np.ndarray, feats: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """``(B, T, K)`` tag scores for a padded batch of encoded chunks."""
        order = np.argsort(-lengths, kind="stable")  # longest first (see _bilstm)
        ids, feats, lengths = ids[order], feats[order], lengths[order]
        ids = ids.transpose(1, 0, 2)  # time-major: each step reads one contiguous block
        x = np.concatenate(
            [
                self.char_emb[ids[..., 0]],
                self.bigram_emb[ids[..., 1]],
                self.bigram_emb[ids[..., 2]],
                feats.transpose(1, 0, 2),
            ],
            axis=-1,
        )
        for w_ih, bias, w_hh in self.layers:
            x = _bilstm(x, lengths, w_ih, bias, w_hh, self.act[w_hh.shape[1]])
        scores = (x @ self.out_w + self.out_b).transpose(1, 0, 2)
        out = np.empty_like(scores)
        out[order] = scores
        return out

    def decode(self, emissions: np.ndarray, lengths: np.ndarray) -> list[list[int]]:
        return viterbi(emissions, lengths, *self.crf)


class NeuralTagger:
    """The shipped neural model: tags texts in batches of length-sorted chunks."""

    def __init__(self, model_dir: str | Path, style: str | None = None):
        model_dir = Path(model_dir)
        path, self.meta = read_model_dir(model_dir, WEIGHTS_FILE)
        if self.meta.get("tags") != TAGS or not (model_dir / VOCAB_FILE).is_file():
            raise BackendError(f"{model_dir / META_FILE} does not describe a kg neural NER model")
        self.model_dir = model_dir
        self.domains: dict[str, int] = self.meta.get("domains") or {}
        style = pick_style(self.domains, style or self.meta.get("style") or "", model_dir)
        self.style = style
        self.domain = self.domains.get(style, 0)
        with np.load(path) as data:
            self.model = NeuralModel(dict(data))
        self.vocab = Vocab.load(model_dir / VOCAB_FILE)
        self.lexicon = load_lexicon()
        check_lexicon(self.meta, self.lexicon, model_dir)
        self._lock = threading.Lock()
        # An optional companion CRF (kg.model.crf, compiled to numpy) whose log-marginals are
        # added to the emissions.
        self.crf = None
        self.crf_weight = 0.0
        companion = self.meta.get("crf")
        if companion:
            self.crf = CompiledCRF.load(model_dir / companion["dir"] / COMPILED_FILE)
            if style and self.crf.domains and style not in self.crf.domains:
                raise BackendError(f"the companion CRF of {model_dir} has no style {style!r}")
            self._crf_domain = self.crf.domains.get(style, "")
            self.crf_weight = float(companion["weight"])
            self.crf_gate = float(companion.get("gate", 1.01))  # 1.01: the CRF everywhere

    def confidence(self, em: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Per chunk, the lowest probability the BiLSTM-CRF gives its best tag at a character."""
        trans, start, end = _constrained(*self.model.crf)
        probs = forward_backward(em, lengths, trans, start, end).max(axis=2)
        valid = np.arange(em.shape[1])[None, :] < lengths[:, None]
        return np.where(valid, probs, 1.0).min(axis=1)

    def crf_scores(self, texts: list[str], hits: list) -> list[np.ndarray]:
        """``weight * log p_crf(tag)`` per normalised chunk, ``(n, K)``; ``hits``: its
        lexicon hits."""
        matches = [self.lexicon.matches(t, h) for t, h in zip(texts, hits, strict=True)]
        marginals = self.crf.marginals(texts, matches, self._crf_domain, TAGS)
        return [self.crf_weight * np.log(m + 1e-6) for m in marginals]

    def tag_many(
        self, texts: list[str], batch_chars: int = 4000
    ) -> list[list[tuple[int, int, str]]]:
        """End-exclusive ``(start, end, label)`` spans per text (corpus labels PER/ORG/LOC)."""
        pieces = []  # (text index, offset, chunk)
        for k, text in enumerate(texts):
            for s, e in chunk_text(text):
                pieces.append((k, s, text[s:e]))
        order = sorted(range(len(pieces)), key=lambda i: len(pieces[i][2]))
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        with model_threads():
            self._tag_batches(pieces, order, out, batch_chars)
        for spans in out:
            spans.sort()
        return out

    def _tag_batches(self, pieces, order, out, batch_chars: int) -> None:
        n_dom = len(self.domains)
        start = 0
        while start < len(order):
            # A batch holds chunks of similar length, about batch_chars characters in all.
            stop, chars = start, 0
            while stop < len(order) and chars < batch_chars:
                chars += len(pieces[order[stop]][2])
                stop += 1
            batch = [pieces[i] for i in order[start:stop]]
            start = stop
            normal = [normalize(c) for _, _, c in batch]  # once, for both models
            found = [self.lexicon.hits(c) for c in normal]
            enc = [
                encode(c, self.vocab, self.lexicon, self.domain, n_dom, m)
                for c, m in zip(normal, found, strict=True)
            ]
            lengths = np.array([len(ids) for ids, _ in enc])
            t_max = int(lengths.max())
            ids = np.zeros((len(enc), t_max, 3), dtype=np.int64)
            feats = np.zeros((len(enc), t_max, enc[0][1].shape[1]), dtype=np.float32)
            for i, (a, f) in enumerate(enc):
                ids[i, : len(a)], feats[i, : len(a)] = a, f
            with self._lock:
                em = self.model.emissions(ids, feats, lengths)
            if self.crf is not None:
                # The CRF only where the BiLSTM is unsure of some character's tag.
                unsure = np.flatnonzero(self.confidence(em, lengths) < self.crf_gate)
                scores = self.crf_scores([normal[i] for i in unsure], [found[i] for i in unsure])
                for i, extra in zip(unsure, scores, strict=True):
                    em[i, : len(extra)] += extra
            for (k, offset, _), path in zip(batch, self.model.decode(em, lengths), strict=True):
                for s, e, label in tags_to_spans([TAGS[p] for p in path]):
                    out[k].append((offset + s, offset + e, label))

    def tag_spans(self, text: str) -> list[tuple[int, int, str]]:
        return self.tag_many([text])[0]


@lru_cache(maxsize=4)
def _load(model_dir: str, style: str | None) -> NeuralTagger:
    return NeuralTagger(model_dir, style)


def load_neural_tagger(model_dir: str | Path, style: str | None = None) -> NeuralTagger:
    """The neural tagger in ``model_dir``, loaded once per process."""
    return _load(str(Path(model_dir).resolve()), style)
