"""End-to-end speed of building a graph: characters per second on THUCNews articles.

Prints figures; asserts nothing.  Run from the repository root:

    python benchmarks/bench_build.py                      # all 1,000 articles
    python benchmarks/bench_build.py --limit 200 --backend jieba
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from kg.pipeline import build_graph_from_documents
from kg.text import normalize
from kg.types import Document

DEFAULT = Path(__file__).resolve().parents[2] / "shared/corpora/thucnews_sample/cnews.val.txt"


def load(path: Path, limit: int | None) -> list[Document]:
    docs = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                break
            category, _, text = line.rstrip("\n").partition("\t")
            clean, _ = normalize(text)
            docs.append(Document(id=f"cnews:{i + 1}", text=clean, raw=text, title=category))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--backend", default="kg")
    ap.add_argument("--cooccurrence", action="store_true")
    args = ap.parse_args()

    docs = load(args.corpus, args.limit)
    chars = sum(len(d.raw) for d in docs)
    t0 = time.perf_counter()
    # warm up: load the model once, outside the timing
    build_graph_from_documents(docs[:1], backend=args.backend)
    t1 = time.perf_counter()
    G = build_graph_from_documents(docs, backend=args.backend, cooccurrence=args.cooccurrence)
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus        {args.corpus.name}: {len(docs)} documents, {chars:,} characters")
    print(f"backend       {args.backend}")
    print(f"model load    {t1 - t0:.2f} s (first document included)")
    print(f"build         {t2 - t1:.2f} s")
    print(f"speed         {chars / (t2 - t1):,.0f} characters/s end to end")
    print(f"graph         {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges")
    print(f"peak memory   {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
