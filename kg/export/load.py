"""Read back a graph that kg wrote: a GraphML, GEXF or node-link JSON file, or a build folder."""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx

from kg.errors import GraphError
from kg.export import gexf, graphml, nodelink

__all__ = ["GRAPH_FILE", "GRAPH_FILES", "READERS", "load_graph"]

#: the file ``kg build`` writes in its output folder
GRAPH_FILE = "graph.graphml"
#: the graph files of a build folder, in the order a folder is read
GRAPH_FILES = (GRAPH_FILE, "graph.json", "graph.gexf")
#: extension -> reader
READERS = {".graphml": graphml.read, ".json": nodelink.read, ".gexf": gexf.read}


def load_graph(path: str | os.PathLike) -> nx.MultiDiGraph:
    """Load a kg graph from a ``.graphml``, ``.gexf`` or node-link ``.json`` file that kg
    wrote, or from a ``kg build`` output folder (its ``graph.graphml``, else its
    ``graph.json``, else its ``graph.gexf``).

    Every format gives back the same nodes, edges and attribute values; GraphML and
    node-link JSON keep every type; GEXF too (GEXF's own ``viz`` colours are dropped).
    Raises :class:`~kg.errors.GraphError` for a missing file, an unknown extension
    or a file that is not a kg graph.

    Example
    -------
    >>> G = load_graph("out/")                # doctest: +SKIP
    >>> G = load_graph("out/graph.gexf")      # doctest: +SKIP
    """
    p = Path(path)
    if p.is_dir():
        found = [p / name for name in GRAPH_FILES if (p / name).is_file()]
        if not found:
            raise GraphError(f"no graph file in folder {p}; looked for {', '.join(GRAPH_FILES)}")
        p = found[0]
    suffix = p.suffix.lower()
    if suffix not in READERS:
        if not p.exists():
            raise GraphError(f"graph file not found: {p}")
        raise GraphError(
            f"cannot load {p}: unknown graph format {suffix or '(no extension)'!r}; "
            f"use one of {', '.join(READERS)} or a kg build folder"
        )
    return READERS[suffix](p)
