"""``kg`` backend: the embedded model shipped in kg/data/model (the default backend).

A model directory holds either the neural tagger (``ner.npz``, kg.ner.neural, the
shipped one) or the character CRF (``ner.crfsuite``, kg.ner.crf); both are written
by `kg train-ner` and read here by whichever file is present.

Also home of the backend label maps (kg/data/model/label_maps.json), which the
hanlp and spacy backends use to turn their tag sets into kg entity types.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from kg.errors import RuleError
from kg.ner.base import register_backend
from kg.ner.crf import LABEL_TO_KG, default_model_dir
from kg.types import ENTITY_TYPES, Mention

__all__ = ["ModelBackend", "load_label_map", "load_model", "LABEL_MAPS_FILE"]

LABEL_MAPS_FILE = Path(__file__).resolve().parent.parent / "data" / "model" / "label_maps.json"


def load_model(model: str | Path | None = None, style: str | None = None):
    """The tagger in model directory ``model`` (default: the shipped one), loaded once.

    A directory with ``ner.npz`` holds the neural tagger, one with ``ner.crfsuite``
    the CRF; both have ``tag_many(texts)`` giving ``(start, end, label)`` spans per text.
    """
    from kg.ner import crf, neural

    model_dir = Path(model or default_model_dir())
    if (model_dir / neural.WEIGHTS_FILE).is_file():
        return neural.load_neural_tagger(model_dir, style)
    return crf.load_tagger(model_dir, style)


class ModelBackend:
    """The embedded model as a kg backend; ``model`` is a model directory (default: shipped)."""

    name = "kg"

    def __init__(self, model: str | Path | None = None, style: str | None = None):
        self.tagger = load_model(model, style)

    def predict(self, texts: list[str]) -> list[list[Mention]]:
        return [
            [
                Mention(text[s:e], LABEL_TO_KG[label], s, e, source=self.name)
                for s, e, label in spans
            ]
            for text, spans in zip(texts, self.tagger.tag_many(texts), strict=True)
        ]


@register_backend("kg")
def make_kg_backend(model: str | Path | None = None, style: str | None = None) -> ModelBackend:
    """The embedded model.

    ``model``: another model directory written by `kg train-ner`; ``style``: the
    annotation style to tag in (msra: countries and provinces as separate places;
    cluener: whole addresses).
    """
    return ModelBackend(model, style)


@cache
def load_label_map(tagset: str, path: str | None = None) -> dict[str, str | None]:
    """The ``tagset`` map (msra, pku, ontonotes) from label_maps.json, validated.

    Values are kg entity types, or None for tags kg drops.
    """
    path = Path(path) if path else LABEL_MAPS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    tagsets = sorted(k for k in data if not k.startswith("_"))
    if tagset not in tagsets:
        raise RuleError(
            f"unknown tag set {tagset!r} in {path}; choose one of: {', '.join(tagsets)}"
        )
    mapping = data[tagset]
    for tag, kg_type in mapping.items():
        if kg_type is not None and kg_type not in ENTITY_TYPES:
            raise RuleError(
                f"{path}: tag {tag!r} of tag set {tagset!r} maps to unknown kg type {kg_type!r}"
            )
    return dict(mapping)
