"""``kg`` backend: the embedded character CRF shipped in kg/data/model (the default backend).

Also home of the backend label maps (kg/data/model/label_maps.json), which the
hanlp and spacy backends use to turn their tag sets into kg entity types.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from kg.errors import RuleError
from kg.ner.base import register_backend
from kg.ner.crf import LABEL_TO_KG, default_model_dir, load_tagger
from kg.types import ENTITY_TYPES, Mention

__all__ = ["CRFBackend", "load_label_map", "LABEL_MAPS_FILE"]

LABEL_MAPS_FILE = Path(__file__).resolve().parent.parent / "data" / "model" / "label_maps.json"


class CRFBackend:
    """The embedded CRF as a kg backend; ``model`` is a model directory (default: shipped)."""

    name = "kg"

    def __init__(self, model: str | Path | None = None, style: str | None = None):
        self.tagger = load_tagger(model or default_model_dir(), style)

    def predict(self, texts: list[str]) -> list[list[Mention]]:
        out = []
        for text in texts:
            out.append(
                [
                    Mention(text[s:e], LABEL_TO_KG[label], s, e, source=self.name)
                    for s, e, label in self.tagger.tag_spans(text)
                ]
            )
        return out


@register_backend("kg")
def make_kg_backend(model: str | Path | None = None, style: str | None = None) -> CRFBackend:
    """The embedded CRF.

    ``model``: another model directory written by `kg train-ner`; ``style``: the
    annotation style of a model trained with domain features (msra or cluener).
    """
    return CRFBackend(model, style)


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
