"""The only module that knows the stage order: read → normalise → split → NER → link →
relations → graph. It calls the stages and holds no stage logic of its own."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import networkx as nx

from kg.graph.build import build_multigraph
from kg.link import DocMentions, infer_home_city, link, propagate_names
from kg.ner import get_backend, predict_lines, recognize_document
from kg.relations import extract_relations, load_rules
from kg.text import ReadOptions, ReadReport, read_inputs, split_articles
from kg.types import Document

__all__ = ["BuildOptions", "build_graph", "build_graph_from_documents", "analyze_documents"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build can be told; the CLI and the Python API fill the same object."""

    #: NER backend by name (kg, jieba, hanlp, spacy) and its options (model=..., style=...)
    backend: str = "kg"
    backend_options: Mapping = field(default_factory=dict)
    #: the city 市/我市 means; None: inferred per page (when infer_home_city)
    home_city: str | None = None
    #: infer a local paper's city from its page (kg.link.infer_home_city)
    infer_home_city: bool = True
    #: also link entities named in one sentence (co_occurs edges, weighted)
    cooccurrence: bool = False
    #: relation rules file (default: the shipped kg/data/rules/relations.toml)
    rules_path: str | None = None
    #: a progress bar on stderr
    progress: bool = False
    #: documents handed to the model at once
    batch_docs: int = 32
    #: how inputs are read: encoding, input format, columns (kg.text.ReadOptions)
    read: ReadOptions = field(default_factory=ReadOptions)

    @property
    def enabled_rules(self) -> frozenset[str]:
        """Names of the optional rule groups this build runs (``when`` in relations.toml)."""
        return frozenset({"co_occurs"} if self.cooccurrence else ())


def _options(options: BuildOptions | None, overrides: dict) -> BuildOptions:
    options = replace(options or BuildOptions(), **overrides)
    if options.backend_options is None:
        options = replace(options, backend_options={})
    return options


def analyze_documents(
    docs: list[Document], options: BuildOptions | None = None, **overrides
) -> list[DocMentions]:
    """Split, recognise and find the home city of each document."""
    options = _options(options, overrides)
    model = get_backend(options.backend, **options.backend_options)
    out: list[DocMentions] = []
    bar = _progress(len(docs), options.progress)
    it = iter(docs)
    while batch := list(itertools.islice(it, options.batch_docs)):
        predicted = predict_lines(model, [doc.text for doc in batch])
        for doc, found in zip(batch, predicted, strict=True):
            articles = split_articles(doc)
            bylines = [byline for art in articles for byline in art.bylines]
            mentions = propagate_names(doc.text, recognize_document(doc.text, found, bylines))
            infer = options.infer_home_city and not options.home_city
            home = infer_home_city(doc, mentions) if infer else None
            out.append(DocMentions(doc=doc, articles=articles, mentions=mentions, home_city=home))
            bar.update(1)
    bar.close()
    return out


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc="kg build", disable=not enabled or total < 2)


def build_graph(
    inputs: Iterable[str] | str,
    options: BuildOptions | None = None,
    *,
    stdin_text: str | bytes | None = None,
    report: ReadReport | None = None,
    **overrides,
) -> nx.MultiDiGraph:
    """Build the knowledge graph of files, folders, tables, JSON Lines files or ``-`` (stdin).

    Options come as a :class:`BuildOptions` or as its fields by keyword
    (``backend="jieba"``, ``home_city="平湖"``, ``cooccurrence=True``,
    ``read=ReadOptions(columns=("category", "text"))``, ...). Inputs that cannot be read are
    skipped: the graph's ``skipped`` and ``skipped_docs`` attributes say which and why, and
    so does ``report`` when one is given.

    Example
    -------
    >>> import kg
    >>> G = kg.build_graph(["seeds/"])  # doctest: +SKIP
    >>> G.nodes["PERSON:周军波"]["type"]  # doctest: +SKIP
    'PERSON'
    """
    options = _options(options, overrides)
    if isinstance(inputs, str):
        inputs = [inputs]
    get_backend(options.backend, **options.backend_options)  # an unknown one fails before reading
    report = report if report is not None else ReadReport()
    docs = read_inputs(
        list(inputs),
        stdin_text=stdin_text,
        progress=options.progress,
        options=options.read,
        report=report,
    )
    G = build_graph_from_documents(docs, options)
    G.graph.update(report.graph_attributes())
    return G


def build_graph_from_documents(
    docs: list[Document], options: BuildOptions | None = None, **overrides
) -> nx.MultiDiGraph:
    """Like :func:`build_graph` for documents already read."""
    options = _options(options, overrides)
    rules = load_rules(options.rules_path)
    analyzed = analyze_documents(docs, options)
    linked = link(analyzed, home_city=options.home_city)
    relations = []
    for dm in analyzed:
        relations.extend(extract_relations(dm, linked, rules, enabled=options.enabled_rules))
    homes = [linked.entities[h].name for h in linked.home.values() if h in linked.entities]
    return build_multigraph(linked, relations, sources=len(docs), home_cities=homes)
