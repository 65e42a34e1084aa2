"""Run hostile documents through reading, the whole build and every exporter, and re-read
every file written; print how many crashed and how many files could not be read back.

Each batch of documents is written to a folder as kg's users' files would be: text files
in UTF-8, GBK, GB18030, UTF-16 (with BOM), UTF-8 with BOM, some with invalid bytes or
surrogates, a JSON Lines file with escapes (``\\ud800``), a tab-separated file of one
document a line, plus an empty file, a binary file and a page-marker-only file that must be
skipped and named. The texts mix pieces of real news (seeds/ and the non-held-out lines of
cnews.val.txt) with surrogates, non-characters, U+2028, controls, XML specials, bidi and
combining marks, emoji and random code points.

A crash is any exception out of ``build_graph`` or ``write_outputs``; an unreadable file is
any output that fails to read back (GraphML and JSON with kg's loader, GEXF with networkx,
the HTML page's embedded data as JSON, the PNG's signature and image) or reads back with
other nodes or edges than the graph written.

Usage: python scripts/fuzz.py [--docs 20000] [--batch 250] [--backend kg] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pick_dev_articles import CNEWS, open_articles  # noqa: E402  (held-out lines never read)

HOSTILE = [
    "\ud800", "\udfff", "\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\U0010ffff", "\u2028",
    "\u2029", "\x85", "\x00", "\x0b", "\x0c", "\x1b", "\x7f", "\r", "\t", "\n", "\n\n", "<",
    ">", "&", '"', "'", "]]>", "<!--", "\u202e", "\u200b", "\ufeff", "\u0301", "😀", "𠀀",
    "{", "}", "[[[", "\\", "|", "@", ":", "（下转2版）", "本报讯", "记者 ", "市委书记",
    "有限公司", "总投资", "亿元", "出席", "主持", "·", "《", "》", "\u3000", "１２３",
]  # fmt: skip


def real_pieces() -> list[str]:
    """Sentences of real news: the seed pages and the non-held-out THUCNews lines."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    if CNEWS.is_file():
        texts += [text for _, _, text in open_articles()]
    pieces = [s for t in texts for s in re.split(r"(?<=[。！？])", t) if 4 <= len(s) <= 120]
    return pieces or ["市委书记张三主持会议。"]


def random_text(rng: random.Random, pieces: list[str]) -> str:
    parts = []
    for _ in range(rng.randint(0, 12)):
        roll = rng.random()
        if roll < 0.45:
            parts.append(rng.choice(pieces))
        elif roll < 0.8:
            parts.append(rng.choice(HOSTILE))
        elif roll < 0.9:
            parts.append(
                "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(rng.randint(1, 6)))
            )
        else:
            parts.append("".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(1, 4))))
    return "".join(parts)


def write_batch(folder: Path, texts: list[str], rng: random.Random, first: int) -> int:
    """Write ``texts`` into ``folder`` in assorted forms; return how many files must be skipped."""
    folder.mkdir()
    jsonl, lines = [], []
    for i, text in enumerate(texts, first):
        form = rng.random()
        if form < 0.25:
            jsonl.append(json.dumps({"id": f"j{i}", "text": text, "category": "fuzz"}))
        elif form < 0.35:
            lines.append("fuzz\t" + re.sub(r"[\t\n\r]", " ", text))
        else:
            encoding = rng.choice(["utf-8", "gbk", "gb18030", "utf-16", "utf-8-sig", "utf-8"])
            errors = rng.choice(["replace", "surrogatepass", "ignore"])
            try:
                data = text.encode(encoding, errors)
            except UnicodeEncodeError:
                data = text.encode(encoding, "replace")
            (folder / f"t{i}.txt").write_bytes(data)
    (folder / "feed.jsonl").write_text("\n".join(jsonl) + "\n", encoding="ascii")
    table = "category\ttext\n" + "\n".join(lines) + "\n"
    (folder / "table.tsv").write_bytes(table.encode("utf-8", "surrogatepass"))
    (folder / "zz_empty.txt").write_bytes(b"")
    (folder / "zz_binary.txt").write_bytes(bytes(rng.randrange(256) for _ in range(300)) + b"\0")
    (folder / "zz_marker.txt").write_text("（下转2版）", encoding="utf-8")
    return 3


def reread(written: dict, G) -> list[str]:
    """Problems reading each output back (empty when every file reads back whole)."""
    import matplotlib.image
    import networkx as nx

    from kg.export.load import load_graph

    problems = []

    def same(name, H):
        if sorted(map(str, H.nodes)) != sorted(map(str, G.nodes)):
            problems.append(f"{name}: other nodes than written")
        elif H.number_of_edges() != G.number_of_edges():
            problems.append(f"{name}: other edges than written")

    checks = {
        "graphml": lambda p: same("graphml", load_graph(p)),
        "json": lambda p: same("json", load_graph(p)),
        "gexf": lambda p: same("gexf", nx.read_gexf(p)),
        "html": lambda p: json.loads(
            re.search(
                r'<script type="application/json" id="kg-data">(.*?)</script>',
                p.read_text(encoding="utf-8"),
                re.S,
            ).group(1)
        ),
        "png": lambda p: matplotlib.image.imread(p),
    }
    for fmt, path in written.items():
        try:
            checks[fmt](path)
        except Exception as exc:  # noqa: BLE001 - every failure to read back is counted
            problems.append(f"{path.name}: {type(exc).__name__}: {str(exc)[:200]}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=250)
    parser.add_argument("--backend", default="kg")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import logging

    import matplotlib

    matplotlib.use("Agg")
    logging.getLogger("kg").setLevel(logging.ERROR)  # replaced code points: thousands
    from kg.errors import InputError
    from kg.export import FORMATS, write_outputs
    from kg.pipeline import build_graph
    from kg.text import ReadReport

    rng = random.Random(args.seed)
    pieces = real_pieces()
    started, cpu0 = time.time(), time.process_time()
    generated = read = skipped = expected_skips = crashes = files = 0
    unreadable: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as tmp:
        for batch_no, first in enumerate(range(0, args.docs, args.batch)):
            n = min(args.batch, args.docs - first)
            texts = [random_text(rng, pieces) for _ in range(n)]
            generated += n
            folder = Path(tmp) / f"in{batch_no}"
            expected_skips += write_batch(folder, texts, rng, first)
            report = ReadReport()
            out = Path(tmp) / f"out{batch_no}"
            try:
                G = build_graph(
                    [str(folder), str(folder / "table.tsv")],  # folders hold no tables
                    backend=args.backend,
                    cooccurrence=rng.random() < 0.5,
                    report=report,
                )
                written = write_outputs(G, out, tuple(FORMATS))
            except InputError as exc:  # nothing readable at all: a legitimate outcome
                print(f"batch {batch_no}: nothing to build: {exc}", file=sys.stderr)
                continue
            except Exception:  # noqa: BLE001 - a crash is what this script counts
                crashes += 1
                print(f"batch {batch_no}: CRASH\n{traceback.format_exc()}", file=sys.stderr)
                continue
            finally:
                read += report.read
                skipped += report.skipped_count
            files += len(written)
            problems = reread(written, G)
            unreadable += [f"batch {batch_no}: {p}" for p in problems]
            for line in problems:
                print(f"batch {batch_no}: UNREADABLE {line}", file=sys.stderr)
            print(
                f"batch {batch_no}: {n} documents, {report.read} read, "
                f"{report.skipped_count} skipped, {G.number_of_nodes()} nodes, "
                f"{G.number_of_edges()} edges; {report.summary()}",
                file=sys.stderr,
                flush=True,
            )
            for path in out.iterdir():
                path.unlink()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"documents generated: {generated} (in {batch_no + 1} builds, backend {args.backend}, "
        f"seed {args.seed})"
    )
    print(
        f"documents read: {read}; skipped (named in each graph): {skipped} "
        f"(of which {expected_skips} planted empty/binary/marker files)"
    )
    print(f"output files written and re-read: {files}")
    print(
        f"CPU {time.process_time() - cpu0:.0f} s, wall {time.time() - started:.0f} s, "
        f"peak RSS {peak:.0f} MiB"
    )
    print(f"crashes: {crashes}, unreadable files: {len(unreadable)}")
    return 1 if crashes or unreadable else 0


if __name__ == "__main__":
    sys.exit(main())
