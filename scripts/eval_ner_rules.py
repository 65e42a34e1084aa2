"""What `kg ner` prints (model plus rules, kg.ner.recognize) against the model alone, on
MSRA test and CLUENER dev: exact-span P/R/F1 of PER/ORG/LOC with more than one character.

    python scripts/eval_ner_rules.py [--dataset msra-test] [--option style=cluener] [--page-steps]

The rules add types the corpora do not annotate (EVENT, TITLE, MONEY…): those are left out;
one-character entities (a bare 京, 中) are left out on both sides, because kg never tags
them. ``--min-confidence`` scores only the entities kg is at least that sure of;
``--page-steps`` also runs what ``kg build`` adds per page (bylines, names found again).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from kg.link import propagate_names
from kg.ner import recognize, recognize_document
from kg.ner.registry import get_backend
from kg.text import split_articles
from kg.training.evaluate import EVAL_SETS, evaluate_predict, load_eval_set
from kg.types import Document

ROOT = Path(__file__).resolve().parents[1]


def multi_char(data):
    return [(text, [s for s in spans if s[1] - s[0] > 1]) for text, spans in data]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("KG_CORPORA", ROOT.parent / "shared" / "corpora"))
    parser.add_argument("--corpora", type=Path, default=default)
    parser.add_argument("--dataset", choices=list(EVAL_SETS), action="append")
    parser.add_argument("--option", "-O", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--min-confidence", type=float, default=0.0)
    parser.add_argument("--page-steps", action="store_true", help="bylines, names found again")
    args = parser.parse_args()
    options = dict(o.split("=", 1) for o in args.option)
    model = get_backend("kg", **options)

    def page_steps(texts):
        out = []
        for text, found in zip(texts, model.predict(texts), strict=True):
            doc = Document(id="line", text=text, raw=text)
            bylines = [byline for art in split_articles(doc) for byline in art.bylines]
            out.append(propagate_names(text, recognize_document(text, found, bylines)))
        return out

    def with_rules(texts):
        found = page_steps(texts) if args.page_steps else recognize(texts, backend="kg", **options)
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
        data = multi_char(load_eval_set(dataset, args.corpora))
        for name, predict in (("model alone", alone), ("kg ner (model+rules)", with_rules)):
            result = evaluate_predict(predict, data, backend=name, dataset=dataset)
            for t, s in result.scores.items():
                print(
                    f"{dataset:<12} {name:<22} {t:<4} {100 * s.precision:6.2f} "
                    f"{100 * s.recall:6.2f} {100 * s.f1:6.2f}"
                )
        steps = ", page steps" if args.page_steps else ""
        print(f"({style}, min confidence {args.min_confidence}{steps})")


if __name__ == "__main__":
    main()
