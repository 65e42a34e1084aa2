"""Train HanLP's RNN NER with its CRF bug fixed (the model then loads in the hanlp backend)."""

from __future__ import annotations

from kg.ner.backends.hanlp import import_hanlp

__all__ = ["train_rnn_ner"]


def train_rnn_ner(trn_path: str, dev_path: str, save_dir: str, **fit_options):
    """Train HanLP's RNN NER on TSV files ("char<TAB>tag", IOBES) with bug 1 fixed.

    ``fit_options`` go to ``RNNNamedEntityRecognizer.fit`` (epochs, embed, rnn_hidden, ...).
    Returns the trained component; it is saved in ``save_dir`` (``hanlp.load(save_dir)``).
    """
    import_hanlp()
    from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer

    recognizer = RNNNamedEntityRecognizer()
    build_model = recognizer.build_model

    def build_fixed_model(*args, **kwargs):
        model = build_model(*args, **kwargs)
        if getattr(model, "crf", None) is not None:
            model.crf.batch_first = True
        return model

    recognizer.build_model = build_fixed_model
    fit_options.setdefault("tagging_scheme", "IOBES")
    recognizer.fit(trn_path, dev_path, save_dir, **fit_options)
    return recognizer
