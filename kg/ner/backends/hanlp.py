"""``hanlp`` backend: any HanLP 2.1 NER component (pretrained identifier or a local directory).

Install torch (the CPU build: ``pip install torch --index-url https://download.pytorch.org/whl/cpu``)
and then ``pip install hanlp==2.1.5`` (2.1.6/2.1.7 need hanlp-common>=0.0.24, which is not
released).

Two bugs of HanLP 2.1.5's RNN NER (``RNNNamedEntityRecognizer``) are worked around here:

1. ``RNNTaggingModel`` builds its CRF as ``CRF(n_out, crf_constraints)``, but the second
   parameter of ``hanlp.layers.crf.crf.CRF`` is ``batch_first``: it receives ``None``, so the
   CRF reads the batch-first emissions as time-first and training goes nowhere.
   :func:`fix_rnn_crf` sets ``batch_first=True``; the backend applies it to every model it
   loads, and ``kg.training.train_hanlp.train_rnn_ner`` before training.
2. The CRF decodes without transition constraints, so an ill-formed sequence such as
   ``O E-PER`` can come out, and ``RNNNamedEntityRecognizer.predict_data`` then raises
   ``InvalidTagSequence`` for the whole batch. The backend takes the raw tags
   (``Tagger.predict_data``) and reads spans leniently instead.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import BackendError
from kg.model.tags import tags_to_spans
from kg.ner.backends._labels import load_label_map
from kg.types import Mention

__all__ = ["HanLPBackend", "fix_rnn_crf", "import_hanlp", "make_backend", "INSTALL_HINT"]

INSTALL_HINT = (
    "hanlp is not installed. To use the hanlp backend, install torch first (the CPU build: "
    "`pip install torch --index-url https://download.pytorch.org/whl/cpu`) and then "
    "`pip install hanlp==2.1.5`"
)

#: Tag-set name guessed from the labels a component emits.
_TAGSET_HINTS = (("NR", "msra"), ("NS", "msra"), ("NT", "msra"), ("nr", "pku"), ("ns", "pku"))
_PLAIN_TAGS = {"PER", "ORG", "LOC"}


def import_hanlp():
    try:
        import hanlp
    except ImportError as exc:  # hanlp or torch missing
        raise BackendError(f"{INSTALL_HINT} ({exc})") from exc
    return hanlp


def fix_rnn_crf(component) -> bool:
    """Set ``batch_first=True`` on the CRF of an RNN tagger (HanLP 2.1.5 bug 1); True if fixed."""
    model = getattr(component, "model", None)
    crf = getattr(model, "crf", None)
    if crf is not None and hasattr(crf, "batch_first") and not crf.batch_first:
        crf.batch_first = True
        return True
    return False


class HanLPBackend:
    """A loaded HanLP NER component; tags are mapped with ``tagset`` (guessed if None)."""

    name = "hanlp"

    def __init__(self, model: str, tagset: str | None = None, batch_size: int = 32):
        hanlp = import_hanlp()
        if not model:
            raise BackendError(
                "the hanlp backend needs --model: a HanLP pretrained identifier such as "
                "hanlp.pretrained.ner.MSRA_NER_ELECTRA_SMALL_ZH (needs network) or a model "
                "directory"
            )
        try:
            self.component = hanlp.load(str(model) if Path(str(model)).exists() else model)
        except Exception as exc:  # hanlp raises many kinds; name the model in one message
            raise BackendError(f"hanlp could not load model {model!r}: {exc}") from exc
        fix_rnn_crf(self.component)
        self.batch_size = batch_size
        self.tagset = tagset or self._guess_tagset()

    def _guess_tagset(self) -> str:
        vocabs = getattr(self.component, "vocabs", None)
        tags = []
        if vocabs is not None and "tag" in vocabs:
            tags = [t.split("-")[-1] for t in vocabs["tag"].idx_to_token]
        for tag, tagset in _TAGSET_HINTS:
            if tag in tags:
                return tagset
        if tags and set(tags) - {"O"} <= _PLAIN_TAGS:
            return "msra"  # an MSRA-style PER/ORG/LOC model
        return "ontonotes"

    def _raw_spans(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        from hanlp.components.taggers.rnn_tagger import RNNTagger
        from hanlp.components.taggers.tagger import Tagger

        tokens = [list(text) for text in texts]
        if isinstance(self.component, RNNTagger):
            # Bug 2: decode raw tags and read spans leniently (no InvalidTagSequence).
            tag_lists = Tagger.predict_data(self.component, tokens, self.batch_size)
            return [tags_to_spans(list(tags)) for tags in tag_lists]
        outputs = self.component(tokens, batch_size=self.batch_size)
        return [[(start, end, label) for _, label, start, end in out] for out in outputs]

    def predict(self, texts: list[str]) -> list[list[Mention]]:
        mapping = load_label_map(self.tagset)
        out: list[list[Mention]] = [[] for _ in texts]
        todo = [i for i, text in enumerate(texts) if text.strip()]
        if not todo:
            return out
        for i, spans in zip(todo, self._raw_spans([texts[i] for i in todo]), strict=True):
            text = texts[i]
            for start, end, label in spans:
                kg_type = mapping.get(label)
                if kg_type:
                    out[i].append(Mention(text[start:end], kg_type, start, end, source=self.name))
        return out


def make_backend(model: str | None = None, tagset: str | None = None) -> HanLPBackend:
    """HanLP NER (``model``: pretrained identifier or directory; ``tagset``: msra/pku/ontonotes)."""
    return HanLPBackend(model or "", tagset)
