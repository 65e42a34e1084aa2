"""The only module that knows the stage order: read → normalise → split → NER → link →
relations → graph."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable

import networkx as nx

from kg.graph.build import build_multigraph
from kg.link.resolve import LINKED_TYPES, DocMentions, infer_home_city, link
from kg.ner import get_backend, propagate_names, recognize_text, resolve_overlaps
from kg.relations.engine import extract_relations, load_rules
from kg.types import Document, Mention, Relation

__all__ = ["build_graph", "analyze_documents", "doc_mentions"]

log = logging.getLogger(__name__)


def doc_mentions(doc: Document, articles, model_mentions: list[Mention]) -> list[Mention]:
    """All mentions of one document: model + rules, bylines, names found again.

    Rules run on the whole text (no rule crosses a line break) so that a decision can look
    at the rest of the page.
    """
    mentions = recognize_text(doc.text, model_mentions)
    for art in articles:
        for role, name, start, end in art.bylines:
            mentions.append(Mention(name, "PERSON", start, end, "byline", {"role": role}))
    return propagate_names(doc.text, resolve_overlaps(mentions))


def _predict_lines(backend, docs: list[Document]) -> list[list[Mention]]:
    """Run the model once over every non-empty line of every document, offsets into each doc."""
    jobs: list[tuple[int, int, str]] = []
    for i, doc in enumerate(docs):
        pos = 0
        for line in doc.text.split("\n"):
            if line.strip():
                jobs.append((i, pos, line))
            pos += len(line) + 1
    results: list[list[Mention]] = [[] for _ in docs]
    predicted = backend.predict([line for _, _, line in jobs]) if jobs else []
    for (i, pos, _line), found in zip(jobs, predicted, strict=True):
        for m in found:
            results[i].append(
                Mention(
                    m.text, m.label, m.start + pos, m.end + pos, m.source or backend.name, m.attrs
                )
            )
    return results


def analyze_documents(
    docs: list[Document],
    *,
    backend: str = "kg",
    home_city: str | None = None,
    progress: bool = False,
    backend_options: dict | None = None,
    batch_docs: int = 32,
) -> list[DocMentions]:
    """Split, recognise and find the home city of each document."""
    from kg.text import split_articles

    model = get_backend(backend, **(backend_options or {}))
    out: list[DocMentions] = []
    bar = _progress(len(docs), progress)
    it = iter(docs)
    while batch := list(itertools.islice(it, batch_docs)):
        predicted = _predict_lines(model, batch)
        for doc, found in zip(batch, predicted, strict=True):
            articles = split_articles(doc)
            mentions = doc_mentions(doc, articles, found)
            home = None if home_city else infer_home_city(doc, mentions)
            out.append(DocMentions(doc=doc, articles=articles, mentions=mentions, home_city=home))
            bar.update(1)
    bar.close()
    return out


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc="kg build", disable=not enabled or total < 2)


def _cooccurrence(dm: DocMentions, linked) -> list[Relation]:
    out = []
    for art in dm.articles:
        for sent in art.sentences:
            ids = []
            for m in dm.mentions:
                if m.label in LINKED_TYPES and sent.start <= m.start and m.end <= sent.end:
                    eid = linked.entity_of(dm.doc.id, m)
                    if eid and eid not in ids:
                        ids.append(eid)
            for a, b in itertools.combinations(sorted(ids), 2):
                out.append(
                    Relation(
                        a,
                        b,
                        "co_occurs",
                        "共现",
                        sent.text,
                        dm.doc.id,
                        sent.start,
                        sent.end,
                        "co_occurs.sentence",
                        0.3,
                    )
                )
    return out


def build_graph(
    inputs: Iterable[str] | str,
    *,
    backend: str = "kg",
    home_city: str | None = None,
    cooccurrence: bool = False,
    progress: bool = False,
    rules_path: str | None = None,
    stdin_text: str | bytes | None = None,
    backend_options: dict | None = None,
) -> nx.MultiDiGraph:
    """Build the knowledge graph of files, folders, JSON Lines files or ``-`` (stdin).

    Example
    -------
    >>> import kg
    >>> G = kg.build_graph(["seeds/"])  # doctest: +SKIP
    >>> G.nodes["PERSON:周军波"]["type"]  # doctest: +SKIP
    'PERSON'
    """
    from kg.text import read_inputs

    if isinstance(inputs, str):
        inputs = [inputs]
    get_backend(backend, **(backend_options or {}))  # an unknown backend fails before reading
    docs = read_inputs(list(inputs), stdin_text=stdin_text, progress=progress)
    return build_graph_from_documents(
        docs,
        backend=backend,
        home_city=home_city,
        cooccurrence=cooccurrence,
        progress=progress,
        rules_path=rules_path,
        backend_options=backend_options,
    )


def build_graph_from_documents(
    docs: list[Document],
    *,
    backend: str = "kg",
    home_city: str | None = None,
    cooccurrence: bool = False,
    progress: bool = False,
    rules_path: str | None = None,
    backend_options: dict | None = None,
) -> nx.MultiDiGraph:
    """Like :func:`build_graph` for documents already read."""
    rules = load_rules(rules_path)
    analyzed = analyze_documents(
        docs,
        backend=backend,
        home_city=home_city,
        progress=progress,
        backend_options=backend_options,
    )
    linked = link(analyzed, home_city=home_city)
    relations: list[Relation] = []
    co: list[Relation] = []
    for dm in analyzed:
        relations.extend(extract_relations(dm, linked, rules))
        if cooccurrence:
            co.extend(_cooccurrence(dm, linked))
    homes = [linked.entities[h].name for h in linked.home.values() if h in linked.entities]
    return build_multigraph(
        linked, relations, sources=len(docs), cooccurrence=co or None, home_cities=homes
    )
