"""The rule engine: relation rules from data files applied to each sentence's mentions."""

from __future__ import annotations

import bisect
import itertools
import json
import logging
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kg.errors import RuleError
from kg.link.resolve import LINKED_TYPES, DocMentions, Linked
from kg.ner.places import is_place_name
from kg.ner.rules import LEGAL_FORM, lexicons, names_one_thing
from kg.ner.words import word_tags, words_of
from kg.relations.evidence import MAX_EVIDENCE_CHARS, window
from kg.schema import node_id, relation_label, vocabulary
from kg.text.chars import is_han
from kg.text.split import bounded
from kg.types import Entity, Mention, Relation, Sentence

__all__ = [
    "AMOUNT_LABELS",
    "KINDS",
    "Rule",
    "compile_pattern",
    "extract_relations",
    "fits_vocabulary",
    "load_rules",
]

AMOUNT_LABELS = ("MONEY", "QUANTITY", "PERCENT")
_OPEN, _CLOSE = "\ue000", "\ue001"

log = logging.getLogger(__name__)
_SPECIAL_HEADS = (
    "@article",
    "@article_event",
    "@home_city",
    "@opening_person",
    "@recent_org",
    "@subject",
)


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    relation: str
    label: str
    confidence: float
    params: dict = field(default_factory=dict, hash=False, compare=False)
    regex: re.Pattern | None = None


# ------------------------------------------------------------------ pattern language

_MACRO = re.compile(r"\{(NOT|ANY|[A-Z|]+)(\+)?(?::([\w|]+))?\}")


def _token(labels: str) -> str:
    return f"{_OPEN}(?:{labels})\\d+{_CLOSE}"


def compile_pattern(pattern: str) -> re.Pattern:
    """Expand ``{ORG:x}``-style macros into a regular expression over tagged sentences."""

    def expand(m: re.Match) -> str:
        head, plus, name = m.group(1), m.group(2), m.group(3)
        if head == "ANY":
            return f"[^{_OPEN}{_CLOSE}]*?(?:{_OPEN}[A-Z]+\\d+{_CLOSE}[^{_OPEN}{_CLOSE}]*?)*?"
        if head in ("NOT", "CLAUSE"):
            if not name:
                raise RuleError(f"{{{head}}} needs types, e.g. {{{head}:ORG|LOC}} in {pattern!r}")
            stops = "。" if head == "NOT" else "。，,；;"
            return f"(?:(?!{_OPEN}(?:{name})\\d)[^{stops}])*?"
        tok = _token(head)
        body = f"{tok}(?:[、和与及]{tok})*" if plus else tok
        return f"(?P<{name}>{body})" if name else f"(?:{body})"

    try:
        return re.compile(_MACRO.sub(expand, pattern))
    except re.error as exc:
        raise RuleError(f"bad pattern {pattern!r}: {exc}") from exc


# ------------------------------------------------------------------ loading


def load_rules(path: str | Path | None = None) -> tuple[Rule, ...]:
    """Load and validate relation rules (default: ``kg/data/rules/relations.toml``)."""
    if path is None:
        return _default_rules()
    return _parse_rules(Path(path).read_text(encoding="utf-8"), str(path))


@lru_cache(maxsize=1)
def _default_rules() -> tuple[Rule, ...]:
    text = resources.files("kg").joinpath("data/rules/relations.toml").read_text(encoding="utf-8")
    return _parse_rules(text, "relations.toml")


def _parse_rules(text: str, where: str) -> tuple[Rule, ...]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{where}: not valid TOML: {exc}") from exc
    relations = vocabulary()["relations"]
    title_relations = {}
    for relation, titles in data.get("title_relations", {}).items():
        if relation not in relations:
            raise RuleError(f"{where}: title_relations names unknown relation {relation!r}")
        title_relations.update(dict.fromkeys(titles, relation))
    title_endings = {}
    for relation, endings in data.get("title_relations_by_ending", {}).items():
        if relation not in relations:
            raise RuleError(
                f"{where}: title_relations_by_ending names unknown relation {relation!r}"
            )
        title_endings.update(dict.fromkeys(endings, relation))
    clause = {key: frozenset(data.get("clause", {}).get(key, ())) for key in _NO_CLAUSE}
    units = _parse_units(data.get("units"), where)
    rules, seen = [], set()
    for raw in data.get("rule", []):
        rid = raw.get("id")
        if not rid:
            raise RuleError(f"{where}: a rule has no id: {raw}")
        if rid in seen:
            raise RuleError(f"{where}: duplicate rule id {rid!r}")
        seen.add(rid)
        kind = raw.get("kind")
        if kind not in KINDS:
            raise RuleError(
                f"{where}: rule {rid!r} has unknown kind {kind!r}; use one of {tuple(KINDS)}"
            )
        relation = raw.get("relation")
        if relation not in relations:
            raise RuleError(f"{where}: rule {rid!r} has unknown relation {relation!r}")
        member_relation = raw.get("member_relation")
        if "member_titles" in raw and member_relation is None:
            raise RuleError(f"{where}: rule {rid!r} has member_titles but no member_relation")
        if member_relation is not None and member_relation not in relations:
            raise RuleError(
                f"{where}: rule {rid!r} has unknown member_relation {member_relation!r}"
            )
        regex = None
        if kind == "pattern":
            regex = compile_pattern(raw.get("pattern", ""))
            for key in ("head", "tail"):
                ref = raw.get(key, "")
                group = ref.split(":", 1)[1] if ref.startswith("@employer:") else ref
                if not ref.startswith("@") or ref.startswith("@employer:"):
                    if any(g not in regex.groupindex for g in group.split("|")):
                        raise RuleError(f"{where}: rule {rid!r}: {key} {ref!r} is not a group")
                elif ref not in _SPECIAL_HEADS:
                    raise RuleError(f"{where}: rule {rid!r}: unknown {key} {ref!r}")
            team = raw.get("team_group")
            if team is not None and team not in regex.groupindex:
                raise RuleError(f"{where}: rule {rid!r}: team_group {team!r} is not a group")
            for group in raw.get("not_names", {}):
                if group not in regex.groupindex:
                    raise RuleError(f"{where}: rule {rid!r}: not_names {group!r} is not a group")
        elif kind == "cue":
            try:
                regex = re.compile(raw["cue"])
            except (KeyError, re.error) as exc:
                raise RuleError(f"{where}: rule {rid!r}: bad or missing cue: {exc}") from exc
        params = {k: v for k, v in raw.items() if k not in ("id", "kind", "relation", "label")}
        params["title_relations"] = title_relations
        params["title_endings"] = title_endings
        params["clause"] = clause
        params["units"] = units
        if "subject_after" in params:
            try:
                params["subject_after"] = re.compile(params["subject_after"])
            except re.error as exc:
                raise RuleError(f"{where}: rule {rid!r}: bad subject_after: {exc}") from exc
        regexes = ("fallback_not_after", "only_after", "stop_at", "not_subject_before")
        for key in (*regexes, "org_annotations", "envoy_gap", "departments"):
            if key in params:
                try:
                    params[key] = re.compile(params[key])
                except re.error as exc:
                    raise RuleError(f"{where}: rule {rid!r}: bad {key}: {exc}") from exc
        if "fallback_after" in params:
            try:
                params["fallback_after"] = re.compile(params["fallback_after"])
            except re.error as exc:
                raise RuleError(f"{where}: rule {rid!r}: bad fallback_after: {exc}") from exc
        if "not_names" in params:
            try:
                params["not_names"] = {
                    g: re.compile(r) for g, r in dict(params["not_names"]).items()
                }
            except (re.error, TypeError, ValueError) as exc:
                raise RuleError(f"{where}: rule {rid!r}: bad not_names: {exc}") from exc
        if "title_filter" in params:
            try:
                params["title_filter"] = re.compile(params["title_filter"])
            except re.error as exc:
                raise RuleError(f"{where}: rule {rid!r}: bad title_filter: {exc}") from exc
        rules.append(
            Rule(
                id=rid,
                kind=kind,
                relation=relation,
                label=raw.get("label") or relation_label(relation),
                confidence=float(raw.get("confidence", 0.7)),
                params=params,
                regex=regex,
            )
        )
    if not rules:
        raise RuleError(f"{where}: no rules")
    return tuple(rules)


def _parse_units(raw: dict | None, where: str) -> _Units | None:
    """The ``[units]`` table: how a unit of an organisation is written after its name."""
    if raw is None:
        return None
    try:
        return _Units(
            suffix=re.compile(raw["suffix"]),
            max_len=int(raw["max_len"]),
            tags=frozenset(raw["tags"]),
            joiners=frozenset(raw.get("joiners", ())),
            parent_tags=frozenset(raw.get("parent_tags", ())),
        )
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise RuleError(f"{where}: bad [units] table: {exc!r}") from exc


@dataclass(frozen=True)
class _Units:
    """What a unit's name looks like after its organisation's name ([units] in relations.toml):
    中国人民大学 + 经济体制改革与发展研究院, 发改委 + 财政金融司."""

    suffix: re.Pattern  # how the unit's name ends (研究院, 司, 分公司)
    max_len: int  # the longest unit part, in characters
    tags: frozenset  # jieba tags its words may have ("" = not in jieba's dictionary)
    joiners: frozenset  # words joining its nouns (与, 和)
    parent_tags: frozenset  # jieba tags of a word that names an organisation by itself (nt)

    def unit_part(self, part: str) -> bool:
        """True when ``part`` names a unit: Chinese nouns ending in a unit word."""
        if not 2 <= len(part) <= self.max_len or not all(is_han(c) for c in part):
            return False
        if not self.suffix.search(part):
            return False
        return all(w in self.joiners or t in self.tags for w, t in words_of(part))


# ------------------------------------------------------------------ the engine


class _DocContext:
    """What rules may refer to inside one document."""

    def __init__(self, dm: DocMentions, linked: Linked):
        self.dm = dm
        self.doc = dm.doc
        self.linked = linked
        self.mentions = sorted(dm.mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.home = linked.home.get(dm.doc.id)
        self.employer: dict[str, str] = {}
        self.article_event: dict[int, Mention | None] = {}
        #: where an entity that a special reference resolved to (@article_event, @recent_org)
        #: is named: its evidence reaches back to that sentence
        self.anchor: dict[str, int] = {}
        self.anchor_end: dict[str, int] = {}
        self._orgs: dict[str, Mention] | None = None  # text -> first ORG mention, on demand
        self.scope: _Scope | None = None  # the sentence the rules are reading
        self.clause: dict = {}  # what a clause's subject and objects look like (relations.toml)
        for art in dm.articles:
            events = [
                m for m in self.mentions if m.label == "EVENT" and art.start <= m.start < art.end
            ]
            self.article_event[art.index] = events[0] if events else None

    def org_named(self, name: str) -> Mention | None:
        """The document's first organisation mention written ``name``."""
        if self._orgs is None:
            self._orgs = {}
            for m in self.mentions:
                if m.label == "ORG":
                    self._orgs.setdefault(m.text, m)
        return self._orgs.get(name)

    def anchored(self, m: Mention | None) -> str | None:
        """The entity of ``m``, remembering where it is named."""
        if m is None:
            return None
        eid = self.entity(m)
        if eid:
            self.anchor[eid] = m.start
            self.anchor_end[eid] = m.end
        return eid

    def entity(self, m: Mention) -> str | None:
        if m.label in AMOUNT_LABELS:
            return self.amount_entity(m)
        return self.linked.entity_of(self.doc.id, m)

    def entity_id(self, m: Mention) -> str | None:
        """The entity of ``m``, without adding an amount's entity."""
        if m.label in AMOUNT_LABELS:
            return f"{m.label}:{m.attrs.get('raw', m.text)}@{self.doc.id}:{m.start}"
        return self.linked.entity_of(self.doc.id, m)

    def amount_entity(self, m: Mention) -> str:
        raw = m.attrs.get("raw", m.text)
        eid = f"{m.label}:{raw}@{self.doc.id}:{m.start}"
        if eid not in self.linked.entities:
            ent = Entity(id=eid, type=m.label, name=raw, attrs=dict(m.attrs))
            ent.mentions.append((self.doc.id, m))
            self.linked.entities[eid] = ent
        return eid

    def recent_org(self, article, before: int) -> str | None:
        for k in range(bisect.bisect_left(self.starts, before) - 1, -1, -1):
            m = self.mentions[k]
            if m.start < article.start:
                break
            if m.label == "ORG" and m.end <= before:
                return self.anchored(m)
        return None

    def inside(self, start: int, end: int) -> list[Mention]:
        """The mentions within ``[start, end)``, in order."""
        lo, hi = (bisect.bisect_left(self.starts, pos) for pos in (start, end))
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def article(self, art) -> str:
        """The node of an article itself: facts it states with no subject named (an amount)."""
        return self.synthetic("ARTICLE", art.title or f"{self.doc.id}#{art.index + 1}")

    def synthetic(self, type_: str, name: str) -> str:
        eid = node_id(type_, name)
        if eid not in self.linked.entities:
            self.linked.entities[eid] = Entity(id=eid, type=type_, name=name)
        return eid


@dataclass
class _Scope:
    """One sentence as the rules see it."""

    sent: Sentence
    mentions: list[Mention]  # the mentions rules read (descriptions of a kind left out)
    tagged: str  # the sentence with every mention a token (the pattern language)
    index: list  # token spans -> mentions
    everything: list[Mention]  # every mention in the sentence
    headline: bool


def extract_relations(
    dm: DocMentions,
    linked: Linked,
    rules: tuple[Rule, ...] | None = None,
    *,
    enabled: frozenset[str] | set[str] = frozenset(),
    strict: bool = False,
) -> list[Relation]:
    """Apply ``rules`` to every sentence of a document; every relation carries its evidence.

    A rule with ``when = NAME`` runs only when NAME is in ``enabled`` (``co_occurs``). Entities
    a rule needs that no mention names (an amount fact, a home city's 人大, an article) are
    added to ``linked.entities``. An edge whose ends do not fit its relation's types in
    vocabulary.json is dropped, or with ``strict`` raises :class:`~kg.errors.RuleError`
    (the tests run every rule strictly).
    """
    rules = [r for r in (rules or load_rules()) if r.params.get("when") in (None, *enabled)]
    ctx = _DocContext(dm, linked)
    ctx.clause = rules[0].params.get("clause", _NO_CLAUSE) if rules else _NO_CLAUSE
    out: list[Relation] = []
    seen: set = set()
    named: set[str] = set()  # the entities the current sentence names
    where: dict[str, list] = {}  # entity -> its spans in the current sentence

    def spans(eid: str, start: int, end: int) -> list[tuple[int, int]]:
        """Where the evidence ``[start, end)`` names ``eid``: its mentions, else where it
        was anchored, else where its name or an alias is written (a unit's parent)."""
        if eid in where:
            return where[eid]
        if eid in ctx.anchor_end:
            return [(ctx.anchor[eid], ctx.anchor_end[eid])]
        ent = ctx.linked.entities.get(eid)
        forms = sorted({ent.name, *ent.aliases} - {""}, key=len) if ent else []
        found = (
            m.span()
            for f in forms
            for m in re.compile(re.escape(f)).finditer(ctx.doc.text, start, end)
        )
        return list(itertools.islice(found, 8))

    def emit(rule, head, tail, sent, *, label=None, title="", former=None):
        if not head or not tail or head == tail or _fragment(head) or _fragment(tail):
            return
        if not fits_vocabulary(rule.relation, head, tail):
            if strict:
                raise RuleError(f"rule {rule.id!r} made {head} {rule.relation} {tail}")
            log.debug(
                "rule %s: %s -%s-> %s breaks the vocabulary", rule.id, head, rule.relation, tail
            )
            return
        start = sent.start
        back = [ctx.anchor[e] for e in (head, tail) if e not in named and e in ctx.anchor]
        if any(pos >= sent.start for pos in back):
            return  # named only later: this sentence cannot be referring to it
        if back:
            # the sentence refers to an entity named before it (出席活动, 该项目): the evidence
            # reaches back to the sentence that names it, within MAX_REACH characters
            start = _sentence_start(ctx.doc.text, min(back))
            if sent.end - start > MAX_REACH:
                return
        key = (head, tail, rule.relation, sent.start, former)
        amount_key = (tail, rule.relation) if tail.split(":", 1)[0] in AMOUNT_LABELS else None
        if key in seen or (amount_key and amount_key in seen):
            return
        seen.add(key)
        if amount_key:
            seen.add(amount_key)
        end = sent.end
        if end - start > MAX_EVIDENCE_CHARS:  # only a long sentence is windowed
            heads, tails = spans(head, start, end), spans(tail, start, end)
            start, end = window(ctx.doc.text, start, end, heads, tails)
        out.append(
            Relation(
                head=head,
                tail=tail,
                relation=rule.relation,
                label=label or rule.label,
                sentence=ctx.doc.text[start:end],
                doc=ctx.doc.id,
                start=start,
                end=end,
                rule=rule.id,
                confidence=rule.confidence,
                title=title,
                former=bool(rule.params.get("former", False) if former is None else former),
            )
        )

    sentence_rules = [r for r in rules if r.kind in SENTENCE_KINDS]
    article_rules = [r for r in rules if r.kind in ARTICLE_KINDS]
    for art in dm.articles:
        headlines = _headlines(ctx.doc, art)
        for sent in headlines + art.sentences:
            inside = ctx.inside(sent.start, sent.end)
            ms = [m for m in inside if not _description(ctx.doc.text, m)]
            tagged, index = _tag(sent, ms)
            scope = _Scope(sent, ms, tagged, index, inside, headline=sent in headlines)
            ctx.scope = scope
            named.clear()
            named.update(filter(None, (ctx.linked.entity_of(ctx.doc.id, m) for m in inside)))
            where.clear()
            for m in inside:
                where.setdefault(ctx.entity_id(m), []).append(m.span)
            for rule in sentence_rules:
                SENTENCE_KINDS[rule.kind](rule, ctx, art, scope, emit)
        for rule in article_rules:
            ARTICLE_KINDS[rule.kind](rule, ctx, art, out)
    return out


#: the longest evidence that reaches back to an earlier sentence, in characters
MAX_REACH = 1000


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (after 。！？; or a line break)."""
    return max(text.rfind(c, 0, pos) for c in "。！？；!?;\n") + 1


def fits_vocabulary(relation: str, head: str, tail: str) -> bool:
    """True when the node types of ``head`` and ``tail`` are allowed for ``relation``.

    An empty type list in vocabulary.json allows any type (co_occurs).
    """
    spec = vocabulary()["relations"][relation]
    head_type, tail_type = head.split(":", 1)[0], tail.split(":", 1)[0]
    return (not spec["head"] or head_type in spec["head"]) and (
        not spec["tail"] or tail_type in spec["tail"]
    )


#: What a description of a company says before its kind: 是一家服务型的B2B电子商务公司,
#: 美国最大的独立漫画公司, closing its clause. Not when it names one (一家名为…的公司) or runs
#: on into a name (中国最大的粮油食品企业中粮集团联手…).
_DESCRIPTION = re.compile(r'(?:一[家所]|最大的)[^，。；：,;:\s“”"《》（）()由\ue000\ue001]{0,16}$')
_DESCRIBED_KIND = re.compile(r"(?:公司|企业|集团|学校|大学|机构|工厂)$")


def _description(text: str, m: Mention) -> bool:
    """An organisation mention that describes a kind of company, not a company; rules skip it."""
    if m.label != "ORG" or not _DESCRIBED_KIND.search(m.text):
        return False
    if m.end < len(text) and text[m.end] not in "，。；：,;:！？":
        return False
    before = _DESCRIPTION.search(text, max(0, m.start - 18), m.start)
    return bool(before) and not re.search(r"名为|名叫|叫做|称为", before.group())


def _fragment(eid: str) -> bool:
    """A one-character person (仓 of 大仓和亲, split by a weak model) is never a relation end."""
    return eid.startswith("PERSON:") and len(eid) < len("PERSON:") + 2


def _headlines(doc, art) -> list[Sentence]:
    """An article's headline lines as sentences: 珠海格力电器董事长董明珠：… is evidence too."""
    if not art.title:
        return []
    end = art.sentences[0].start if art.sentences else art.end
    out, pos = [], art.start
    for line in doc.text[art.start : end].split("\n"):
        text = line.strip()
        if text and text in art.title:
            start = pos + line.index(text)
            for s, e in bounded(doc.text, start, start + len(text)):
                out.append(Sentence(doc.id, s, e, doc.text[s:e], art.index))
        pos += len(line) + 1
    return out


def _tag(sent, ms: list[Mention]) -> tuple[str, list[tuple[int, int, Mention]]]:
    """The sentence with each mention replaced by a token; index maps tokens to mentions."""
    parts, index, pos = [], [], sent.start
    length = 0  # of the parts so far
    for i, m in enumerate(ms):
        gap = sent.text[pos - sent.start : m.start - sent.start]
        parts.append(gap)
        tok_start = length + len(gap)
        tok = f"{_OPEN}{m.label}{i}{_CLOSE}"
        parts.append(tok)
        index.append((tok_start, tok_start + len(tok), m))
        length = tok_start + len(tok)
        pos = m.end
    parts.append(sent.text[pos - sent.start :])
    return "".join(parts), index


def _mentions_in(index, start: int, end: int) -> list[Mention]:
    return [m for s, e, m in index if start <= s and e <= end]


def _resolve(ref: str, match, ctx: _DocContext, art, index, before: int) -> list[str]:
    if ref == "@article_event":
        return [ctx.anchored(ctx.article_event.get(art.index))]
    if ref == "@home_city":
        return [ctx.home]
    if ref == "@recent_org":
        return [ctx.recent_org(art, before)]
    if ref == "@article":
        return [ctx.article(art)]
    if ref == "@opening_person":
        return [_opening_person(ctx)]
    if ref == "@subject":
        return [_subject(ctx, art, index, match.start() if match else 0)]
    if ref.startswith("@employer:"):
        people = _mentions_in(index, *_span(match, ref.split(":", 1)[1]))
        return [ctx.employer.get(ctx.entity(p)) for p in people]
    return [ctx.entity(m) for m in _mentions_in(index, *_span(match, ref))]


def _span(match, ref: str) -> tuple[int, int]:
    """The span of group ``ref``; ``a|b`` names alternative groups, whichever took part."""
    for name in ref.split("|"):
        if match.group(name) is not None:
            return match.span(name)
    return (-1, -1)


#: what a clause looks like to @subject and head_is_subject ([clause] in relations.toml)
_NO_CLAUSE = {
    "object_words": frozenset(),
    "opener_tags": frozenset(),
    "object_tags": frozenset(),
    "not_object_words": frozenset(),
}
_CLAUSE_BREAK = re.compile(r"[，。；：,;:！？!?（）()]")


def _clause_before(ctx: _DocContext, scope: _Scope, m: Mention) -> str:
    """The text of ``m``'s clause before it, mentions left out."""
    text = ctx.doc.text
    start = scope.sent.start
    for b in _CLAUSE_BREAK.finditer(text, start, m.start):
        start = b.end()
    out, pos = [], start
    for o in scope.everything:
        if start <= o.start and o.end <= m.start and o.start >= pos:
            out.append(text[pos : o.start])
            pos = o.end
    out.append(text[pos : m.start])
    return "".join(out)


def _object_position(ctx: _DocContext, scope: _Scope, m: Mention) -> bool:
    """True when a verb or preposition of its clause comes right before ``m`` (参与闻泰科技)."""
    clause = ctx.clause
    words = words_of(_clause_before(ctx, scope, m)) if m.start > scope.sent.start else []
    if not words:
        return False
    word, tag = words[-1]
    return word not in clause["not_object_words"] and tag in clause["object_tags"]


def _subject(ctx: _DocContext, art, index, token_pos: int) -> str:
    """Who the sentence is about before token position ``token_pos``: the last organisation
    or place that opens its clause (only time words or adverbs before it: 2018年后，格力电器…),
    else the article itself."""
    found = None
    scope, clause = ctx.scope, ctx.clause
    for tok_start, _e, m in index:
        if tok_start >= token_pos:
            break
        if m.label not in ("ORG", "LOC"):
            continue
        if ctx.doc.text.find("的", m.end, m.end + 4) >= 0:
            continue  # 泉州地区的陶瓷…: a name that qualifies the subject is not the subject
        before = words_of(_clause_before(ctx, scope, m))
        if all(t in clause["opener_tags"] or not any(map(is_han, w)) for w, t in before):
            found = m
    return ctx.entity(found) if found else ctx.article(art)


def _apply_pattern(rule: Rule, ctx, art, scope: _Scope, emit) -> None:
    p = rule.params
    sent, index = scope.sent, scope.index
    lo, hi = 0, len(scope.tagged)
    if p.get("only_after"):
        # 张晓阳，…现任A会长，B董事长: only the posts after 现任, up to 曾任 if it follows
        first = p["only_after"].search(scope.tagged)
        if first is None:
            return
        lo = first.start()
        stop = p["stop_at"].search(scope.tagged, first.end()) if p.get("stop_at") else None
        hi = stop.start() if stop else hi
    for match in rule.regex.finditer(scope.tagged, lo, hi):
        if p.get("respectively"):
            _emit_respectively(rule, ctx, scope, match, emit)
            continue
        # @recent_org stands for an anaphor (该项目, 达产后, 企业): named before the sentence
        before = sent.start
        heads = _resolve(p["head"], match, ctx, art, index, before)
        if p.get("head_is_subject") and not p["head"].startswith("@"):
            # 参与闻泰科技, 向上海润盒: an organisation after a verb or preposition is no investor;
            # the sentence's subject is, else the article states the amount
            group = _mentions_in(index, *_span(match, p["head"]))
            if any(_object_position(ctx, scope, m) for m in group):
                heads = [_subject(ctx, art, index, match.start())]
        tails = _resolve(p["tail"], match, ctx, art, index, before)
        label = match.group(p["label_group"]) if p.get("label_group") else None
        if p.get("team_group") and not all(
            _is_team(m.text) for m in _mentions_in(index, *_span(match, p["team_group"]))
        ):
            continue  # 金州勇士的达雷尔-莱特: only a sports team's people are its players
        if any(
            not_name.fullmatch(m.text)
            for group, not_name in p.get("not_names", {}).items()
            for m in _mentions_in(index, *_span(match, group))
        ):
            continue  # 北美欧洲: a continent lies in no place written before it
        titles: list[str] = []
        if p.get("title_group"):
            titles = [m.text for m in _mentions_in(index, *_span(match, p["title_group"]))]
        if p.get("title_filter") and not any(p["title_filter"].fullmatch(t) for t in titles):
            continue  # 新华社…，国家主席习近平: not a title the opening organisation has
        for h in heads:
            for t in tails:
                if not titles:
                    emit(rule, h, t, sent, label=label)
                    continue
                for relation, group in _by_relation(rule, titles):
                    own = relation == rule.relation
                    emit(
                        _as(rule, relation),
                        h,
                        t,
                        sent,
                        label=(label if own else None) or group[-1],
                        title="、".join(group),
                    )


def _emit_respectively(rule: Rule, ctx, scope: _Scope, match, emit) -> None:
    """Names and posts paired in order (分别): 李克难、王俊锋分别任信达澳银、信诚基金总经理 gives
    李克难 a post at 信达澳银 and 王俊锋 one at 信诚基金, both 总经理; 甲、乙分别任A公司董事长、B
    公司总经理 gives each their own. Nothing when the counts differ."""
    people = [
        m
        for m in _mentions_in(scope.index, *_span(match, rule.params["head"]))
        if m.label == "PERSON"
    ]
    posts: list[list] = []  # [organisation, its titles]
    for m in _mentions_in(scope.index, *_span(match, rule.params["tail"])):
        if m.label in ("ORG", "LOC"):
            posts.append([m, []])
        elif m.label == "TITLE":
            untitled = [post for post in posts if not post[1]]
            for post in untitled or posts[-1:]:
                post[1].append(m.text)
    if len(people) < 2 or len(people) != len(posts) or not all(t for _o, t in posts):
        return
    for person, (org, titles) in zip(people, posts, strict=True):
        for relation, group in _by_relation(rule, titles):
            emit(
                _as(rule, relation),
                ctx.entity(person),
                ctx.entity(org),
                scope.sent,
                label=group[-1],
                title="、".join(group),
            )


@lru_cache(maxsize=1)
def _team_names() -> frozenset[str]:
    """Every way kg/data/lexicons/teams.json writes a team: 金州勇士, 勇士, 勇士队."""
    text = resources.files("kg").joinpath("data/lexicons/teams.json").read_text(encoding="utf-8")
    try:
        data = json.loads(text)
        names = {city + name for city, name in data["teams"]} | {n for _c, n in data["teams"]}
        suffix = data["team_suffix"]
    except (json.JSONDecodeError, KeyError, ValueError) as exc:
        raise RuleError(f"teams.json: missing or bad key: {exc!r}") from exc
    return frozenset(names | {n + suffix for n in names})


def _is_team(name: str) -> bool:
    return name in _team_names()


def _by_relation(rule: Rule, titles: list[str]) -> list[tuple[str, list[str]]]:
    """Titles grouped by the relation they make: 创始人 founded, the rule's own for the rest.

    The derived relations come first, as they always have (创始人兼董事长: founded, then
    holds_position 董事长).
    """
    derived = dict(rule.params.get("title_relations", {}))
    endings = rule.params.get("title_endings", {})
    for t in titles:
        # 新秀前锋, 得分后卫: a player whatever the kind
        ending = next((e for e in endings if t.endswith(e) and t not in derived), None)
        if ending:
            derived[t] = endings[ending]
    groups: dict[str, list[str]] = {}
    for t in titles:
        if t in derived:
            groups.setdefault(derived[t], []).append(t)
    own = [t for t in titles if t not in derived]
    out = list(groups.items())
    if own:
        out.append((rule.relation, own))
    return out


def _apply_cue(rule: Rule, ctx, art, scope: _Scope, emit) -> None:
    p = rule.params
    sent, ms = scope.sent, scope.mentions
    fallback_after = p.get("fallback_after")
    fallback_not_after = p.get("fallback_not_after")
    subjects, objects = set(p.get("subjects", [])), set(p.get("objects", []))
    clause_start = sent.start
    text = sent.text
    subject_after = p.get("subject_after")
    for cue in rule.regex.finditer(text):
        cs, ce = sent.start + cue.start(), sent.start + cue.end()
        if any(m.start < cs < m.end or m.start < ce - 1 < m.end for m in ms):
            continue  # the cue word is inside a name (出席 in an event name)
        if subject_after:
            # 新华社…电（记者刘东凯）, 外交部宣布, 陈冯富珍邀请: who speaks, reports or invites
            # is no subject of the cue; its subjects come after the last such word
            ends = [
                m.end()
                for m in subject_after.finditer(text, clause_start - sent.start, cue.start())
            ]
            if ends:
                clause_start = max(clause_start, sent.start + ends[-1])
        subj = [
            m
            for i, m in enumerate(ms)
            if m.label in subjects
            and clause_start <= m.start
            and m.end <= cs
            and not _is_affiliation(m, ms[i + 1] if i + 1 < len(ms) else None)
            and m.source != "byline"
        ]
        # 代表国家主席胡锦涛出席: whom someone stands for, welcomes or invites is no subject
        subj = [m for m in subj if not _after_object_word(ctx, scope, m)]
        if p.get("not_subject_before"):
            # 世博局、团市委等领导出席: the leaders attend; the organisations only qualify them
            subj = _not_qualifiers(ctx.doc.text, subj, p["not_subject_before"])
        obj = next((m for m in ms if m.label in objects and m.start >= ce), None)
        after = None  # where what is attended ends
        fallback = fallback_after.match(text, cue.end()) if fallback_after else None
        if obj:
            tail, after = ctx.entity(obj), obj.end
        elif fallback and not (
            fallback_not_after and fallback_not_after.search(text, 0, cue.start())
        ):
            tail = _resolve(p.get("fallback", ""), None, ctx, art, [], cs)[0]
            after = sent.start + fallback.end()
        else:
            tail = None  # 参加澳门第三届行政长官选举: what is attended is no event here
        if after is not None and ctx.doc.text.startswith("的", after):
            # 出席对话会议的国务委员戴秉国: a relative clause; its subject is the name after 的
            nxt = next((m for m in ms if m.start > after and m.label != "TITLE"), None)
            gap = ctx.doc.text[after + 1 : nxt.start] if nxt else ""
            for t in (m for m in ms if nxt and after < m.start and m.end <= nxt.start):
                gap = gap.replace(t.text, "")  # titles between: 的国务委员戴秉国
            right = nxt and nxt.label in subjects and len(gap) <= 2
            # only people: 出席仪式的还有解放军四总部、…的领导 (the leaders attend)
            subj = _listed_from(ctx, ms, nxt) if right and nxt.label == "PERSON" else []
        for m in subj:
            emit(rule, ctx.entity(m), tail, sent)
        clause_start = ce


def _opening_person(ctx: _DocContext) -> str | None:
    """The person a sentence opens with, set off by ，/：/（: 张晓阳，男，…现任…"""
    scope = ctx.scope
    first = scope.mentions[0] if scope.mentions else None
    text = ctx.doc.text
    if (
        first is None
        or first.label != "PERSON"
        or text[scope.sent.start : first.start].strip()
        or not text.startswith(("，", ",", "：", ":", "（", "("), first.end)
    ):
        return None
    return ctx.entity(first)


def _listed_from(ctx: _DocContext, ms: list[Mention], first: Mention) -> list[Mention]:
    """``first`` and the names listed after it (、/和/及, titles between): 出席的还有甲、乙和丙."""
    out = [first]
    rest = [m for m in ms if m.start >= first.end]
    for m in rest:
        if m.label == "TITLE":
            continue
        gap = ctx.doc.text[out[-1].end : m.start]
        for t in (t for t in rest if out[-1].end <= t.start and t.end <= m.start):
            gap = gap.replace(t.text, "")
        if m.label != first.label or gap not in ("、", "和", "及", "以及", "，"):
            break
        out.append(m)
    return out


def _not_qualifiers(text: str, subj: list[Mention], qualified: re.Pattern) -> list[Mention]:
    """``subj`` without the organisations that qualify people: 世博局、团市委等领导 (the list
    shares the qualifier of its last member)."""
    dropped: set[int] = set()
    nxt = None
    for m in reversed(subj):
        listed = (
            nxt is not None and id(nxt) in dropped and text[m.end : nxt.start] in ("、", "和", "及")
        )
        if m.label != "PERSON" and (qualified.match(text, m.end) or listed):
            dropped.add(id(m))
        nxt = m
    return [m for m in subj if id(m) not in dropped]


def _after_object_word(ctx: _DocContext, scope: _Scope, m: Mention) -> bool:
    """True when ``m`` follows a word that makes it an object: 代表, 邀请, 欢迎 ([clause])."""
    before = _clause_before(ctx, scope, m).rstrip()
    return any(before.endswith(w) for w in ctx.clause["object_words"])


def _is_affiliation(m: Mention, nxt: Mention | None) -> bool:
    """商务部投资促进事务局 in 商务部投资促进事务局局长刘民强 is his employer, not a subject."""
    return (
        m.label in ("ORG", "LOC")
        and nxt is not None
        and nxt.label == "TITLE"
        and nxt.start == m.end
    )


def _apply_title_chain(rule: Rule, ctx: _DocContext, art, scope: _Scope, emit) -> None:
    """People after their titles: 商务部投资促进事务局局长刘民强, 市委副书记、市长周军波."""
    ms = scope.mentions
    chain_tail: dict[int, str] = {}  # person index -> the organisation of their last title
    listed: dict[int, tuple] = {}  # person index -> titles that the next listed name shares
    list_titles = set(rule.params.get("list_titles", ()))
    for i, person in enumerate(ms):
        if person.label != "PERSON":
            continue
        segments, k, cursor = _title_segments(rule.params, ctx, ms, i)
        if not segments:
            # 中央军委委员梁光烈、陈炳德: a name listed after one with a list title shares it
            before = ms[i - 1] if i else None
            if before and i - 1 in listed and ctx.doc.text[before.end : person.start] == "、":
                groups, member = listed[i] = listed[i - 1]
                _emit_titles(rule, ctx, scope.sent, ctx.entity(person), groups, member, emit)
            continue
        # a title without its own organisation belongs to the one before it (董事长兼总经理),
        # also across the person before (首都师范大学党委书记郑萼、校长孟繁华)
        last_tail = None
        if (
            0 <= k < i
            and ms[k].label == "PERSON"
            and ctx.doc.text[ms[k].end : cursor] in ("", "、")
        ):
            last_tail = chain_tail.get(k)
            if segments[0].tail is None and not lexicons().titles.fullmatch(segments[0].title):
                # 民建中央常务副主席马培华、交通运输部部长李盛霖: a title with a department of
                # its own is no post of the organisation of the person before
                last_tail = None
        groups, member, last_tail = _assign_titles(rule.params, ctx, segments, last_tail)
        if last_tail:
            chain_tail[i] = last_tail
        if segments[-1].title in list_titles:
            listed[i] = (groups, member)
        _emit_titles(rule, ctx, scope.sent, ctx.entity(person), groups, member, emit)


@dataclass(frozen=True)
class _Segment:
    """One title of a chain: as written, whose it is, and whether it is a former post."""

    title: str  # as written, a descriptive part kept (直投业务总经理)
    tail: str | None  # the organisation it belongs to, when named right before it
    home: bool  # the paper's own city (市长, 市委书记)
    former: bool  # 原局长, 前主席, X公司原董事长


def _title_segments(p: dict, ctx: _DocContext, ms: list[Mention], i: int):
    """The titles right before person ``ms[i]``, each with its organisation.

    Returns ``([_Segment], index of the mention before the chain, where the chain starts)``.
    """
    text = ctx.doc.text
    joiners = tuple(p.get("joiners", ["、"]))
    person_joiners = tuple(p.get("person_joiners", [""]))
    segments: list[_Segment] = []
    cursor, k = ms[i].start, i - 1
    while k >= 0 and ms[k].label == "TITLE":
        title = ms[k]
        if _word_across_end(text, title) and not (
            not segments and ms[i].text[:1] in lexicons().surnames
        ):
            break  # 不会长期: no title, only the middle of two words (董事长江先周: a name)
        gap = text[title.end : cursor]
        if (segments and gap not in joiners) or (not segments and gap not in person_joiners):
            break
        tail, home, start, written = _title_owner(p, ctx, ms, k)
        org_end = title.start
        if tail is not None:
            org_end = ms[k - 1].end
            k -= 1  # the organisation is part of the chain
            while k >= 1 and ms[k - 1].start >= start:
                k -= 1  # and so is all it took to name it (中国驻马来西亚大使)
        former = _former(p, text, org_end, title.start) or _former(p, text, start, start)
        if segments and not segments[0].former and _former(p, gap, 0, len(gap)):
            segments[0] = replace(segments[0], former=True)  # 董事长、原总经理
        segments.insert(0, _Segment(written, tail, home, former))
        cursor, k = start, k - 1
    return segments, k, cursor


def _word_across_end(text: str, title: Mention) -> bool:
    """True when a dictionary word of jieba runs across the title's end (不会长期: 长期,
    进行长盛: 长盛); a word ending with it (银行行长) is fine."""
    start = max(0, title.start - 6)
    pos = start
    for word, tag in words_of(text[start : min(len(text), title.end + 6)]):
        if pos < title.end < pos + len(word) and len(word) > 1 and tag:
            return True
        pos += len(word)
    return False


def _former(p: dict, text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` (or the text right before ``start``) marks a former post.

    ``X公司原董事长``: the mark between organisation and title; ``前主席王某``, ``、原局长``:
    right before the title, not inside a word (目前, 此前).
    """
    marks = tuple(p.get("former_marks", ()))
    if any(m in text[start:end] for m in marks):
        return True
    for m in marks:
        if text.endswith(m, max(0, start - len(m)), start):
            pos = start - len(m)
            return pos == 0 or not is_han(text[pos - 1]) or text[pos - 1] in "、兼和"
    return False


def _title_owner(p: dict, ctx: _DocContext, ms: list[Mention], k: int):
    """Whose title ``ms[k]`` is: ``(organisation entity or None, home city?, chain start,
    the title as written)``.

    The organisation right before it (商务部投资促进事务局局长), also across a short
    descriptive part of nouns that then stays in the title (新展银行直投业务总经理); else the
    paper's own city when 市/我市 comes before it or the title itself means the city (市长).
    """
    text = ctx.doc.text
    title = ms[k]
    org_joiners = tuple(p.get("org_joiners", [""]))
    if k >= 1 and ms[k - 1].label in ("ORG", "LOC"):
        gap = text[ms[k - 1].end : title.start]
        envoy = _envoy_owner(p, ctx, ms, k)
        if envoy:
            return envoy
        region = _region_of_org(p, ctx, ms, k)
        if region:
            return region
        department = _department_of(p, ctx, ms[k - 1])
        if department and (gap in org_joiners or _descriptive(p, gap)):
            owner, dept = department
            return owner, False, ms[k - 1].start, dept + gap + title.text
        annotations = p.get("org_annotations")
        if (annotations.sub("", gap) if annotations else gap) in org_joiners:
            # 北京外国语大学（微博）原校长: a web page's link note is no text between
            return _as_written(p, ctx, ms[k - 1]), False, ms[k - 1].start, title.text
        unit = _unit_after(p, ctx, ms[k - 1], title)
        if unit:
            return unit, False, ms[k - 1].start, title.text
        if _descriptive(p, gap):
            owner = _as_written(p, ctx, ms[k - 1])
            return owner, False, ms[k - 1].start, gap.strip() + title.text
    fused = _fused_owner(ctx, title)
    if fused:
        return fused
    home_prefixes = sorted(p.get("home_prefixes", []), key=len, reverse=True)
    before = text[max(0, title.start - 2) : title.start]
    prefix = next((h for h in home_prefixes if before.endswith(h)), None)
    if prefix and not _part_of_word(text, title.start - len(prefix)):
        return None, True, title.start - len(prefix), title.text
    return None, title.text in p.get("home_titles", ()), title.start, title.text


def _department_of(p: dict, ctx: _DocContext, org: Mention) -> tuple[str, str] | None:
    """A company's department read into its name: 武汉诺贝尔瓷砖市场部 before a title is
    武汉诺贝尔瓷砖 and the department 市场部, which the title keeps (市场部相关负责人).
    Returns ``(the organisation's entity, the department as written)`` or None.

    The organisation is the longest start of the name that the page names as one, else all
    before the department word."""
    departments = p.get("departments")
    found = departments.search(org.text) if departments and org.label == "ORG" else None
    if found is None or found.end() != len(org.text):
        return None
    for cut in range(found.start(), 1, -1):
        named = ctx.org_named(org.text[:cut])
        if named is not None and found.start() - cut <= 4:
            owner = ctx.entity(named)
            if owner == ctx.entity(org):
                # linked as one entity (a start of a name read as its abbreviation): the
                # organisation is a node of its own
                owner = ctx.synthetic("ORG", org.text[:cut])
            return owner, org.text[cut:]
    # 中原地产三级市场部, 生活家地板华北区营销部: a grade or a region belongs to the department
    words = words_of(org.text[: found.start()])
    while words and (words[-1][1] in ("b", "m", "f") or words[-1][0].endswith("区")):
        words.pop()
    name = "".join(w for w, _t in words)
    if len(name) < 2 or is_place_name(name):
        return None
    return ctx.synthetic("ORG", name), org.text[len(name) :]


def _region_of_org(p: dict, ctx: _DocContext, ms: list[Mention], k: int):
    """A company's region before a title: 耐克公司中国体育市场总监 is a post of 耐克公司 (the
    title 中国体育市场总监 as written), not of 中国. Returns what :func:`_title_owner`
    returns, or None."""
    text, title = ctx.doc.text, ms[k]
    if k < 2 or ms[k - 1].label != "LOC" or ms[k - 2].label != "ORG":
        return None
    region, org = ms[k - 1], ms[k - 2]
    gap = text[region.end : title.start]
    if org.end != region.start or not (gap in ("", "区") or _descriptive(p, gap)):
        return None
    return ctx.entity(org), False, org.start, text[region.start : title.start] + title.text


def _envoy_owner(p: dict, ctx: _DocContext, ms: list[Mention], k: int):
    """A country's envoy: 英国驻华大使 (a post of 英国, the title 驻华大使 as written),
    中国驻马来西亚大使 (of 中国, not of 马来西亚). Returns what :func:`_title_owner` returns,
    or None."""
    envoy = p.get("envoy_gap")
    if envoy is None:
        return None
    text, title = ctx.doc.text, ms[k]
    for j in (k - 1, k - 2):
        if j < 0 or ms[j].label != "LOC":
            continue
        if any(m.label not in ("LOC", "ORG") for m in ms[j + 1 : k]):
            return None
        gap = text[ms[j].end : title.start]
        if envoy.fullmatch(gap):
            return ctx.entity(ms[j]), False, ms[j].start, gap + title.text
    return None


def _fused_owner(ctx: _DocContext, title: Mention):
    """An organisation written into the title: 中国商务部副部长 (a country's ministry read as a
    department of the title), 商务部长 (商务部 + 部长 sharing 部). Returns what
    :func:`_title_owner` returns, or None."""
    text, lex = ctx.doc.text, lexicons()
    base = next(
        (
            title.text[i:]
            for i in range(1, len(title.text) - 1)
            if lex.titles.fullmatch(title.text[i:])
        ),
        None,
    )
    if base:
        prefix = title.text[: -len(base)]
        words = [w for w, _t in words_of(prefix)]
        body = prefix[len(words[0]) :]
        # a country or place, then a ministry word of jieba's dictionary (商务部, not 西欧部)
        if len(body) >= 3 and is_place_name(words[0]) and body in word_tags():
            return ctx.synthetic("ORG", prefix), False, title.start, base
    if title.text == "部长" and title.start >= 2:
        name = text[title.start - 2 : title.start] + "部"
        starts_word = title.start == 2 or not is_han(text[title.start - 3])
        if starts_word and word_tags().get(name) == "nt":
            return ctx.synthetic("ORG", name), False, title.start - 2, title.text
    return None


def _as_written(p: dict, ctx: _DocContext, m: Mention) -> str | None:
    """The entity of ``m``; when linking read an organisation as the short name of one of its
    own units or departments (方太集团 as 方太集团杭州分公司, 国家发改委 as 国家发改委能源研究所),
    a node of the name as written instead."""
    eid = ctx.entity(m)
    ent = ctx.linked.entities.get(eid) if eid else None
    if m.label != "ORG" or ent is None or not ent.name.startswith(m.text) or ent.name == m.text:
        return eid
    rest = ent.name[len(m.text) :]
    units, departments = p.get("units"), p.get("departments")
    if (units and units.suffix.search(rest)) or (departments and departments.search(rest)):
        return ctx.synthetic("ORG", m.text)
    return eid


def _unit_after(p: dict, ctx: _DocContext, org: Mention, title: Mention) -> str | None:
    """The unit named between an organisation and a title, as an organisation of its own:
    中国人民大学经济体制改革与发展研究院副院长 is a post of 中国人民大学经济体制改革与发展研究院
    (part of 中国人民大学, the rule ``unit_name`` says). None when the text between is no unit."""
    units = p.get("units")
    gap = ctx.doc.text[org.end : title.start]
    if units is None or org.label != "ORG" or not units.unit_part(gap):
        return None
    return ctx.synthetic("ORG", org.text + gap)


def _descriptive(p: dict, gap: str) -> bool:
    """A department or line of work between an organisation and a title (直投业务, 家居版,
    全国销售, 社会学): a few words that jieba tags as nouns, no verb, no punctuation."""
    limit = int(p.get("descriptive_max", 0))
    if not gap or len(gap) > limit or not all(is_han(c) for c in gap):
        return False
    tags = set(p.get("descriptive_tags", ()))
    words = set(p.get("descriptive_words", ()))
    return all(w in words or t in tags for w, t in words_of(gap))


def _assign_titles(p: dict, ctx: _DocContext, segments: list[_Segment], last_tail: str | None):
    """Group a person's titles by the organisation they hold them in (and former or not).

    Member titles (人大代表) go to ``member`` (body -> title) instead; a title with no
    organisation of its own takes the one before it. Returns ``(groups, member, last_tail)``
    with ``groups`` mapping ``(tail, former)`` to titles.
    """
    member_titles = p.get("member_titles", {})
    groups: dict[tuple[str, bool], list[str]] = {}
    member: dict[str, str] = {}
    for seg in segments:
        tail = seg.tail
        if seg.title in member_titles and (seg.home or tail):
            if tail:
                member[tail] = seg.title
            else:
                home_entity = ctx.linked.entities.get(ctx.home) if ctx.home else None
                if home_entity:
                    body = ctx.synthetic("ORG", home_entity.name + member_titles[seg.title])
                    member[body] = seg.title
            continue
        if tail is None and seg.home:
            tail = ctx.home
        if tail is None and seg.title in p.get("own_scope_titles", ()):
            continue  # 中共中央总书记、国家主席: a state post is no post of the party
        if tail is None:
            tail = last_tail
        if tail is None:
            continue
        groups.setdefault((tail, seg.former), []).append(seg.title)
        last_tail = tail
    return groups, member, last_tail


def _emit_titles(rule: Rule, ctx: _DocContext, sent, head, groups, member, emit) -> None:
    for (tail, former), titles in groups.items():
        for relation, group in _by_relation(rule, titles):
            emit(
                _as(rule, relation),
                head,
                tail,
                sent,
                label=group[-1],
                title="、".join(group),
                former=former,
            )
            if relation == rule.relation and head and tail and tail.startswith("ORG:"):
                if not former:
                    ctx.employer.setdefault(head, tail)
    for body, title in member.items():
        emit(_as(rule, rule.params["member_relation"]), head, body, sent, label=title, title=title)


def _part_of_word(text: str, pos: int) -> bool:
    """True when the 市 before a title belongs to a longer word (城市人大代表, not 与市人大代表)."""
    if pos <= 0:
        return False
    ch = text[pos - 1]
    return is_han(ch) and ch not in lexicons().stop_chars and ch not in "我全本"


@lru_cache(maxsize=64)
def _as(rule: Rule, relation: str) -> Rule:
    return Rule(
        id=rule.id,
        kind=rule.kind,
        relation=relation,
        label=relation_label(relation),
        confidence=rule.confidence,
        params=rule.params,
    )


def _apply_byline(rule: Rule, ctx: _DocContext, art, out: list[Relation]) -> None:
    if not art.bylines:
        return
    article_id = ctx.article(art)
    for role, _name, start, end in art.bylines:
        person = ctx.linked.by_mention.get((ctx.doc.id, start, end))
        if not person:
            continue
        line_start = ctx.doc.text.rfind("\n", 0, start) + 1
        line_end = ctx.doc.text.find("\n", end)
        line_end = len(ctx.doc.text) if line_end < 0 else line_end
        line_start, line_end = window(ctx.doc.text, line_start, line_end, [(start, end)], [])
        out.append(
            Relation(
                head=person,
                tail=article_id,
                relation=rule.relation,
                label=role,
                sentence=ctx.doc.text[line_start:line_end],
                doc=ctx.doc.id,
                start=line_start,
                end=line_end,
                rule=rule.id,
                confidence=rule.confidence,
                title=role,
            )
        )


def _apply_co_occurs(rule: Rule, ctx: _DocContext, art, scope: _Scope, emit) -> None:
    """Every pair of entities named in one body sentence (headlines are left out)."""
    if scope.headline:
        return
    ids: list[str] = []
    for m in scope.everything:
        if m.label in LINKED_TYPES:
            eid = ctx.linked.entity_of(ctx.doc.id, m)
            if eid and eid not in ids:
                ids.append(eid)
    for a, b in itertools.combinations(sorted(ids), 2):
        emit(rule, a, b, scope.sent)


def _apply_unit_name(rule: Rule, ctx: _DocContext, art, scope: _Scope, emit) -> None:
    """An organisation named as a unit of another: 中国人民大学经济体制改革与发展研究院 is
    part of 中国人民大学, 方太集团杭州分公司 of 方太集团.

    The longer name starts with a whole name that ends in an organisation word (大学, 集团,
    银行…), cut at a word boundary, and goes on for at least ``min_rest`` characters. The
    shorter organisation is the page's own mention of it, or else a node of its own.
    """
    lex = lexicons()
    min_rest = int(rule.params.get("min_rest", 2))
    units = rule.params.get("units")
    ms = scope.mentions
    for i, m in enumerate(ms):
        if m.label != "ORG":
            continue
        nxt = ms[i + 1] if i + 1 < len(ms) else None
        unit = _unit_after(rule.params, ctx, m, nxt) if nxt and nxt.label == "TITLE" else None
        if unit:
            # 中国人民大学经济体制改革与发展研究院副院长: the unit before the title
            emit(rule, unit, ctx.entity(m), scope.sent)
            continue
        parent = _parent_name(m.text, lex, min_rest) or _named_parent(ctx, units, m.text)
        if parent is None:
            continue
        same = ctx.org_named(parent)
        tail = _as_written(rule.params, ctx, same) if same else ctx.synthetic("ORG", parent)
        emit(rule, ctx.entity(m), tail, scope.sent)


def _named_parent(ctx: _DocContext, units: _Units | None, name: str) -> str | None:
    """The organisation a unit's name starts with, when the rest is a unit's name
    ([units]): 发改委财政金融司 (发改委 named on the page), 中共中央党校研究室 (a word jieba
    tags as an organisation)."""
    if units is None:
        return None
    pos = 0
    for word, tag in words_of(name)[:-1]:
        pos += len(word)
        parent, rest = name[:pos], name[pos:]
        if len(parent) < 2 or not units.unit_part(rest):
            continue
        if tag in units.parent_tags or ctx.org_named(parent):
            return parent
    return None


def _parent_name(name: str, lex, min_rest: int) -> str | None:
    """The longest organisation name that ``name`` starts with, or None."""
    bounds = set()
    pos = 0
    for word, _tag in words_of(name):
        pos += len(word)
        bounds.add(pos)
    for match in sorted(lex.org_suffixes.finditer(name), key=lambda m: -m.end()):
        end = match.end()
        parent = name[:end]
        if end not in bounds or len(name) - end < min_rest or len(parent) < 4:
            continue
        if not is_han(name[end]):
            continue  # 欧洲管理学院-巴黎HEC商学院: one school's two names
        if LEGAL_FORM.fullmatch(name[end:]) or lex.org_suffixes.fullmatch(name[end:]):
            continue  # 金州控股集团有限公司 is 金州控股集团 itself
        if lex.org_suffixes.fullmatch(name[end + 1 :]) and name[end] in "市省县区":
            continue  # 北京市委市政府: two bodies side by side
        if re.search("一[所家个座]", parent):
            continue  # 美国一所文理学院拉法耶特学院: a description before a name
        if names_one_thing(name[: match.start()], lex):
            return parent
    return None


#: rule kind -> the function applying a rule of that kind to one sentence
SENTENCE_KINDS = {
    "title_chain": _apply_title_chain,
    "cue": _apply_cue,
    "pattern": _apply_pattern,
    "co_occurs": _apply_co_occurs,
    "unit_name": _apply_unit_name,
}
#: rule kind -> the function applying a rule of that kind to one article
ARTICLE_KINDS = {"byline": _apply_byline}
KINDS = {**SENTENCE_KINDS, **ARTICLE_KINDS}
