"""Count the verdicts of a sample read by hand (tests/dev/review/*.tsv), in all and per group.

    python scripts/count_verdicts.py tests/dev/review/edges_s2610.tsv

Edges are grouped by relation, nodes by type. Prints, per group and in all, how many rows have
each verdict and the share exactly right; a row with no verdict fails (the file is not read
through).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path


def count(path: Path) -> tuple[Counter, dict[str, Counter]]:
    """``(verdicts in all, verdicts per relation or type)`` of one review file."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if not rows:
        raise SystemExit(f"{path}: no rows")
    key = "relation" if "relation" in rows[0] else "type"
    missing = [i + 2 for i, r in enumerate(rows) if not (r.get("verdict") or "").strip()]
    if missing:
        raise SystemExit(f"{path}: no verdict on line(s) {missing[:10]}")
    total, groups = Counter(), defaultdict(Counter)
    for r in rows:
        total[r["verdict"]] += 1
        groups[r[key]][r["verdict"]] += 1
    return total, groups


def _line(name: str, c: Counter) -> str:
    n = sum(c.values())
    rest = ", ".join(f"{v} {k}" for k, v in sorted(c.items()) if k != "right")
    return f"{name:16} {c['right']:>3}/{n:<3} = {c['right'] / n:.2f} right" + (
        f"  ({rest})" if rest else ""
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+")
    args = parser.parse_args()
    for path in args.files:
        total, groups = count(path)
        print(path)
        print(_line("all", total))
        for name, c in sorted(groups.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
            print(_line(name, c))


if __name__ == "__main__":
    sys.exit(main())
