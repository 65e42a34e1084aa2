"""Speed of NER alone (a backend's ``predict``, no rules): characters per second.

Prints figures; asserts nothing. The same texts are tagged several times and the best,
median and slowest runs are printed, because a shared 2-core machine varies by 10-20 %
from one run to the next. Run from the repository root:

    python benchmarks/bench_ner.py                       # MSRA test, the embedded model
    python benchmarks/bench_ner.py --dataset cluener-dev --repeat 3
    python benchmarks/bench_ner.py --thucnews 200 --backend jieba
    python benchmarks/bench_ner.py --model /tmp/my-model
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from kg.ner.registry import get_backend
from kg.training.evaluate import EVAL_SETS, load_eval_set

CORPORA = Path(__file__).resolve().parents[2] / "shared/corpora"


def thucnews(corpora: Path, limit: int) -> list[str]:
    """The first ``limit`` THUCNews validation articles (category column dropped)."""
    texts = []
    with (corpora / "thucnews_sample/cnews.val.txt").open(encoding="utf-8") as fh:
        for line in fh:
            if len(texts) == limit:
                break
            texts.append(line.rstrip("\n").partition("\t")[2])
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    ap.add_argument("--dataset", choices=list(EVAL_SETS), default="msra-test")
    ap.add_argument("--thucnews", type=int, default=0, help="tag N THUCNews articles instead")
    ap.add_argument("--backend", default="kg")
    ap.add_argument("--model", help="model directory or name for the backend")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    if args.thucnews:
        name = f"THUCNews val, {args.thucnews} articles"
        texts = thucnews(args.corpora, args.thucnews)
    else:
        name = args.dataset
        texts = [text for text, _ in load_eval_set(args.dataset, args.corpora)]
    chars = sum(map(len, texts))
    t0 = time.perf_counter()
    backend = get_backend(args.backend, **({"model": args.model} if args.model else {}))
    backend.predict(["预热一下模型。"])
    loaded = time.perf_counter() - t0
    speeds = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        backend.predict(texts)
        speeds.append(chars / (time.perf_counter() - t))
    print(f"texts         {name}: {len(texts):,} texts, {chars:,} characters")
    model = f", model {args.model}" if args.model else ""
    print(f"backend       {args.backend}{model} (loaded in {loaded:.2f} s)")
    print(
        f"speed         best {max(speeds):,.0f}, median {statistics.median(speeds):,.0f}, "
        f"slowest {min(speeds):,.0f} characters/s over {args.repeat} runs"
    )


if __name__ == "__main__":
    main()
