"""A one-screen text summary of a kg graph: sizes, types, relations, top entities.

Example
-------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(kg_schema="1", sources=1)
>>> G.add_node("PERSON:周军波", label="周军波", type="PERSON", aliases="", mentions=4, docs=1)
>>> print(summarize(G))
Graph: 1 nodes, 0 edges, 1 source documents
Entities by type:
  PERSON  人物  1
Relations:
  (none)
Top 1 entities by degree:
  1.  周军波  PERSON  0
"""

from __future__ import annotations

import unicodedata
from collections import Counter

import networkx as nx

from kg.schema import type_label, vocabulary

__all__ = ["summarize"]

#: labels in the top-entities table are cut to this many display columns
LABEL_WIDTH = 30


def summarize(G: nx.MultiDiGraph, top: int = 10) -> str:
    """A plain-text summary of ``G`` (no trailing newline); the CLI prints it.

    Lines: node, edge and source-document counts (``sources`` graph attribute, else
    the number of distinct edge ``doc`` values); entities by type with the Chinese
    type label, most frequent first; relations with their Chinese label, most
    frequent first; the ``top`` entities by degree (parallel edges counted; ties by
    label) with type and degree, labels cut to 30 columns with "…". Columns are
    aligned for CJK (double-width) text.
    """
    types = Counter(str(d.get("type", "")) for _, d in G.nodes(data=True))
    relations = Counter(str(d.get("relation", "")) for *_, d in G.edges(data=True))
    sources = G.graph.get("sources")
    if sources is None:
        sources = len({d.get("doc") for *_, d in G.edges(data=True) if d.get("doc")})
    lines = [
        f"Graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges, "
        f"{sources} source documents"
    ]

    lines.append("Entities by type:")
    rows = [(t, type_label(t), str(n)) for t, n in _by_count(types)]
    lines += _table(rows) or ["  (none)"]

    lines.append("Relations:")
    rel_labels = vocabulary()["relations"]
    rows = [(r, rel_labels.get(r, {}).get("label", ""), str(n)) for r, n in _by_count(relations)]
    lines += _table(rows) or ["  (none)"]

    ranked = sorted(G.nodes, key=lambda n: (-G.degree(n), _label(G, n), str(n)))[: max(top, 0)]
    lines.append(f"Top {len(ranked)} entities by degree:")
    rows = [
        (f"{i:2d}.", _short(_label(G, n)), str(G.nodes[n].get("type", "")), str(G.degree(n)))
        for i, n in enumerate(ranked, 1)
    ]
    lines += _table(rows, indent=" ") or ["  (none)"]
    return "\n".join(lines)


def _by_count(counter: Counter) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def _label(G: nx.MultiDiGraph, node) -> str:
    return str(G.nodes[node].get("label", node))


def _short(text: str, width: int = LABEL_WIDTH) -> str:
    """``text`` cut to ``width`` display columns, ending in "…" when cut."""
    if _width(text) <= width:
        return text
    out = ""
    for char in text:
        if _width(out + char) > width - 1:
            break
        out += char
    return out + "…"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(rows: list[tuple[str, ...]], indent: str = "  ") -> list[str]:
    """Rows joined by two spaces, each column padded to its widest cell (last not padded)."""
    if not rows:
        return []
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [
            cell + " " * (w - _width(cell)) for cell, w in zip(row[:-1], widths[:-1], strict=True)
        ]
        out.append((indent + "  ".join([*cells, row[-1]])).rstrip())
    return out
