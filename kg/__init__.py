"""kg: build a knowledge graph from Chinese text.

The public API::

    import kg
    G = kg.build_graph(["seeds/"])
    for path in kg.paths(G, "周军波", "是石科技", max_hops=4):
        print(path)

Documents already in memory (ids, dates and titles of your own)::

    docs = [kg.Document(id="a1", text="市长周军波出席签约仪式。")]
    G = kg.build_graph_from_documents(docs, kg.BuildOptions(home_city="平湖"))
"""

from __future__ import annotations

from kg.version import __version__

__all__ = [
    "__version__",
    "build_graph",
    "build_graph_from_documents",
    "BuildOptions",
    "Document",
    "load_graph",
    "paths",
    "neighbors",
    "entity_card",
    "resolve",
    "load_nlp",
]


def __getattr__(name):
    # Lazy public API: importing kg stays cheap (no spaCy, no model) until used.
    if name in ("build_graph", "build_graph_from_documents", "BuildOptions"):
        from kg import pipeline

        return getattr(pipeline, name)
    if name == "Document":
        from kg.types import Document

        return Document
    if name == "load_graph":
        from kg.export.load import load_graph

        return load_graph
    if name in ("paths", "neighbors", "entity_card", "resolve"):
        from kg.graph import query

        return getattr(query, name)
    if name == "load_nlp":
        from kg.nlp import load_nlp

        return load_nlp
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
