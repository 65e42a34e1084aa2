"""Read back a graph that kg wrote: a GraphML or node-link JSON file, or a build folder."""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx

from kg.errors import GraphError
from kg.export import graphml, nodelink

__all__ = ["GRAPH_FILE", "load_graph"]

#: the file ``kg build`` writes in its output folder
GRAPH_FILE = "graph.graphml"


def load_graph(path: str | os.PathLike) -> nx.MultiDiGraph:
    """Load a kg graph from a ``.graphml`` file, a node-link ``.json`` file, or a
    ``kg build`` output folder (its ``graph.graphml``).

    Raises :class:`~kg.errors.GraphError` for a missing file, an unknown extension
    or a file that is not a kg graph. GEXF is an export for Gephi and is not read.

    Example
    -------
    >>> G = load_graph("out/")                # doctest: +SKIP
    >>> G = load_graph("out/graph.graphml")   # doctest: +SKIP
    """
    p = Path(path)
    if p.is_dir():
        if not (p / GRAPH_FILE).is_file():
            raise GraphError(f"no {GRAPH_FILE} in folder {p}")
        p = p / GRAPH_FILE
    readers = {".graphml": graphml.read, ".json": nodelink.read}
    suffix = p.suffix.lower()
    if suffix not in readers:
        if not p.exists():
            raise GraphError(f"graph file not found: {p}")
        raise GraphError(
            f"cannot load {p}: unknown graph format {suffix or '(no extension)'!r}; "
            f"use one of {', '.join(readers)} or a kg build folder"
        )
    return readers[suffix](p)
