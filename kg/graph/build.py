"""Build the contract's MultiDiGraph from linked entities and extracted relations."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import networkx as nx

from kg import __version__
from kg.graph.schema import AMOUNT_TYPES, SCHEMA_VERSION, relation_label
from kg.link.resolve import LINKED_TYPES, Linked
from kg.types import Entity, Relation

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
    cooccurrence: list[Relation] | None = None,
    home_cities: list[str] | None = None,
) -> nx.MultiDiGraph:
    """One node per entity, one edge per relation with its evidence.

    Named entities are nodes even without relations; amounts, articles and other entities
    appear only through a relation.
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
    for r in relations:
        if r.head not in G or r.tail not in G:
            continue
        G.add_edge(
            r.head,
            r.tail,
            relation=r.relation,
            label=r.label or relation_label(r.relation),
            title=r.title,
            sentence=r.sentence,
            doc=r.doc,
            start=int(r.start),
            end=int(r.end),
            rule=r.rule,
            confidence=float(r.confidence),
        )
    if cooccurrence:
        weights = Counter((r.head, r.tail) for r in cooccurrence)
        first: dict = {}
        for r in cooccurrence:
            first.setdefault((r.head, r.tail), r)
        for (h, t), w in weights.items():
            if h in G and t in G:
                r = first[(h, t)]
                G.add_edge(
                    h,
                    t,
                    relation="co_occurs",
                    label=relation_label("co_occurs"),
                    title="",
                    sentence=r.sentence,
                    doc=r.doc,
                    start=int(r.start),
                    end=int(r.end),
                    rule="co_occurs.sentence",
                    confidence=float(r.confidence),
                    weight=int(w),
                )
    return G
