"""Build the contract's MultiDiGraph from linked entities and extracted relations."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import networkx as nx

from kg.link.resolve import LINKED_TYPES, Linked
from kg.schema import AMOUNT_TYPES, SCHEMA_VERSION, is_weighted, relation_label
from kg.types import Entity, Relation
from kg.version import __version__

__all__ = ["build_multigraph", "drop_unsure", "node_attributes"]


def node_attributes(ent: Entity) -> dict:
    """The contract's node attributes of an entity, all plain scalars."""
    attrs = {
        "label": ent.attrs.get("raw", ent.name) if ent.type in AMOUNT_TYPES else ent.name,
        "type": ent.type,
        "aliases": "|".join(sorted(a for a in ent.aliases if a != ent.name)),
        "mentions": ent.mention_count,
        "docs": ent.doc_count,
    }
    # how sure kg is of the name (kg.ner.confidence); 1.0 for types the dev set does not score
    attrs["confidence"] = float(ent.attrs.get("confidence", 1.0))
    attrs["evidence"] = str(ent.attrs.get("evidence", ""))
    if ent.attrs.get("disambiguation"):
        attrs["disambiguation"] = str(ent.attrs["disambiguation"])
    if ent.type in AMOUNT_TYPES:
        value = float(ent.attrs.get("value", 0.0))
        attrs.update(
            value=value,
            value_max=float(ent.attrs.get("value_max", value)),
            unit=str(ent.attrs.get("unit", "")),
            approx=bool(ent.attrs.get("approx", False)),
            raw=str(ent.attrs.get("raw", ent.name)),
        )
    return attrs


def build_multigraph(
    linked: Linked,
    relations: list[Relation],
    *,
    sources: int,
    home_cities: list[str] | None = None,
) -> nx.MultiDiGraph:
    """One node per entity, one edge per relation with its evidence.

    Named entities are nodes even without relations; amounts, articles and other entities
    appear only through a relation. Relations marked ``weighted`` in vocabulary.json
    (co_occurs) become one edge per pair, with the number of sentences as ``weight`` and the
    first sentence as evidence.
    """
    G = nx.MultiDiGraph(
        kg_schema=SCHEMA_VERSION,
        kg_version=__version__,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        sources=int(sources),
        home_city="|".join(sorted(set(home_cities or []))),
    )
    used = {r.head for r in relations} | {r.tail for r in relations}
    for eid, ent in linked.entities.items():
        if (ent.type in LINKED_TYPES and ent.mention_count) or eid in used:
            G.add_node(eid, **node_attributes(ent))
    weighted = [r for r in relations if is_weighted(r.relation)]
    for r in relations:
        if r.head in G and r.tail in G and not is_weighted(r.relation):
            G.add_edge(r.head, r.tail, **_edge_attributes(r))
    weights = Counter((r.head, r.tail, r.relation) for r in weighted)
    first: dict = {}
    for r in weighted:
        first.setdefault((r.head, r.tail, r.relation), r)
    for (h, t, _relation), w in weights.items():
        if h in G and t in G:
            G.add_edge(h, t, **_edge_attributes(first[(h, t, _relation)]), weight=int(w))
    return G


def _edge_attributes(r: Relation) -> dict:
    """The contract's edge attributes of a relation, all plain scalars."""
    return dict(
        relation=r.relation,
        label=r.label or relation_label(r.relation),
        title=r.title,
        sentence=r.sentence,
        doc=r.doc,
        start=int(r.start),
        end=int(r.end),
        rule=r.rule,
        confidence=float(r.confidence),
        former=bool(r.former),
    )


def drop_unsure(G: nx.MultiDiGraph, min_confidence: float) -> nx.MultiDiGraph:
    """Remove the nodes whose ``confidence`` is below ``min_confidence``, with their edges;
    in place, returns ``G``. Nodes of types the dev set does not score carry 1.0 and stay.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("PERSON:王某", confidence=0.6)
    >>> G.add_node("PERSON:李强", confidence=0.9)
    >>> sorted(drop_unsure(G, 0.8))
    ['PERSON:李强']
    """
    if not 0.0 <= min_confidence <= 1.0:
        raise ValueError(f"min_confidence must be within 0..1, got {min_confidence!r}")
    unsure = [n for n, c in G.nodes(data="confidence", default=1.0) if c < min_confidence]
    G.remove_nodes_from(unsure)
    return G
