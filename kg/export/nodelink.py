"""Write and read the kg graph as node-link JSON (UTF-8, Chinese kept readable).

The graph is flattened and contract-checked exactly as for GraphML
(:func:`kg.export.graphml.flatten`), so every export carries the same attributes.
Edges are under the ``"edges"`` key; :func:`read` also accepts the older ``"links"``.

Example
-------
>>> import networkx as nx, tempfile, os
>>> G = nx.MultiDiGraph(kg_schema="1")
>>> G.add_node("PERSON:周军波", label="周军波", type="PERSON", aliases="", mentions=4, docs=1)
>>> path = os.path.join(tempfile.mkdtemp(), "g.json")
>>> write(G, path)
>>> read(path).nodes["PERSON:周军波"]["mentions"]
4
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import networkx as nx

from kg.errors import GraphError
from kg.export._atomic import atomic_path
from kg.export.graphml import check_schema, flatten

__all__ = ["write", "read"]


def write(G: nx.MultiDiGraph, path: str | os.PathLike) -> None:
    """Write ``G`` as node-link JSON to ``path``, atomically.

    Raises :class:`~kg.errors.GraphError` when ``G`` breaks the graph contract.
    """
    data = _node_link_data(flatten(G))
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")


def read(path: str | os.PathLike) -> nx.MultiDiGraph:
    """Read a node-link JSON file written by :func:`write` into a ``MultiDiGraph``.

    Raises :class:`~kg.errors.GraphError` (one line) when the file is missing, is
    not node-link JSON, or carries no ``kg_schema`` graph attribute.
    """
    path = Path(path)
    if not path.is_file():
        raise GraphError(f"graph file not found: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        edges = "links" if "edges" not in data and "links" in data else "edges"
        G = _node_link_graph(data, edges)
    except OSError as exc:
        raise GraphError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError, AttributeError, nx.NetworkXError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GraphError(f"not a valid node-link JSON file: {path} ({reason})") from None
    check_schema(G, path)
    return G


def _node_link_data(G: nx.MultiDiGraph) -> dict:
    try:
        return nx.node_link_data(G, edges="edges")
    except TypeError:  # networkx < 3.4 calls the key ``link``
        return nx.node_link_data(G, link="edges")


def _node_link_graph(data: dict, edges: str) -> nx.MultiDiGraph:
    try:
        return nx.node_link_graph(data, directed=True, multigraph=True, edges=edges)
    except TypeError:  # networkx < 3.4
        return nx.node_link_graph(data, directed=True, multigraph=True, link=edges)
