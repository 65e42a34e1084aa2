"""Score what ``kg build`` makes of articles against gold files annotated by hand.

A gold file is one article: its entities (name, type, aliases) and the relations the text
states (tests/dev/README.md describes the format). Each article is built on its own, as a
user's ``kg build`` would build it, and its graph is compared with the gold:

* an entity is found when a node of its type has its name or one of its aliases as label
  (a place with or without 市/省/县/区: 北京 and 北京市 are one place);
* a node (PERSON, ORG, LOC, EVENT) is right when it is the first node found for a gold
  entity; a second node for the same entity (a split) and a node matching nothing are
  false hits; a label listed under ``ignore`` counts neither way;
* a relation is found when an edge of that relation joins a node of the head to a node of
  the tail (an amount tail matches its text as written; ``ARTICLE`` any article node).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.errors import InputError
from kg.link.aliases import place_key
from kg.pipeline import BuildOptions, build_graph_from_documents
from kg.text import make_document

__all__ = [
    "ENTITY_TYPES",
    "Article",
    "Report",
    "evaluate",
    "format_report",
    "load_gold",
    "score_article",
]

#: node types scored as entities
ENTITY_TYPES = ("PERSON", "ORG", "LOC", "EVENT")
#: relations that are not facts a reader is told (weak co-occurrence) are not scored
UNSCORED_RELATIONS = ("co_occurs",)
#: relations whose tail is an amount as written
AMOUNT_RELATIONS = ("invests", "revenue", "output_value")


@dataclass
class Article:
    """One gold article: its text and what a reader finds in it."""

    id: str
    text: str
    category: str
    entities: list[dict]
    relations: list[dict]
    ignore: set[str]


@dataclass
class Report:
    """Counts per entity type and per relation, with every miss and false hit listed."""

    articles: int = 0
    found: Counter = field(default_factory=Counter)  # type or relation -> right predictions
    found_gold: Counter = field(default_factory=Counter)  # type or relation -> gold items found
    gold: Counter = field(default_factory=Counter)  # type or relation -> gold items
    predicted: Counter = field(default_factory=Counter)  # type or relation -> predictions
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (article, kind, text)
    false_hits: list[tuple[str, str, str]] = field(default_factory=list)

    def precision(self, keys) -> float:
        p = sum(self.predicted[k] for k in keys)
        return sum(self.found[k] for k in keys) / p if p else 1.0

    def recall(self, keys) -> float:
        g = sum(self.gold[k] for k in keys)
        return sum(self.found_gold[k] for k in keys) / g if g else 1.0

    def to_dict(self) -> dict:
        rels = sorted(k for k in set(self.gold) | set(self.predicted) if k not in ENTITY_TYPES)
        rows = {k: self._row([k]) for k in (*ENTITY_TYPES, *rels)}
        return {
            "articles": self.articles,
            "entities": self._row(ENTITY_TYPES),
            "relations": self._row(rels),
            "by_key": rows,
            "misses": [list(m) for m in self.misses],
            "false_hits": [list(f) for f in self.false_hits],
        }

    def _row(self, keys) -> dict:
        p, r = self.precision(keys), self.recall(keys)
        predicted = sum(self.predicted[k] for k in keys)
        return {
            "precision": round(p, 4) if predicted else None,  # nothing predicted: undefined
            "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r and predicted else 0.0,
            "gold": sum(self.gold[k] for k in keys),
            "predicted": predicted,
        }


def _corpora_dir(corpora: str | os.PathLike | None) -> Path | None:
    value = corpora or os.environ.get("KG_CORPORA")
    return Path(value) if value else None


def load_gold(path: str | os.PathLike, corpora: str | os.PathLike | None = None) -> list[Article]:
    """The gold articles in ``path`` (one JSON file, or a folder of them, sorted by name).

    A file names its text by ``source`` (relative to ``corpora`` or ``$KG_CORPORA``),
    ``line`` and ``sha1``, or carries it as ``text``.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise InputError(f"no gold files (*.json) in {path}")
    elif path.is_file():
        files = [path]
    else:
        raise InputError(f"gold file or folder not found: {path}")
    lines_cache: dict[Path, list[str]] = {}
    return [_read_article(f, _corpora_dir(corpora), lines_cache) for f in files]


def _read_article(path: Path, corpora: Path | None, cache: dict) -> Article:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a readable JSON gold file ({exc})") from exc
    for key in ("entities", "relations"):
        if not isinstance(data.get(key), list):
            raise InputError(f"{path}: {key!r} must be a list")
    if "text" in data:
        text, category = data["text"], data.get("category", "")
    else:
        text, category = _source_text(path, data, corpora, cache)
    return Article(
        id=path.stem,
        text=text,
        category=category,
        entities=data["entities"],
        relations=data["relations"],
        ignore=set(data.get("ignore", [])),
    )


def _source_text(path: Path, data: dict, corpora: Path | None, cache: dict) -> tuple[str, str]:
    if corpora is None:
        raise InputError(
            f"{path} names its text in {data.get('source')!r}: pass --corpora DIR or set "
            "KG_CORPORA to the folder of the public data sets (the README's data section)"
        )
    source = corpora / data["source"]
    if source not in cache:
        if not source.is_file():
            raise InputError(f"{path}: source {source} not found")
        cache[source] = source.read_text(encoding="utf-8").split("\n")
    lines = cache[source]
    line = int(data["line"])
    if not 1 <= line <= len(lines):
        raise InputError(f"{path}: {source} has no line {line}")
    category, _, text = lines[line - 1].partition("\t")
    if hashlib.sha1(text.encode("utf-8")).hexdigest() != data.get("sha1"):
        raise InputError(f"{path}: line {line} of {source} is not the annotated text (sha1)")
    return text, category


def _surfaces(attrs: dict) -> set[str]:
    return {attrs.get("label", "")} | set(filter(None, str(attrs.get("aliases", "")).split("|")))


def _forms(entity: dict) -> set[str]:
    """The names an entity goes by; places also without 市/省/县/区 (北京 is 北京市)."""
    forms = {entity["name"], *entity.get("aliases", [])}
    if entity["type"] == "LOC":
        forms |= {place_key(f) for f in forms}
    return forms


def score_article(G: nx.MultiDiGraph, article: Article, report: Report) -> None:
    """Add the comparison of one article's graph with its gold to ``report``."""
    report.articles += 1
    names = {e["name"]: _forms(e) for e in article.entities}
    node_entity: dict[str, str] = {}  # node id -> the gold entity name it stands for
    taken: set[str] = set()
    nodes = sorted(
        (n for n, d in G.nodes(data=True) if d.get("type") in ENTITY_TYPES),
        key=lambda n: (-G.nodes[n].get("mentions", 0), n),
    )
    for n in nodes:
        attrs = G.nodes[n]
        label, type_ = attrs["label"], attrs["type"]
        key = place_key(label) if type_ == "LOC" else label
        match = next(
            (e["name"] for e in article.entities if e["type"] == type_ and key in names[e["name"]]),
            None,
        )
        if match is None and label in article.ignore:
            continue
        report.predicted[type_] += 1
        if match is not None:
            node_entity[n] = match
        if match is not None and match not in taken:
            taken.add(match)
            report.found[type_] += 1
        else:
            why = "split" if match is not None else "false"
            report.false_hits.append((article.id, type_, f"{label} ({why})"))
    for e in article.entities:
        report.gold[e["type"]] += 1
        if e["name"] in taken:
            report.found_gold[e["type"]] += 1
        else:
            report.misses.append((article.id, e["type"], e["name"]))
    _score_relations(G, article, report, node_entity)


def _score_relations(G, article: Article, report: Report, node_entity: dict) -> None:
    def tail_key(relation: str, v: str) -> str | None:
        attrs = G.nodes[v]
        if relation == "reports" and attrs.get("type") == "ARTICLE":
            return "ARTICLE"
        if relation in AMOUNT_RELATIONS:
            return attrs.get("raw") or attrs.get("label")
        return node_entity.get(v)

    predicted: dict[tuple, str] = {}
    for u, v, d in G.edges(data=True):
        rel = d["relation"]
        if rel in UNSCORED_RELATIONS:
            continue
        key = (node_entity.get(u), rel, tail_key(rel, v))
        shown = f"{G.nodes[u]['label']} {rel} {G.nodes[v]['label']}"
        if key[0] is None or key[2] is None:
            key = ("?", rel, shown)
        predicted.setdefault(key, shown)
    gold = {(r["head"], r["relation"], r["tail"]) for r in article.relations}
    for key, shown in predicted.items():
        report.predicted[key[1]] += 1
        if key in gold:
            report.found[key[1]] += 1
        else:
            report.false_hits.append((article.id, key[1], shown))
    for key in sorted(gold):
        report.gold[key[1]] += 1
        if key in predicted:
            report.found_gold[key[1]] += 1
        else:
            report.misses.append((article.id, key[1], f"{key[0]} {key[1]} {key[2]}"))


def evaluate(
    articles: list[Article], options: BuildOptions | None = None, *, progress=None
) -> Report:
    """Build each article as ``kg build`` would and score it against its gold."""
    report = Report()
    for article in articles:
        doc = make_document(article.id, article.text, article.id)
        G = build_graph_from_documents([doc], options)
        score_article(G, article, report)
        if progress:
            progress()
    return report


def format_report(report: Report, *, details: bool = True) -> str:
    """A plain-text table (P/R/F1 per entity type and relation), then misses and false hits."""
    data = report.to_dict()
    lines = [
        f"{report.articles} articles",
        f"{'':<16} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}",
    ]

    def row(name: str, r: dict) -> str:
        precision = f"{r['precision']:6.3f}" if r["precision"] is not None else f"{'-':>6}"
        return (
            f"{name:<16} {precision} {r['recall']:6.3f} {r['f1']:6.3f} "
            f"{r['gold']:5d} {r['predicted']:5d}"
        )

    lines.append(row("ENTITIES", data["entities"]))
    for key in ENTITY_TYPES:
        lines.append(row("  " + key, data["by_key"][key]))
    lines.append(row("RELATIONS", data["relations"]))
    for key, r in data["by_key"].items():
        if key not in ENTITY_TYPES:
            lines.append(row("  " + key, r))
    if details:
        for title, items in (("Misses", report.misses), ("False hits", report.false_hits)):
            grouped = defaultdict(list)
            for art, kind, text in items:
                grouped[kind].append(f"{art}: {text}")
            lines.append(f"\n{title} ({len(items)}):")
            for kind in sorted(grouped):
                lines.append(f"  {kind} ({len(grouped[kind])})")
                lines.extend(f"    {x}" for x in grouped[kind])
    return "\n".join(lines)
