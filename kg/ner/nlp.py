"""``kg.load_nlp()``: a spaCy zh pipeline (character tokens) whose ``doc.ents`` come from kg's NER.

The ``kg_ner`` component tags ``doc.text`` as `kg ner` does (``kg.ner.recognize``: the
embedded model + money/event/title rules; ``rules=False``: the model alone) and sets
char-aligned entity spans labelled with kg types (PERSON, ORG, LOC, TITLE, MONEY, ...).
"""

from __future__ import annotations

from functools import lru_cache

from kg.ner import recognize, resolve_overlaps
from kg.ner.registry import get_backend

__all__ = ["load_nlp", "KGNerComponent"]

_FACTORY = "kg_ner"


class KGNerComponent:
    """Sets ``doc.ents`` from the embedded model; the model is loaded on first use, once."""

    def __init__(self, nlp, name: str = _FACTORY, model: str | None = None, rules: bool = True):
        self.name = name
        self.model = model
        self.rules = rules
        self._backend = None

    def _mentions(self, text: str):
        if self.rules:
            options = {"model": self.model} if self.model else {}
            return recognize([text], backend="kg", **options)[0]
        if self._backend is None:
            self._backend = get_backend("kg", **({"model": self.model} if self.model else {}))
        return self._backend.predict([text])[0]

    def __call__(self, doc):
        if not doc.text.strip():
            return doc
        spans = []
        for m in resolve_overlaps(self._mentions(doc.text)):  # doc.ents refuses overlaps
            span = doc.char_span(m.start, m.end, label=m.label, alignment_mode="contract")
            if span is not None and len(span):
                spans.append(span)
        doc.ents = spans
        return doc


def _register_factory() -> None:
    from spacy.language import Language

    if not Language.has_factory(_FACTORY):
        Language.factory(
            _FACTORY,
            default_config={"model": None, "rules": True},
            func=lambda nlp, name, model, rules: KGNerComponent(nlp, name, model, rules),
        )


@lru_cache(maxsize=4)
def load_nlp(model: str | None = None, rules: bool = True):
    """A cached ``spacy.blank("zh")`` pipeline (character segmentation) with ``kg_ner`` added.

    ``model`` is a model directory (default: the one shipped in kg/data/model);
    By default ``doc.ents`` are what `kg ner` prints (``kg.ner.recognize``: the model and
    kg's rules: titles, money, events…); ``rules=False`` gives the model's names alone.

    Examples
    --------
    >>> import kg
    >>> nlp = kg.load_nlp()
    >>> [(e.text, e.label_) for e in nlp("国务院总理李强在北京会见了美国总统。").ents]
    ... # doctest: +SKIP
    [('国务院', 'ORG'), ('总理', 'TITLE'), ('李强', 'PERSON'), ('北京', 'LOC'),
     ('美国', 'LOC'), ('总统', 'TITLE')]
    """
    import spacy

    _register_factory()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.add_pipe(_FACTORY, config={"model": model, "rules": rules})
    return nlp
