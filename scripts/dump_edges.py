"""Write every edge kg makes on the THUCNews articles outside the held-out lines, one a line.

To see what a change to the rules adds and removes, run it on both versions and compare:
each line is ``article  rule  relation  head  tail  title  former  evidence``, and the evidence
is cut to 120 characters. Reads only the articles that ``pick_dev_articles.open_articles``
gives (never the held-out lines); co_occurs edges are left out.

Example:
    python scripts/dump_edges.py > /tmp/new.tsv
    git stash; python scripts/dump_edges.py > /tmp/old.tsv; git stash pop
    diff <(cut -f1-7 /tmp/old.tsv | sort) <(cut -f1-7 /tmp/new.tsv | sort)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pick_dev_articles import CNEWS, open_articles  # noqa: E402

from kg.link import link  # noqa: E402
from kg.pipeline import analyze_documents  # noqa: E402
from kg.relations import extract_relations, load_rules  # noqa: E402
from kg.text import normalize  # noqa: E402
from kg.types import Document  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cnews", nargs="?", type=Path, default=CNEWS, help="cnews.val.txt")
    ap.add_argument("--backend", default="kg", help="NER backend name (default: kg)")
    args = ap.parse_args(argv)
    if not args.cnews.is_file():
        print(f"error: no file {args.cnews}; pass the path of cnews.val.txt", file=sys.stderr)
        return 2
    rules = load_rules()
    docs = [
        Document(id=f"cnews.val:{number}", text=normalize(text)[0], raw=text)
        for number, _category, text in open_articles(args.cnews)
    ]
    for dm in analyze_documents(docs, backend=args.backend):
        linked = link([dm])
        ents = linked.entities
        for r in extract_relations(dm, linked, rules):
            if r.relation == "co_occurs":
                continue
            row = (
                dm.doc.id,
                r.rule,
                r.relation,
                ents[r.head].name,
                ents[r.tail].name,
                r.title,
                str(r.former),
                r.sentence[:120].replace("\n", " ").replace("\t", " "),
            )
            print("\t".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
