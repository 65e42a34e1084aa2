"""The ``kg_ner`` spaCy component: ``doc.ents`` from kg's NER, as `kg ner` prints them.

The component tags ``doc.text`` as `kg ner` and `kg build` do (``kg.ner.recognize``: the
embedded model, money/event/title rules, bylines and names found again; ``rules=False``:
the model alone) and sets char-aligned entity spans labelled with kg types (PERSON, ORG,
LOC, TITLE, MONEY, ...).

The factory is registered when this module is imported, as spaCy components are; the
``spacy_factories`` entry point in pyproject.toml names this module, so ``spacy.load`` of a
pipeline saved with ``nlp.to_disk`` finds ``kg_ner`` in a process that never imported kg.
Importing it loads no model and no kg stage (those come with the first document).
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

__all__ = ["load_nlp", "KGNerComponent", "make_kg_ner", "FACTORY"]

FACTORY = "kg_ner"


class KGNerComponent:
    """Sets ``doc.ents`` from the embedded model; the model is loaded on first use, once."""

    def __init__(self, nlp, name: str = FACTORY, model: str | None = None, rules: bool = True):
        self.name = name
        self.model = model
        self.rules = rules
        self._backend = None

    def _mentions(self, text: str):
        from kg.ner import recognize
        from kg.ner.registry import get_backend

        if self.rules:
            options = {"model": self.model} if self.model else {}
            return recognize([text], backend="kg", **options)[0]
        if self._backend is None:
            self._backend = get_backend("kg", **({"model": self.model} if self.model else {}))
        return self._backend.predict([text])[0]

    def __call__(self, doc):
        from kg.ner import resolve_overlaps

        if not doc.text.strip():
            return doc
        spans = []
        for m in resolve_overlaps(self._mentions(doc.text)):  # doc.ents refuses overlaps
            span = doc.char_span(m.start, m.end, label=m.label, alignment_mode="contract")
            if span is not None and len(span):
                spans.append(span)
        doc.ents = spans
        return doc


@Language.factory(FACTORY, default_config={"model": None, "rules": True})
def make_kg_ner(nlp, name: str, model: str | None, rules: bool) -> KGNerComponent:
    """spaCy's factory for ``kg_ner`` (``nlp.add_pipe("kg_ner")``)."""
    return KGNerComponent(nlp, name, model, rules)


@lru_cache(maxsize=4)
def load_nlp(model: str | None = None, rules: bool = True):
    """A cached ``spacy.blank("zh")`` pipeline (character segmentation) with ``kg_ner`` added.

    ``model`` is a model directory (default: the one shipped in kg/data/model);
    By default ``doc.ents`` are what `kg ner` prints (``kg.ner.recognize``: the model and
    kg's rules: titles, money, events…); ``rules=False`` gives the model's names alone.
    ``kg.load_nlp()`` (:func:`kg.nlp.load_nlp`) adds the relations too.

    Examples
    --------
    >>> from kg.ner.nlp import load_nlp
    >>> nlp = load_nlp()
    >>> [(e.text, e.label_) for e in nlp("国务院总理李强在北京会见了美国总统。").ents]
    ... # doctest: +SKIP
    [('国务院', 'ORG'), ('总理', 'TITLE'), ('李强', 'PERSON'), ('北京', 'LOC'),
     ('美国', 'LOC'), ('总统', 'TITLE')]
    """
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.add_pipe(FACTORY, config={"model": model, "rules": rules})
    return nlp
