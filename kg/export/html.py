"""Write a graph as one self-contained, offline HTML page (vis-network inlined).

The page is rendered from ``kg/data/html/viewer.html``; the vis-network library
is the copy pyvis bundles (``pyvis/lib/vis-9.1.2``, read from its folder: kg never imports
pyvis, which would import IPython), inlined so the file opens
without any network access.  pyvis's own ``Network`` writer is not used: it
links Bootstrap from a CDN whatever ``cdn_resources`` says (pyvis issues 228,
229), writes without an explicit encoding, keeps only one of several parallel
edges unless directed and pops ``weight`` from the graph it is given.  Graph
data goes into the page as JSON in a non-executed ``<script type=
"application/json">`` block and is shown with DOM text nodes only, so labels
and evidence sentences are never interpreted as HTML.
"""

from __future__ import annotations

import base64
import hashlib
import html as _html
import importlib.util
import json
import math
import os
import re
from collections import defaultdict, deque
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.errors import GraphError
from kg.export._atomic import atomic_path
from kg.schema import AMOUNT_ATTRS, type_color, type_label, vocabulary

__all__ = [
    "write",
    "render",
    "overview",
    "overview_note",
    "title_for",
    "DEFAULT_MAX_NODES",
    "LAYOUT_ABOVE",
    "PAGE_LIMIT",
    "SIZE_BY",
]

#: Above this many entities the page starts with the best-connected ones only.
DEFAULT_MAX_NODES = 2_000
#: Above this many entities the layout is computed here (ForceAtlas2), physics starts
#: off, isolated entities start hidden and only the top entities are always labelled.
LAYOUT_ABOVE = 200
#: The most entities one page holds; bigger graphs get an overview of the top ones.
PAGE_LIMIT = 10_000
#: How many entities keep their label at every zoom on a big graph.
LABELLED = 40
#: Node attributes that may set the node size.
SIZE_BY = ("degree", "mentions")
#: vis-network release bundled with pyvis 0.3.2 that the page inlines.
VIS_DIR = "lib/vis-9.1.2"

_MARKER = re.compile(r"@@([A-Z_]+)@@")
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def write(
    G: nx.Graph,
    path: str | os.PathLike,
    *,
    title: str = "kg",
    max_nodes: int = DEFAULT_MAX_NODES,
    focus: str | None = None,
    size_by: str = "degree",
) -> Path:
    """Write ``G`` as an interactive, offline HTML page at ``path`` (UTF-8).

    Parameters
    ----------
    G : networkx graph following the kg graph contract (not modified).
    path : where to write the page; written atomically.
    title : page title and heading.
    max_nodes : graphs with more entities start from the ``max_nodes`` best
        connected ones (or the neighbourhood of ``focus``); the page has a
        "show all" button and double-clicking an entity adds its neighbours.
        Graphs with more than :data:`PAGE_LIMIT` entities are cut to the
        overview of their best-connected ones (see :func:`overview`).
    focus : node id to select and centre once the layout has settled.
    size_by : ``"degree"`` or ``"mentions"``.

    Returns
    -------
    The path written.
    """
    page = render(G, title=title, max_nodes=max_nodes, focus=focus, size_by=size_by)
    target = Path(path)
    with atomic_path(target) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return target


def render(
    G: nx.Graph,
    *,
    title: str = "kg",
    max_nodes: int = DEFAULT_MAX_NODES,
    focus: str | None = None,
    size_by: str = "degree",
) -> str:
    """The HTML page :func:`write` writes, as a string."""
    if size_by not in SIZE_BY:
        raise ValueError(f"size_by must be one of {', '.join(SIZE_BY)}, not {size_by!r}")
    if not isinstance(max_nodes, int) or max_nodes < 1:
        raise ValueError(f"max_nodes must be a positive integer, not {max_nodes!r}")
    if focus is not None and focus not in G:
        raise GraphError(f"focus node {focus!r} is not in the graph")
    total = G.number_of_nodes()
    G = overview(G, limit=PAGE_LIMIT, focus=focus)
    data = graph_data(G, title=title, max_nodes=max_nodes, focus=focus, size_by=size_by)
    data["total"] = total
    return _fill_template(title, data)


def overview(G: nx.Graph, *, limit: int, focus: str | None = None) -> nx.Graph:
    """``G`` itself, or, above ``limit`` entities, the subgraph of the ``limit`` best connected.

    The focus (if any) and its neighbourhood come first.
    """
    if G.number_of_nodes() <= limit:
        return G
    return G.subgraph(initial_nodes(G, max_nodes=limit, focus=focus))


def overview_note(G: nx.Graph, graph_path: str, *, limit: int | None = None) -> str | None:
    """What to tell the user when the page of ``G`` is only its overview, else None."""
    limit = PAGE_LIMIT if limit is None else limit
    if G.number_of_nodes() <= limit:
        return None
    return (
        f"The page shows the {limit:,} best-connected of {G.number_of_nodes():,} entities; "
        f"for any other entity's neighbourhood: kg view {graph_path} --around NAME"
    )


def title_for(inputs: list[str]) -> str:
    """A page title naming the inputs: ``news.jsonl``, ``a.txt、b.txt``, ``a.txt 等 5 个文件``."""
    names = [("stdin" if x == "-" else Path(x).name or str(x)) for x in inputs]
    if not names:
        return "kg"
    if len(names) <= 2:
        return "、".join(names)
    return f"{names[0]} 等 {len(names)} 个输入"


def graph_data(G: nx.Graph, *, title: str, max_nodes: int, focus: str | None, size_by: str) -> dict:
    """Plain JSON-ready description of ``G`` for the page's script."""
    from kg.graph.layout import communities, components, layout

    degree = dict(G.degree())
    big = G.number_of_nodes() > LAYOUT_ABOVE
    pos = layout(G) if big else {}
    community = communities(G) if big else {}
    parts = components(G)
    main = set(parts[0]) if parts and len(parts[0]) > 1 else set()
    mentions = {n: _int(G.nodes[n].get("mentions")) for n in G}
    first, second = (degree, mentions) if size_by == "degree" else (mentions, degree)
    ranked = sorted((n for n in G if degree[n]), key=lambda n: (-first[n], -second[n], str(n)))
    labelled = set(ranked[:LABELLED]) if big else set(G)
    nodes, types = [], defaultdict(int)
    for n, attrs in G.nodes(data=True):
        type_ = str(attrs.get("type") or "UNKNOWN")
        types[type_] += 1
        extra = {k: _scalar(attrs[k]) for k in AMOUNT_ATTRS if k in attrs}
        node = {
            "id": str(n),
            "label": str(attrs.get("label") or n),
            "type": type_,
            "aliases": [a for a in str(attrs.get("aliases") or "").split("|") if a],
            "mentions": _int(attrs.get("mentions")),
            "docs": _int(attrs.get("docs")),
            "degree": degree[n],
            "confidence": _confidence(attrs.get("confidence")),
            "main": n in main,
            "labelled": n in labelled,
            "extra": extra,
        }
        if big:
            node["x"], node["y"] = pos[n]
            node["community"] = community[n]
        nodes.append(node)
    edges, relations = [], defaultdict(int)
    for i, (u, v, attrs) in enumerate(_edges(G)):
        relation = str(attrs.get("relation") or "")
        relations[relation] += 1
        edges.append(
            {
                "id": f"e{i}",
                "from": str(u),
                "to": str(v),
                "relation": relation,
                "label": str(attrs.get("label") or _relation_label(relation)),
                **{
                    k: _scalar(attrs.get(k, ""))
                    for k in ("title", "sentence", "doc", "start", "end", "rule")
                },
                "confidence": _confidence(attrs.get("confidence")),
            }
        )
    _add_curves(edges)
    return {
        "title": str(title),
        "layout": big,
        "hideIsolated": big,
        "maxNodes": max_nodes,
        "focus": None if focus is None else str(focus),
        "sizeBy": size_by,
        "types": [
            {"type": t, "label": type_label(t), "color": type_color(t), "count": c}
            for t, c in sorted(types.items(), key=lambda tc: (-tc[1], tc[0]))
        ],
        "relations": [
            {"relation": r, "label": _relation_label(r), "count": c}
            for r, c in sorted(relations.items(), key=lambda rc: (-rc[1], rc[0]))
        ],
        "nodes": nodes,
        "edges": edges,
        "initial": [str(n) for n in initial_nodes(G, max_nodes=max_nodes, focus=focus)],
    }


def initial_nodes(G: nx.Graph, *, max_nodes: int, focus=None) -> list:
    """The nodes the page shows first: all, the focus's neighbourhood, or the top by degree."""
    if G.number_of_nodes() <= max_nodes:
        return list(G.nodes)
    if focus is not None:
        U = G.to_undirected(as_view=True)
        seen, queue = {focus: None}, deque([focus])
        while queue and len(seen) < max_nodes:
            for nb in sorted(U[queue.popleft()], key=lambda x: (-G.degree(x), str(x))):
                if nb not in seen:
                    seen[nb] = None
                    queue.append(nb)
                    if len(seen) >= max_nodes:
                        break
        return list(seen)
    ranked = sorted(G.degree(), key=lambda nd: (-nd[1], str(nd[0])))
    return [n for n, _ in ranked[:max_nodes]]


def _edges(G):
    return G.edges(data=True)


def _add_curves(edges: list[dict]) -> None:
    """Give parallel edges distinct curves: alternate sides, growing roundness."""
    groups = defaultdict(list)
    for e in edges:
        groups[frozenset((e["from"], e["to"]))].append(e)
    for group in groups.values():
        if len(group) == 1:
            e = group[0]
            e["smooth"] = (
                {"enabled": True, "type": "curvedCW", "roundness": 0.2}
                if e["from"] == e["to"]
                else {"enabled": False}
            )
            continue
        for i, e in enumerate(group):
            if e["from"] == e["to"]:
                e["selfReference"] = {"angle": i * math.pi / 4, "size": 12 + 4 * i}
                continue
            forward = e["from"] <= e["to"]
            side_cw = (i % 2 == 0) == forward
            e["smooth"] = {
                "enabled": True,
                "type": "curvedCW" if side_cw else "curvedCCW",
                "roundness": round(min(0.9, 0.2 + 0.25 * (i // 2)), 3),
            }


def _relation_label(relation: str) -> str:
    rels = vocabulary()["relations"]
    return rels[relation]["label"] if relation in rels else relation


def _scalar(value):
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return str(value)


def _confidence(value) -> float:
    """A confidence in 0..1; a missing or unreadable one counts as 1.0."""
    try:
        c = float(value)
    except (TypeError, ValueError):
        return 1.0
    return min(1.0, max(0.0, c)) if math.isfinite(c) else 1.0


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _json_for_script(data) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def pyvis_folder() -> Path:
    """Where pyvis is installed, found without importing it.

    Importing pyvis imports IPython, jinja2 and jsonpickle (its ``network`` module does,
    at the top); the page needs only the vis-network files pyvis ships, so kg reads them
    from the package folder and never runs pyvis's code.
    """
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("No module named 'pyvis'")
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=1)
def _assets() -> dict:
    """Template, our CSS/JS and pyvis's bundled vis-network, as text."""
    try:
        vis = pyvis_folder() / VIS_DIR
        vis_js = (vis / "vis-network.min.js").read_text(encoding="utf-8")
        vis_css = (vis / "vis-network.css").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:  # pragma: no cover
        raise GraphError(
            "the HTML viewer needs the vis-network files bundled with pyvis; "
            "install it with `pip install 'pyvis>=0.3.2'`"
        ) from exc
    here = resources.files("kg").joinpath("data/html")
    return {
        "template": here.joinpath("viewer.html").read_text(encoding="utf-8"),
        "css": here.joinpath("viewer.css").read_text(encoding="utf-8"),
        "js": here.joinpath("viewer.js").read_text(encoding="utf-8"),
        "vis_js": vis_js,
        "vis_css": vis_css,
    }


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _fill_template(title: str, data: dict) -> str:
    a = _assets()
    # Only the two inline scripts we ship may run (hash-listed); nothing may be fetched.
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(a['vis_js'])} {_csp_hash(a['js'])}; "
        "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
        "connect-src 'none'; form-action 'none'; base-uri 'none'"
    )
    values = {
        "CSP": _html.escape(csp, quote=False).replace('"', "&quot;"),
        "TITLE": _html.escape(str(title), quote=True),
        "VIS_CSS": a["vis_css"],
        "CSS": a["css"],
        "VIS_JS": a["vis_js"],
        "JS": a["js"],
        "DATA": _json_for_script(data),
    }
    # One pass over the template: inserted text is never scanned for markers.
    return _MARKER.sub(lambda m: values[m.group(1)], a["template"])
