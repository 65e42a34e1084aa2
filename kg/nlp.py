"""``kg.load_nlp()``: a spaCy pipeline whose docs carry kg's entities and relations.

Two components: ``kg_ner`` (:mod:`kg.ner.nlp`) sets ``doc.ents`` as `kg ner` prints them;
``kg_relations`` (here, above the relation floor) runs kg's build on ``doc.text`` as one
document and sets ``doc._.relations``: one :class:`DocRelation` per relation, with its
evidence sentence as a span of the doc, the rule id and the confidence. They are kept as
plain data in ``doc._.kg_relations``, so a doc with relations serialises like any other
(``doc.to_bytes()``, ``DocBin(store_user_data=True)``, ``nlp.pipe(texts, n_process=2)``).

Both factories are registered when their module is imported, and pyproject.toml's
``spacy_factories`` entry points name both modules, so ``spacy.load`` of a pipeline saved
with ``nlp.to_disk`` works in a process that never imported kg.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.ner.nlp import FACTORY as NER_FACTORY

__all__ = [
    "load_nlp",
    "DocRelation",
    "KGRelationsComponent",
    "make_kg_relations",
    "register_extensions",
    "FACTORY",
]

FACTORY = "kg_relations"
#: the Doc extension users read: ``doc._.relations``, :class:`DocRelation` records
EXTENSION = "relations"
#: where the component keeps them as plain data, so that ``doc.to_bytes()``, ``DocBin`` and
#: ``nlp.pipe(n_process=...)`` carry them (msgpack cannot serialise a record or a span)
DATA_EXTENSION = "kg_relations"


@dataclass(frozen=True)
class DocRelation:
    """One relation found in a doc: ``head —label→ tail`` and the sentence that says so.

    ``head``/``tail`` are node ids as in a built graph (``PERSON:周军波``), ``head_name``
    and ``tail_name`` their names; ``evidence`` is the sentence as a span of the doc
    (``evidence.start_char == start``); ``rule`` is the id of the rule in relations.toml.
    """

    relation: str
    label: str
    head: str
    head_name: str
    tail: str
    tail_name: str
    title: str
    evidence: Span
    start: int
    end: int
    rule: str
    confidence: float
    former: bool = False  # a post held before (原局长, 辞去…)

    def __str__(self) -> str:
        return f"{self.head_name} —{self.label}→ {self.tail_name}"


class KGRelationsComponent:
    """Sets ``doc._.relations``: what `kg build` finds in ``doc.text`` as one document."""

    def __init__(
        self,
        nlp,
        name: str = FACTORY,
        model: str | None = None,
        home_city: str | None = None,
        cooccurrence: bool = False,
    ):
        self.name = name
        self.model = model
        self.home_city = home_city
        self.cooccurrence = cooccurrence
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        from kg.pipeline import BuildOptions, relations_of_documents
        from kg.types import Document

        if not doc.text.strip():
            doc._.kg_relations = []
            return doc
        options = BuildOptions(
            backend_options={"model": self.model} if self.model else {},
            home_city=self.home_city,
            cooccurrence=self.cooccurrence,
        )
        linked, relations = relations_of_documents([Document(id="doc", text=doc.text)], options)

        def name(node: str) -> str:
            entity = linked.entities.get(node)
            return entity.name if entity else node.partition(":")[2]

        doc._.kg_relations = [
            {
                "relation": r.relation,
                "label": r.label,
                "head": r.head,
                "head_name": name(r.head),
                "tail": r.tail,
                "tail_name": name(r.tail),
                "title": r.title,
                "start": r.start,
                "end": r.end,
                "rule": r.rule,
                "confidence": r.confidence,
                "former": r.former,
            }
            for r in relations
        ]
        return doc


def register_extensions() -> None:
    """Add ``doc._.relations`` (records, read from ``doc._.kg_relations``, plain data)."""
    if not Doc.has_extension(DATA_EXTENSION):
        Doc.set_extension(DATA_EXTENSION, default=None)
    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, getter=_relations)


def _relations(doc: Doc) -> list[DocRelation]:
    return [
        DocRelation(
            **data, evidence=doc.char_span(data["start"], data["end"], alignment_mode="expand")
        )
        for data in doc._.get(DATA_EXTENSION) or []
    ]


@Language.factory(FACTORY, default_config={"model": None, "home_city": None, "cooccurrence": False})
def make_kg_relations(
    nlp, name: str, model: str | None, home_city: str | None, cooccurrence: bool
) -> KGRelationsComponent:
    """spaCy's factory for ``kg_relations`` (``nlp.add_pipe("kg_relations")``)."""
    return KGRelationsComponent(nlp, name, model, home_city, cooccurrence)


@lru_cache(maxsize=4)
def load_nlp(model: str | None = None, rules: bool = True, relations: bool = True):
    """A cached ``spacy.blank("zh")`` pipeline (character tokens): ``kg_ner``, ``kg_relations``.

    ``doc.ents`` are what `kg ner` prints (``rules=False``: the model's names alone);
    ``doc._.relations`` are the relations `kg build` finds in the text, each a
    :class:`DocRelation` with its evidence span (``relations=False`` leaves them out).
    ``model`` is a model directory (default: the one shipped in kg/data/model).
    The pipeline saves with ``nlp.to_disk(path)`` and loads with ``spacy.load(path)``.

    Examples
    --------
    >>> import kg
    >>> nlp = kg.load_nlp()
    >>> doc = nlp("市委书记仲旭东主持召开民营企业座谈会。")           # doctest: +SKIP
    >>> [(r.head, r.relation, r.tail, r.rule) for r in doc._.relations]  # doctest: +SKIP
    [('PERSON:仲旭东', 'hosts', 'EVENT:民营企业座谈会', ...)]
    """
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.add_pipe(NER_FACTORY, config={"model": model, "rules": rules})
    if relations:
        nlp.add_pipe(FACTORY, config={"model": model})
    return nlp
