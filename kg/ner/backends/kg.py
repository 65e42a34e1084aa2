"""``kg`` backend: the embedded model shipped in kg/data/model (the default backend)."""

from __future__ import annotations

from pathlib import Path

from kg.model import load_model
from kg.model.tags import LABEL_TO_KG
from kg.types import Mention

__all__ = ["ModelBackend", "make_backend"]


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


def make_backend(model: str | Path | None = None, style: str | None = None) -> ModelBackend:
    """The embedded model.

    ``model``: another model directory written by `kg train-ner`; ``style``: the
    annotation style to tag in (msra: countries and provinces as separate places;
    cluener: whole addresses).
    """
    return ModelBackend(model, style)
