"""The rule engine: relation rules from data files applied to each sentence's mentions."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kg.errors import RuleError
from kg.graph.schema import node_id, relation_label, vocabulary
from kg.link.resolve import DocMentions, Linked
from kg.types import Entity, Mention, Relation, Sentence

__all__ = ["Rule", "load_rules", "extract_relations", "compile_pattern", "AMOUNT_LABELS"]

AMOUNT_LABELS = ("MONEY", "QUANTITY", "PERCENT")
KINDS = ("title_chain", "cue", "pattern", "byline")
_OPEN, _CLOSE = "\ue000", "\ue001"
_SPECIAL_HEADS = ("@article_event", "@home_city", "@recent_org")


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
        if head == "NOT":
            if not name:
                raise RuleError(f"{{NOT}} needs types, e.g. {{NOT:ORG|LOC}} in {pattern!r}")
            return f"(?:(?!{_OPEN}(?:{name})\\d)[^。])*?"
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
            raise RuleError(f"{where}: rule {rid!r} has unknown kind {kind!r}; use one of {KINDS}")
        relation = raw.get("relation")
        if relation not in relations:
            raise RuleError(f"{where}: rule {rid!r} has unknown relation {relation!r}")
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
        elif kind == "cue":
            try:
                regex = re.compile(raw["cue"])
            except (KeyError, re.error) as exc:
                raise RuleError(f"{where}: rule {rid!r}: bad or missing cue: {exc}") from exc
        params = {k: v for k, v in raw.items() if k not in ("id", "kind", "relation", "label")}
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


# ------------------------------------------------------------------ the engine


class _DocContext:
    """What rules may refer to inside one document."""

    def __init__(self, dm: DocMentions, linked: Linked):
        self.dm = dm
        self.doc = dm.doc
        self.linked = linked
        self.mentions = sorted(dm.mentions, key=lambda m: m.start)
        self.home = linked.home.get(dm.doc.id)
        self.employer: dict[str, str] = {}
        self.article_event: dict[int, str | None] = {}
        for art in dm.articles:
            events = [
                m for m in self.mentions if m.label == "EVENT" and art.start <= m.start < art.end
            ]
            self.article_event[art.index] = self.entity(events[0]) if events else None

    def entity(self, m: Mention) -> str | None:
        if m.label in AMOUNT_LABELS:
            return self.amount_entity(m)
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
        for m in reversed(self.mentions):
            if m.label == "ORG" and article.start <= m.start and m.end <= before:
                return self.entity(m)
        return None

    def synthetic(self, type_: str, name: str) -> str:
        eid = node_id(type_, name)
        if eid not in self.linked.entities:
            self.linked.entities[eid] = Entity(id=eid, type=type_, name=name)
        return eid


def extract_relations(
    dm: DocMentions, linked: Linked, rules: tuple[Rule, ...] | None = None
) -> list[Relation]:
    """Apply ``rules`` to every sentence of a document; every relation carries its evidence.

    Entities a rule needs that no mention names (an amount fact, a home city's 人大, an
    article) are added to ``linked.entities``.
    """
    rules = rules or load_rules()
    ctx = _DocContext(dm, linked)
    out: list[Relation] = []
    seen: set = set()

    def emit(rule, head, tail, sent, *, label=None, title=""):
        if not head or not tail or head == tail or _fragment(head) or _fragment(tail):
            return
        key = (head, tail, rule.relation, sent.start)
        amount_key = (tail, rule.relation) if tail.split(":", 1)[0] in AMOUNT_LABELS else None
        if key in seen or (amount_key and amount_key in seen):
            return
        seen.add(key)
        if amount_key:
            seen.add(amount_key)
        out.append(
            Relation(
                head=head,
                tail=tail,
                relation=rule.relation,
                label=label or rule.label,
                sentence=sent.text,
                doc=ctx.doc.id,
                start=sent.start,
                end=sent.end,
                rule=rule.id,
                confidence=rule.confidence,
                title=title,
            )
        )

    for art in dm.articles:
        for sent in _headlines(ctx.doc, art) + art.sentences:
            ms = [
                m
                for m in ctx.mentions
                if sent.start <= m.start and m.end <= sent.end and not _description(ctx.doc.text, m)
            ]
            tagged, index = _tag(sent, ms)
            for rule in rules:
                if rule.kind == "title_chain":
                    _apply_title_chain(rule, ctx, sent, ms, emit)
                elif rule.kind == "cue":
                    _apply_cue(rule, ctx, art, sent, ms, emit)
                elif rule.kind == "pattern":
                    _apply_pattern(rule, ctx, art, sent, tagged, index, emit)
        for rule in rules:
            if rule.kind == "byline":
                _apply_byline(rule, ctx, art, out)
    return out


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
            out.append(Sentence(doc.id, start, start + len(text), text, art.index))
        pos += len(line) + 1
    return out


def _tag(sent, ms: list[Mention]) -> tuple[str, list[tuple[int, int, Mention]]]:
    """The sentence with each mention replaced by a token; index maps tokens to mentions."""
    parts, index, pos = [], [], sent.start
    for i, m in enumerate(ms):
        parts.append(sent.text[pos - sent.start : m.start - sent.start])
        tok_start = sum(len(p) for p in parts)
        tok = f"{_OPEN}{m.label}{i}{_CLOSE}"
        parts.append(tok)
        index.append((tok_start, tok_start + len(tok), m))
        pos = m.end
    parts.append(sent.text[pos - sent.start :])
    return "".join(parts), index


def _mentions_in(index, start: int, end: int) -> list[Mention]:
    return [m for s, e, m in index if start <= s and e <= end]


def _resolve(ref: str, match, ctx: _DocContext, art, index, before: int) -> list[str]:
    if ref == "@article_event":
        return [ctx.article_event.get(art.index)]
    if ref == "@home_city":
        return [ctx.home]
    if ref == "@recent_org":
        return [ctx.recent_org(art, before)]
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


def _apply_pattern(rule: Rule, ctx, art, sent, tagged: str, index, emit) -> None:
    p = rule.params
    for match in rule.regex.finditer(tagged):
        # @recent_org stands for an anaphor (该项目, 达产后, 企业): named before the sentence
        before = sent.start
        heads = _resolve(p["head"], match, ctx, art, index, before)
        tails = _resolve(p["tail"], match, ctx, art, index, before)
        label = match.group(p["label_group"]) if p.get("label_group") else None
        titles: list[str] = []
        if p.get("title_group"):
            titles = [m.text for m in _mentions_in(index, *_span(match, p["title_group"]))]
        if p.get("title_filter") and not any(p["title_filter"].fullmatch(t) for t in titles):
            continue  # 新华社…，国家主席习近平: not a title the opening organisation has
        founder = [t for t in titles if t in p.get("founder_titles", ())]
        others = [t for t in titles if t not in founder]
        for h in heads:
            for t in tails:
                if founder:  # 创始人兼董事长: founded, and holds_position for the rest
                    emit(
                        _as(rule, "founded"),
                        h,
                        t,
                        sent,
                        label=founder[-1],
                        title="、".join(founder),
                    )
                if others or not titles:
                    emit(
                        rule,
                        h,
                        t,
                        sent,
                        label=label or (others[-1] if others else None),
                        title="、".join(others),
                    )


def _apply_cue(rule: Rule, ctx, art, sent, ms: list[Mention], emit) -> None:
    p = rule.params
    subjects, objects = set(p.get("subjects", [])), set(p.get("objects", []))
    clause_start = sent.start
    text = sent.text
    for cue in rule.regex.finditer(text):
        cs, ce = sent.start + cue.start(), sent.start + cue.end()
        if any(m.start < cs < m.end or m.start < ce - 1 < m.end for m in ms):
            continue  # the cue word is inside a name (出席 in an event name)
        subj = [
            m
            for i, m in enumerate(ms)
            if m.label in subjects
            and clause_start <= m.start
            and m.end <= cs
            and not _is_affiliation(m, ms[i + 1] if i + 1 < len(ms) else None)
        ]
        obj = next((m for m in ms if m.label in objects and m.start >= ce), None)
        tail = (
            ctx.entity(obj) if obj else _resolve(p.get("fallback", ""), None, ctx, art, [], cs)[0]
        )
        for m in subj:
            emit(rule, ctx.entity(m), tail, sent)
        clause_start = ce


def _is_affiliation(m: Mention, nxt: Mention | None) -> bool:
    """商务部投资促进事务局 in 商务部投资促进事务局局长刘民强 is his employer, not a subject."""
    return (
        m.label in ("ORG", "LOC")
        and nxt is not None
        and nxt.label == "TITLE"
        and nxt.start == m.end
    )


def _apply_title_chain(rule: Rule, ctx: _DocContext, sent, ms: list[Mention], emit) -> None:
    p = rule.params
    joiners = tuple(p.get("joiners", ["、"]))
    home_prefixes = tuple(sorted(p.get("home_prefixes", []), key=len, reverse=True))
    home_titles = set(p.get("home_titles", []))
    member_titles = p.get("member_titles", {})
    founder_titles = set(p.get("founder_titles", []))
    org_joiners = tuple(p.get("org_joiners", [""]))
    person_joiners = tuple(p.get("person_joiners", [""]))
    text = ctx.doc.text
    chain_tail: dict[int, str] = {}  # person index -> the organisation of their last title
    for i, person in enumerate(ms):
        if person.label != "PERSON":
            continue
        segments = []  # (title mention, tail entity or None, home bool)
        cursor, k = person.start, i - 1
        while k >= 0 and ms[k].label == "TITLE":
            title = ms[k]
            gap = text[title.end : cursor]
            if (segments and gap not in joiners) or (not segments and gap not in person_joiners):
                break
            tail, home = None, False
            start = title.start
            if (
                k - 1 >= 0
                and ms[k - 1].label in ("ORG", "LOC")
                and text[ms[k - 1].end : title.start] in org_joiners
            ):
                tail = ctx.entity(ms[k - 1])
                start = ms[k - 1].start
                k -= 1
            else:
                before = text[max(0, title.start - 2) : title.start]
                prefix = next((h for h in home_prefixes if before.endswith(h)), None)
                if prefix and not _part_of_word(text, title.start - len(prefix)):
                    home, start = True, title.start - len(prefix)
                elif title.text in home_titles:
                    home = True
            segments.insert(0, (title, tail, home))
            cursor, k = start, k - 1
        if not segments:
            continue
        # a title without its own organisation belongs to the one before it (董事长兼总经理),
        # also across the person before (首都师范大学党委书记郑萼、校长孟繁华)
        last_tail = None
        if 0 <= k < i and ms[k].label == "PERSON" and text[ms[k].end : cursor] in ("", "、"):
            last_tail = chain_tail.get(k)
        groups: dict[str, list[str]] = {}
        member: dict[str, str] = {}
        for title, tail, home in segments:
            if title.text in member_titles and (home or tail):
                body_owner = ctx.linked.entities.get(ctx.home) if home and ctx.home else None
                owner = body_owner.name if body_owner else None
                if tail:
                    member[tail] = title.text
                elif owner:
                    org = ctx.synthetic("ORG", owner + member_titles[title.text])
                    member[org] = title.text
                continue
            if tail is None and home:
                tail = ctx.home
            if tail is None:
                tail = last_tail
            if tail is None:
                continue
            groups.setdefault(tail, []).append(title.text)
            last_tail = tail
        if last_tail:
            chain_tail[i] = last_tail
        head = ctx.entity(person)
        for tail, titles in groups.items():
            # 创始人兼董事长: founded for the founder title, holds_position for the others
            founder = [t for t in titles if t in founder_titles]
            others = [t for t in titles if t not in founder_titles]
            if founder:
                emit(
                    _as(rule, "founded"),
                    head,
                    tail,
                    sent,
                    label=founder[-1],
                    title="、".join(founder),
                )
            if others:
                emit(rule, head, tail, sent, label=others[-1], title="、".join(others))
                if head and tail and tail.startswith("ORG:"):
                    ctx.employer.setdefault(head, tail)
        for org, title in member.items():
            emit(_as(rule, "member_of"), head, org, sent, label=title, title=title)


def _part_of_word(text: str, pos: int) -> bool:
    """True when the 市 before a title belongs to a longer word (城市人大代表, not 与市人大代表)."""
    from kg.ner.rules import lexicons

    if pos <= 0:
        return False
    ch = text[pos - 1]
    return "\u4e00" <= ch <= "\u9fff" and ch not in lexicons().stop_chars and ch not in "我全本"


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
    title = art.title or f"{ctx.doc.id}#{art.index + 1}"
    article_id = ctx.synthetic("ARTICLE", title)
    for role, _name, start, end in art.bylines:
        person = ctx.linked.by_mention.get((ctx.doc.id, start, end))
        if not person:
            continue
        line_start = ctx.doc.text.rfind("\n", 0, start) + 1
        line_end = ctx.doc.text.find("\n", end)
        line_end = len(ctx.doc.text) if line_end < 0 else line_end
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
