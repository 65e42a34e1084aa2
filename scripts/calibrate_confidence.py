"""Measure how often each way of finding a name is right on the dev set, and write it to
kg/data/lexicons/confidence.json (the ``confidence`` of nodes and of `kg ner`'s entities).

    python scripts/calibrate_confidence.py [--gold tests/dev/thucnews] [--dry-run]
    python scripts/calibrate_confidence.py --thresholds 0.6 0.7 0.8   # dev P/R when filtering

Builds each dev article as ``kg evaluate`` does, and counts per type and evidence
(kg.ner.confidence: lexicon, model+rules, byline, model, rules) and named once or again the
nodes that match a gold entity. The precision written is smoothed, (right + 1) / (nodes + 2),
so a class seen rarely stays near 0.5; a class never seen gets its type's overall figure.
These are dev-set figures: the dev set is what kg's rules were tuned on.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from kg.ner.confidence import EVIDENCE, SCORED_TYPES
from kg.pipeline import BuildOptions, build_graph_from_documents
from kg.text import make_document
from kg.training.gold import Report, evaluate, load_gold, score_article

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "kg" / "data" / "lexicons" / "confidence.json"


def tally(gold: str) -> dict:
    """{(type, evidence, once/again): [right, nodes]} over the dev set."""
    counts: dict = defaultdict(lambda: [0, 0])
    for article in load_gold(gold):
        G = build_graph_from_documents([make_document(article.id, article.text, article.id)])
        report = Report()
        score_article(G, article, report)
        wrong = {hit for _id, _type, hit in report.false_hits}
        for _n, d in G.nodes(data=True):
            if d["type"] not in SCORED_TYPES:
                continue
            right = not any(w.startswith(d["label"] + " (") for w in wrong)
            if right and d["label"] in article.ignore:
                continue  # neither a hit nor a false hit
            again = "again" if d["mentions"] > 1 else "once"
            cell = counts[(d["type"], d["evidence"] or "unknown", again)]
            cell[0] += right
            cell[1] += 1
    return counts


def print_thresholds(gold: str, thresholds: list[float]) -> None:
    """Dev-set entity P/R of builds that keep only names of at least each confidence."""
    articles = load_gold(gold)
    for t in [0.0, *thresholds]:
        r = evaluate(articles, BuildOptions(min_confidence=t)).to_dict()
        cells = [("ENTITIES", r["entities"])] + [(k, r["by_key"][k]) for k in SCORED_TYPES]
        shown = "  ".join(f"{k} {v['precision']:.3f}/{v['recall']:.3f}" for k, v in cells)
        print(f"min confidence {t:.2f}: {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(ROOT / "tests" / "dev" / "thucnews"))
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    parser.add_argument("--thresholds", type=float, nargs="+", help="only print dev P/R at these")
    args = parser.parse_args()
    if args.thresholds:
        print_thresholds(args.gold, args.thresholds)
        return
    counts = tally(args.gold)
    table: dict = {}
    print(f"{'type':7} {'evidence':12} {'named':6} {'right':>5} {'nodes':>5} {'smoothed':>8}")
    for label in SCORED_TYPES:
        cells = [v for k, v in counts.items() if k[0] == label]
        right, nodes = sum(c[0] for c in cells), sum(c[1] for c in cells)
        overall = round((right + 1) / (nodes + 2), 3)
        row: dict = {}
        for evidence in EVIDENCE:
            row[evidence] = {}
            for again in ("once", "again"):
                r, n = counts[(label, evidence, again)]
                row[evidence][again] = round((r + 1) / (n + 2), 3) if n else overall
                print(f"{label:7} {evidence:12} {again:6} {r:5} {n:5} {row[evidence][again]:8.3f}")
        table[label] = row
    if not args.dry_run:
        data = {
            "comment": (
                "Dev-set precision of the names of each type by the way kg found them "
                "(kg.ner.confidence), smoothed as (right+1)/(nodes+2). Written by "
                "scripts/calibrate_confidence.py; do not edit by hand."
            ),
            "precision": table,
        }
        TABLE.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"written: {TABLE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
