"""What `kg ner` prints (model plus rules, kg.ner.recognize) against the model alone, on
MSRA test and CLUENER dev: exact-span P/R/F1 of PER/ORG/LOC with more than one character.

    python scripts/eval_ner_rules.py [--dataset msra-test] [--option style=cluener] [--lost]

Develop on ``msra-devblock`` and ``cluener-devblock``: the last 5 % of MSRA train and of
CLUENER train, the blocks the embedded model was not trained on (kg.training.split_dev);
MSRA test and CLUENER dev are for reporting only.

The rules add types the corpora do not annotate (EVENT, TITLE, MONEY…): those are left out;
one-character entities (a bare 京, 中) are left out on both sides, because kg never tags
them. ``--min-confidence`` scores only the entities kg is at least that sure of. Each
sentence is tagged as `kg ner`, ``kg.load_nlp()`` and `kg build` tag a text (bylines and
names found again included: kg.ner.recognize).
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path

from kg.ner import recognize
from kg.ner.registry import get_backend
from kg.training.evaluate import EVAL_SETS, evaluate_predict, load_eval_set
from kg.training.train_crf import TrainConfig, load_training_data, split_dev

ROOT = Path(__file__).resolve().parents[1]


#: the training corpora's dev blocks (what the shipped model was not trained on)
DEV_BLOCKS = {"msra-devblock": "msra", "cluener-devblock": "cluener"}


def load(dataset: str, corpora: Path):
    if dataset not in DEV_BLOCKS:
        return load_eval_set(dataset, corpora)
    data = load_training_data(corpora)[DEV_BLOCKS[dataset]]
    return split_dev(data, TrainConfig().dev_fraction)[1]


def multi_char(data):
    return [(text, [s for s in spans if s[1] - s[0] > 1]) for text, spans in data]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("KG_CORPORA", ROOT.parent / "shared" / "corpora"))
    parser.add_argument("--corpora", type=Path, default=default)
    parser.add_argument("--dataset", choices=[*EVAL_SETS, *DEV_BLOCKS], action="append")
    parser.add_argument("--option", "-O", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--min-confidence", type=float, default=0.0)
    parser.add_argument(
        "--lost",
        action="store_true",
        help="count the spans the model gets right and kg ner loses, by what took them",
    )
    args = parser.parse_args()
    options = dict(o.split("=", 1) for o in args.option)
    model = get_backend("kg", **options)

    def with_rules(texts):
        found = recognize(texts, backend="kg", **options)
        return [
            [
                m
                for m in ms
                if m.end - m.start > 1 and m.attrs.get("confidence", 1.0) >= args.min_confidence
            ]
            for ms in found
        ]

    def alone(texts):
        return [[m for m in ms if m.end - m.start > 1] for ms in model.predict(texts)]

    style = ",".join(args.option) or "default style"
    print(f"{'dataset':<12} {'what':<22} {'type':<4} {'P':>6} {'R':>6} {'F1':>6}")
    for dataset in args.dataset or list(EVAL_SETS):
        data = multi_char(load(dataset, args.corpora))
        for name, predict in (("model alone", alone), ("kg ner (model+rules)", with_rules)):
            result = evaluate_predict(predict, data, backend=name, dataset=dataset)
            for t, s in result.scores.items():
                print(
                    f"{dataset:<12} {name:<22} {t:<4} {100 * s.precision:6.2f} "
                    f"{100 * s.recall:6.2f} {100 * s.f1:6.2f}"
                )
        print(f"({style}, min confidence {args.min_confidence})")
        if args.lost:
            lost = lost_spans(data, model.predict([t for t, _ in data]), with_rules)
            print(f"{dataset}: {sum(lost.values())} spans the model gets right, kg ner loses:")
            for why, n in lost.most_common():
                print(f"  {n:5d}  {why}")


#: corpus label of each kg type scored
_CORPUS_LABEL = {"PERSON": "PER", "ORG": "ORG", "LOC": "LOC"}


def lost_spans(data, predicted, with_rules) -> Counter:
    """How many gold spans the model alone gets right and kg ner does not, by the kg mention
    that took their place (a 《work》 or event holding them, a title across them…) or, where
    none did, as dropped by kg's checks that a name is no word (邓小平 of 邓小平理论, 两岸)."""
    out: Counter = Counter()
    texts = [text for text, _ in data]
    for (_text, gold), alone, kept in zip(data, predicted, with_rules(texts), strict=True):
        right = {
            (m.start, m.end, _CORPUS_LABEL[m.label])
            for m in alone
            if m.label in _CORPUS_LABEL and m.end - m.start > 1
        } & set(gold)
        found = {(m.start, m.end, _CORPUS_LABEL.get(m.label)) for m in kept}
        for start, end, label in sorted(right - found):
            over = [m for m in kept if m.start < end and start < m.end]
            if not over:
                out[f"{label} dropped as no name (a word, or inside one)"] += 1
                continue
            m = max(over, key=lambda m: m.end - m.start)
            where = "inside" if m.start <= start and end <= m.end else "across or within"
            out[f"{label} {where} a {m.label} of kg's"] += 1
    return out


if __name__ == "__main__":
    main()
