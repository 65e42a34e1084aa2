"""Train the embedded NER CRF (the same as `kg train-ner`), for runs in the background.

python scripts/train_ner.py -o kg/data/model --corpora ../shared/corpora
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from kg.ner.train import TrainConfig, train_crf


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--corpora", default="../shared/corpora")
    for name, value in vars(TrainConfig()).items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            parser.add_argument("--" + name.replace("_", "-"), type=type(value), default=value)
    parser.add_argument("--domain-features", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--style", default="msra")
    args = parser.parse_args(argv)
    options = {k: v for k, v in vars(args).items() if k not in ("output", "corpora")}
    started = time.time()

    def say(line: str) -> None:
        print(f"[{time.time() - started:7.1f}s] {line}", flush=True)

    meta = train_crf(args.output, args.corpora, TrainConfig(**options), progress=say)
    print(json.dumps(meta, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
