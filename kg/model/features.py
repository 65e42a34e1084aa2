"""Character features of the CRF (and the BiLSTM's lexicon bits): n-grams, classes, words.

Every feature is a short string (a one-letter template id followed by its value), so
that python-crfsuite can take a sentence as ``list[list[str]]`` without dicts.

The lexicon is jieba's bundled dictionary (about 350k words with part-of-speech tags):
for each character, the features say where it sits (Begin/Middle/End) in every
dictionary word of two or more characters covering it, and whether that word is a
person (nr), place (ns) or organisation (nt) name.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from functools import lru_cache

from kg.model.cache import read_cached, write_cached
from kg.text.chars import is_han

__all__ = [
    "FEATURE_VERSION",
    "Lexicon",
    "char_class",
    "feature_columns",
    "load_lexicon",
    "normalize",
    "sentence_features",
    "word_features",
]

#: Bump when the feature templates change; the model's metadata records it.
FEATURE_VERSION = 1

#: Longest dictionary word looked up (longer jieba entries are rare and mostly idioms).
MAX_WORD = 8

_NUMERALS = set("零〇一二三四五六七八九十百千万亿两")
_PUNCT_EXTRA = set("、。，；：？！“”‘’（）《》〈〉【】『』「」…—·～")


def _build_translation() -> dict[int, str]:
    # Full-width ASCII (U+FF01..U+FF5E) and the ideographic space become half-width.
    table = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
    table[0x3000] = " "
    return table


_HALF = _build_translation()


def normalize(text: str) -> str:
    """Full-width digits, latin letters and ASCII punctuation to half-width (same length)."""
    return text.translate(_HALF)


@lru_cache(maxsize=8192)
def char_class(ch: str) -> str:
    if ch.isdigit():
        return "D"
    if ch in _NUMERALS:
        return "N"
    if ch.isascii() and ch.isalpha():
        return "A"
    if ch.isspace():
        return "S"
    if ch in _PUNCT_EXTRA:
        return "P"
    cat = unicodedata.category(ch)
    if cat[0] in "PS":
        return "P"
    if is_han(ch):
        return "C"
    return "O"


class Lexicon:
    """Dictionary words (2..MAX_WORD chars) with a coarse class: r(person) s(place) t(org) w."""

    def __init__(self, words: dict[str, str], digest: str = ""):
        self.digest = digest
        # Every dictionary word and every start of one (2+ chars) -> (its class or "",
        # whether a longer word starts with it): one lookup per step of the scan. The
        # values are a handful of shared tuples.
        states: dict[tuple[str, bool], tuple[str, bool]] = {}
        table: dict[str, tuple[str, bool]] = {}
        for word in words:
            for k in range(2, len(word)):
                key = (words.get(word[:k], ""), True)
                table[word[:k]] = states.setdefault(key, key)
        for word, kind in words.items():
            key = (kind, False)
            table.setdefault(word, states.setdefault(key, key))
        self._table = table

    @classmethod
    def from_jieba_dict(cls, path: str) -> Lexicon:
        with open(path, "rb") as fh:
            return cls.from_jieba_bytes(fh.read())

    @classmethod
    def from_jieba_bytes(cls, raw: bytes) -> Lexicon:
        """The lexicon of the contents of a jieba dictionary file (``word freq tag`` lines)."""
        words: dict[str, str] = {}
        for line in raw.decode("utf-8").splitlines():
            parts = line.split()
            if len(parts) < 3:
                continue
            word = normalize(parts[0])
            if not 2 <= len(word) <= MAX_WORD:
                continue
            pos = parts[2]
            kind = (
                "r" if pos.startswith("nr") else "s" if pos == "ns" else "t" if pos == "nt" else "w"
            )
            old = words.get(word)
            if old is None or old == "w":
                words[word] = kind
        return cls(words, hashlib.sha256(raw).hexdigest()[:16])

    def hits(self, text: str) -> list[tuple[int, int, str]]:
        """Every dictionary word in ``text``: ``(start, end, class)``, by start then end."""
        n = len(text)
        table = self._table
        out = []
        for s in range(n - 1):
            for e in range(s + 2, min(n, s + MAX_WORD) + 1):
                info = table.get(text[s:e])
                if info is None:
                    break
                if info[0]:
                    out.append((s, e, info[0]))
                if not info[1]:
                    break
        return out

    def matches(
        self, text: str, hits: list[tuple[int, int, str]] | None = None
    ) -> tuple[list[list[str]], list[str], list[str]]:
        """Dictionary matches in ``text`` (``hits``: ``self.hits(text)``, when known).

        Returns, per character: the lexicon feature strings of the words covering it,
        the longest word ending at it ("" if none) and the longest word starting at it.
        """
        n = len(text)
        out: list[list[str]] = [[] for _ in range(n)]
        longest = [0] * n
        ending = [""] * n
        starting = [""] * n
        for s, e, kind in self.hits(text) if hits is None else hits:
            length = e - s
            out[s].append("LB" + kind)
            out[e - 1].append("LE" + kind)
            for k in range(s + 1, e - 1):
                out[k].append("LM" + kind)
            for k in range(s, e):
                if length > longest[k]:
                    longest[k] = length
            starting[s] = text[s:e]
            if length > len(ending[e - 1]):
                ending[e - 1] = text[s:e]
        for k in range(n):
            feats = out[k]
            if feats:
                feats = list(dict.fromkeys(feats))  # dedupe, keep a fixed order
                feats.append("M" + str(longest[k]))
                out[k] = feats
        return out, ending, starting


def default_dict_path() -> str:
    import jieba

    return os.path.join(os.path.dirname(jieba.__file__), "dict.txt")


#: Bump when :class:`Lexicon` changes what it holds: older cache files are then not read.
LEXICON_FORMAT = 1


@lru_cache(maxsize=2)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Load (once) the lexicon from jieba's bundled dictionary or ``path``.

    Building it from the dictionary's 350k lines takes about 0.8 CPU-seconds; the lexicon
    is kept in kg's cache folder (:mod:`kg.model.cache`) under the dictionary's digest and
    read from there in about 0.15 s by every later process.
    """
    with open(path or default_dict_path(), "rb") as fh:
        raw = fh.read()
    digest = hashlib.sha256(raw).hexdigest()[:16]
    name = f"lexicon-{LEXICON_FORMAT}-{digest}.pickle"
    cached = read_cached(name)
    if isinstance(cached, Lexicon) and cached.digest == digest:
        return cached
    lexicon = Lexicon.from_jieba_bytes(raw)
    write_cached(name, lexicon)
    return lexicon


#: Templates read off the characters padded with two marks each side: character ``i`` has
#: ``template + chars[i + offset]`` (offset 2 is the character itself).
CHAR_TEMPLATES = (("a", 0), ("b", 1), ("c", 2), ("d", 3), ("e", 4))
#: Templates read off the bigrams of those padded characters: ``template + bigrams[i + offset]``.
BIGRAM_TEMPLATES = (("f", 0), ("g", 1), ("h", 2), ("i", 3))
#: A domain's copies (``code + "~" + template``) of the unigram and of the bigrams around the
#: character, read the same way; the domain's bias ``code + "~"`` comes with them.
DOMAIN_CHAR_TEMPLATES = (("c", 2),)
DOMAIN_BIGRAM_TEMPLATES = (("g", 1), ("h", 2))


def padded(text: str) -> tuple[list[str], list[str], list[str]]:
    """The characters of ``text`` with two marks each side, their classes, and their bigrams."""
    chars = ["\x02", "\x02", *text, "\x03", "\x03"]
    classes = ["B", "B"] + [char_class(ch) for ch in text] + ["E", "E"]
    bigrams = [chars[j] + chars[j + 1] for j in range(len(text) + 3)]
    return chars, classes, bigrams


def combined_columns(chars, classes, bigrams) -> list[tuple[str, list[str]]]:
    """The templates built from several positions: the trigram -1..+1 (j) and the character
    classes at -1..+1 (k) and -2..+2 (l), as ``(template, values)``."""
    n = len(chars) - 4
    return [
        ("j", [b + c for b, c in zip(bigrams[1 : n + 1], chars[3 : n + 3], strict=True)]),
        ("k", ["".join(classes[j - 1 : j + 2]) for j in range(2, n + 2)]),
        ("l", ["".join(classes[j - 2 : j + 3]) for j in range(2, n + 2)]),
    ]


def feature_columns(
    text: str, domain: str = ""
) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    """The features every character of ``text`` (normalised) has, template by template.

    Returns ``(core, copies)``: lists of ``(template, values)`` where character ``i`` has the
    feature ``template + values[i]``: character unigrams at -2..+2 (a-e), bigrams (f-i), the
    trigram -1..+1 (j) and character classes (k, l); then, with ``domain``, its bias and
    its copies of the unigram and of the two bigrams around the character.
    """
    n = len(text)
    chars, classes, bigrams = padded(text)
    core = [(t, chars[o : o + n]) for t, o in CHAR_TEMPLATES]
    core += [(t, bigrams[o : o + n]) for t, o in BIGRAM_TEMPLATES]
    core += combined_columns(chars, classes, bigrams)
    if not domain:
        return core, []
    d = domain + "~"
    copies = [(d, [""] * n)]
    copies += [(d + t, chars[o : o + n]) for t, o in DOMAIN_CHAR_TEMPLATES]
    copies += [(d + t, bigrams[o : o + n]) for t, o in DOMAIN_BIGRAM_TEMPLATES]
    return core, copies


def word_features(matches) -> list[list[str]]:
    """Per character, its dictionary features from ``Lexicon.matches``: the words covering
    it, the longest word just before it (p) and the longest word just after it (q)."""
    lex, ending, starting = matches
    n = len(lex)
    out = []
    for i in range(n):
        feats = list(lex[i])
        if i and ending[i - 1]:
            feats.append("p" + ending[i - 1])
        if i + 1 < n and starting[i + 1]:
            feats.append("q" + starting[i + 1])
        out.append(feats)
    return out


def sentence_features(
    text: str, lexicon: Lexicon, domain: str = "", matches=None
) -> list[list[str]]:
    """Feature strings for each character of ``text`` (already a short chunk).

    With ``domain`` (a one-letter corpus code), a domain-specific copy of the bias, the
    unigram, the two bigrams around the char and the lexicon features is added, so that
    one model can learn the annotation style of each training corpus ("frustratingly
    easy" domain adaptation); tagging then picks the style by passing its code.
    ``matches``: ``lexicon.matches(normalize(text))``, when the caller already has it.
    """
    text = normalize(text)
    core, copies = feature_columns(text, domain)
    matches = matches or lexicon.matches(text)
    words = word_features(matches)
    out = []
    for i, found in enumerate(matches[0]):
        feats = [t + values[i] for t, values in core]
        feats.extend(words[i])
        if domain:
            feats.extend([t + values[i] for t, values in copies])
            feats.extend([domain + "~" + f for f in found])
        out.append(feats)
    return out
