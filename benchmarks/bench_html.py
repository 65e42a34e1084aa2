"""Time the HTML viewer in headless Chromium (network blocked) on big graphs.

Run: ``python benchmarks/bench_html.py [--nodes 10000] [--graph out/graph.graphml]``.
For a synthetic graph of ``--nodes`` entities (about two relations each) and, with
``--graph``, a built graph, prints the CPU time to write the page (layout and
communities included), its size and the time from navigation until the page is
interactive (layout done, physics off, first frame drawn), then the cost of one
redraw.  With ``--max-nodes`` below the graph's size it also times "show all".
Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg import schema
from kg.export import html

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REDRAW_JS = """scale => {
  if (scale === "fit") { kgView.network.fit(); } else { kgView.network.moveTo({scale: scale}); }
  const t = performance.now(); kgView.network.redraw(); return performance.now() - t;
}"""
TYPES = ["PERSON", "ORG", "LOC", "EVENT", "MONEY"]


def synthetic_graph(
    n_nodes: int, n_edges: int | None = None, *, isolated: float = 0.05, seed: int = 0
) -> nx.MultiDiGraph:
    """A random contract-conforming graph of ``n_nodes`` entities and ``n_edges`` relations.

    ``isolated`` of the entities have no relation (as in a corpus build); the others
    form a preferential-attachment graph, every tenth linked pair with a second,
    parallel relation until ``n_edges`` (default: twice ``n_nodes``) is reached.
    """
    rng = random.Random(seed)
    n_edges = 2 * n_nodes if n_edges is None else n_edges
    relations = list(schema.vocabulary()["relations"])
    G = nx.MultiDiGraph(kg_schema="1", kg_version="bench", created="2026-01-01T00:00:00", sources=1)
    linked = n_nodes - int(n_nodes * isolated)
    pairs = list(nx.barabasi_albert_graph(linked, 2, seed=seed).edges())
    pairs += pairs[::10][: max(0, n_edges - len(pairs))]
    while len(pairs) < n_edges:
        pairs.append(tuple(rng.sample(range(linked), 2)))
    ids = []
    for i in range(n_nodes):
        type_ = rng.choice(TYPES)
        name = f"实体{i}"
        ids.append(schema.node_id(type_, name))
        G.add_node(
            ids[-1],
            label=name,
            type=type_,
            aliases=f"别名{i}" if i % 3 == 0 else "",
            mentions=rng.randint(1, 20),
            docs=rng.randint(1, 3),
        )
    for k, (u, v) in enumerate(pairs[:n_edges]):
        rel = rng.choice(relations)
        sentence = f"实体{u}与实体{v}的关系句子{k}。"
        G.add_edge(
            ids[u],
            ids[v],
            relation=rel,
            label=schema.relation_label(rel),
            title="",
            sentence=sentence,
            doc=f"doc{k % 50}.txt",
            start=k,
            end=k + len(sentence),
            rule="bench",
            confidence=0.8,
        )
    return G


def wait_until(page, expression: str, timeout_s: float = 600) -> None:
    """Poll ``expression``; ``wait_for_function`` uses eval, which the page's CSP forbids."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{expression!r} still false after {timeout_s} s")
        time.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--edges", type=int, help="default: twice --nodes")
    parser.add_argument("--graph", help="also a built graph (.graphml/.json or a build folder)")
    parser.add_argument("--max-nodes", type=int, default=html.DEFAULT_MAX_NODES)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument(
        "--screenshots",
        help="save viewer_synthetic.png and viewer_corpus.png (with --graph) into this folder",
    )
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    graphs = {f"synthetic {args.nodes}": synthetic_graph(args.nodes, args.edges)}
    if args.graph:
        from kg.export.load import load_graph

        graphs[Path(args.graph).name] = load_graph(args.graph)
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        pages = {}
        for i, (name, G) in enumerate(graphs.items()):
            name = f"{name} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)"
            t = time.process_time()
            path = html.write(G, work / f"{i}.html", max_nodes=args.max_nodes, title=name)
            pages[name] = path
            print(
                f"{name}: write {time.process_time() - t:.2f} s CPU, "
                f"{path.stat().st_size / 1e6:.1f} MB"
            )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of this process after the writes: {peak:.0f} MiB")
        with sync_playwright() as pw:
            ctx = pw.chromium.launch_persistent_context(
                str(work / "profile"),
                executable_path=args.chromium,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 800},
            )
            ctx.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
            )
            for name, path in pages.items():
                page = ctx.new_page()
                t = time.perf_counter()
                page.goto(path.as_uri())
                wait_until(page, "window.kgView && kgView.stabilized && kgView.ready")
                wall = time.perf_counter() - t
                n, e, ready, total = page.evaluate(
                    "[kgView.nodeCount(), kgView.edgeCount(), kgView.readyMs, kgView.totalNodes]"
                )
                print(
                    f"{name}: {n} nodes, {e} edges drawn; interactive {ready / 1000:.2f} s "
                    f"after navigation (goto to settled, as polled: {wall:.2f} s)"
                )
                if args.screenshots:
                    # the synthetic graph's with its best-connected entity's card open
                    synthetic = list(pages).index(name) == 0
                    if synthetic:
                        page.evaluate("kgView.openNode(kgView.labelled()[0])")
                    stem = "synthetic" if synthetic else "corpus"
                    shot = Path(args.screenshots) / f"viewer_{stem}.png"
                    page.screenshot(path=str(shot))
                    print(f"{name}: screenshot {shot}")
                if page.evaluate("kgView.loadedNodeCount()") < total:
                    t = time.perf_counter()
                    page.evaluate("kgView.showAll()")
                    wait_until(page, "kgView.stabilized")
                    page.evaluate("kgView.network.redraw()")
                    n, e = page.evaluate("[kgView.nodeCount(), kgView.edgeCount()]")
                    print(
                        f"{name}, then 'show all': {n} nodes, {e} edges; "
                        f"settled in {time.perf_counter() - t:.2f} s"
                    )
                isolated = page.evaluate(
                    "Number(document.getElementById('kg-isolated-count').textContent)"
                )
                if isolated:
                    t = time.perf_counter()
                    page.evaluate("kgView.setShowIsolated(true)")
                    wait_until(page, "kgView.stabilized")
                    page.evaluate("kgView.network.redraw()")
                    n = page.evaluate("kgView.nodeCount()")
                    print(
                        f"{name}, then the {isolated} isolated entities too: {n} nodes drawn in "
                        f"{time.perf_counter() - t:.2f} s"
                    )
                for scale in ("fit", 1.0):
                    ms = page.evaluate(REDRAW_JS, scale)
                    print(f"{name}: one redraw at zoom {scale}: {ms:.0f} ms")
                page.close()
            ctx.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
