"""Write and read the kg graph as GraphML, checked against the graph contract.

GraphML is the format users open in Gephi and load with ``networkx.read_graphml``,
so :func:`write` first runs :func:`flatten`, which makes every attribute a plain
scalar of one type per attribute name:

* contract attributes (``kg.schema``: ``NODE_ATTRS`` on every node,
  ``AMOUNT_ATTRS`` on MONEY/QUANTITY/PERCENT nodes, ``EDGE_ATTRS`` on every edge)
  must be present and not ``None``; otherwise :class:`~kg.errors.GraphError`
  names the node or edge and the attribute. kg does not invent a label, a count
  or an amount to make a file valid: a missing one is a builder bug.
* they are coerced to their schema type: ``int`` -> ``float`` (``value``,
  ``confidence``), an integral ``float`` -> ``int`` (``mentions``), anything -> ``str``
  for text attributes; a value that cannot be coerced (``mentions=2.5``) is an error.
* a list, tuple or set becomes a ``"|"``-joined string (the ``aliases`` convention);
  a ``dict`` is an error.
* any other attribute set to ``None`` is dropped (absent is how GraphML says "none").
* any other attribute name with mixed types is unified: ``int`` and ``float`` ->
  ``float``; any other mix -> ``str`` (Gephi misreads one name declared twice).
* characters XML cannot hold (C0 control characters, U+FFFE/U+FFFF, lone surrogates)
  are removed from values, attribute names and node ids alike.

The graph attributes (``kg_schema``, ``kg_version``, ``created``, ``sources``) are
written too; ``kg_schema`` is required.

Example
-------
>>> import networkx as nx, tempfile, os
>>> G = nx.MultiDiGraph(kg_schema="1")
>>> G.add_node("PERSON:周军波", label="周军波", type="PERSON", aliases="", mentions=4, docs=1)
>>> path = os.path.join(tempfile.mkdtemp(), "g.graphml")
>>> write(G, path)
>>> read(path).nodes["PERSON:周军波"]["label"]
'周军波'
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx

from kg.errors import GraphError
from kg.export._atomic import atomic_path
from kg.schema import AMOUNT_ATTRS, AMOUNT_TYPES, EDGE_ATTRS, NODE_ATTRS, SCHEMA_VERSION

__all__ = ["write", "read", "flatten", "check_schema", "xml_safe"]

# Characters XML 1.0 cannot carry; ElementTree would write them and the reader choke.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def write(G: nx.MultiDiGraph, path: str | os.PathLike) -> None:
    """Write ``G`` as GraphML (UTF-8) to ``path``, atomically.

    The caller's graph is not changed; a flattened copy is written (see the module
    docstring). Raises :class:`~kg.errors.GraphError` when ``G`` breaks the contract.
    """
    H = flatten(G)
    with atomic_path(path) as tmp:
        nx.write_graphml(H, tmp, encoding="utf-8")


def read(path: str | os.PathLike) -> nx.MultiDiGraph:
    """Read a GraphML file written by :func:`write` into a ``MultiDiGraph``.

    Raises :class:`~kg.errors.GraphError` (one line) when the file is missing,
    is not GraphML, is undirected, or carries no ``kg_schema`` graph attribute.
    """
    path = Path(path)
    if not path.is_file():
        raise GraphError(f"graph file not found: {path}")
    try:
        G = nx.read_graphml(path, force_multigraph=True)
    except OSError as exc:
        raise GraphError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (ET.ParseError, nx.NetworkXError, ValueError, KeyError, TypeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GraphError(f"not a valid GraphML file: {path} ({reason})") from None
    if not G.is_directed():
        raise GraphError(f"not a kg graph: {path} is undirected")
    for key in ("node_default", "edge_default"):  # networkx reader bookkeeping
        if not G.graph.get(key):
            G.graph.pop(key, None)
    check_schema(G, path)
    return G


def check_schema(G: nx.Graph, source: str | os.PathLike) -> None:
    """Raise :class:`~kg.errors.GraphError` unless ``G`` carries this kg's ``kg_schema``."""
    schema = G.graph.get("kg_schema")
    if schema is None:
        raise GraphError(f"not a kg graph: {source} has no 'kg_schema' graph attribute")
    if str(schema) != SCHEMA_VERSION:
        raise GraphError(
            f"{source} follows graph schema {schema!r}; this kg reads schema {SCHEMA_VERSION!r}"
        )


def flatten(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` whose attributes are contract-checked plain scalars.

    See the module docstring for the rules. Raises :class:`~kg.errors.GraphError`
    naming the node or edge and the attribute that cannot be written.

    Example
    -------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(kg_schema="1")
    >>> G.add_node("ORG:是石科技", label="是石科技", type="ORG", aliases=["是石"],
    ...            mentions=2.0, docs=1)
    >>> node = flatten(G).nodes["ORG:是石科技"]
    >>> node["aliases"], node["mentions"]
    ('是石', 2)
    """
    if "kg_schema" not in G.graph:
        raise GraphError("graph has no 'kg_schema' graph attribute; cannot export it")
    H = nx.MultiDiGraph()
    graph_attrs = {k: v for k, v in G.graph.items() if k not in ("node_default", "edge_default")}
    H.graph.update(_flat_extras(graph_attrs, "graph"))
    for node, data in G.nodes(data=True):
        where = f"node {node!r}"
        spec = dict(NODE_ATTRS)
        if data.get("type") in AMOUNT_TYPES:
            spec.update(AMOUNT_ATTRS)
        H.add_node(_node_id(node), **_flat_element(data, spec, where))
    for u, v, key, data in G.edges(keys=True, data=True):
        where = f"edge {u!r} -> {v!r}"
        H.add_edge(_node_id(u), _node_id(v), key=key, **_flat_element(data, EDGE_ATTRS, where))
    _unify_types([d for _, d in H.nodes(data=True)])
    _unify_types([d for *_, d in H.edges(data=True)])
    return H


def _flat_element(data: dict, spec: dict[str, type], where: str) -> dict:
    out = {}
    for name, type_ in spec.items():
        if data.get(name) is None:
            state = "missing" if name not in data else "None"
            raise GraphError(f"{where}: contract attribute {name!r} is {state}")
        out[name] = _coerce(data[name], type_, f"{where}: attribute {name!r}")
    extras = {k: v for k, v in data.items() if k not in spec}
    out.update(_flat_extras(extras, where))
    return out


def _flat_extras(data: dict, where: str) -> dict:
    out = {}
    for name, value in data.items():
        if value is None:
            continue
        out[_clean(str(name))] = _scalar(value, f"{where}: attribute {name!r}")
    return out


def _scalar(value, where: str):
    """A plain str/int/float/bool for ``value``; lists are ``|``-joined."""
    if isinstance(value, dict):
        raise GraphError(f"{where} is a dict; GraphML holds only plain scalars")
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return _clean("|".join(str(x) for x in items if x is not None))
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, (bool, int, float)):
        return _py(value)
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        return _scalar(item(), where)
    return _clean(str(value))


def _py(value):
    # subclasses of int/float (e.g. IntEnum, numpy.float64) -> the plain builtin
    if isinstance(value, bool):
        return bool(value)
    return int(value) if isinstance(value, int) else float(value)


def _coerce(value, type_: type, where: str):
    value = _scalar(value, where)
    if type_ is str:
        return value if isinstance(value, str) else str(value)
    if type_ is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise GraphError(f"{where} must be a bool, got {value!r}")
    if type_ is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        raise GraphError(f"{where} must be a float, got {value!r}")
    if type_ is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise GraphError(f"{where} must be an int, got {value!r}")
    raise GraphError(f"{where}: schema type {type_.__name__} is not supported")


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def xml_safe(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` whose node ids and string values hold no character XML cannot
    (see :func:`flatten`); everything else as it is. Every exporter can write it.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("PERSON:刘并\ufffe", label="刘并\ufffe")
    >>> dict(xml_safe(G).nodes(data=True))
    {'PERSON:刘并': {'label': '刘并'}}
    """

    def clean(data: dict) -> dict:
        return {
            _clean(k) if isinstance(k, str) else k: _clean(v) if isinstance(v, str) else v
            for k, v in data.items()
        }

    H = nx.MultiDiGraph(**clean(G.graph))
    for node, data in G.nodes(data=True):
        H.add_node(_node_id(node), **clean(data))
    for u, v, key, data in G.edges(keys=True, data=True):
        H.add_edge(_node_id(u), _node_id(v), key=key, **clean(data))
    return H


def _node_id(node):
    """A node id XML can hold: strings cleaned, other ids (ints) kept."""
    return _clean(node) if isinstance(node, str) else node


def _unify_types(elements: list[dict]) -> None:
    """Give every attribute name one type across ``elements`` (int+float -> float, else str)."""
    kinds: dict[str, set[type]] = {}
    for data in elements:
        for name, value in data.items():
            kinds.setdefault(name, set()).add(type(value))
    for name, types in kinds.items():
        if len(types) < 2:
            continue
        target = float if types <= {int, float} else str
        for data in elements:
            if name in data:
                data[name] = target(data[name])
