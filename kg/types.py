"""Typed records passed between the pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Document",
    "Article",
    "Sentence",
    "Mention",
    "Entity",
    "Relation",
    "ENTITY_TYPES",
]

#: Entity types kg knows. Backends map their own tag sets onto these.
ENTITY_TYPES = (
    "PERSON",
    "ORG",
    "LOC",
    "EVENT",
    "MONEY",
    "QUANTITY",
    "PERCENT",
    "DATE",
    "WORK",
    "TITLE",
    "ARTICLE",
)


@dataclass
class Document:
    """One input document.

    ``text`` is the normalised text every offset in kg points into;
    ``raw`` is the text as decoded from the source.
    """

    id: str
    text: str
    raw: str = ""
    title: str = ""
    date: str = ""
    source: str = ""
    #: other fields of the record it came from (a table's columns, e.g. its category)
    attrs: dict = field(default_factory=dict)


@dataclass
class Sentence:
    """A sentence: ``text == doc.text[start:end]``."""

    doc_id: str
    start: int
    end: int
    text: str
    article: int = 0


@dataclass
class Article:
    """One article of a page: headline, bylines and body span in ``doc.text``."""

    doc_id: str
    index: int
    title: str
    start: int
    end: int
    #: (role, name, start, end) for each byline name, e.g. ("记者", "胡佳英", 40, 43)
    bylines: list[tuple[str, str, int, int]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Mention:
    """A typed span of ``doc.text`` found by a backend or a rule.

    ``start``/``end`` are end-exclusive offsets into the normalised document.
    ``attrs`` carries scalars such as an amount's ``value``/``unit`` or a byline role.
    """

    text: str
    label: str
    start: int
    end: int
    source: str = ""
    attrs: dict = field(default_factory=dict)

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass
class Entity:
    """One real-world thing: the merged mentions of one node."""

    id: str
    type: str
    name: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[tuple[str, Mention]] = field(default_factory=list)  # (doc_id, mention)
    attrs: dict = field(default_factory=dict)
    #: (mentions, documents) counted by a build that does not keep ``mentions`` (a corpus)
    tally: tuple[int, int] | None = None

    @property
    def docs(self) -> set[str]:
        return {doc_id for doc_id, _ in self.mentions}

    @property
    def mention_count(self) -> int:
        return len(self.mentions) if self.tally is None else self.tally[0]

    @property
    def doc_count(self) -> int:
        return len(self.docs) if self.tally is None else self.tally[1]


@dataclass
class Relation:
    """A directed fact between two entities with its evidence."""

    head: str  # entity id
    tail: str  # entity id
    relation: str
    label: str
    sentence: str
    doc: str
    start: int
    end: int
    rule: str
    confidence: float
    title: str = ""
    #: the post was held before (原局长, 前主席, 辞去…职务): True on holds_position edges only
    former: bool = False
