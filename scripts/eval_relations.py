"""Measure kg's relations and amount attachment on public data sets nobody here wrote.

Data sets (read from ``--corpora``, default ``../shared/corpora`` from the repository root):

* duie2_dev_subset: DuIE 2.0 triples 董事长 / 校长 (subject = company or school, object =
  the person) and 创始人 (subject = company, object = founder). An expected edge is
  person → organisation: ``holds_position`` whose title holds 董事长 (or 董事局主席 /
  董事会主席, which DuIE files under 董事长) or 校长, but not only 副董事长 / 副校长;
  ``founded`` for 创始人. A produced edge of that kind whose pair is not a
  gold triple of the sentence counts as false (DuIE is incomplete: see docs/relations.md for
  a hand check). Names match when equal after dropping a legal form (有限公司) and a trailing
  先生/女士, or when one holds the other and the shorter has ≥ 2 characters.
* cluener2020 dev: sentences with a ``name``, a ``position`` and a ``company`` /
  ``government`` / ``organization``. Expected ``holds_position`` name → organisation when the
  organisation ends right before the position (``的`` allowed between) and the name starts
  right after it, possibly after further positions joined by 、/兼 (the chain form), or when
  the sentence reads ``name，organisation position`` with the position ending the clause
  (the apposition form). Other sentences' edges are not judged; only edges between a gold
  name and a gold organisation are judged for precision.
* fewfc test_base, events of type 投资: the ``sub``/``sub-org`` → ``money`` pair is an
  expected ``invests`` edge. Reported: attachment recall (right org to the right amount),
  precision of the ``invests`` edges made in those sentences, and attachment given that the
  amount itself was found. An amount kept as a fact of the article (an ``ARTICLE`` head: no
  subject found in the sentence) names no investor: it is counted apart, not judged.
* duee1_dev: 组织行为-开幕/闭幕 (活动名称 → an EVENT node holds it or lies in it, once a
  trailing 开幕式/闭幕式 is dropped from the node's name) and
  交往-会见 (会见主体/会见对象: the person name inside the argument is a PERSON node).
  kg has no ``meets`` relation, so only nodes are judged.

Everything runs sentence by sentence (one sentence = one document) with the named NER
backend; it takes a minute or two on two cores with ``--backend jieba``.

Example:
    python scripts/eval_relations.py --backend jieba
    python scripts/eval_relations.py --corpora /data/corpora --only duie --top 30
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from collections import Counter
from pathlib import Path

from kg.link import link
from kg.pipeline import analyze_documents
from kg.relations import extract_relations, load_rules
from kg.text import normalize
from kg.types import Document

REPO = Path(__file__).resolve().parent.parent
DATASETS = ("duie", "cluener", "fewfc", "duee")
_LEGAL = re.compile(
    r"(?:[(（][^()（）]{1,8}[)）])?(?:股份有限公司|有限责任公司|集团有限公司|有限公司)$"
)


def norm(text: str) -> str:
    return normalize(text)[0].strip()


def name_key(name: str) -> str:
    name = norm(name)
    name = re.sub(r"(?:先生|女士|同志)$", "", name)
    short = _LEGAL.sub("", name)
    return short if len(short) >= 2 else name


def same_name(a: str, b: str) -> bool:
    a, b = name_key(a), name_key(b)
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 2 and short in long_


# ------------------------------------------------------------------ running kg


class Result:
    """What kg made of one sentence: its relations with names, and its mentions."""

    def __init__(self, text: str, rels: list[tuple], mentions: list, names: dict):
        self.text = text
        self.rels = rels  # (head name, relation, tail name, title, rule, head type, tail type)
        self.mentions = mentions
        self.names = names


def run_kg(texts: list[str], backend: str) -> list[Result]:
    rules = load_rules()
    docs = []
    for i, raw in enumerate(texts):
        text, _ = normalize(raw)
        docs.append(Document(id=f"s{i}", text=text, raw=raw))
    analyzed = analyze_documents(docs, backend=backend)
    out = []
    for dm in analyzed:
        linked = link([dm])
        rels = extract_relations(dm, linked, rules)
        ents = linked.entities
        rows = [
            (
                ents[r.head].name,
                r.relation,
                ents[r.tail].name,
                r.title,
                r.rule,
                ents[r.head].type,
                ents[r.tail].type,
            )
            for r in rels
        ]
        out.append(Result(dm.doc.text, rows, dm.mentions, ents))
    return out


class Score:
    def __init__(self):
        self.tp = self.fp = self.fn = 0
        self.misses: Counter = Counter()
        self.false: Counter = Counter()
        self.causes: Counter = Counter()
        self.rule_tp: Counter = Counter()
        self.rule_fp: Counter = Counter()

    def causes_line(self) -> str:
        return "  misses by cause: " + ", ".join(f"{c} {n}" for c, n in self.causes.most_common())

    def rules_line(self) -> str:
        rules = sorted(set(self.rule_tp) | set(self.rule_fp))
        return "  by rule: " + ", ".join(
            f"{r} {self.rule_tp[r]}/{self.rule_tp[r] + self.rule_fp[r]}" for r in rules
        )

    def line(self, name: str) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return f"{name:28s} P={p:.3f} R={r:.3f}  (tp={self.tp} fp={self.fp} fn={self.fn})"


def _show(title: str, counter: Counter, top: int) -> None:
    print(f"  {title} (top {min(top, len(counter))} of {sum(counter.values())}):")
    for item, n in counter.most_common(top):
        print(f"    {n:3d}  {item}")


# ------------------------------------------------------------------ DuIE

DUIE_PREDICATES = {"董事长": "holds_position", "校长": "holds_position", "创始人": "founded"}


def _edge_kind(rel: str, title: str) -> str | None:
    if rel == "founded":
        return "创始人"
    if rel != "holds_position":
        return None
    parts = title.split("、")  # 校长办公室主任 is not 校长, 副校长 neither
    if any(re.fullmatch(r"(?:.*(?<!副))?董事长|董事局主席|董事会主席", t) for t in parts):
        return "董事长"  # DuIE files 董事局主席 under 董事长
    if any(re.fullmatch(r"(?:.*(?<!副))?校长", t) for t in parts):
        return "校长"
    return None


def eval_duie(corpora: Path, backend: str, top: int, limit: int | None) -> None:
    path = corpora / "duie2_dev_subset" / "duie_dev.json"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    if limit:
        records = records[:limit]
    t0 = time.time()
    results = run_kg([r["text"] for r in records], backend)
    scores = {p: Score() for p in DUIE_PREDICATES}
    for rec, res in zip(records, results, strict=True):
        gold = {p: set() for p in DUIE_PREDICATES}
        for spo in rec["spo_list"]:
            if spo["predicate"] in gold:
                gold[spo["predicate"]].add((spo["object"]["@value"], spo["subject"]))
        produced = {p: set() for p in DUIE_PREDICATES}
        for head, rel, tail, title, rule, htype, _ttype in res.rels:
            kind = _edge_kind(rel, title)
            if kind and htype == "PERSON":
                produced[kind].add((head, tail, rule))
        for pred in DUIE_PREDICATES:
            sc = scores[pred]
            matched = _match_pairs(sc, res, gold[pred], produced[pred])
            for e in produced[pred] - matched:
                # one person may hold the title at two names of one company (集团 and 公司)
                if any(same_name(e[0], p) for p, _ in gold[pred]) and any(
                    same_name(e[1], o) for _, o in gold[pred]
                ):
                    continue
                sc.fp += 1
                sc.rule_fp[e[2]] += 1
                sc.false[f"{e[0]} → {e[1]} [{e[2]}] | {_snip(res.text, e[0], e[1])}"] += 1
    print(
        f"== DuIE 2.0 dev subset ({len(records)} sentences, backend {backend}, "
        f"{time.time() - t0:.0f}s)"
    )
    total = Score()
    for pred, sc in scores.items():
        print("  " + sc.line(pred))
        total.tp += sc.tp
        total.fp += sc.fp
        total.fn += sc.fn
        total.misses.update(sc.misses)
        total.false.update(sc.false)
        total.rule_tp.update(sc.rule_tp)
        total.rule_fp.update(sc.rule_fp)
        total.causes.update(sc.causes)
    print("  " + total.line("all three"))
    print(total.rules_line())
    print(total.causes_line())
    _show("misses", total.misses, top)
    _show("false hits", total.false, top)


def _match_pairs(sc, res, expected, produced) -> set:
    """Count expected (person, org) pairs found or missed; return the produced edges matched."""
    matched = set()
    for person, org in expected:
        hit = [e for e in produced if same_name(e[0], person) and same_name(e[1], org)]
        if hit:
            sc.tp += 1
            matched.update(hit)
            sc.rule_tp[hit[0][2]] += 1
        else:
            sc.fn += 1
            why = _miss_cause(res, person, org)
            sc.causes[why] += 1
            sc.misses[f"{person} → {org} ({why}) | {_snip(res.text, person, org)}"] += 1
    return matched


def _miss_cause(res: Result, person: str, org: str) -> str:
    """Why a gold pair has no edge: which end the entity layer did not find, or no rule."""
    people = [e.name for e in res.names.values() if e.type == "PERSON"]
    orgs = [e.name for e in res.names.values() if e.type in ("ORG", "LOC")]
    has_person = any(same_name(p, person) for p in people)
    has_org = any(same_name(o, org) for o in orgs)
    if not has_person and not has_org:
        return "neither entity found"
    if not has_person:
        return "person not found"
    if not has_org:
        return "org not found"
    return "both found, no rule"


def _snip(text: str, a: str, b: str, width: int = 70) -> str:
    pos = [p for p in (text.find(norm(a)), text.find(norm(b))) if p >= 0]
    start = max(0, min(pos) - 10) if pos else 0
    return text[start : start + width].replace("\n", " ")


# ------------------------------------------------------------------ CLUENER

_ORG_TYPES = ("company", "government", "organization")


def cluener_expected(rec: dict) -> tuple[set, set, set]:
    """(expected name→org pairs, gold names, gold orgs) of one CLUENER sentence."""
    text = rec["text"]
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for label, items in rec["label"].items():
        for surface, offsets in items.items():
            for s, e in offsets:
                spans.setdefault(label, []).append((s, e + 1, surface))
    names = spans.get("name", [])
    orgs = [x for t in _ORG_TYPES for x in spans.get(t, [])]
    positions = sorted(spans.get("position", []))
    expected = set()
    for ps, pe, _ in positions:
        org = next((o for o in orgs if o[1] == ps or (o[1] == ps - 1 and text[o[1]] == "的")), None)
        if not org:
            continue
        # further positions of the same person: 董事长兼总经理, 党委书记、董事长
        end = pe
        while True:
            nxt = next(
                (
                    p
                    for p in positions
                    if p[0] in (end, end + 1) and p[0] > ps and text[end : p[0]] in ("", "、", "兼")
                ),
                None,
            )
            if not nxt:
                break
            end = nxt[1]
        name = next((n for n in names if n[0] == end), None)
        if name:
            expected.add((name[2], org[2]))
            continue
        before = next((n for n in names if n[1] == org[0] - 1 and text[n[1]] in "，,"), None)
        if before and (end == len(text) or text[end] in "，,。；;、"):
            expected.add((before[2], org[2]))
    return expected, {n[2] for n in names}, {o[2] for o in orgs}


def eval_cluener(corpora: Path, backend: str, top: int, limit: int | None) -> None:
    path = corpora / "cluener2020" / "dev.json"
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        labels = rec["label"]
        if "name" in labels and "position" in labels and any(t in labels for t in _ORG_TYPES):
            records.append(rec)
    if limit:
        records = records[:limit]
    t0 = time.time()
    results = run_kg([r["text"] for r in records], backend)
    sc = Score()
    n_expected_sentences = 0
    for rec, res in zip(records, results, strict=True):
        expected, names, orgs = cluener_expected(rec)
        n_expected_sentences += bool(expected)
        produced = {
            (h, t, rule)
            for h, rel, t, _title, rule, ht, _tt in res.rels
            if rel == "holds_position" and ht == "PERSON"
        }
        matched = _match_pairs(sc, res, expected, produced)
        for e in produced - matched:
            if any(same_name(e[0], n) for n in names) and any(same_name(e[1], o) for o in orgs):
                sc.fp += 1
                sc.rule_fp[e[2]] += 1
                sc.false[f"{e[0]} → {e[1]} [{e[2]}] | {_snip(res.text, e[0], e[1])}"] += 1
    print(
        f"== CLUENER 2020 dev: {len(records)} sentences with name+position+org, "
        f"{n_expected_sentences} with an expected edge ({time.time() - t0:.0f}s)"
    )
    print("  " + sc.line("holds_position"))
    print(sc.rules_line())
    print(sc.causes_line())
    _show("misses", sc.misses, top)
    _show("false hits (both ends gold names)", sc.false, top)


# ------------------------------------------------------------------ FewFC


def eval_fewfc(corpora: Path, backend: str, top: int, limit: int | None) -> None:
    path = corpora / "fewfc" / "test_base.json"
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        pairs = set()
        for ev in rec["events"]:
            if ev["type"] != "投资":
                continue
            subs = [m["word"] for m in ev["mentions"] if m["role"] in ("sub", "sub-org")]
            money = [m["word"] for m in ev["mentions"] if m["role"] == "money"]
            pairs.update((s, m) for s in subs for m in money)
        if pairs:
            records.append((rec["content"], pairs))
    if limit:
        records = records[:limit]
    t0 = time.time()
    results = run_kg([c for c, _ in records], backend)
    sc = Score()
    found_amount = attached_given_found = article_facts = 0
    for (_content, pairs), res in zip(records, results, strict=True):
        produced = {
            (h, t, rule)
            for h, rel, t, _title, rule, ht, _tt in res.rels
            if rel == "invests" and ht != "ARTICLE"
        }
        article_facts += sum(
            1 for _h, rel, *_rest, ht, _tt in res.rels if rel == "invests" and ht == "ARTICLE"
        )
        amounts = [m.text for m in res.mentions if m.label == "MONEY"]
        matched = set()
        for sub, money in pairs:
            g_money = norm(money)
            if any(g_money in a or a in g_money for a in amounts):
                found_amount += 1
            hit = [e for e in produced if same_name(e[0], sub) and _same_amount(e[1], g_money)]
            if hit:
                sc.tp += 1
                attached_given_found += 1
                matched.update(hit)
                sc.rule_tp[hit[0][2]] += 1
            else:
                sc.fn += 1
                got = [e[0] for e in produced if _same_amount(e[1], g_money)]
                orgs = [e.name for e in res.names.values() if e.type in ("ORG", "LOC")]
                if got:
                    why = "attached to another"
                elif not any(g_money in a or a in g_money for a in amounts):
                    why = "amount not found"
                elif not any(same_name(o, sub) for o in orgs):
                    why = "org not found"
                else:
                    why = "both found, no rule"
                sc.causes[why] += 1
                if got:
                    why = f"attached to {got[0]}"
                sc.misses[f"{sub} → {money} ({why}) | {_snip(res.text, sub, money)}"] += 1
        for e in produced - matched:
            sc.fp += 1
            sc.rule_fp[e[2]] += 1
            sc.false[f"{e[0]} → {e[1]} [{e[2]}] | {_snip(res.text, e[0], e[1])}"] += 1
    n = sc.tp + sc.fn
    print(
        f"== FewFC test_base 投资: {len(records)} sentences, {n} (sub, money) pairs "
        f"({time.time() - t0:.0f}s)"
    )
    print("  " + sc.line("invests attachment"))
    print(sc.rules_line())
    print(sc.causes_line())
    if found_amount:
        print(
            f"  amount found for {found_amount}/{n} pairs; right org attached for "
            f"{attached_given_found}/{found_amount} of those "
            f"({attached_given_found / found_amount:.3f})"
        )
    print(f"  amounts kept as facts of the article (no subject found; not judged): {article_facts}")
    _show("misses", sc.misses, top)
    _show("false hits", sc.false, top)


def _same_amount(raw: str, gold: str) -> bool:
    raw = raw.split("@", 1)[0]
    return raw == gold or (len(raw) >= 2 and (raw in gold or gold in raw))


# ------------------------------------------------------------------ DuEE

DUEE_TYPES = ("组织行为-开幕", "组织行为-闭幕", "交往-会见")


def eval_duee(corpora: Path, backend: str, top: int, limit: int | None) -> None:
    path = corpora / "duee1_dev" / "dev.json"
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        events = [e for e in rec["event_list"] if e["event_type"] in DUEE_TYPES]
        if events:
            records.append((rec["text"], events))
    if limit:
        records = records[:limit]
    t0 = time.time()
    results = run_kg([t for t, _ in records], backend)
    ev_found = ev_total = p_found = p_total = 0
    misses: Counter = Counter()
    for (_text, events), res in zip(records, results, strict=True):
        # the ceremony is the event's opening: 孝德文化节开幕式 names 孝德文化节
        event_names = [
            re.sub(r"(?:开幕式|闭幕式|开幕|闭幕)$", "", e.name)
            for e in res.names.values()
            if e.type == "EVENT"
        ]
        people = [e.name for e in res.names.values() if e.type == "PERSON"]
        for ev in events:
            for arg in ev["arguments"]:
                word = norm(arg["argument"])
                if arg["role"] == "活动名称":
                    ev_total += 1
                    if any(word in n or (len(n) >= 4 and n in word) for n in event_names):
                        ev_found += 1
                    else:
                        misses[f"event {word} | got {event_names[:3]}"] += 1
                elif arg["role"] in ("会见主体", "会见对象"):
                    p_total += 1
                    if any(p in word for p in people if len(p) >= 2):
                        p_found += 1
                    else:
                        misses[f"participant {word} | got {people[:4]}"] += 1
    print(
        f"== DuEE 1.0 dev: {len(records)} sentences with 开幕/闭幕/会见 ({time.time() - t0:.0f}s)"
    )
    if ev_total:
        print(
            f"  开幕/闭幕 活动名称 → EVENT node: {ev_found}/{ev_total} = {ev_found / ev_total:.3f}"
        )
    if p_total:
        print(f"  会见 participants → PERSON node: {p_found}/{p_total} = {p_found / p_total:.3f}")
    _show("misses", misses, top)


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    ap.add_argument("--backend", default="kg", help="NER backend name (default: kg)")
    ap.add_argument("--only", choices=DATASETS, action="append", help="data set(s) to run")
    ap.add_argument("--top", type=int, default=20, help="misses and false hits to list")
    ap.add_argument("--limit", type=int, default=None, help="at most this many sentences each")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if not args.corpora.is_dir():
        print(f"error: no corpora folder at {args.corpora}; pass --corpora", file=sys.stderr)
        return 2
    runners = {"duie": eval_duie, "cluener": eval_cluener, "fewfc": eval_fewfc, "duee": eval_duee}
    for name in args.only or DATASETS:
        runners[name](args.corpora, args.backend, args.top, args.limit)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
