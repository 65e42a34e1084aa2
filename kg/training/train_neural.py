"""Train the neural tagger (kg.model.tagger) with torch; write ``ner.npz`` + ``meta.json``.

Same data and dev split as the CRF (kg.training.train_crf): MSRA train and CLUENER train,
the last 5% of each held out as one block; the epoch with the best dev F1 is kept.
torch is needed here only; the written model runs on numpy.
"""

from __future__ import annotations

import json
import logging
import random
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from kg.errors import BackendError, InputError
from kg.model.crf import COMPILED_FILE, CompiledCRF, chunk_text
from kg.model.features import load_lexicon, normalize
from kg.model.modeldir import META_FILE
from kg.model.tagger import (
    TAGS,
    VOCAB_FILE,
    WEIGHTS_FILE,
    NeuralTagger,
    Vocab,
    encode,
    feature_size,
    viterbi,
)
from kg.training.evaluate import score_spans, spans_to_tags, tags_to_spans
from kg.training.train_crf import load_training_data, split_dev

__all__ = ["NeuralConfig", "attach_crf", "train_neural"]

#: Weights tried for the companion CRF's log-marginals (chosen on the dev blocks).
CRF_WEIGHTS = (0.1, 0.2, 0.3, 0.5, 0.75, 1.0)
#: Gates tried (the CRF runs where the BiLSTM's least sure tag has a lower probability).
CRF_GATES = (0.9, 0.95, 0.99, 0.999, 2.0)

log = logging.getLogger(__name__)

DOMAINS = {"msra": 0, "cluener": 1}
_TAG_IDS = {t: i for i, t in enumerate(TAGS)}


@dataclass
class NeuralConfig:
    """Training options; all of them are recorded in meta.json."""

    char_dim: int = 100
    bigram_dim: int = 50
    hidden: int = 200
    layers: int = 1
    dropout: float = 0.4
    lr: float = 2e-3
    batch_size: int = 32
    epochs: int = 10
    min_char_freq: int = 1
    min_bigram_freq: int = 2
    cluener_weight: int = 2
    dev_fraction: float = 0.05
    limit: int = 0
    seed: int = 13
    threads: int = 2
    #: Stop an epoch early after this many minutes (0 = no limit); for time-boxed runs.
    max_minutes: float = 0.0
    style: str = "msra"
    #: A CRF model directory (`kg train-ner --arch crf`, or the crf/ of a neural model) to
    #: combine with: its marginals are added to the emissions with a weight and a gate
    #: chosen on the dev blocks ("" = none).
    crf: str = ""
    #: That weight when there are no dev blocks to choose it on.
    crf_weight: float = 0.75
    #: Continue from the weights (and vocabulary) of this model directory ("" = start afresh).
    #: With ``epochs = 0`` the model is only copied and its CRF attached anew.
    init: str = ""


def _chunks(text: str, spans: list) -> list[tuple[str, list[int]]]:
    tags = [_TAG_IDS[t] for t in spans_to_tags(len(text), spans)]
    return [(text[s:e], tags[s:e]) for s, e in chunk_text(text)]


def _build_vocab(texts: list[str], config: NeuralConfig) -> Vocab:
    chars: Counter = Counter()
    bigrams: Counter = Counter()
    for text in texts:
        text = normalize(text)
        chars.update(text)
        padded = "\x02" + text + "\x03"
        bigrams.update(padded[i : i + 2] for i in range(len(padded) - 1))
    return Vocab(
        sorted(c for c, n in chars.items() if n >= config.min_char_freq),
        sorted(b for b, n in bigrams.items() if n >= config.min_bigram_freq),
    )


def _make_model(vocab: Vocab, config: NeuralConfig, n_feats: int):
    import torch
    from torch import nn

    class Tagger(nn.Module):
        def __init__(self):
            super().__init__()
            self.char_emb = nn.Embedding(len(vocab.chars) + 2, config.char_dim, padding_idx=0)
            self.bigram_emb = nn.Embedding(len(vocab.bigrams) + 2, config.bigram_dim, padding_idx=0)
            d_in = config.char_dim + 2 * config.bigram_dim + n_feats
            self.drop = nn.Dropout(config.dropout)
            self.lstm = nn.LSTM(
                d_in, config.hidden, num_layers=config.layers, bidirectional=True, batch_first=True
            )
            self.out = nn.Linear(2 * config.hidden, len(TAGS))
            k = len(TAGS)
            self.transitions = nn.Parameter(torch.zeros(k, k))
            self.start = nn.Parameter(torch.zeros(k))
            self.end = nn.Parameter(torch.zeros(k))

        def emissions(self, ids, feats, lengths):
            x = torch.cat(
                [
                    self.char_emb(ids[..., 0]),
                    self.bigram_emb(ids[..., 1]),
                    self.bigram_emb(ids[..., 2]),
                    feats,
                ],
                dim=-1,
            )
            x = self.drop(x)
            packed = nn.utils.rnn.pack_padded_sequence(
                x, lengths, batch_first=True, enforce_sorted=False
            )
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
            return self.out(self.drop(h))

        def nll(self, em, tags, mask):
            # Linear-chain CRF negative log-likelihood, averaged over the batch.
            b, t_max, k = em.shape
            ar = torch.arange(b)
            gold = self.start[tags[:, 0]] + em[ar, 0, tags[:, 0]]
            alpha = self.start[None, :] + em[:, 0]
            for t in range(1, t_max):
                m = mask[:, t]
                step = self.transitions[tags[:, t - 1], tags[:, t]] + em[ar, t, tags[:, t]]
                gold = gold + step * m
                nxt = torch.logsumexp(alpha[:, :, None] + self.transitions[None], dim=1) + em[:, t]
                alpha = torch.where(m[:, None] > 0, nxt, alpha)
            last = tags[ar, mask.sum(1).long() - 1]
            gold = gold + self.end[last]
            z = torch.logsumexp(alpha + self.end[None, :], dim=1)
            return (z - gold).mean()

    return Tagger()


def _batch(items, n_feats):
    import torch

    lengths = [len(ids) for ids, _, _ in items]
    t_max = max(lengths)
    b = len(items)
    ids = np.zeros((b, t_max, 3), dtype=np.int64)
    feats = np.zeros((b, t_max, n_feats), dtype=np.float32)
    tags = np.zeros((b, t_max), dtype=np.int64)
    mask = np.zeros((b, t_max), dtype=np.float32)
    for i, (a, f, t) in enumerate(items):
        n = len(a)
        ids[i, :n], feats[i, :n], tags[i, :n], mask[i, :n] = a, f, t, 1.0
    return (
        torch.from_numpy(ids),
        torch.from_numpy(feats),
        torch.tensor(lengths),
        torch.from_numpy(tags),
        torch.from_numpy(mask),
    )


def _evaluate(model, examples, n_feats, batch_size=256) -> float:
    """Exact-span F1 of ``model`` on encoded dev ``examples`` (ids, feats, gold spans)."""
    import torch

    model.eval()
    gold, pred = [], []
    order = sorted(range(len(examples)), key=lambda i: len(examples[i][0]))
    with torch.no_grad():
        for k in range(0, len(order), batch_size):
            chunk = [examples[i] for i in order[k : k + batch_size]]
            ids, feats, lengths, _, _ = _batch(
                [(a, f, np.zeros(len(a))) for a, f, _ in chunk], n_feats
            )
            em = model.emissions(ids, feats, lengths).numpy()
            paths = viterbi(
                em,
                lengths.numpy(),
                model.transitions.detach().numpy(),
                model.start.detach().numpy(),
                model.end.detach().numpy(),
            )
            for (_, _, spans), path in zip(chunk, paths, strict=True):
                gold.append(spans)
                pred.append(tags_to_spans([TAGS[p] for p in path]))
    model.train()
    return score_spans(gold, pred)["ALL"].f1


def train_neural(
    output_dir: str | Path,
    corpora_dir: str | Path,
    config: NeuralConfig | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Train the BiLSTM-CRF and write the model directory; returns its metadata."""
    config = config or NeuralConfig()
    if config.epochs:
        try:
            import torch
        except ImportError:
            message = "training the neural tagger needs torch: pip install torch"
            raise BackendError(message) from None
        torch.manual_seed(config.seed)
        torch.set_num_threads(config.threads)
    say = progress or log.info
    started = time.time()
    random.seed(config.seed)
    np.random.seed(config.seed)

    corpora = load_training_data(corpora_dir)
    train_raw, dev_raw, counts = [], {}, {}
    for name, data in corpora.items():
        if config.limit:
            data = data[: config.limit]
        part_train, part_dev = split_dev(data, config.dev_fraction)
        weight = config.cluener_weight if name == "cluener" else 1
        train_raw.extend((text, spans, DOMAINS[name]) for text, spans in part_train * weight)
        dev_raw[name] = part_dev
        counts[name] = {"train": len(part_train), "dev": len(part_dev)}
    if not train_raw:
        raise InputError(f"no training sentences found under {corpora_dir}")
    if not config.epochs:
        return _reattach(Path(output_dir), config, dev_raw, say)
    say(f"training sentences: {len(train_raw)} ({counts})")

    if config.init:
        vocab = Vocab.load(Path(config.init) / VOCAB_FILE)
    else:
        vocab = _build_vocab([t for t, _, _ in train_raw], config)
    say(f"vocabulary: {len(vocab.chars)} chars, {len(vocab.bigrams)} bigrams")
    lexicon = load_lexicon()
    n_dom = len(DOMAINS)
    n_feats = feature_size(n_dom)
    train = []
    for text, spans, dom in train_raw:
        for chunk, tags in _chunks(text, spans):
            ids, feats = encode(chunk, vocab, lexicon, dom, n_dom)
            train.append((ids, feats, np.array(tags)))
    dev = {
        name: [(*encode(t, vocab, lexicon, DOMAINS[name], n_dom), s) for t, s in data]
        for name, data in dev_raw.items()
    }
    say(f"encoded {len(train)} training chunks in {time.time() - started:.0f}s")

    model = _make_model(vocab, config, n_feats)
    if config.init:
        model.load_state_dict(_read_state(Path(config.init) / WEIGHTS_FILE))
        say(f"continuing from {config.init}")
    optim = torch.optim.Adam(model.parameters(), lr=config.lr)
    sched = torch.optim.lr_scheduler.LambdaLR(optim, lambda e: 1.0 / (1.0 + 0.1 * e))
    rng = random.Random(config.seed)
    best, best_state, history = -1.0, None, []
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    for epoch in range(1, config.epochs + 1):
        # Batches of similar length, in random order.
        order = sorted(range(len(train)), key=lambda i: (len(train[i][0]), rng.random()))
        batches = [
            order[k : k + config.batch_size] for k in range(0, len(order), config.batch_size)
        ]
        rng.shuffle(batches)
        epoch_start, total = time.time(), 0.0
        for step, batch in enumerate(batches, 1):
            ids, feats, lengths, tags, mask = _batch([train[i] for i in batch], n_feats)
            loss = model.nll(model.emissions(ids, feats, lengths), tags, mask)
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optim.step()
            total += loss.item()
            if step % 200 == 0:
                say(
                    f"epoch {epoch} step {step}/{len(batches)} loss {total / step:.3f} "
                    f"({time.time() - epoch_start:.0f}s)"
                )
            if config.max_minutes and time.time() - epoch_start > 60 * config.max_minutes:
                say(f"epoch {epoch} cut at step {step} ({config.max_minutes} min)")
                break
        sched.step()
        scores = {name: _evaluate(model, data, n_feats) for name, data in dev.items() if data}
        mean = sum(scores.values()) / max(1, len(scores))
        history.append(
            {"epoch": epoch, "dev_f1": scores, "seconds": round(time.time() - epoch_start)}
        )
        say(f"epoch {epoch}: dev F1 " + ", ".join(f"{k} {100 * v:.2f}" for k, v in scores.items()))
        if mean > best or not scores:  # without a dev set, the last epoch is kept
            best = mean
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            _write(output_dir, best_state, vocab, config, counts, history, started)
    meta = _write(output_dir, best_state, vocab, config, counts, history, started)
    say(f"wrote {output_dir / WEIGHTS_FILE} ({meta['size_bytes'] / 1e6:.1f} MB)")
    if config.crf:
        meta = attach_crf(output_dir, config.crf, dev_raw, config.crf_weight, say)
    return meta


def _reattach(output_dir: Path, config: NeuralConfig, dev_raw: dict, say) -> dict:
    """``epochs = 0``: copy the model in ``config.init`` and attach ``config.crf`` to it."""
    if not (config.init and config.crf):
        raise InputError("--epochs 0 needs --init MODEL and --crf CRF: it only re-attaches a CRF")
    source = Path(config.init)
    if not (source / WEIGHTS_FILE).is_file():
        raise InputError(f"no neural model in {source} (no {WEIGHTS_FILE})")
    output_dir.mkdir(parents=True, exist_ok=True)
    if source.resolve() != output_dir.resolve():
        for name in (WEIGHTS_FILE, VOCAB_FILE, META_FILE):
            shutil.copyfile(source / name, output_dir / name)
    return attach_crf(output_dir, config.crf, dev_raw, config.crf_weight, say)


def attach_crf(
    model_dir: str | Path,
    crf_dir: str | Path,
    dev: dict[str, list],
    default_weight: float = 0.75,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Compile the CRF in ``crf_dir`` into ``model_dir``/crf and pick its weight on ``dev``.

    ``crf_dir`` holds a crfsuite model (`kg train-ner --arch crf`) or an already compiled
    one (the crf/ directory of a neural model). ``dev`` maps a style (msra, cluener) to
    held-out ``(text, spans)``; the weight with the best mean F1 over the styles is kept
    (``default_weight`` when ``dev`` is empty).
    """
    say = progress or log.info
    model_dir, crf_dir = Path(model_dir), Path(crf_dir)
    if (crf_dir / COMPILED_FILE).is_file():
        compiled = CompiledCRF.load(crf_dir / COMPILED_FILE)
    else:
        compiled = CompiledCRF.from_crfsuite(crf_dir)  # BackendError when there is no CRF
    target = model_dir / "crf"
    target.mkdir(exist_ok=True)
    compiled.save(target / COMPILED_FILE)
    (target / META_FILE).write_text(
        json.dumps(compiled.meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    meta_path = model_dir / META_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.pop("crf", None)
    meta_path.write_text(json.dumps(meta, ensure_ascii=False) + "\n", encoding="utf-8")
    styles = {}  # style -> (tagger, data, pieces, emissions, confidences)
    for style, data in dev.items():
        if not data:
            continue
        tagger = NeuralTagger(model_dir, style)  # without the CRF: meta has no "crf" yet
        domain = compiled.domains.get(style, "")
        pieces = [
            (k, s, text[s:e]) for k, (text, _) in enumerate(data) for s, e in chunk_text(text)
        ]
        emissions, confidences = [], []
        for _, _, chunk in pieces:
            ids, feats = encode(chunk, tagger.vocab, tagger.lexicon, tagger.domain, len(DOMAINS))
            length = np.array([len(chunk)])
            em = tagger.model.emissions(ids[None], feats[None], length)
            text = normalize(chunk)
            [marg] = compiled.marginals([text], [tagger.lexicon.matches(text)], domain, TAGS)
            emissions.append((em[0], np.log(marg + 1e-6)))
            confidences.append(float(tagger.confidence(em, length)[0]))
        styles[style] = (tagger, data, pieces, emissions, confidences)

    def f1(style: str, weight: float, gate: float) -> float:
        tagger, data, pieces, emissions, confidences = styles[style]
        pred = [[] for _ in data]
        for (k, offset, chunk), (em, log_marg), conf in zip(
            pieces, emissions, confidences, strict=True
        ):
            scores = em + weight * log_marg if conf < gate else em
            [path] = tagger.model.decode(scores[None], np.array([len(chunk)]))
            pred[k] += [
                (offset + s, offset + e, label)
                for s, e, label in tags_to_spans([TAGS[p] for p in path])
            ]
        return score_spans([spans for _, spans in data], pred)["ALL"].f1

    def mean(scores: dict[str, float]) -> float:
        return sum(scores.values()) / len(scores)

    grid = {str(w): {style: f1(style, w, 2.0) for style in styles} for w in CRF_WEIGHTS}
    for style in styles:
        say(
            f"CRF weights on {style} dev: "
            + ", ".join(f"{w} {100 * f[style]:.2f}" for w, f in grid.items())
        )
    if styles:
        weight = float(max(grid, key=lambda w: mean(grid[w])))
        # The CRF runs only on chunks where the BiLSTM's least sure character is below the
        # gate; keep the lowest gate that costs at most 0.05 F1 (mean) on the dev blocks.
        gates = {str(g): {style: f1(style, weight, g) for style in styles} for g in CRF_GATES}
        full = mean(grid[str(weight)])
        gate = min(g for g in CRF_GATES if mean(gates[str(g)]) >= full - 0.0005)
        say("CRF gates: " + ", ".join(f"{g} {100 * mean(f):.2f}" for g, f in gates.items()))
    else:
        weight, gate, grid, gates = default_weight, 0.99, {}, {}
    meta["crf"] = {
        "dir": "crf",
        "weight": weight,
        "gate": gate,
        "dev_f1": grid,
        "dev_f1_by_gate": gates,
    }
    meta["size_bytes"] = sum(
        path.stat().st_size for path in (model_dir / WEIGHTS_FILE, target / COMPILED_FILE)
    )
    meta_path.write_text(json.dumps(meta, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"combined with the CRF in {crf_dir}, weight {weight}, gate {gate}")
    return meta


_RENAMES = {
    "char_emb.weight": "char_emb",
    "bigram_emb.weight": "bigram_emb",
    "transitions": "crf.transitions",
    "start": "crf.start",
    "end": "crf.end",
}


def _read_state(path: Path) -> dict:
    """The torch state dict of a written ``ner.npz``."""
    import torch

    back = {v: k for k, v in _RENAMES.items()}
    with np.load(path) as data:
        return {back.get(k, k): torch.from_numpy(data[k].astype(np.float32)) for k in data.files}


def _write(output_dir, state, vocab, config, counts, history, started) -> dict:
    arrays = {}
    for key, value in state.items():
        name = _RENAMES.get(key, key)
        arr = value.numpy()
        arrays[name] = arr.astype(np.float16) if name.endswith("_emb") else arr.astype(np.float32)
    vocab.save(output_dir / VOCAB_FILE)
    weights = output_dir / WEIGHTS_FILE
    tmp = output_dir / (WEIGHTS_FILE + ".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    tmp.replace(weights)
    lexicon = load_lexicon()
    meta = {
        "name": "kg-ner-bilstm-crf",
        "lexicon": "jieba dict.txt",
        "lexicon_sha256_16": lexicon.digest,
        "labels": ["PER", "ORG", "LOC"],
        "tags": TAGS,
        "domains": DOMAINS,
        "style": config.style,
        "config": asdict(config),
        "sentences": counts,
        "history": history,
        "train_seconds": round(time.time() - started, 1),
        "size_bytes": weights.stat().st_size,
    }
    (output_dir / META_FILE).write_text(json.dumps(meta, ensure_ascii=False) + "\n")
    return meta
