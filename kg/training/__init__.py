"""Training and evaluation of the embedded NER model: corpus readers, scoring, trainers.

Inference never imports this package; only `kg train-ner` and `kg evaluate-ner` do.
"""
