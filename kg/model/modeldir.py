"""Model directories: where the shipped model lives, reading one, checking its style and lexicon."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from kg.errors import BackendError

__all__ = ["META_FILE", "check_lexicon", "default_model_dir", "pick_style", "read_model_dir"]

log = logging.getLogger(__name__)

META_FILE = "meta.json"


def default_model_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "model"


def read_model_dir(model_dir: Path, weights_file: str) -> tuple[Path, dict]:
    """The weights file and the ``meta.json`` of a model directory (BackendError if absent)."""
    path = model_dir / weights_file
    if not path.is_file():
        raise BackendError(f"no NER model at {path}; train one with `kg train-ner -o {model_dir}`")
    meta_path = model_dir / META_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    return path, meta


def pick_style(domains: dict, style: str, model_dir: Path) -> str:
    """``style`` when the model knows it (or knows no styles at all), else BackendError."""
    if domains and style not in domains:
        raise BackendError(
            f"unknown tagging style {style!r} for model {model_dir}; "
            f"choose one of: {', '.join(domains)}"
        )
    return style


def check_lexicon(meta: dict, lexicon, model_dir: Path) -> None:
    """Warn when the model was trained with another jieba dictionary than the installed one."""
    trained_on = meta.get("lexicon_sha256_16")
    if trained_on and trained_on != lexicon.digest:
        log.warning(
            "the NER model at %s was trained with another jieba dictionary (%s, now %s); "
            "entities may be worse until it is retrained with `kg train-ner`",
            model_dir,
            trained_on,
            lexicon.digest,
        )
