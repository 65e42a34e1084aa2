"""Write the kg graph as GEXF for Gephi: nodes coloured by type and sized by degree.

The graph is flattened and contract-checked exactly as for GraphML
(:func:`kg.export.graphml.flatten`), then each node gets a ``viz`` colour from
:func:`kg.schema.type_color` and a size of ``10 + 4 * sqrt(degree)``
(degree in the multigraph, parallel edges counted). The caller's graph is not changed.

Two GEXF-specific renames, because GEXF gives these names a meaning of its own:

* the edge attributes ``start``/``end`` (sentence offsets) are written as
  ``sent_start``/``sent_end``; GEXF reads ``start``/``end`` as time intervals and
  Gephi would turn the graph into a dynamic one.
* the edge ``label`` and ``weight`` (co-occurrence) become GEXF's own edge label
  and weight, which Gephi shows.

Parallel edges keep distinct edge ids. GEXF is an export for Gephi, not a format
kg reads back: use GraphML or node-link JSON for that.

Example
-------
>>> import networkx as nx, tempfile, os
>>> G = nx.MultiDiGraph(kg_schema="1")
>>> G.add_node("PERSON:周军波", label="周军波", type="PERSON", aliases="", mentions=4, docs=1)
>>> path = os.path.join(tempfile.mkdtemp(), "g.gexf")
>>> write(G, path)
>>> nx.read_gexf(path).nodes["PERSON:周军波"]["viz"]["color"]
{'r': 228, 'g': 87, 'b': 46, 'a': 1.0}
"""

from __future__ import annotations

import math
import os

import networkx as nx

from kg.export._atomic import atomic_path
from kg.export.graphml import flatten
from kg.schema import type_color

__all__ = ["write", "node_size", "hex_to_rgba", "EDGE_RENAMES"]

#: edge attribute -> name in GEXF (GEXF reserves ``start``/``end`` for time)
EDGE_RENAMES = {"start": "sent_start", "end": "sent_end"}


def write(G: nx.MultiDiGraph, path: str | os.PathLike) -> None:
    """Write ``G`` as GEXF 1.2 (UTF-8) with viz colours and sizes, atomically.

    Raises :class:`~kg.errors.GraphError` when ``G`` breaks the graph contract.
    """
    H = flatten(G)  # a copy: the caller's graph keeps its attributes
    for node, data in H.nodes(data=True):
        data["viz"] = {
            "color": hex_to_rgba(type_color(data["type"])),
            "size": node_size(H.degree(node)),
        }
    for *_, data in H.edges(data=True):
        for old, new in EDGE_RENAMES.items():
            if old in data:
                data[new] = data.pop(old)
    with atomic_path(path) as tmp:
        nx.write_gexf(H, tmp, encoding="utf-8")


def node_size(degree: int) -> float:
    """Gephi node size for a node of ``degree``: ``10 + 4 * sqrt(degree)``.

    >>> node_size(0), node_size(4)
    (10.0, 18.0)
    """
    return 10.0 + 4.0 * math.sqrt(degree)


def hex_to_rgba(color: str) -> dict:
    """``"#e4572e"`` -> ``{"r": 228, "g": 87, "b": 46, "a": 1.0}`` (the GEXF viz colour).

    >>> hex_to_rgba("#2e86ab")
    {'r': 46, 'g': 134, 'b': 171, 'a': 1.0}
    """
    h = color.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    if len(h) != 6:
        raise ValueError(f"not a #rrggbb colour: {color!r}")
    return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16), "a": 1.0}
