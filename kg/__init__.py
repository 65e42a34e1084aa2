"""kg: build a knowledge graph from Chinese text.

The public API::

    import kg
    G = kg.build_graph(["seeds/"])
    for path in kg.paths(G, "周军波", "是石科技", max_hops=4):
        print(path)
"""

from __future__ import annotations

from kg.version import __version__

__all__ = [
    "__version__",
    "build_graph",
    "load_graph",
    "paths",
    "neighbors",
    "entity_card",
    "resolve",
    "load_nlp",
]


def __getattr__(name):
    # Lazy public API: importing kg stays cheap (no spaCy, no model) until used.
    if name == "build_graph":
        from kg.pipeline import build_graph

        return build_graph
    if name == "load_graph":
        from kg.export.load import load_graph

        return load_graph
    if name in ("paths", "neighbors", "entity_card", "resolve"):
        from kg.graph import query

        return getattr(query, name)
    if name == "load_nlp":
        from kg.ner.nlp import load_nlp

        return load_nlp
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
