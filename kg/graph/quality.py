"""Checks a built graph must pass on any input: evidence that names both ends of every edge,
no invented city, no name that starts or ends with a space or a function word.

Used by the tests (tests/quality, tests/test_seed_golden.py).
"""

from __future__ import annotations

import re

import networkx as nx

from kg.ner.places import city_name
from kg.ner.rules import LEGAL_FORM, lexicons
from kg.schema import AMOUNT_TYPES
from kg.types import Document

__all__ = ["badly_bounded", "invented_cities", "names_both_ends"]

#: node types whose labels are names
NAMED_TYPES = ("PERSON", "ORG", "LOC", "EVENT")


def names_both_ends(G: nx.MultiDiGraph, u: str, v: str, d: dict) -> bool:
    """The evidence names each end: its label, an alias or its raw amount; an article (byline,
    or an amount the article states with no subject named) and the paper's home city (市委书记,
    我市) are named by the line itself."""
    sentence = d["sentence"]
    compact = "".join(sentence.split())  # a byline may space a name out: 徐 飞
    homes = [h for h in str(G.graph.get("home_city", "")).split("|") if h]

    def named(n: str) -> bool:
        attrs = G.nodes[n]
        if attrs["type"] == "ARTICLE":
            return d["relation"] == "reports" or G.nodes[v].get("type") in AMOUNT_TYPES
        forms = {attrs["label"], str(attrs.get("raw", ""))} | set(attrs["aliases"].split("|"))
        if attrs["type"] == "LOC" and attrs["label"] in homes:
            forms.add("市")
        # 市人大 is how a local paper writes 平湖市人大
        forms |= {"市" + f[len(h) :] for f in list(forms) for h in homes if f.startswith(h)}
        return any(f and (f in sentence or f in compact) for f in forms)

    return named(u) and named(v)


def invented_cities(G: nx.MultiDiGraph, docs: list[Document]) -> list[str]:
    """Labels of places ending in 市 that are neither a real city nor written in the input."""
    texts = "\n".join(doc.text for doc in docs)
    out = []
    for _, attrs in G.nodes(data=True):
        label = attrs.get("label", "")
        if attrs.get("type") == "LOC" and label.endswith("市") and len(label) > 1:
            if city_name(label) is None and label not in texts:
                out.append(label)
    return out


def badly_bounded(G: nx.MultiDiGraph, docs: list[Document] = ()) -> list[tuple[str, str]]:
    """``(type, label)`` of names that start or end with a space (a person: any space), or
    whose name starts with a function character or word (的, 在, 随着…: boundaries.json, not
    for people, whose surnames include 于 and 和) or ends with a particle (的, 了).

    A name that ``docs`` also write at the start of a clause (是石科技 after a comma) starts
    with its own character, not a function word."""
    lex = lexicons()
    texts = "\n".join(doc.text for doc in docs)

    def opens_a_clause(label: str) -> bool:
        short = LEGAL_FORM.sub("", label) or label  # 是石科技 of 是石科技（平湖）有限公司
        return bool(texts) and re.search(r"(?:^|[，。；：、！？（“\n])" + re.escape(short), texts)

    out = []
    for _, attrs in G.nodes(data=True):
        label, type_ = attrs.get("label", ""), attrs.get("type")
        if type_ not in NAMED_TYPES or not label:
            continue
        if label != label.strip() or any(ch.isspace() for ch in label) and type_ == "PERSON":
            out.append((type_, label))
            continue
        if type_ == "PERSON" or label.startswith(lex.keep_words):
            continue  # 于 and 和 are surnames too; 同济 is a name
        if (
            label[0] in lex.stop_chars
            and not opens_a_clause(label)
            or label[-1] in "的了着过"
            or any(label.startswith(w) and len(label) > len(w) for w in lex.stop_words)
        ):
            out.append((type_, label))
    return out
