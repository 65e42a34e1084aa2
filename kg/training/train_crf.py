"""Train the embedded character CRF on MSRA train + CLUENER train and write a model directory."""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.model.features import FEATURE_VERSION, load_lexicon, sentence_features
from kg.model.modeldir import META_FILE
from kg.training.evaluate import read_char_tagged, read_cluener, spans_to_tags

__all__ = ["TrainConfig", "load_training_data", "split_dev", "train_crf"]

log = logging.getLogger(__name__)

#: One-letter codes of the training corpora, used by domain features.
DOMAINS = {"msra": "m", "cluener": "c"}
MODEL_FILE = "ner.crfsuite"
MSRA_TRAIN = "msra_ner/msra_train_bmes.txt"
CLUENER_TRAIN = "cluener2020/train.json"

Example = tuple[str, list[tuple[int, int, str]]]


@dataclass
class TrainConfig:
    """Training options; everything that changes the model is recorded in meta.json."""

    c1: float = 0.03
    c2: float = 0.01
    max_iterations: int = 170
    minfreq: float = 2.0
    seed: int = 13
    #: Fraction of each corpus held out as one contiguous block at its end (0 = train on all).
    dev_fraction: float = 0.05
    #: Use at most this many sentences of each corpus (0 = all); for quick checks.
    limit: int = 0
    #: Copies of each CLUENER sentence in the training set (it is the modern-news domain).
    cluener_weight: int = 2
    #: Add corpus-specific copies of some features (see features.sentence_features);
    #: the model then tags in the style of ``style`` unless told otherwise.
    domain_features: bool = True
    style: str = "msra"
    extra: dict = field(default_factory=dict)


def load_training_data(corpora_dir: str | Path) -> dict[str, list[Example]]:
    """MSRA train and CLUENER train, in file order."""
    corpora_dir = Path(corpora_dir)
    return {
        "msra": list(read_char_tagged(corpora_dir / MSRA_TRAIN)),
        "cluener": list(read_cluener(corpora_dir / CLUENER_TRAIN)),
    }


def split_dev(data: list[Example], fraction: float) -> tuple[list[Example], list[Example]]:
    """Hold out the last ``fraction`` of ``data`` as one contiguous block.

    A random-sentence dev set shares documents with train and scores several
    points above the real test set; a block at the end does not.
    """
    if fraction <= 0:
        return data, []
    cut = len(data) - max(1, int(len(data) * fraction))
    return data[:cut], data[cut:]


def train_crf(
    output_dir: str | Path,
    corpora_dir: str | Path,
    config: TrainConfig | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Train the CRF and write ``ner.crfsuite`` + ``meta.json`` into ``output_dir``.

    Returns the metadata written. ``progress`` receives one line per step/iteration.
    """
    import pycrfsuite

    config = config or TrainConfig()
    say = progress or log.info
    started = time.time()
    rng = random.Random(config.seed)
    corpora = load_training_data(corpora_dir)
    train: list[tuple[str, list, str]] = []
    dev: dict[str, list[Example]] = {}
    counts = {}
    for name, data in corpora.items():
        if config.limit:
            data = data[: config.limit]
        part_train, part_dev = split_dev(data, config.dev_fraction)
        if name == "cluener":
            part_train = part_train * max(1, config.cluener_weight)
        code = DOMAINS[name] if config.domain_features else ""
        train.extend((text, spans, code) for text, spans in part_train)
        dev[name] = part_dev
        counts[name] = {"train": len(part_train), "dev": len(part_dev)}
    if not train:
        raise InputError(f"no training sentences found under {corpora_dir}")
    rng.shuffle(train)
    say(f"training sentences: {len(train)} ({counts})")

    lexicon = load_lexicon()

    class _Trainer(pycrfsuite.Trainer):
        def message(self, s):
            for line in s.splitlines():
                if line.startswith("***** Iteration") or line.startswith("Loss:"):
                    say(line.strip("* "))

    trainer = _Trainer(verbose=True)
    for k, (text, spans, code) in enumerate(train):
        trainer.append(sentence_features(text, lexicon, code), spans_to_tags(len(text), spans))
        if (k + 1) % 10000 == 0:
            say(f"features: {k + 1}/{len(train)} sentences")
    trainer.select("lbfgs", "crf1d")
    trainer.set_params(
        {
            "c1": config.c1,
            "c2": config.c2,
            "max_iterations": config.max_iterations,
            "feature.minfreq": config.minfreq,
            "feature.possible_transitions": True,
        }
    )
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    model_path = output_dir / MODEL_FILE
    say(f"training CRF (lbfgs, c1={config.c1}, c2={config.c2}, {config.max_iterations} it)")
    trainer.train(str(model_path))
    elapsed = time.time() - started
    meta = {
        "name": "kg-ner-crf",
        "feature_version": FEATURE_VERSION,
        "lexicon": "jieba dict.txt",
        "lexicon_sha256_16": lexicon.digest,
        "labels": ["PER", "ORG", "LOC"],
        "tagging": "BMES",
        "domains": DOMAINS if config.domain_features else {},
        "style": config.style if config.domain_features else "",
        "config": asdict(config),
        "sentences": counts,
        "train_seconds": round(elapsed, 1),
        "size_bytes": model_path.stat().st_size,
    }
    (output_dir / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
    say(f"wrote {model_path} ({meta['size_bytes'] / 1e6:.1f} MB) in {elapsed / 60:.1f} min")
    return meta
