"""Merge mentions into entities: one node per real thing across a document set."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.link.aliases import alias_data, is_abbreviation, place_key
from kg.link.home import home_name, infer_home_city
from kg.link.propagate import short_forms
from kg.ner import NAME_JOINERS
from kg.ner.confidence import SCORED_TYPES, confidence_of, entity_evidence
from kg.ner.orgs import full_name
from kg.ner.places import is_place_name
from kg.schema import node_id
from kg.types import Document, Entity, Mention

__all__ = [
    "LINKED_TYPES",
    "DocMentions",
    "Linked",
    "Linker",
    "infer_home_city",
    "home_name",
    "link",
]

#: types that become shared nodes; amounts are one node per fact (see kg.graph.build)
LINKED_TYPES = ("PERSON", "ORG", "LOC", "EVENT", "WORK")


@dataclass
class DocMentions:
    """A document, its articles and its resolved mentions."""

    doc: Document
    articles: list
    mentions: list[Mention]
    home_city: str | None = None


@dataclass
class Linked:
    """The outcome of linking: entities and where each mention went."""

    entities: dict[str, Entity] = field(default_factory=dict)
    by_mention: dict[tuple[str, int, int], str] = field(default_factory=dict)
    home: dict[str, str] = field(default_factory=dict)  # doc id -> home city entity id
    #: the entity ids of every document's home city (``home`` may hold the last one's only)
    home_ids: set[str] = field(default_factory=set)

    def entity_of(self, doc_id: str, mention: Mention) -> str | None:
        return self.by_mention.get((doc_id, mention.start, mention.end))


def _home_prefixed(name: str, home: str | None) -> str:
    """市总工会 in a 平湖 paper is 平湖市总工会."""
    if not home or not name.startswith("市") or len(name) < 2:
        return name
    data = alias_data()
    if name.startswith(tuple(data.get("home_org_exclude", []))) and not name.startswith(
        tuple(data.get("home_org_include", []))
    ):
        return name
    return home + name[1:]


def _event_key(name: str) -> str:
    """An event's key: its name without quotes. The year stays: 2008年香港金像奖 and
    2007年香港金像奖 are two events (a page's year-less name joins its one dated event in
    :func:`_link_within_document`)."""
    return name.replace("“", "").replace("”", "").replace('"', "")


class _Union:
    """Union-find whose root of a group is its greatest key, whatever order the unions came
    in, so that a build does not depend on set order (PYTHONHASHSEED)."""

    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = sorted((ra, rb))
            self.parent[low] = high


def _key(label: str, name: str) -> tuple[str, str]:
    if label == "EVENT":
        return (label, _event_key(name))
    return (label, name)


def link(docs: Iterable[DocMentions], *, home_city: str | None = None) -> Linked:
    """Merge the mentions of ``docs`` into entities.

    Same type and same name merge; places with and without 市/县/区 merge; a company's
    short form merges with its full name when both appear in one document, or when only one
    full name in the whole set has that short form; an abbreviation (平湖经开) merges with
    its full form (平湖经济技术开发区) in the same document; a shorter event name merges with
    the event of the same document that contains it. Bare 市/我市 resolve to the home city.

    Every entity keeps its mentions and ``by_mention`` every mention's entity; a build of
    many documents links with a :class:`Linker` instead, which holds neither.
    """
    docs = list(docs)
    linker = Linker(home_city=home_city, keep_mentions=True)
    for dm in docs:
        linker.add(dm)
    linker.finish()
    for dm in docs:
        linker.resolve(dm)
    return linker.done()


class Linker:
    """Linking in two passes over the same documents in the same order, holding per name
    and per entity only what linking needs (never a document's text or mentions).

    :meth:`add` each document (the names, and what each page says about them); then
    :meth:`finish` merges across documents and makes every entity; then :meth:`resolve`
    each document again, which points its mentions at their entities in ``linked`` (and
    only its own: ``linked.by_mention`` and ``linked.home`` hold the last document's, unless
    ``keep_mentions``); :meth:`done` rates the entities. The outcome is :func:`link`'s.

    Example (``docs`` read twice, e.g. from the extraction store)::

        linker = Linker()
        for dm in docs:
            linker.add(dm)
        linked = linker.finish()
        for dm in docs:
            linker.resolve(dm)  # the relations of dm can be found here
        linker.done()
    """

    def __init__(self, *, home_city: str | None = None, keep_mentions: bool = False):
        self.home_city = home_name(home_city) if home_city else None
        self.keep_mentions = keep_mentions
        self.linked = Linked()
        self._union = _Union()
        self._surfaces: dict[tuple, Counter] = defaultdict(Counter)
        #: key -> (document, position) of its first mention, where its entity is made
        self._first: dict[tuple, tuple[int, int]] = {}
        #: person name -> (document, organisation keys, its mentions there, the first one)
        self._affiliations: dict[str, list] = defaultdict(list)
        self._home_words: dict[tuple, set[str]] = defaultdict(set)
        self._homes: set[str] = set()
        self._added = 0
        self._resolved = 0
        #: after finish: key -> entity id; document -> {name: its namesake's key}
        self._eid: dict[tuple, str] = {}
        self._namesakes: dict[int, dict[str, tuple]] = {}
        self._own: list[Entity] = []
        #: entity id -> [mentions, documents, last document, {evidence: a mention}]
        self._tally: dict[str, list] = {}

    def _keyed(self, dm: DocMentions, home: str | None) -> list[tuple[Mention, str, tuple]]:
        """Each mention of a linked type with the name it links by and its key."""
        keyed = []
        for m in dm.mentions:
            if m.label not in LINKED_TYPES:
                continue
            name = m.text
            if m.label in ("ORG", "EVENT"):
                name = _home_prefixed(name, home)
            # 央行 is 中国人民银行: one key; the node is named by the longest form written
            keyed.append(
                (m, name, _key(m.label, full_name(name) or name if m.label == "ORG" else name))
            )
        return keyed

    def add(self, dm: DocMentions) -> None:
        """Pass 1: the names of one document, and what the page says about them."""
        i = self._added
        self._added += 1
        home = self.home_city or dm.home_city
        union, surfaces = self._union, self._surfaces
        if home:
            hk = _key("LOC", home)
            union.find(hk)
            surfaces[hk][home] += 0
            self._homes.add(home)
            text = dm.doc.text
            self._home_words[hk].update(w for w in alias_data()["home_words"] if w in text)
        keyed = self._keyed(dm, home)
        person_at: dict[str, list[int]] = defaultdict(list)
        for j, (m, name, k) in enumerate(keyed):
            union.find(k)
            surfaces[k][name] += 1
            if name != m.text:
                surfaces[k][m.text] += 0  # remembered as an alias
            self._first.setdefault(k, (i, j))
            if len(k) == 2 and k[0] == "PERSON":
                person_at[k[1]].append(j)
        if home:
            self._first.setdefault(_key("LOC", home), (i, _AFTER))
        pairs = [(m, k) for m, _name, k in keyed]
        _link_within_document(union, pairs)
        _link_declared_short_names(dm.doc.text, union, pairs)
        for name, orgs in _affiliations(dm, pairs).items():
            at = person_at[name]
            self._affiliations[name].append((i, orgs, len(at), (i, at[0])))

    def finish(self) -> Linked:
        """Merge across documents and make every entity, in the order :func:`link` makes
        them (by first mention). Returns the :class:`Linked` that :meth:`resolve` fills."""
        union, surfaces, homes = self._union, self._surfaces, self._homes
        _link_short_forms_globally(union, surfaces)
        _link_place_suffixes(union, surfaces, homes)
        notes = self._split_namesakes()

        # canonical name per group: the longest surface form seen (平湖市, the full company name)
        groups: dict[tuple, list[tuple]] = defaultdict(list)
        for k in surfaces:
            groups[union.find(k)].append(k)
        canonical: dict[tuple, str] = {}
        for root, keys in groups.items():
            names = Counter()
            for k in keys:
                names.update(surfaces[k])
            label = root[0]
            home_names = [n for n in names if label == "LOC" and n in homes]
            if home_names:
                best = home_names[0]
            elif label == "PERSON":
                best = max(names, key=lambda n: (names[n], len(n)))
            else:
                best = max(names, key=lambda n: (len(n), names[n]))
            canonical[root] = best

        made: dict[str, tuple] = {}  # entity id -> (first mention, root)
        for k, first in self._first.items():
            root = union.find(k)
            eid = self._eid[k] = _entity_id(root, canonical[root])
            if eid not in made or first < made[eid][0]:
                made[eid] = (first, root)
        entities = self.linked.entities
        for eid, (_first, root) in sorted(made.items(), key=lambda item: item[1][0]):
            ent = entities[eid] = Entity(id=eid, type=root[0], name=canonical[root])
            if root in notes:
                ent.attrs["disambiguation"] = notes[root]
            self._own.append(ent)
            self._tally[eid] = [0, 0, -1, {}]
        for root, keys in groups.items():
            ent = entities.get(_entity_id(root, canonical[root]))
            if ent is not None:
                for k in keys:
                    ent.aliases.update(n for n in surfaces[k] if n != ent.name)
        for hk, words in self._home_words.items():
            entities[self._eid[hk]].aliases.update(words)
        return self.linked

    def _split_namesakes(self) -> dict[tuple, str]:
        """Keep apart two people of one name whose organisations conflict across documents.

        Documents where a name holds a title in the same organisation (after merging aliases)
        form one person; a document naming it in another organisation only makes another
        person, keyed ``("PERSON", name, 2)`` and shown as ``PERSON:name#2``. Documents that
        give the name no organisation stay with the first person. Returns a note per root
        saying why, for the entity's ``disambiguation`` attribute.
        """
        union, surfaces = self._union, self._surfaces
        notes: dict[tuple, str] = {}
        for name, docs in self._affiliations.items():
            clusters: list[tuple[set, set]] = []  # (org roots, records)
            for n, (_i, orgs, _count, _first) in enumerate(docs):
                orgs = {union.find(o) for o in orgs}
                joined = [c for c in clusters if c[0] & orgs]
                if joined:
                    first = joined[0]
                    first[0].update(orgs)
                    first[1].add(n)
                    for other in joined[1:]:
                        first[0].update(other[0])
                        first[1].update(other[1])
                        clusters.remove(other)
                else:
                    clusters.append((set(orgs), {n}))
            if len(clusters) < 2:
                continue
            plain = union.find(("PERSON", name))
            labels = []
            for n, (orgs, records) in enumerate(clusters, start=1):
                labels.append("/".join(sorted(o[1] for o in orgs)))
                if n == 1:
                    continue
                key = ("PERSON", name, n)
                union.find(key)
                for r in sorted(records, key=lambda r: docs[r][0]):
                    i, _orgs, count, first = docs[r]
                    self._namesakes.setdefault(i, {})[name] = key
                    surfaces[key][name] += count
                    surfaces[("PERSON", name)][name] -= count
                    self._first[key] = min(self._first.get(key, first), first)
                notes[key] = (
                    f"namesake #{n} of PERSON:{name}: holds a position in {labels[-1]}, "
                    f"not in {labels[0]}"
                )
            notes[plain] = (
                f"PERSON:{name} (in {labels[0]}) kept apart from "
                + ", ".join(f"PERSON:{name}#{n} (in {lab})" for n, lab in enumerate(labels[1:], 2))
                + "; documents naming no organisation stay here"
            )
        return notes

    def resolve(self, dm: DocMentions) -> None:
        """Pass 2: point the mentions of the next document at their entities (its
        ``linked.by_mention`` and ``linked.home``), and count them."""
        i = self._resolved
        self._resolved += 1
        home = self.home_city or dm.home_city
        dm.home_city = home
        linked, doc_id = self.linked, dm.doc.id
        if not self.keep_mentions:
            linked.by_mention.clear()
            linked.home.clear()
        renamed = self._namesakes.get(i, {})
        for m, name, k in self._keyed(dm, home):
            if renamed and k == ("PERSON", name) and name in renamed:
                k = renamed[name]
            eid = self._eid[k]
            tally = self._tally[eid]
            tally[0] += 1
            if tally[2] != i:
                tally[1] += 1
                tally[2] = i
            tally[3].setdefault(m.attrs.get("evidence"), m)
            if self.keep_mentions:
                linked.entities[eid].mentions.append((doc_id, m))
            linked.by_mention[(doc_id, m.start, m.end)] = eid
        if home:
            linked.home[doc_id] = self._eid[_key("LOC", home)]
            linked.home_ids.add(linked.home[doc_id])

    def done(self) -> Linked:
        """Rate every entity once each document is resolved; returns ``linked``."""
        for ent in self._own:
            mentions, docs, _last, evidence = self._tally[ent.id]
            if not self.keep_mentions:
                ent.tally = (mentions, docs)
            _rate(ent, self._homes, evidence=list(evidence.values()), again=mentions > 1)
        return self.linked


#: the position of a page's home city after the page's mentions (see Linker._first)
_AFTER = 1 << 30


def _rate(ent: Entity, homes: set[str], *, evidence: list[Mention], again: bool) -> None:
    """``evidence`` and ``confidence`` of an entity of a scored type (kg.ner.confidence):
    the best evidence of its mentions (``evidence``: one mention of each kind), named once
    or more (``again``); a home city the gazetteer confirmed counts as ``model+rules``."""
    if ent.type not in SCORED_TYPES:
        return
    found = entity_evidence(evidence)
    if ent.type == "LOC" and ent.name in homes:
        found = "model+rules"
    ent.attrs["evidence"] = found or ""
    ent.attrs["confidence"] = confidence_of(ent.type, found, again=again)


def _entity_id(root: tuple, name: str) -> str:
    """``PERSON:王强``; a namesake kept apart gets ``PERSON:王强#2``
    (:meth:`Linker._split_namesakes`)."""
    base = node_id(root[0], name)
    return f"{base}#{root[2]}" if len(root) > 2 else base


def _affiliations(dm: DocMentions, keyed: list[tuple[Mention, tuple]]) -> dict[str, set]:
    """Person name → keys of the organisations written right before the person's titles.

    商务部投资促进事务局局长刘民强, 甲公司董事长兼总经理王强, 乙公司的董事长王强.
    """
    text = dm.doc.text
    key_of = {(m.start, m.end): k for m, k in keyed}
    ms = sorted(dm.mentions, key=lambda m: m.start)
    out: dict[str, set] = defaultdict(set)
    for i, person in enumerate(ms):
        if person.label != "PERSON":
            continue
        k, cursor = i - 1, person.start
        while (
            k >= 0 and ms[k].label == "TITLE" and text[ms[k].end : cursor] in ("", " ", "、", "兼")
        ):
            cursor, k = ms[k].start, k - 1
        if cursor == person.start or k < 0:
            continue
        org = ms[k]
        if org.label == "ORG" and text[org.end : cursor] in ("", "的") and org.span in key_of:
            out[person.text].add(key_of[org.span])
    return out


_DECLARED = re.compile(r"[（(](?:以下|下文)?(?:简称|下称|简称为)?[：:]?[“\"]?$")


def _link_declared_short_names(
    text: str, union: _Union, keyed: list[tuple[Mention, tuple]]
) -> None:
    """A name the page itself declares short: 浙江省能源集团有限公司（浙能集团）,
    中植资本管理有限公司（简称“中植资本”）, X（以下简称Y）."""
    orgs = sorted(((m, k) for m, k in keyed if m.label == "ORG"), key=lambda mk: mk[0].start)
    for (full, fk), (short, sk) in zip(orgs, orgs[1:], strict=False):
        between = text[full.end : short.start]
        after = text[short.end : short.end + 2]
        if (
            fk != sk
            and len(short.text) < len(full.text)
            and _DECLARED.match(between)
            and after[:1] in '）)”"，,'
        ):
            union.union(fk, sk)


def _link_place_suffixes(union: _Union, surfaces: dict, homes: set[str]) -> None:
    """平湖 is 平湖市 when 平湖市 is the only 平湖 with a suffix (or the home city).

    Two suffixed places (朝阳区, 朝阳市) never merge with each other.
    """
    suffixes = alias_data()["loc_suffixes"]
    places = {k[1] for k in surfaces if k[0] == "LOC"}
    for name in places:
        if place_key(name) != name:
            continue  # only bare names join a suffixed one
        variants = [name + s for s in suffixes if name + s in places or name + s in homes]
        if len(variants) > 1:
            variants = [v for v in variants if v in homes]
        if len(variants) == 1:
            union.union(("LOC", variants[0]), ("LOC", name))


def _link_within_document(union: _Union, keyed: list[tuple[Mention, tuple]]) -> None:
    orgs = {k for _, k in keyed if k[0] in ("ORG", "LOC")}
    for full, short in _short_name_pairs(orgs):
        s, f = short[1], full[1]
        if full_name(s) and full_name(f):
            continue  # 中国银行 and 中国工商银行: two organisations the list knows apart
        if s in short_forms(f, "ORG") or is_abbreviation(s, f) or _place_prefixed(s, f):
            union.union(full, short)
        elif short[0] == full[0] == "ORG" and f in _with_kind(s):
            union.union(full, short)  # 火箭 and 火箭队 on one page
    # 奥多姆 is 拉玛尔-奥多姆 when the page names only one person whose name has that part
    people = {k for _, k in keyed if k[0] == "PERSON"}
    owners: dict[str, list] = defaultdict(list)
    for full in people:
        parts = re.split(f"[{re.escape(NAME_JOINERS)}]", full[1])
        if len(parts) > 1:
            for part in parts:
                owners[part].append(full)
    for short in people:
        if len(owners.get(short[1], ())) == 1:
            union.union(owners[short[1]][0], short)
    # a shorter event name is the page's only event that contains it (峰会 of 全球智库峰会,
    # 民生大优享推进会 of 2025年民生大优享推进会) or that it abbreviates (晋衔仪式 of
    # 晋升上将军衔仪式); with several unrelated ones (2008年奥运会, 2012年奥运会) it is none
    events = sorted({k for _, k in keyed if k[0] == "EVENT"}, key=lambda k: (-len(k[1]), k[1]))
    for i, short in enumerate(events):
        containing = [full for full in events[:i] if short[1] in full[1] and full != short]
        if not containing:
            containing = [full for full in events[:i] if _abbreviates_event(short[1], full[1])]
        # of several, the one every other contains (金像奖 → 香港金像奖, which the dated
        # 2008年香港金像奖 and 2007年香港金像奖 contain)
        inner = [c for c in containing if all(c[1] in other[1] for other in containing)]
        roots = {union.find(full) for full in containing}
        if len(roots) == 1 or len(inner) == 1:
            union.union((inner or containing)[0], short)


def _abbreviates_event(short: str, full: str) -> bool:
    """晋衔仪式 abbreviates 晋升上将军衔仪式: the same first character and the same last two
    (the event's kind), the rest in order."""
    if len(short) < 4 or len(short) >= len(full) or short[0] != full[0] or short[-2:] != full[-2:]:
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def _short_name_pairs(keys: set[tuple]) -> list[tuple[tuple, tuple]]:
    """``(full, short)`` pairs of ``keys`` where ``short`` may be a short name of ``full``:
    one of its short forms, a name with its first two characters (an abbreviation), an end
    of it (a place before it) or it without its kind (火箭 of 火箭队). Every other pair
    fails the tests of :func:`_link_within_document`, so a page with thousands of names is
    not read pairwise."""
    by_name: dict[str, list] = defaultdict(list)
    by_head: dict[str, list] = defaultdict(list)
    for k in keys:
        by_name[k[1]].append(k)
        by_head[k[1][:2]].append(k)
    kinds = alias_data().get("org_kind_suffixes", [])
    pairs = []
    for full in sorted(keys):
        f = full[1]
        stems = {f} | {f[: -len(kind)] for kind in kinds if f.endswith(kind)}
        names = set(short_forms(f, "ORG"))
        names.update(stem[i:] for stem in stems for i in range(len(stem) - 1))
        found = {k for n in names for k in by_name.get(n, ())}
        found.update(k for k in by_head.get(f[:2], ()) if 4 <= len(k[1]) < len(f))
        pairs.extend((full, short) for short in sorted(found) if short != full)
    return pairs


def _with_kind(name: str) -> set[str]:
    """``name`` with each kind suffix of an organisation (湖人 → 湖人队)."""
    return {name + kind for kind in alias_data().get("org_kind_suffixes", [])}


def _place_prefixed(short: str, full: str) -> bool:
    """证监会 is 中国证监会 and 掘金 is 丹佛掘金队: the full name is a place (a country, a
    Chinese division or a city the dictionary knows) before the short one, with the short
    one's 队 or not."""
    data = alias_data()
    for kind in data.get("org_kind_suffixes", []):  # 湖人 / 湖人队
        if full.endswith(kind) and not short.endswith(kind):
            full = full[: -len(kind)]
            break
    if len(short) < 2 or not full.endswith(short) or full == short:
        return False
    prefix = full[: -len(short)]
    return is_place_name(prefix)


def _link_short_forms_globally(union: _Union, surfaces: dict) -> None:
    """A short company name seen alone merges with the only full name that has it."""
    owners: dict[str, set] = defaultdict(set)
    for k in surfaces:
        if k[0] == "ORG":
            for form in short_forms(k[1], "ORG"):
                owners[form].add(k)
    for k in list(surfaces):
        if k[0] == "ORG" and len(owners.get(k[1], ())) == 1:
            (full,) = owners[k[1]]
            union.union(full, k)
