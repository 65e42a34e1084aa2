"""The embedded NER model: the numpy BiLSTM-CRF tagger, the character CRF, their features.

A model directory holds either the neural tagger (``ner.npz``, :mod:`kg.model.tagger`,
the shipped one) or the character CRF (``ner.crfsuite``, :mod:`kg.model.crf`); both are
written by `kg train-ner` (:mod:`kg.training`) and read here by whichever file is present.
Nothing here imports training code or torch.
"""

from __future__ import annotations

from pathlib import Path

from kg.model.modeldir import default_model_dir

__all__ = ["default_model_dir", "load_model"]


def load_model(model: str | Path | None = None, style: str | None = None):
    """The tagger in model directory ``model`` (default: the shipped one), loaded once.

    Both kinds have ``tag_many(texts)`` giving ``(start, end, label)`` spans per text.
    """
    from kg.model import crf, tagger  # numpy and the lexicon load only when a model does

    model_dir = Path(model or default_model_dir())
    if (model_dir / tagger.WEIGHTS_FILE).is_file():
        return tagger.load_neural_tagger(model_dir, style)
    return crf.load_tagger(model_dir, style)
