"""``jieba`` backend: jieba.posseg's nr/ns/nt tags as PERSON/LOC/ORG (a baseline peer)."""

from __future__ import annotations

from kg.types import Mention

__all__ = ["JiebaBackend", "make_backend"]

_TAGS = {"nr": "PERSON", "ns": "LOC", "nt": "ORG"}


class JiebaBackend:
    name = "jieba"

    def __init__(self):
        import jieba
        import jieba.posseg

        jieba.setLogLevel(60)
        self._posseg = jieba.posseg

    def predict(self, texts: list[str]) -> list[list[Mention]]:
        out = []
        for text in texts:
            mentions, pos = [], 0
            for pair in self._posseg.cut(text):
                word, flag = pair.word, pair.flag
                label = _TAGS.get(flag)
                if label:
                    mentions.append(Mention(word, label, pos, pos + len(word), source=self.name))
                pos += len(word)
            out.append(mentions)
        return out


def make_backend() -> JiebaBackend:
    """jieba.posseg (no options)."""
    return JiebaBackend()
