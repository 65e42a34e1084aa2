"""Build the same input twice under different PYTHONHASHSEED values and compare the GraphML.

    python scripts/check_determinism.py INPUT [--seeds 1 2]

Prints IDENTICAL, or the number of differing lines and the first of them; the `created`
attribute (the build time) is left out of the comparison. Exit status 1 when they differ.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

_CREATED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")


def build(source: str, seed: str, out: Path) -> list[str]:
    env = dict(os.environ, PYTHONHASHSEED=seed, OPENBLAS_NUM_THREADS="1")
    cmd = [sys.executable, "-m", "kg", "build", source, "-o", str(out)]
    cmd += ["--format", "graphml", "--no-progress", "--cooccurrence"]
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    text = (out / "graph.graphml").read_text(encoding="utf-8")
    return _CREATED.sub("<created>", text).splitlines()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("--seeds", nargs=2, default=["1", "2"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        a = build(args.input, args.seeds[0], Path(tmp) / "a")
        b = build(args.input, args.seeds[1], Path(tmp) / "b")
    if a == b:
        print(
            f"IDENTICAL: {len(a)} lines of GraphML under PYTHONHASHSEED {' and '.join(args.seeds)}"
        )
        return 0
    differing = [(x, y) for x, y in zip(a, b, strict=False) if x != y]
    print(f"DIFFERENT: {len(differing)} lines differ ({len(a)} vs {len(b)} lines)")
    for x, y in differing[:5]:
        print(f"- {x.strip()}\n+ {y.strip()}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
