"""Exporters: GraphML, GEXF, node-link JSON, the offline HTML page and a PNG overview."""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx

from kg.errors import KGError
from kg.export import gexf, graphml, html, nodelink, png

__all__ = ["FORMATS", "write_outputs"]

#: format name -> (file name, exporter module)
FORMATS = {
    "graphml": "graph.graphml",
    "gexf": "graph.gexf",
    "json": "graph.json",
    "html": "graph.html",
    "png": "graph.png",
}


def write_outputs(
    G: nx.MultiDiGraph,
    outdir: str | os.PathLike,
    formats: tuple[str, ...] = tuple(FORMATS),
    *,
    title: str = "kg",
) -> dict[str, Path]:
    """Write ``G`` into ``outdir`` in each format; each file appears whole or not at all."""
    writers = {
        "graphml": graphml.write,
        "gexf": gexf.write,
        "json": nodelink.write,
        "html": lambda G, path: html.write(G, path, title=title),
        "png": png.write,
    }
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise KGError(f"unknown output format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise KGError(f"output path {out} exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for fmt in formats:
        path = out / FORMATS[fmt]
        writers[fmt](G, path)
        written[fmt] = path
    return written
