"""Train the embedded NER model like `kg train-ner`, every setting exposed; for nohup runs.

python scripts/train_ner.py --arch crf -o /tmp/crf --corpora ../shared/corpora   # the CRF
python scripts/train_ner.py -o kg/data/model --crf /tmp/crf --epochs 10 --hidden 200
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import fields

from kg.training.train_crf import TrainConfig, train_crf
from kg.training.train_neural import NeuralConfig, train_neural

ARCHS = {"bilstm": (NeuralConfig, train_neural), "crf": (TrainConfig, train_crf)}


def main(argv=None) -> int:
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--arch", choices=sorted(ARCHS), default="bilstm")
    config_cls, train = ARCHS[pre.parse_known_args(argv)[0].arch]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], parents=[pre])
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--corpora", default="../shared/corpora")
    for f in fields(config_cls):
        value = f.default
        flag = "--" + f.name.replace("_", "-")
        if isinstance(value, bool):
            parser.add_argument(flag, action=argparse.BooleanOptionalAction, default=value)
        elif isinstance(value, (int, float, str)):
            parser.add_argument(flag, type=type(value), default=value)
    args = parser.parse_args(argv)
    options = {k: v for k, v in vars(args).items() if k not in ("arch", "output", "corpora")}
    started = time.time()

    def say(line: str) -> None:
        print(f"[{time.time() - started:7.1f}s] {line}", flush=True)

    meta = train(args.output, args.corpora, config_cls(**options), progress=say)
    print(json.dumps(meta, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
