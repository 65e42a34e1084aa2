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

Parallel edges keep distinct edge ids. GEXF has no graph attributes, so kg's
(``kg_schema``, ``kg_version``, ``created``, ``sources``, ...) go into the file's
``<meta><description>`` as JSON; :func:`read` undoes all of this, so ``kg.load_graph``
reads a GEXF that kg wrote into the same graph as its GraphML (``viz`` dropped; a
co-occurrence ``weight`` comes back as a float, GEXF's type for edge weights).

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

import json
import math
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from kg.errors import GraphError
from kg.export._atomic import atomic_path
from kg.export.graphml import check_schema, flatten
from kg.schema import type_color

__all__ = ["write", "read", "node_size", "hex_to_rgba", "EDGE_RENAMES"]

#: the start of the ``<meta><description>`` that carries the graph attributes
_DESCRIPTION = "kg graph attributes: "

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
    writer = GEXFWriter(encoding="utf-8")
    writer.add_graph(H)
    meta = writer.xml.find("meta")
    attrs = json.dumps(dict(H.graph), ensure_ascii=False, sort_keys=True, default=str)
    ET.SubElement(meta, "description").text = _DESCRIPTION + attrs
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as fh:
            writer.write(fh)


def read(path: str | os.PathLike) -> nx.MultiDiGraph:
    """Read a GEXF file written by :func:`write` back into kg's ``MultiDiGraph``.

    Undoes :func:`write`: graph attributes from ``<meta><description>``, ``sent_start``/
    ``sent_end`` back to ``start``/``end``, no ``viz`` and no GEXF edge ids. Raises
    :class:`~kg.errors.GraphError` (one line) when the file is missing, is not GEXF, or
    carries no kg graph attributes (a GEXF that kg did not write).
    """
    path = Path(path)
    if not path.is_file():
        raise GraphError(f"graph file not found: {path}")
    try:
        read_back = nx.read_gexf(path)
        graph_attrs = _graph_attributes(path)
    except OSError as exc:
        raise GraphError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (ET.ParseError, nx.NetworkXError, ValueError, KeyError, TypeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GraphError(f"not a valid GEXF file: {path} ({reason})") from None
    G = nx.MultiDiGraph(**graph_attrs)
    for node, data in read_back.nodes(data=True):
        G.add_node(node, **{k: v for k, v in data.items() if k != "viz"})
    for u, v, data in read_back.edges(data=True):
        data = {EDGE_NAMES.get(k, k): value for k, value in data.items() if k != "id"}
        G.add_edge(u, v, **data)
    check_schema(G, path)
    return G


#: GEXF name -> edge attribute (the inverse of :data:`EDGE_RENAMES`)
EDGE_NAMES = {new: old for old, new in EDGE_RENAMES.items()}


def _graph_attributes(path: Path) -> dict:
    """The graph attributes :func:`write` put in ``<meta><description>`` ({} if none)."""
    for _, element in ET.iterparse(path):
        if element.tag.rpartition("}")[2] == "description":
            text = element.text or ""
            if text.startswith(_DESCRIPTION):
                return json.loads(text[len(_DESCRIPTION) :])
        if element.tag.rpartition("}")[2] == "meta":
            break
    return {}


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
