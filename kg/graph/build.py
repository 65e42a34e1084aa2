"""Build the contract's MultiDiGraph from linked entities and extracted relations."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import networkx as nx

from kg.link.resolve import LINKED_TYPES, Linked
from kg.schema import AMOUNT_TYPES, SCHEMA_VERSION, is_weighted, relation_label
from kg.types import Entity, Relation
from kg.version import __version__

__all__ = ["build_multigraph", "node_attributes"]


def node_attributes(ent: Entity) -> dict:
    """The contract's node attributes of an entity, all plain scalars."""
    attrs = {
        "label": ent.attrs.get("raw", ent.name) if ent.type in AMOUNT_TYPES else ent.name,
        "type": ent.type,
        "aliases": "|".join(sorted(a for a in ent.aliases if a != ent.name)),
        "mentions": len(ent.mentions),
        "docs": len(ent.docs),
    }
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
        if (ent.type in LINKED_TYPES and ent.mentions) or eid in used:
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
