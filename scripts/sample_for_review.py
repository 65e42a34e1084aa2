"""Draw random nodes and edges of a build of the non-held-out THUCNews articles for reading.

    python scripts/sample_for_review.py [--nodes 100] [--edges 150] [--seed 7] [--tag _s2026]

Builds the articles of cnews.val.txt outside the held-out blocks (tests/dev/README.md), then
writes tests/dev/review/nodes{TAG}.tsv and edges{TAG}.tsv: one row per sampled node (with its
confidence and evidence, and up to two
passages where it is named) or edge (with its evidence), and an empty ``verdict`` column for
a reader. Held-out articles are never built, so nothing of them can be shown.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pick_dev_articles import HELD_OUT  # noqa: E402

from kg.pipeline import build_graph_from_documents  # noqa: E402
from kg.text import make_document  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "dev" / "review"
NAMED = ("PERSON", "ORG", "LOC", "EVENT")


def passages(docs: dict, label: str, aliases: str, limit: int = 2) -> list[str]:
    forms = [label] + [a for a in aliases.split("|") if a]
    out = []
    for doc in docs.values():
        for form in forms:
            for m in re.finditer(re.escape(form), doc.text):
                out.append(f"[{doc.id}] " + doc.text[max(0, m.start() - 30) : m.end() + 30])
                break
            if len(out) >= limit:
                return out
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("KG_CORPORA", ROOT.parent / "shared" / "corpora"))
    parser.add_argument("--cnews", type=Path, default=default / "thucnews_sample/cnews.val.txt")
    parser.add_argument("--nodes", type=int, default=100)
    parser.add_argument("--edges", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--out",
        type=Path,
        default=OUT,
        help="folder for nodes.tsv and edges.tsv (default: %(default)s)",
    )
    parser.add_argument("--tag", default="", help="appended to the file names: nodes{TAG}.tsv")
    args = parser.parse_args()
    held = {n for a, b in HELD_OUT for n in range(a, b + 1)}
    docs = {}
    for number, line in enumerate(args.cnews.read_text(encoding="utf-8").split("\n"), 1):
        if line.strip() and number not in held:
            docs[f"cnews.val:{number}"] = make_document(
                f"cnews.val:{number}", line.split("\t", 1)[1]
            )
    G = build_graph_from_documents(list(docs.values()))
    rng = random.Random(args.seed)
    nodes = sorted(n for n, d in G.nodes(data=True) if d["type"] in NAMED)
    edges = sorted(
        (u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if d["relation"] != "co_occurs"
    )
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    with (out / f"nodes{args.tag}.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t")
        head = ["node", "type", "label", "aliases", "mentions", "confidence", "evidence"]
        w.writerow([*head, "passages", "verdict", "why"])
        for n in rng.sample(nodes, min(args.nodes, len(nodes))):
            d = G.nodes[n]
            found = " ‖ ".join(passages(docs, d["label"], d["aliases"]))
            row = [n, d["type"], d["label"], d["aliases"], d["mentions"], d["confidence"]]
            w.writerow([*row, d["evidence"], found, "", ""])
    with (out / f"edges{args.tag}.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t")
        w.writerow(
            ["head", "relation", "tail", "title", "rule", "doc", "evidence", "verdict", "why"]
        )
        for u, v, k in rng.sample(edges, min(args.edges, len(edges))):
            d = G.edges[u, v, k]
            w.writerow(
                [u, d["relation"], v, d["title"], d["rule"], d["doc"], d["sentence"], "", ""]
            )
    print(f"{len(docs)} articles, {len(nodes)} named nodes, {len(edges)} edges; samples in {out}")


if __name__ == "__main__":
    main()
