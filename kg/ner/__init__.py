"""The entity layer: a model backend (chosen by name) combined with kg's rule components."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate

from kg.ner.amounts import find_amounts
from kg.ner.confidence import with_evidence
from kg.ner.orgs import find_known_orgs
from kg.ner.overlaps import resolve_overlaps
from kg.ner.places import find_places, gazetteer, is_division, is_place_name
from kg.ner.propagate import propagate_names
from kg.ner.registry import Backend, available_backends, get_backend
from kg.ner.rules import find_rule_mentions, lexicons
from kg.ner.words import splits_a_word, word_frequency, word_tags, words_of
from kg.text.chars import HAN, is_han
from kg.text.split import bounded, split_articles
from kg.types import Document, Mention

__all__ = [
    "bylines_of",
    "predict_lines",
    "propagate_names",
    "recognize",
    "recognize_document",
    "recognize_text",
    "resolve_overlaps",
    "trimmed",
    "available_backends",
    "get_backend",
]

_NAMED = ("PERSON", "ORG", "LOC")
#: types whose names never start with a function character (a person's surname may: 于, 和)
_BOUNDED = ("ORG", "LOC", "EVENT")
#: what splits a name found across it: a space between two Chinese characters, a dash, a quote
#: or bracket that closes nothing in the name
_UNPAIRED = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])|——|^[^“]*”|^[^（(]*[）)]|“(?!.*”)")
#: a brand with a model number (索尼T900, 富士Z) is a product, not an organisation
_PRODUCT = re.compile(f"[{HAN}]{{1,4}}[A-Za-z][A-Za-z0-9-]*")


def _plausible(m: Mention, text: str | None = None) -> bool:
    """Drop a model's names that no name looks like.

    One character is no name (黄 of 黄桃); a name does not start with a pronoun or a
    word that ends names in kg's rules (他代表市委, 建设集研发中心).
    """
    if m.label not in _NAMED:
        return True
    if m.end - m.start < 2:
        return False
    if m.label == "ORG" and _PRODUCT.fullmatch(m.text):
        return False
    if m.label == "PERSON" and _glued_names(m.text):
        return False  # 钟红文科宝博洛尼: a name glued to the next one in a guest list
    if m.label in ("PERSON", "LOC") and _common_word(m.text) and not _place_by_name(m):
        return False  # 热门, 来说, 写字楼, 大陆: a word of the dictionary that is no name
    if m.label in ("PERSON", "LOC") and text is not None and splits_a_word(text, m.start, m.end):
        # 马克思 of 马克思主义, 奥尔良 of 新奥尔良, 亚历山 of 亚历山大: a name never splits a
        # word; a place of the gazetteer or the divisions may (美国 of the dictionary's
        # 美国纽约, 大连 of 辽宁大连)
        if m.label == "PERSON" or not _known_place(m.text):
            return False
    lex = lexicons()
    if m.label == "ORG" and (lex.org_suffixes.fullmatch(m.text) or m.text in lex.not_org):
        return False  # a bare 协会 or 公司 names nothing
    if m.text[0] in _PRONOUNS or (m.label != "PERSON" and m.text[0] in lex.stop_chars):
        return False
    return not m.text.startswith(lex.stop_words)


#: the longest person's name written in Chinese characters without a joiner (欧阳娜娜, 萨帕特罗)
_HAN_NAME_MAX = 4
_HAN_ONLY = re.compile(f"[{HAN}]+")


def _glued_names(text: str) -> bool:
    """True for a "person" longer than a Chinese name that holds a dictionary word no name
    part has (文科 of 钟红文科宝博洛尼); 阿尔德里奇 is a transliterated name."""
    if len(text) <= _HAN_NAME_MAX or not _HAN_ONLY.fullmatch(text):
        return False
    return any(len(w) > 1 and tag not in _PERSON_PART_TAGS for w, tag in words_of(text))


#: jieba tags of the words a person's name may hold ("" unknown)
_PERSON_PART_TAGS = frozenset(("", "nr", "nrt", "nrfg"))
_PRONOUNS = frozenset("他她它我你您其该此这那各每")


#: jieba tags of dictionary words that are no person's name
_NOT_NAME_TAGS = frozenset("n s u v a d p c r t f vn an ad m q y e o z".split())


#: jieba tags of words of two or more characters that no name a rule guessed holds
_NOT_IN_GUESSED_NAME_TAGS = frozenset("v m d p c u ul uj f r t".split())


def _not_a_name(text: str) -> bool:
    """True for a person a rule guessed after a title that is a word of the dictionary, or
    holds a verb, number or function word of two characters or more (举行了, 来到哈, 人多次)."""
    if _common_word(text):
        return True
    return any(len(w) > 1 and tag in _NOT_IN_GUESSED_NAME_TAGS for w, tag in words_of(text))


#: how the names of China's places end (寿光市, 洞井乡, 桃木疙瘩村)
_PLACE_ENDS = "省市县区乡镇村州"
#: jieba's dictionary frequency below which a word is one of its many rare place entries
_RARE_WORD = 100


def _known_place(name: str) -> bool:
    """A place of the gazetteer or of China's divisions, with or without its 省/市/县/区."""
    return name in gazetteer() or any(is_division(name + s) for s in ("", "省", "市", "县", "区"))


def _place_by_name(m: Mention) -> bool:
    """A place the model found that jieba files as a common word (大连 "d", 寿光市 "n"):
    an administrative division, or a rare word of the dictionary ending like a place."""
    if m.label != "LOC":
        return False
    if is_place_name(m.text):
        return True
    return m.text[-1] in _PLACE_ENDS and word_frequency(m.text) < _RARE_WORD


def _common_word(text: str) -> bool:
    words = words_of(text)
    return len(words) == 1 and words[0][1] in _NOT_NAME_TAGS


def recognize_text(text: str, model_mentions: list[Mention]) -> list[Mention]:
    """Combine a model's mentions of ``text`` with the rule components, overlaps resolved."""
    model_mentions = [m for m in map(trimmed, model_mentions) if m and _plausible(m, text)]
    people = [m.span for m in model_mentions if m.label == "PERSON"]
    orgs = [m.span for m in model_mentions if m.label == "ORG"]
    found = find_rule_mentions(text, people, orgs) + find_amounts(text)
    found = [m for m in found if not (m.label == "PERSON" and _not_a_name(m.text))]
    # the model's boundaries of a person are evidence; a rule's length guess after a title
    # (主任胡大为说 read as 胡大) does not beat them
    model_people = _Spans(people)
    found = [
        m for m in found if m.label != "PERSON" or not _model_knows_better(text, m, model_people)
    ]
    rules = _titles_after_orgs(text, [m for m in map(trimmed, found) if m], model_mentions)
    rules = _defer_to_model(rules, model_mentions)
    joined = join_transliterated(text, resolve_overlaps(model_mentions + rules))
    # the gazetteer's places fill in where neither the model nor a rule found a name, and
    # win over a place they hold (撒哈拉以南非洲 over the model's 撒哈拉)
    places = find_places(text)
    joined = [m for m in joined if m.label != "LOC" or not _inside_longer(m, places)]
    # so do the organisations known by a short form (央行, 国开行: known_orgs.json)
    kept = resolve_overlaps(joined + places + find_known_orgs(text))
    return with_evidence(kept, model_mentions, rules)


def _inside_longer(m: Mention, others: list[Mention]) -> bool:
    return any(o.start <= m.start and m.end <= o.end and o.span != m.span for o in others)


def _defer_to_model(rules: list[Mention], model: list[Mention]) -> list[Mention]:
    """The rules' mentions without those the model's names show wrong: the model's
    boundaries are evidence, not something a rule's guess beats.

    A rule's organisation or person that crosses a model's name, or its title that crosses
    a model's place or person (省长 and 沙市雨 across 湖南省长沙市); an amount inside one
    (二百户 of 二百户村); an organisation that starts a longer organisation of the model
    ending like an organisation or a unit of one (北京师范大学 of 北京师范大学教育学系:
    units.json), one that holds a person of the model (谢启光叫纪委) or reaches further
    left than the model's organisation with the same end (本报讯抚顺市纪委).
    """
    names: dict[tuple[int, int], list[Mention]] = {}
    for m in model:
        if m.label in _NAMED:
            names.setdefault(m.span, []).append(m)
    index = _Spans(names)  # a page of thousands of names is asked about near each rule only
    org_end = re.compile(f"(?:{lexicons().org_suffixes.pattern})$")
    return [
        r
        for r in rules
        if not any(
            _model_beats(r, m, org_end)
            for span in index.overlapping(r.start, r.end)
            for m in names[span]
        )
    ]


def _model_beats(r: Mention, m: Mention, org_end: re.Pattern) -> bool:
    """The model's name ``m`` shows the rule's mention ``r`` wrong (see _defer_to_model)."""
    if not (m.start < r.end and r.start < m.end) or m.span == r.span:
        return False
    if m.start <= r.start and r.end <= m.end:  # the rule's mention inside the model's name
        if r.source == "amounts":
            return True
        if not (r.label == m.label == "ORG" and r.start == m.start):
            return False
        return bool(org_end.search(m.text) or lexicons().unit_end.search(m.text, r.end - m.start))
    if r.start <= m.start and m.end <= r.end:  # the model's name inside the rule's mention
        if r.label != "ORG":
            return False
        return m.label == "PERSON" or (m.label == "ORG" and m.end == r.end)
    # they cross; a title across an organisation stays: the rules' reading of a title
    # chain (市人大代表, …有限公司综管部经理) is what the relation rules read
    return r.label in ("ORG", "PERSON") or (r.label == "TITLE" and m.label != "ORG")


def _names_a_body(name: str) -> bool:
    """A department that is a body of its own (外交部, 中央书记处, 俄罗斯外交部: an
    organisation of jieba's dictionary, or one named with its place), not a department of
    whatever the title chain is about (宣传部 of 市委常委、宣传部部长)."""
    if name[-1] not in "部处科室办组":
        return False
    words = words_of(name)
    return word_tags().get(name) == "nt" or (len(words) > 1 and words[0][1] == "ns")


def _titles_after_orgs(text: str, rules: list[Mention], model: list[Mention]) -> list[Mention]:
    """A title the rules read with a department before it (外交部副部长) starts after the
    organisation the model found there (外交部, then 副部长), and what the rules read inside
    that organisation goes (书记 and 处书记 of 中央书记处书记). So does a title the rules
    read across the end of a committee the model found (山西省稷山县委 | 县委书记: 书记)."""
    orgs = {m.start: m for m in model if m.label == "ORG" and _names_a_body(m.text)}
    ends = lexicons().committee_endings
    committees = [m for m in model if m.label == "ORG" and m.text.endswith(ends)]
    titles = lexicons().titles
    out, cut = [], []
    for m in rules:
        extended = m.label == "TITLE" and not titles.fullmatch(m.text)  # 市委副书记 stays
        org = orgs.get(m.start) if extended else None
        if org is None and m.label == "TITLE":  # 山西省稷山县委 | 县委书记: 书记
            org = next((o for o in committees if o.start < m.start < o.end < m.end), None)
        if org and org.end < m.end and titles.fullmatch(text, org.end, m.end):
            m = Mention(text[org.end : m.end], "TITLE", org.end, m.end, m.source, m.attrs)
            cut.append(org.span)
        out.append(m)
    return [m for m in out if not any(s < m.end and m.start < e for s, e in cut)]


#: what joins the parts of a transliterated name: 拉玛尔-奥多姆, 约瑟夫·夏因
NAME_JOINERS = "-·•‧－"
_PART_MAX = 6


def join_transliterated(text: str, mentions: list[Mention]) -> list[Mention]:
    """Join a person found in part with the other parts of the name: the model often tags
    奥多姆 and 拉玛尔 of 拉玛尔-奥多姆 apart, or only one of them.

    A part next to a joiner joins when it is itself a person, or when it is a run of Chinese
    characters that ends at the joiner (or starts at it) without crossing a word that ends
    names (和, 的, …) and the other side is a person.
    """
    people = {(m.start, m.end): m for m in mentions if m.label == "PERSON"}
    if not people:
        return mentions
    # a part across a joiner is the person's, whatever type it was given (科比 of 科比-布莱恩特)
    han = [m for m in mentions if all(is_han(c) for c in m.text)]
    ends = {m.end: m for m in han}
    starts = {m.start: m for m in han}
    lex = lexicons()
    joined: list[Mention] = []
    for m in sorted(people.values(), key=lambda m: m.start):
        if joined and joined[-1].end >= m.end:
            continue
        start, end = m.start, m.end
        while start >= 2 and text[start - 1] in NAME_JOINERS:
            left = ends.get(start - 1)
            new = left.start if left else _han_run_left(text, start - 1, lex)
            if new >= start - 1:
                break
            start = new
        while end + 1 < len(text) and text[end] in NAME_JOINERS:
            right = starts.get(end + 1)
            new = right.end if right else _han_run_right(text, end + 1, lex)
            if new <= end + 1:
                break
            end = new
        if (start, end) != (m.start, m.end):
            joined.append(Mention(text[start:end], "PERSON", start, end, m.source, m.attrs))
    if not joined:
        return mentions
    spans = [(j.start, j.end) for j in joined]
    kept = [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in spans)]
    return sorted(kept + joined, key=lambda m: m.start)


#: word tags of jieba's dictionary a part of a transliterated name may have ("" unknown)
_NAME_PART_TAGS = ("", "nr", "nrt", "nrfg", "ns", "nz", "x", "j")


def _han_run_left(text: str, end: int, lex) -> int:
    """Start of the name part that ends at ``end``: the name-like words right before it."""
    window = text[max(0, end - _PART_MAX) : end]
    start = end
    for word, tag in reversed(words_of(window)):
        if tag not in _NAME_PART_TAGS or not all(is_han(c) for c in word):
            break
        if word[0] in lex.stop_chars and not tag:
            break
        start -= len(word)
    return start if end - start >= 2 else end + 1


def _han_run_right(text: str, start: int, lex) -> int:
    """End of the name part that starts at ``start``: the name-like words right after it."""
    end = start
    for word, tag in words_of(text[start : start + _PART_MAX]):
        if tag not in _NAME_PART_TAGS or not all(is_han(c) for c in word):
            break
        end += len(word)
    return end if end - start >= 2 else start - 1


#: jieba tags of words that open or close no person's name: 如果吕, 下面请白, 王锋则, 时就拜
_NOT_IN_NAME_TAGS = frozenset("c d p u uj ul uz y f r".split())


def _person_core(m: Mention) -> Mention | None:
    """A person without the function words jieba reads at its ends (那么有 → 有); None when
    one stands inside it or too little is left (如果吕, 下面请白)."""
    words = words_of(m.text)
    if len(words) < 2:
        return m
    if len(words) == 2 and words[0][0] in lexicons().surnames:
        return m  # 胡大为, 卜立新: a surname and a given name that is also a word
    i, j = 0, len(words)

    # one character of these classes is often a given name's (赵国先, 周竟之): words of two
    # or more only
    def function_word(word: str, tag: str) -> bool:
        return tag in _NOT_IN_NAME_TAGS and len(word) >= 2

    while i < j and function_word(*words[i]):
        i += 1
    while j > i and function_word(*words[j - 1]):
        j -= 1
    if any(function_word(w, tag) for w, tag in words[i + 1 : j - 1]):
        return None
    core = "".join(w for w, _t in words[i:j])
    if len(core) < 2 or _common_word(core):
        return None
    if core == m.text:
        return m
    start = m.start + sum(len(w) for w, _t in words[:i])
    return Mention(core, m.label, start, start + len(core), m.source, m.attrs)


#: jieba tags of a word that follows a name rather than ending it
_FOLLOW_TAGS = frozenset("v vn d p c u uj ul r f ad".split())


def _starts_a_word(text: str, pos: int) -> bool:
    """True when the character at ``pos`` opens a word of two or more characters, or is a
    word of its own that follows names (a verb, adverb, preposition…)."""
    words = words_of(text[pos : pos + 4])
    if not words:
        return False
    word, tag = words[0]
    return tag in _FOLLOW_TAGS


class _Spans:
    """Spans sorted by start, asked for those that overlap a span: the answer costs the
    spans it finds, not all of them (a page with thousands of names)."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _e in self.spans]
        #: the furthest end of the spans up to each one
        self.reach = list(accumulate((e for _s, e in self.spans), max))

    def overlapping(self, start: int, end: int) -> Iterable[tuple[int, int]]:
        i = bisect_left(self.starts, end)  # the spans that start before ``end``
        while i > 0 and self.reach[i - 1] > start:
            i -= 1
            if self.spans[i][1] > start:
                yield self.spans[i]


def _model_knows_better(text: str, m: Mention, people: _Spans) -> bool:
    """True when a model's person overlaps the rules' person ``m`` with other bounds.

    The rules' guess wins only where it adds a third character to a two-character name and
    that character is not one that starts what follows names (朱中 → 朱中一, not 祝磊 → 祝磊称).
    """
    lex = lexicons()
    for s, e in people.overlapping(m.start, m.end):
        if (s, e) != m.span:
            third = m.start == s and m.end == e + 1 and e - s == 2
            if third and _starts_a_word(text, e):
                return True  # 张军不无担忧, 王诚做主题发言: the third character opens a word
            if third and not text.startswith(lex.follow_words, e) and text[e] not in lex.not_third:
                continue
            return True
    return False


def trimmed(m: Mention) -> Mention | None:
    """``m`` without the spaces around it, and a name of a place, organisation or event
    without function characters at its start (在, 的: boundaries.json) or particles at its
    end (的, 了); None when too little is left, or for a person whose name has a space inside
    (茜茜 魏梅竹 are two people). A name never holds U+FFFD, the reader's mark for what it
    could not decode: the longest piece without it is kept. A stop character the rules kept
    on purpose (是石科技, which the page always writes so) stays."""
    text = m.text.strip()
    if "\ufffd" in text:  # what the reader could not decode is never part of a name
        text = max(text.split("\ufffd"), key=len).strip()
    if m.label in _BOUNDED:
        # 新浪娱乐讯 新浪娱乐, 台湾“中央社, 孙利）中央军委: the name is the last piece
        text = _UNPAIRED.split(text)[-1] if _UNPAIRED.search(text) else text
    if m.label in _BOUNDED and text and not m.attrs.get("kept_stop_char"):
        lex = lexicons()
        while (
            text
            and text[0] in lex.stop_chars
            and not text.startswith(lex.keep_words)
            and not _opens_with_name_word(text, lex)
        ):
            text = text[1:]
        text = text.rstrip("的了着过").strip()
        if len(text) < 2:
            return None
    if not text or (m.label == "PERSON" and any(ch.isspace() for ch in text)):
        return None
    if text != m.text:
        start = m.start + m.text.index(text)
        m = Mention(text, m.label, start, start + len(text), m.source, m.attrs)
    return _person_core(m) if m.label == "PERSON" and m.source != "byline" else m


def _opens_with_name_word(text: str, lex) -> bool:
    """``text`` opens with a name of jieba's dictionary that starts with a stop character
    (经合组织, 以色列): that character is the name's, not a preposition before it."""
    words = words_of(text[:8])
    return bool(words) and len(words[0][0]) > 1 and words[0][1] in lex.name_word_tags


def recognize(texts: list[str], backend: str = "kg", **backend_options) -> list[list[Mention]]:
    """Entities of each text, as `kg build` finds them in a document of that text: the named
    backend's mentions, kg's rules, the bylines' people and the names found again.

    `kg ner`, ``kg.load_nlp()`` and `kg build` all call :func:`recognize_document`, so one
    text gives one answer everywhere.

    >>> [m.label for m in recognize(["市委书记仲旭东主持会议。"])[0]]  # doctest: +SKIP
    ['TITLE', 'PERSON']
    """
    texts = list(texts)
    model = get_backend(backend, **backend_options)
    predicted = predict_lines(model, texts)
    return [
        recognize_document(text, found, bylines_of(text))
        for text, found in zip(texts, predicted, strict=True)
    ]


def bylines_of(text: str) -> list[tuple]:
    """The bylines of ``text`` read as a document's: ``(role, name, start, end)``."""
    articles = split_articles(Document(id="text", text=text, raw=text))
    return [byline for article in articles for byline in article.bylines]


def recognize_document(
    text: str, model_mentions: list[Mention], bylines: Iterable[tuple] = ()
) -> list[Mention]:
    """All mentions of one document: the model's and the rules', its bylines' people, and
    every name found again on the page (:func:`kg.ner.propagate.propagate_names`).

    Rules run on the whole text (no rule crosses a line break) so that a decision can look
    at the rest of the page. ``bylines`` are ``(role, name, start, end)`` (kg.text.split).
    """
    mentions = recognize_text(text, model_mentions)
    for role, name, start, end in bylines:
        m = trimmed(Mention(name, "PERSON", start, end, "byline", {"role": role}))
        if m:
            mentions.extend(with_evidence([m], [], []))
    return propagate_names(text, resolve_overlaps(mentions))


#: The longest text a backend is given: a longer line goes in pieces, cut after a sentence
#: mark in the second half of each piece (where the embedded model cuts its chunks too),
#: else as :func:`kg.text.split.bounded` cuts.
MAX_LINE_CHARS = 2000
_SENTENCE_MARK = re.compile(r"[。！？!?；;]")


def _pieces(line: str, limit: int = MAX_LINE_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of ``line``, each at most ``limit`` long."""
    out, start = [], 0
    while len(line) - start > limit:
        marks = [m.end() for m in _SENTENCE_MARK.finditer(line, start + limit // 2, start + limit)]
        stop = marks[-1] if marks else bounded(line, start, start + limit + 1, limit=limit)[0][1]
        stop = stop if stop > start else start + limit
        out.append((start, stop))
        start = stop
    out.append((start, len(line)))
    return out


def predict_lines(backend: Backend, texts: list[str]) -> list[list[Mention]]:
    """Run ``backend`` once over every distinct non-empty line of every text (a line longer
    than :data:`MAX_LINE_CHARS` in pieces); offsets into each text.

    A line or piece that recurs (boilerplate repeated across a batch's documents, the
    repeated stretches of a text without line breaks) is tagged once: a backend's mentions
    of a text depend on that text alone.
    """
    jobs: list[tuple[int, int, int]] = []  # (text index, offset, index of the distinct line)
    distinct: dict[str, int] = {}
    for i, text in enumerate(texts):
        pos = 0
        for line in text.split("\n"):
            for s, e in _pieces(line):
                piece = line[s:e]
                if piece.strip():
                    jobs.append((i, pos + s, distinct.setdefault(piece, len(distinct))))
            pos += len(line) + 1
    results: list[list[Mention]] = [[] for _ in texts]
    lines = list(distinct)
    predicted = backend.predict(lines) if lines else []
    predicted = [found for _line, found in zip(lines, predicted, strict=True)]
    for i, pos, k in jobs:
        for m in predicted[k]:
            results[i].append(
                Mention(
                    m.text,
                    m.label,
                    m.start + pos,
                    m.end + pos,
                    m.source or backend.name,
                    dict(m.attrs),
                )
            )
    return results
