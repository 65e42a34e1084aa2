"""``spacy`` backend: entities of any installed spaCy pipeline, OntoNotes labels as kg types."""

from __future__ import annotations

from pathlib import Path

from kg.errors import BackendError
from kg.ner.backends._labels import load_label_map
from kg.types import Mention

__all__ = ["SpacyBackend", "make_backend"]


class SpacyBackend:
    """``spacy.load(model)``; ``tagset`` names the label map in label_maps.json."""

    name = "spacy"

    def __init__(self, model: str | Path, tagset: str = "ontonotes", batch_size: int = 64):
        import spacy

        if not model:
            raise BackendError(
                "the spacy backend needs --model: an installed pipeline name "
                "(e.g. zh_core_web_sm, `python -m spacy download zh_core_web_sm`) or a directory"
            )
        try:
            self.nlp = spacy.load(model)
        except OSError as exc:
            raise BackendError(
                f"spaCy could not load model {str(model)!r}: not an installed package or a "
                f"pipeline directory ({exc})"
            ) from exc
        if not self.nlp.has_pipe("ner") and not any(
            name in ("entity_ruler", "span_ruler", "kg_ner") for name in self.nlp.pipe_names
        ):
            raise BackendError(
                f"spaCy model {str(model)!r} has no entity recognizer; pipes: {self.nlp.pipe_names}"
            )
        self.mapping = load_label_map(tagset)
        self.batch_size = batch_size

    def predict(self, texts: list[str]) -> list[list[Mention]]:
        out = []
        for text, doc in zip(texts, self.nlp.pipe(texts, batch_size=self.batch_size), strict=True):
            mentions = []
            for ent in doc.ents:
                kg_type = self.mapping.get(ent.label_)
                if kg_type:
                    mentions.append(
                        Mention(
                            text[ent.start_char : ent.end_char],
                            kg_type,
                            ent.start_char,
                            ent.end_char,
                            source=self.name,
                        )
                    )
            out.append(mentions)
        return out


def make_backend(model: str | None = None, tagset: str = "ontonotes") -> SpacyBackend:
    """A spaCy pipeline by package name or path (``tagset``: label map, default ontonotes)."""
    return SpacyBackend(model or "", tagset)
