"""A document's relations kept for the next build, with what the rules read of the linked
entities to find them: reused while all of that reads the same.

The rules of one document read its mentions' entities (``linked.by_mention``), its home
city, and, by id, a few entities (their name and aliases, or only whether they exist); they
add the entities no mention names (an amount fact, an article). :func:`relations_noted`
runs them and notes those reads and additions (a :class:`Noted`); :func:`reuse` gives the
noted relations back, and makes the same additions, when a later build links the document
the same way (:func:`view`) and every entity read is as it was. A build that adds documents
changes the entities of few old ones, so most old documents' relations are reused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from kg.link.resolve import DocMentions, Linked
from kg.relations.engine import AMOUNT_LABELS, Rule, extract_relations
from kg.types import Entity, Relation

__all__ = ["Noted", "relations_noted", "reuse", "view"]


@dataclass
class Noted:
    """One document's relations and what finding them read and added."""

    relations: list[Relation]
    #: entity id -> what it was (:func:`_state`) when the rules first looked it up
    reads: dict[str, tuple | None]
    #: the entities the rules added that the graph may need, in the order they came
    added: list[Entity]


def view(dm: DocMentions, linked: Linked) -> str:
    """A digest of how ``dm`` is linked: the entity of each mention, and the home city."""
    h = hashlib.sha1()
    doc_id = dm.doc.id
    for m in dm.mentions:
        h.update((linked.entity_of(doc_id, m) or "").encode("utf-8", "surrogatepass") + b"\0")
    h.update((linked.home.get(doc_id) or "").encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _state(ent: Entity | None) -> tuple | None:
    """What the rules can read of an entity: whether it exists, its type, name and aliases."""
    return None if ent is None else (ent.type, ent.name, tuple(sorted(ent.aliases)))


class _Watched:
    """``linked.entities`` as the rules see it, noting every entity they look up (as it was
    before they changed it) and every entity they add."""

    def __init__(self, entities: dict[str, Entity]):
        self.entities = entities
        self.reads: dict[str, tuple | None] = {}
        self.added: list[str] = []

    def _note(self, eid: str) -> None:
        if eid not in self.reads:
            self.reads[eid] = _state(self.entities.get(eid))

    def get(self, eid: str, default=None):
        self._note(eid)
        return self.entities.get(eid, default)

    def __contains__(self, eid: str) -> bool:
        self._note(eid)
        return eid in self.entities

    def __getitem__(self, eid: str) -> Entity:
        self._note(eid)
        return self.entities[eid]

    def __setitem__(self, eid: str, ent: Entity) -> None:
        self._note(eid)
        self.entities[eid] = ent
        self.added.append(eid)


def relations_noted(
    dm: DocMentions, linked: Linked, rules: tuple[Rule, ...], *, enabled: frozenset[str]
) -> Noted:
    """:func:`~kg.relations.extract_relations` of a linked document, with what it read.

    The amounts the rules looked at that no relation holds (never nodes) are dropped from
    ``linked.entities`` again, so that they do not pile up over a corpus.
    """
    watched = _Watched(linked.entities)
    found = extract_relations(dm, replace(linked, entities=watched), rules, enabled=enabled)
    used = {r.head for r in found} | {r.tail for r in found}
    added = []
    for eid in watched.added:
        ent = linked.entities[eid]
        if eid in used or ent.type not in AMOUNT_LABELS:
            added.append(ent)
        else:
            del linked.entities[eid]
    return Noted(found, watched.reads, added)


def reuse(noted: Noted, linked: Linked) -> list[Relation] | None:
    """The noted relations when every entity they read is as it was, with the entities
    they added put back into ``linked``; None when one differs (find them again)."""
    entities = linked.entities
    for eid, state in noted.reads.items():
        if _state(entities.get(eid)) != state:
            return None
    for ent in noted.added:
        if ent.id not in entities:
            entities[ent.id] = ent
    return noted.relations
