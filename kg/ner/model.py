"""PLACEHOLDER: the embedded default model (backend ``kg``) is being written."""

from kg.ner.base import register_backend


@register_backend("kg")
def make_default_backend(**options):
    from kg.ner.jieba_backend import JiebaBackend

    return JiebaBackend()
