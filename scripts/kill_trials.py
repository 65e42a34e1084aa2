"""Kill trials: is a ``kg build`` output folder always one whole build?

Two small inputs, A and B, differ in one name (张三 in A, 李四 in B) and share ten THUCNews
articles (/work/tmp/thuc100.jsonl, not held out) as bulk. Every trial starts from a folder
holding a whole build of A, then:

* **kill**: ``kg build B`` is sent SIGKILL at a random moment of its run (uniform over
  0.95 times the duration of the build before it);
* **pair**: ``kg build A`` and ``kg build B`` start into the same folder at once.

A folder holds one whole build when all five files are there, each reads back (GraphML
and JSON as kg reads them, GEXF as XML, the HTML page to its end, the PNG whole) and all
five come from the same build: each text file names 张三 or 李四 but not both, and the PNG
is byte for byte the PNG of that build (it is deterministic). After each trial the next
build must leave no temporary folder behind. Prints counts; asserts nothing.

    python scripts/kill_trials.py                     # 20 kills, 8 pairs
    python scripts/kill_trials.py --kills 3 --pairs 1
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

BULK = Path(os.environ.get("KG_KILL_BULK", "/work/tmp/thuc100.jsonl"))
FILES = ("graph.graphml", "graph.gexf", "graph.json", "graph.html", "graph.png")
NAMES = {"A": "张三", "B": "李四"}


def make_inputs(folder: Path, bulk: int) -> dict[str, Path]:
    """Input files A and B: one page naming 张三 or 李四, plus ``bulk`` shared articles."""
    shared = []
    if BULK.is_file() and bulk:
        with BULK.open(encoding="utf-8") as fh:
            shared = [json.loads(line) for _, line in zip(range(bulk), fh, strict=False)]
    paths = {}
    for tag, name in NAMES.items():
        page = {
            "id": "page",
            "text": f"平湖市委书记{name}主持召开常委会议。{name}指出，要抓好项目。",
        }
        path = folder / f"{tag}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for record in [page, *shared]:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        paths[tag] = path
    return paths


def command(source: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "kg", "build", str(source), "-o", str(out), "--no-progress"]


def build(source: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command(source, out), capture_output=True, text=True, check=False)


def which_build(out: Path, pngs: dict[str, bytes]) -> str | None:
    """``"A"`` or ``"B"`` when ``out`` holds one whole build of it, else None."""
    from kg.export import graphml, nodelink

    if not out.is_dir() or any(not (out / f).is_file() for f in FILES):
        return None
    try:
        graphml.read(out / "graph.graphml")
        nodelink.read(out / "graph.json")
        for _ in ET.iterparse(out / "graph.gexf"):
            pass
        page = (out / "graph.html").read_bytes().decode("utf-8")
        if "</html>" not in page[-200:].lower():
            return None
    except Exception:
        return None
    tags = set()
    for f in FILES[:4]:
        text = (out / f).read_bytes().decode("utf-8")
        found = {tag for tag, name in NAMES.items() if name in text}
        if len(found) != 1:
            return None
        tags |= found
    if len(tags) != 1:
        return None
    tag = tags.pop()
    return tag if (out / "graph.png").read_bytes() == pngs[tag] else None


def leftovers(out: Path) -> list[str]:
    return [
        p.name
        for p in out.parent.iterdir()
        if p.name.startswith(f".{out.name}.kg-") and not p.name.endswith(".kg-lock")
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--pairs", type=int, default=8)
    ap.add_argument("--bulk", type=int, default=10, help="shared THUCNews articles per input")
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="kg-kill-") as tmp:
        tmp = Path(tmp)
        inputs = make_inputs(tmp, args.bulk)
        pngs, base = {}, {}
        t0 = time.perf_counter()
        for tag, source in inputs.items():
            ref = tmp / f"ref-{tag}"
            done = build(source, ref)
            if done.returncode:
                sys.exit(f"reference build {tag} failed: {done.stderr.strip()[-300:]}")
            pngs[tag] = (ref / "graph.png").read_bytes()
            base[tag] = ref
        span = (time.perf_counter() - t0) / 2
        print(f"a build takes {span:.1f} s here; each kill lands uniformly in 0..0.95 times the")
        print("time the last build took (the machine is shared: it varies)")
        mixed = tmp / "mixed"  # a control: the check must see a folder of two builds
        shutil.copytree(base["A"], mixed)
        shutil.copy(base["B"] / "graph.json", mixed / "graph.json")
        seen = which_build(mixed, pngs) is None and which_build(base["B"], pngs) == "B"
        print(f"control: a mixed folder is {'caught' if seen else 'NOT caught'}")

        whole = clean = 0
        moments = []
        for i in range(args.kills):
            out = tmp / f"kill-{i}"
            shutil.copytree(base["A"], out)
            proc = subprocess.Popen(
                command(inputs["B"], out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            moment = rng.uniform(0, 0.95 * span)
            try:
                proc.wait(timeout=moment)
                moments.append("done")
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                moments.append(f"{moment:.1f}s")
            whole += which_build(out, pngs) is not None
            t = time.perf_counter()
            again = build(inputs["B"], out)
            span = time.perf_counter() - t  # the next kill lands within a build's time now
            ok = again.returncode == 0 and not leftovers(out) and which_build(out, pngs) == "B"
            clean += ok
            if not ok:
                last = again.stderr.strip().splitlines()[-1:] if again.returncode else []
                print(
                    f"  trial {i}: the next build exited {again.returncode} {last}, "
                    f"left {leftovers(out)}, holds {which_build(out, pngs)}"
                )
        print(f"SIGKILL at {', '.join(moments)}")
        print(f"kill trials: {whole}/{args.kills} folders hold one whole build")
        print(f"after the next build: {clean}/{args.kills} whole and without temporaries")

        whole = locked = 0
        for i in range(args.pairs):
            out = tmp / f"pair-{i}"
            shutil.copytree(base["A"], out)
            first = subprocess.Popen(
                command(inputs["A"], out),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            time.sleep(rng.uniform(0, 0.5 * span))
            second = subprocess.Popen(
                command(inputs["B"], out),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            errors = [p.communicate()[1] for p in (first, second)]
            codes = [first.returncode, second.returncode]
            locked += sum("another kg build is writing" in e for e in errors)
            ok = which_build(out, pngs) is not None and 0 in codes and not leftovers(out)
            whole += ok
        print(f"concurrent pairs: {whole}/{args.pairs} folders hold one whole build")
        print(
            f"  builds refused by the lock (one-line error, exit 1): {locked} of {2 * args.pairs}"
        )


if __name__ == "__main__":
    main()
