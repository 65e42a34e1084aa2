"""Hostile sizes: ``kg build`` of one document without sentence punctuation, 1 MB and 5 MB.

Evidence, the spans each stage sees and the outputs are bounded, so memory, output size and
time per MB must stay flat as the document grows (targets: peak memory < 1 GiB, outputs
< 50 MB).  The text is CLUENER2020's training sentences (../shared/corpora) with every
sentence mark (。！？!?；;) and line break removed, repeated to the size asked for.
Each input runs in two fresh processes, and the table says what each figure holds:

- ``kg build`` (click's CliRunner, all five outputs): CPU from invoking the command to its
  end (loading the model, the analysis, writing and checking the files), the whole process's
  CPU (with Python's start-up and kg's imports too), its peak RSS and the outputs' size;
- the analysis alone: ``kg.build_graph`` of the file, from reading it to the graph, in a
  process that loaded the model and jieba's dictionary first (no start-up, no writing).

The dense case ``"市委书记"*40000`` is issue #15's reproducer; the issue's figures (5k
characters 0.93 s, 40k 22.5 s) were the analysis.  Prints figures; asserts nothing.

    python benchmarks/bench_hostile.py              # 1 MB and 5 MB
    python benchmarks/bench_hostile.py --mb 0.2 1   # other sizes
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = Path(os.environ.get("KG_CORPORA", ROOT.parent / "shared" / "corpora"))
SOURCE = CORPORA / "cluener2020" / "train.json"

#: "市委书记" * 40000 (160,000 characters): a title on every fourth character
DENSE = "市委书记"

_WORKER = """
import json, resource, sys, time
from pathlib import Path
from click.testing import CliRunner
from kg.cli import main
src, out = sys.argv[1], Path(sys.argv[2])
t = time.process_time()
res = CliRunner().invoke(main, ["build", src, "-o", str(out), "--no-progress"])
cpu = time.process_time() - t
size = sum(p.stat().st_size for p in out.iterdir() if p.is_file()) if out.is_dir() else 0
use = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"exit": res.exit_code, "cpu": cpu, "out": size,
                  "process": use.ru_utime + use.ru_stime, "peak": use.ru_maxrss * 1024,
                  "error": (res.output or "").strip().splitlines()[-1:] if res.exit_code else []}))
"""

_ANALYSIS = """
import json, sys, time
import kg
kg.build_graph_from_documents([kg.Document(id="warm-up", text="市委书记张三主持会议。")])
t = time.process_time()
G = kg.build_graph(sys.argv[1])
print(json.dumps({"analysis": time.process_time() - t, "nodes": G.number_of_nodes(),
                  "edges": G.number_of_edges()}))
"""


def unpunctuated(n_bytes: int) -> str:
    """UTF-8 text of about ``n_bytes`` without any sentence mark or line break."""
    texts = [json.loads(line)["text"] for line in SOURCE.open(encoding="utf-8")]
    base = re.sub(r"[。！？!?；;\s]", "", "".join(texts))
    chars = n_bytes // 3  # almost every character is Chinese: 3 bytes in UTF-8
    return (base * (chars // len(base) + 1))[:chars]


def _worker(code: str, label: str, *args: Path) -> dict:
    env = dict(os.environ, OPENBLAS_NUM_THREADS=os.environ.get("OPENBLAS_NUM_THREADS", "1"))
    proc = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode:
        sys.exit(f"{label}: the worker failed: {proc.stderr.strip().splitlines()[-1:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(text: str, label: str, tmp: Path) -> dict:
    src = tmp / f"{label}.txt"
    src.write_text(text, encoding="utf-8")
    built = _worker(_WORKER, label, src, tmp / f"out-{label}")
    return built | _worker(_ANALYSIS, label, src) | {"bytes": src.stat().st_size}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, nargs="*", default=[1.0, 5.0], help="sizes (none: skip)")
    ap.add_argument("--dense", type=int, default=40000, help='repeats of "市委书记" (0: skip)')
    args = ap.parse_args()
    print(f"source: {SOURCE.name} without sentence marks; CPU: {os.cpu_count()} cores")
    print("kg build: CPU s from invoking it to its end (model load, analysis, five files);")
    print("process: the same with Python's start-up and imports; analysis: kg.build_graph")
    print("alone, model loaded (reading to graph, nothing written)")
    print(
        f"{'input':>18} {'exit':>4} {'kg build':>8} {'CPU s/MB':>8} {'process':>7} "
        f"{'analysis':>8} {'peak MiB':>8} {'out MB':>6} {'nodes':>6} {'edges':>6}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        cases = [(f"{mb:g}MB", unpunctuated(int(mb * 1_000_000))) for mb in args.mb]
        if args.dense:
            cases.append((f"{DENSE}x{args.dense}", DENSE * args.dense))
        for label, text in cases:
            r = run(text, label, Path(tmp))
            mb = r["bytes"] / 1e6
            print(
                f"{label:>18} {r['exit']:>4} {r['cpu']:>8.1f} {r['cpu'] / mb:>8.1f} "
                f"{r['process']:>7.1f} {r['analysis']:>8.2f} {r['peak'] / 2**20:>8.0f} "
                f"{r['out'] / 1e6:>6.2f} {r['nodes']:>6} {r['edges']:>6}"
                + (f"  {r['error']}" if r["error"] else "")
            )


if __name__ == "__main__":
    main()
