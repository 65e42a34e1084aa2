"""Reading speed and memory of kg's lazy reader on a large one-article-a-line corpus.

Writes a synthetic corpus of about ``--mb`` MB to a temporary folder: the non-held-out
articles of cnews.val.txt repeated (``category<TAB>text`` lines, as THUCNews ships them),
then reads it with :func:`kg.text.iter_documents` (``--columns category,text``), one
document at a time, and prints documents, MB/s, CPU seconds and the peak resident memory
(which stays flat when the reader holds one document at a time).

Usage: python benchmarks/bench_reader.py [--mb 100] [--format lines|jsonl]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "scripts"))
from pick_dev_articles import CNEWS, open_articles  # noqa: E402


def _articles() -> list[tuple[str, str]]:
    return [(category, text) for _, category, text in open_articles(CNEWS)]


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100)
    parser.add_argument("--format", choices=["lines", "jsonl"], default="lines")
    args = parser.parse_args()

    from kg.text import ReadOptions, ReadReport, iter_documents

    articles = _articles()
    with tempfile.TemporaryDirectory(prefix="kg-bench-reader-") as tmp:
        path = Path(tmp) / ("corpus.txt" if args.format == "lines" else "corpus.jsonl")
        size = 0
        n = 0
        with path.open("w", encoding="utf-8") as out:
            while size < args.mb * 1e6:
                category, text = articles[n % len(articles)]
                if args.format == "lines":
                    line = f"{category}\t{text}\n"
                else:
                    record = {"id": f"a{n}", "category": category, "text": text}
                    line = json.dumps(record, ensure_ascii=False) + "\n"
                out.write(line)
                size += len(line.encode("utf-8"))
                n += 1
        del articles
        before = _peak_mib()
        options = ReadOptions(columns=("category", "text") if args.format == "lines" else ())
        report = ReadReport()
        cpu, wall = time.process_time(), time.time()
        chars = 0
        for doc in iter_documents([str(path)], options, report=report):
            chars += len(doc.text)
        cpu, wall = time.process_time() - cpu, time.time() - wall
    mb = size / 1e6
    print(f"corpus: {mb:.1f} MB, {n} articles ({args.format}), {chars:,} normalised chars")
    print(report.summary())
    print(
        f"CPU {cpu:.1f} s ({mb / cpu:.2f} MB/s, {report.read / cpu:.0f} docs/s), wall {wall:.1f} s"
    )
    print(f"peak RSS {_peak_mib():.0f} MiB (before reading: {before:.0f} MiB)")


if __name__ == "__main__":
    main()
