"""Corpus-scale figures of ``kg build``: cost against a peer, processes, memory, updates.

Prints figures; asserts nothing. Every run is a fresh ``kg build`` process measured by
benchmarks/_measure.py (CPU seconds of the process and its workers, peak memory of the
largest process, wall seconds). Run from the repository root, with the public data sets in
../shared/corpora (or --corpus):

    python benchmarks/bench_scale.py stages    # CPU seconds of each stage of one build
    python benchmarks/bench_scale.py peer      # kg vs the jieba.posseg co-occurrence peer
    python benchmarks/bench_scale.py peer --baseline ../main   # ... and another kg checkout
    python benchmarks/bench_scale.py jobs      # --jobs 1 vs --jobs 2, graphs compared
    python benchmarks/bench_scale.py memory --mb 10
    python benchmarks/bench_scale.py update    # 900 built, then --update with 100 more
    python benchmarks/bench_scale.py dask      # a LocalCluster of two workers vs a local build
    python benchmarks/bench_scale.py stream --limit 200 --times 10 50

The articles are the 1,000 lines of thucnews_sample/cnews.val.txt as JSON Lines (only
aggregate figures are printed). ``memory`` repeats them with new ids up to --mb megabytes.
``stream`` measures what a build holds besides the model's work, cheaply: --limit articles
are analysed once, then builds of the articles repeated --times times with new ids take
their analyses from that (a development figure: a real build analyses every copy).
Wall-clock times on a shared machine swing; CPU seconds and the paired ratios (both runs in
the same sitting, alternating) are the figures to quote.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("KG_CORPORA", ROOT.parent / "shared" / "corpora"))
DEFAULT = CORPUS / "thucnews_sample" / "cnews.val.txt"
HERE = Path(__file__).resolve().parent


def articles(path: Path) -> list[dict]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            category, _, text = line.rstrip("\n").partition("\t")
            out.append({"id": f"cnews:{i}", "text": text, "title": category})
    return out


def write_jsonl(records, path: Path) -> int:
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            line = json.dumps(r, ensure_ascii=False) + "\n"
            size += len(line.encode())
            fh.write(line)
    return size


def measure(command: list[str], env: dict | None = None, cwd: Path | None = None) -> dict:
    out = subprocess.run(
        [sys.executable, str(HERE / "_measure.py"), "--", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        check=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    if result["rc"] != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return result


def kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", "build", *args, "--no-progress"]


def same_graph(a: Path, b: Path) -> bool:
    def load(p):
        data = json.loads((p / "graph.json").read_text(encoding="utf-8"))
        data["graph"].pop("created", None)
        return json.dumps(data, sort_keys=True, ensure_ascii=False)

    return load(a) == load(b)


def line(name: str, r: dict) -> str:
    return (
        f"{name:<28} cpu {r['cpu']:7.1f} s   wall {r['wall']:7.1f} s"
        f"   peak {r['peak_mib']:7.0f} MiB"
    )


def bench_stages(args, tmp: Path) -> None:
    """One build in this process, stage by stage (CPU seconds of this process)."""
    from kg.export import write_outputs
    from kg.graph.build import build_multigraph
    from kg.link import link
    from kg.pipeline import BuildOptions, analyze_documents
    from kg.relations import extract_relations, load_rules
    from kg.text import read_inputs

    src = tmp / "articles.jsonl"
    write_jsonl(articles(args.corpus), src)
    rows = []

    def cpu():
        use = resource.getrusage(resource.RUSAGE_SELF)
        return use.ru_utime + use.ru_stime

    def stage(name, fn):
        t = cpu()
        value = fn()
        rows.append((name, cpu() - t))
        return value

    stage("import and load the model", lambda: analyze_documents(read_inputs([str(src)])[:1]))
    docs = stage("read and normalise", lambda: read_inputs([str(src)]))
    analyzed = stage("split, NER, home city", lambda: analyze_documents(docs, BuildOptions()))
    linked = stage("link", lambda: link(analyzed))
    rules = load_rules()
    relations = stage(
        "relations", lambda: [r for dm in analyzed for r in extract_relations(dm, linked, rules)]
    )
    G = stage("graph", lambda: build_multigraph(linked, relations, sources=len(docs)))
    for fmt in ("graphml", "gexf", "json", "html", "png"):
        stage(f"write {fmt}", lambda fmt=fmt: write_outputs(G, tmp / f"out-{fmt}", (fmt,)))
    total = sum(t for _, t in rows)
    for name, t in rows:
        print(f"{name:<28} {t:7.2f} s   {t / total:6.1%}")
    print(f"{'total':<28} {total:7.2f} s")


def bench_peer(args, tmp: Path) -> None:
    """kg and the peer in turns (and, with --baseline, the kg of another checkout)."""
    src = tmp / "articles.jsonl"
    write_jsonl(articles(args.corpus), src)
    build = kg(str(src), "-o", str(tmp / "kg"), "--jobs", "1", "--no-store")
    peer = [sys.executable, str(HERE / "peer_jieba_cooc.py"), str(src), str(tmp / "p.graphml")]
    contestants = [("kg", build, None), ("peer", peer, None)]
    if args.baseline:
        # `python -m kg` imports the kg of its working folder first: run it in the baseline's.
        env = {"PYTHONPATH": str(args.baseline)}
        contestants.append(("baseline kg", build, (env, args.baseline)))
    runs: dict[str, list[dict]] = {name: [] for name, _, _ in contestants}
    for i in range(args.repeat):
        for name, cmd, where in contestants if i % 2 == 0 else contestants[::-1]:
            r = measure(cmd) if where is None else measure(cmd, *where)
            runs[name].append(r)
            print(line(f"{name} (run {i + 1})", r))
    best = {name: min(r["cpu"] for r in found) for name, found in runs.items()}
    print(f"CPU ratio kg/peer (best of {args.repeat} each): {best['kg'] / best['peer']:.2f}")
    if args.baseline:
        print(
            f"CPU ratio baseline kg/peer: {best['baseline kg'] / best['peer']:.2f}; "
            f"kg / baseline kg: {best['kg'] / best['baseline kg']:.2f}"
        )


def bench_jobs(args, tmp: Path) -> None:
    src = tmp / "articles.jsonl"
    write_jsonl(articles(args.corpus), src)
    runs = {1: [], 2: []}
    for i in range(args.repeat):
        for jobs in (1, 2) if i % 2 == 0 else (2, 1):
            r = measure(
                kg(str(src), "-o", str(tmp / f"j{jobs}"), "--jobs", str(jobs), "--no-store")
            )
            runs[jobs].append(r)
            print(line(f"--jobs {jobs} (run {i + 1})", r))
    one = min(r["wall"] for r in runs[1])
    two = min(r["wall"] for r in runs[2])
    print(f"speed-up --jobs 2 over --jobs 1 (best wall of {args.repeat} each): {one / two:.2f}x")
    print(f"identical graphs: {same_graph(tmp / 'j1', tmp / 'j2')}")


def bench_memory(args, tmp: Path) -> None:
    base = articles(args.corpus)
    src = tmp / "big.jsonl"
    target = args.mb * 1_000_000

    def repeated():
        size, round_ = 0, 0
        while True:
            for r in base:
                rec = {**r, "id": f"{r['id']}#{round_}"}
                size += len((json.dumps(rec, ensure_ascii=False) + "\n").encode())
                if size > target:
                    return
                yield rec
            round_ += 1

    size = write_jsonl(repeated(), src)
    docs = sum(1 for _ in src.open(encoding="utf-8"))
    r = measure(kg(str(src), "-o", str(tmp / "big"), "--jobs", str(args.jobs), "--no-store"))
    print(f"input {size / 1e6:.1f} MB, {docs:,} documents, --jobs {args.jobs}")
    print(line("kg build", r))
    print(
        f"throughput {size / 1e6 / r['wall']:.2f} MB/s wall, "
        f"{size / 1e6 / r['cpu']:.2f} MB per CPU-second"
    )


def bench_update(args, tmp: Path) -> None:
    recs = articles(args.corpus)
    old, new, both = tmp / "old.jsonl", tmp / "new.jsonl", tmp / "all.jsonl"
    write_jsonl(recs[:900], old)
    write_jsonl(recs[900:], new)
    write_jsonl(recs, both)
    full = measure(kg(str(both), "-o", str(tmp / "full"), "--jobs", "1"))
    print(line("full build of 1,000", full))
    measure(kg(str(old), "-o", str(tmp / "inc"), "--jobs", "1"))
    upd = measure(kg(str(new), "-o", str(tmp / "inc"), "--jobs", "1", "--update"))
    print(line("--update with 100 on 900", upd))
    again = measure(kg(str(both), "-o", str(tmp / "full"), "--jobs", "1"))
    print(line("same 1,000 again (stored)", again))
    print(
        f"update cost / full build: {upd['cpu'] / full['cpu']:.1%} CPU, "
        f"{upd['wall'] / full['wall']:.1%} wall"
    )
    print(f"update equals the full build: {same_graph(tmp / 'full', tmp / 'inc')}")


def bench_dask(args, tmp: Path) -> None:
    from distributed import LocalCluster

    src = tmp / "articles.jsonl"
    write_jsonl(articles(args.corpus)[: args.limit], src)
    local = measure(kg(str(src), "-o", str(tmp / "local"), "--jobs", "1", "--no-store"))
    print(line("local --jobs 1", local))
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cl:
        r = measure(
            kg(str(src), "-o", str(tmp / "dask"), "--scheduler", cl.scheduler_address, "--no-store")
        )
    print(line("Dask, 2 worker processes", r) + "   (client only: workers not counted)")
    print(f"Dask graph equals the local one: {same_graph(tmp / 'local', tmp / 'dask')}")


def bench_stream(args, tmp: Path) -> None:
    src = tmp / "articles.jsonl"
    write_jsonl(articles(args.corpus)[: args.limit], src)
    cache = tmp / "analyses.pickle"
    subprocess.run([sys.executable, __file__, "_analyse", str(src), str(cache)], check=True)
    size = src.stat().st_size
    for times in args.times:
        out = tmp / f"x{times}"
        cmd = [sys.executable, __file__, "_stream", str(src), str(cache), str(times), str(out)]
        r = measure(cmd)
        print(
            line(f"{times:>3} x {args.limit} articles", r)
            + f"   {times * args.limit:,} documents, {times * size / 1e6:.1f} MB"
        )


def _analyse(src: str, cache: str) -> None:
    import pickle

    from kg.pipeline import analyze_documents
    from kg.text import read_inputs

    analysed = analyze_documents(read_inputs([src]))
    with open(cache, "wb") as fh:
        pickle.dump({dm.doc.id: (dm.articles, dm.mentions, dm.home_city) for dm in analysed}, fh)


def _stream(src: str, cache: str, times: str, out: str) -> None:
    """A build of ``src`` repeated ``times`` times with new ids, analyses from ``cache``."""
    import pickle

    import kg.pipeline
    from kg.export import write_outputs
    from kg.text import read_inputs
    from kg.types import Document

    with open(cache, "rb") as fh:
        analyses = pickle.load(fh)
    base = [(doc.id, doc.text) for doc in read_inputs([src])]

    def analyze_batch(docs, options):  # a copy, as a real analysis is a new object
        return [pickle.loads(pickle.dumps(analyses[d.id.split("#")[0]])) for d in docs]

    def documents():
        for copy in range(int(times)):
            for doc_id, text in base:
                yield Document(id=f"{doc_id}#{copy}", text=text, raw=text)

    kg.pipeline.analyze_batch = analyze_batch
    G = kg.pipeline.build_graph_from_documents(documents(), kg.pipeline.BuildOptions(jobs=1))
    write_outputs(G, out)


def main() -> None:
    if sys.argv[1:2] == ["_analyse"]:
        return _analyse(*sys.argv[2:])
    if sys.argv[1:2] == ["_stream"]:
        return _stream(*sys.argv[2:])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "what", choices=["stages", "peer", "jobs", "memory", "update", "dask", "stream"]
    )
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=2, help="paired runs (peer, jobs)")
    ap.add_argument("--mb", type=float, default=10, help="input size for memory")
    ap.add_argument("--jobs", type=int, default=1, help="--jobs for memory")
    ap.add_argument("--limit", type=int, default=1000, help="articles for dask and stream")
    ap.add_argument(
        "--baseline",
        type=Path,
        help="peer: also time the kg of this checkout (e.g. a worktree of main), same sitting",
    )
    ap.add_argument("--times", type=int, nargs="+", default=[10, 50], help="copies for stream")
    args = ap.parse_args()
    if not args.corpus.is_file():
        raise SystemExit(f"no corpus at {args.corpus}: set KG_CORPORA or --corpus")
    print(
        f"machine: {os.cpu_count()} cores; "
        f"KG_BLAS_THREADS={os.environ.get('KG_BLAS_THREADS', '1 (default)')}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        globals()[f"bench_{args.what}"](args, Path(tmp))


if __name__ == "__main__":
    main()
