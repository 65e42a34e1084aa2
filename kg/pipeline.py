"""The only module that knows the stage order: read → normalise → split → NER → link →
relations → graph. It calls the stages and holds no stage logic of its own.

The per-document part (split, NER, the page's home city) is what costs; it runs in batches
of ``batch_docs`` documents, in this process, in ``jobs`` processes, or on a Dask cluster
(``scheduler``), and can be kept in an extraction store (:mod:`kg.store`) for the next build.
Linking and relations need every document and run here. Whatever runs the batches, each
batch holds the same documents and the graph is the same.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

import networkx as nx

from kg.errors import InputError, KGError
from kg.graph.build import build_multigraph, drop_unsure
from kg.link import DocMentions, Linked, infer_home_city, link
from kg.ner import get_backend, predict_lines, recognize_document
from kg.relations import extract_relations, load_rules
from kg.store import ExtractionStore, document_key, fingerprint
from kg.text import ReadOptions, ReadReport, iter_documents, split_articles
from kg.types import Document, Relation

__all__ = [
    "BuildOptions",
    "analyze_batch",
    "analyze_documents",
    "build_graph",
    "build_graph_from_documents",
    "default_jobs",
    "relations_of_documents",
]

log = logging.getLogger(__name__)

#: how long a build waits for a Dask scheduler to answer
DASK_CONNECT_TIMEOUT = "20s"


def default_jobs() -> int:
    """The cores this process may use (the CLI's default ``--jobs``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


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
    #: documents handed to the model at once (also the unit of work of jobs and scheduler)
    batch_docs: int = 32
    #: leave out entities kg is less sure of than this (node attribute ``confidence``, 0..1)
    min_confidence: float = 0.0
    #: processes that analyse documents (1: this one; the CLI's default: every core)
    jobs: int = 1
    #: address of a Dask distributed scheduler that analyses the documents instead
    scheduler: str | None = None
    #: a folder whose extraction store (kg-store.sqlite) this build reads and refreshes
    store: str | None = None
    #: add the inputs to the store's documents instead of replacing them (needs ``store``)
    update: bool = False
    #: how inputs are read: encoding, input format, columns (kg.text.ReadOptions)
    read: ReadOptions = field(default_factory=ReadOptions)

    @property
    def enabled_rules(self) -> frozenset[str]:
        """Names of the optional rule groups this build runs (``when`` in relations.toml)."""
        return frozenset({"co_occurs"} if self.cooccurrence else ())

    @property
    def analysis_key(self) -> str:
        """The options an analysis depends on (part of the store's fingerprint)."""
        opts = sorted((str(k), str(v)) for k, v in dict(self.backend_options).items())
        return repr((self.backend, opts, self.infer_home_city and not self.home_city))


def _options(options: BuildOptions | None, overrides: dict) -> BuildOptions:
    options = replace(options or BuildOptions(), **overrides)
    if options.backend_options is None:
        options = replace(options, backend_options={})
    if options.update and not options.store:
        raise InputError("an update needs the folder of an earlier build (its store)")
    if options.jobs < 1:
        raise InputError(f"jobs must be 1 or more, not {options.jobs}")
    return options


#: what the per-document stages find in one document: (articles, mentions, home city)
Analysis = tuple


def analyze_batch(docs: list[Document], options: BuildOptions) -> list[Analysis]:
    """Split, recognise and find the home city of each document of one batch.

    The unit of work that processes and Dask workers run; the backend loads once per process.
    """
    model = get_backend(options.backend, **options.backend_options)
    predicted = predict_lines(model, [doc.text for doc in docs])
    out = []
    for doc, found in zip(docs, predicted, strict=True):
        articles = split_articles(doc)
        bylines = [byline for art in articles for byline in art.bylines]
        mentions = recognize_document(doc.text, found, bylines)
        infer = options.infer_home_city and not options.home_city
        home = infer_home_city(doc, mentions) if infer else None
        out.append((articles, mentions, home))
    return out


def analyze_documents(
    docs: Iterable[Document], options: BuildOptions | None = None, **overrides
) -> list[DocMentions]:
    """Split, recognise and find the home city of each document (in ``options.jobs``
    processes or on ``options.scheduler``; reusing ``options.store``)."""
    options = _options(options, overrides)
    store = _open_store(options)
    try:
        return list(_analyzed(docs, options, store))
    finally:
        if store is not None:
            store.close()


def _open_store(options: BuildOptions) -> ExtractionStore | None:
    if not options.store:
        return None
    return ExtractionStore(options.store, fingerprint(options.analysis_key))


def _analyzed(
    docs: Iterable[Document], options: BuildOptions, store: ExtractionStore | None
) -> Iterator[DocMentions]:
    """DocMentions of ``docs`` in order: stored analyses reused, the rest run in batches."""
    total = len(docs) if hasattr(docs, "__len__") else None
    work = total
    if total is not None and store is not None:
        work = sum(not store.has(document_key(doc)) for doc in docs)
    # Other processes for more than one batch to analyse (a scheduler: always). Started
    # before the progress bar's thread, as workers may be forked.
    many = work is None or work > options.batch_docs
    engine = _engine(options) if options.scheduler or many else None
    bar = _progress(total, options.progress)
    batches = _batches(iter(docs), options.batch_docs)
    try:
        for batch, cached in _run(batches, engine, options, store):
            if store is not None:
                store.put_many(
                    (document_key(doc), found)
                    for doc, found, hit in zip(batch, cached.found, cached.hits, strict=True)
                    if not hit
                )
            for doc, (articles, mentions, home) in zip(batch, cached.found, strict=True):
                yield DocMentions(doc=doc, articles=articles, mentions=mentions, home_city=home)
            bar.update(len(batch))
    finally:
        bar.close()
        if engine is not None:
            engine.close()


def _engine(options: BuildOptions):
    if options.scheduler:
        return _DaskEngine(options)
    if options.jobs > 1:
        return _ProcessEngine(options)
    return None


def _batches(docs: Iterator[Document], size: int) -> Iterator[list[Document]]:
    while batch := list(itertools.islice(docs, size)):
        yield batch


@dataclass
class _Batch:
    """A batch's analyses, and which of them came from the store."""

    found: list
    hits: list[bool]


def _run(batches, engine, options: BuildOptions, store) -> Iterator[tuple[list[Document], _Batch]]:
    """Each batch with its analyses, in order: the store's where it has them, the others
    from this process or from ``engine`` (a process pool or a Dask cluster)."""

    def split(batch):
        stored = [store.get(document_key(doc)) if store is not None else None for doc in batch]
        return stored, [doc for doc, s in zip(batch, stored, strict=True) if s is None]

    def joined(batch, stored, fresh):
        fresh = iter(fresh)
        found = [s if s is not None else next(fresh) for s in stored]
        return batch, _Batch(found, [s is not None for s in stored])

    if engine is None:
        for batch in batches:
            stored, todo = split(batch)
            yield joined(batch, stored, analyze_batch(todo, options) if todo else [])
        return
    pending: deque = deque()  # (batch, stored, future or None), oldest first
    for batch in batches:
        stored, todo = split(batch)
        pending.append((batch, stored, engine.submit(todo) if todo else None))
        while len(pending) > engine.in_flight:
            yield _finish(pending.popleft(), joined)
    while pending:
        yield _finish(pending.popleft(), joined)


def _finish(item, joined):
    from concurrent.futures.process import BrokenProcessPool

    batch, stored, future = item
    try:
        return joined(batch, stored, future.result() if future is not None else [])
    except BrokenProcessPool:
        raise KGError("a worker process died (out of memory or killed); try fewer --jobs") from None


class _ProcessEngine:
    """Batches analysed in ``jobs`` worker processes.

    With the embedded model (numpy only) on a system that can fork, the workers are forked
    from this process after it has loaded the model, and start at once. Other backends
    (torch, spaCy) are not safe to fork once they have run, so their workers are spawned and
    load the backend themselves.
    """

    def __init__(self, options: BuildOptions):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = "spawn"
        if options.backend == "kg" and "fork" in multiprocessing.get_all_start_methods():
            method = "fork"
            # The model and jieba's dictionary load here, once, and the workers inherit them.
            analyze_batch([Document(id="warm-up", text="北京市人民政府。")], options)
        self.options = options
        self.in_flight = 2 * options.jobs
        self.pool = ProcessPoolExecutor(
            max_workers=options.jobs, mp_context=multiprocessing.get_context(method)
        )

    def submit(self, docs):
        return self.pool.submit(analyze_batch, docs, self.options)

    def close(self):
        self.pool.shutdown(wait=True, cancel_futures=True)


class _DaskEngine:
    """Batches analysed on a Dask distributed cluster (``pip install "dask[distributed]"``)."""

    def __init__(self, options: BuildOptions):
        try:
            from distributed import Client
        except ImportError:
            raise InputError(
                'a Dask scheduler needs dask.distributed: pip install "dask[distributed]"'
            ) from None
        try:
            self.client = Client(
                options.scheduler, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False
            )
        except OSError as exc:
            raise InputError(
                f"cannot reach the Dask scheduler {options.scheduler}: {exc}"
            ) from None
        workers = max(1, sum(self.client.nthreads().values()))
        self.options = options
        self.in_flight = 2 * workers

    def submit(self, docs):
        return self.client.submit(analyze_batch, docs, self.options, pure=False)

    def close(self):
        self.client.close()


def _progress(total: int | None, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc="kg build", disable=not enabled or (total or 2) < 2)


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
    (``backend="jieba"``, ``home_city="平湖"``, ``cooccurrence=True``, ``jobs=2``,
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
    docs = iter_documents(  # one at a time; the report is complete once they are all read
        list(inputs),
        options.read,
        stdin_text=stdin_text,
        progress=options.progress,
        report=report,
    )
    first = next(docs)  # nothing readable at all fails here, before the store is opened
    G = build_graph_from_documents(itertools.chain([first], docs), options)
    G.graph.update(report.graph_attributes())
    return G


def build_graph_from_documents(
    docs: Iterable[Document], options: BuildOptions | None = None, **overrides
) -> nx.MultiDiGraph:
    """Like :func:`build_graph` for documents already read (:class:`kg.Document`).

    ``text`` must be normalised already when offsets should match a build from files
    (``kg.text.normalize``); every edge's ``start``/``end`` point into ``doc.text``.

    With ``store`` the documents' analyses are read from and written to that folder's
    extraction store, and the store's document list becomes ``docs``; with ``update`` too,
    ``docs`` are added to the documents already in the store (a document whose id is
    already there replaces it) and the graph is that of all of them, as a full build of
    the old and new inputs in that order would make it.

    Example
    -------
    >>> import kg
    >>> docs = [kg.Document(id="a1", text="市委书记仲旭东主持召开民营企业座谈会。")]
    >>> G = kg.build_graph_from_documents(docs, home_city="平湖")  # doctest: +SKIP
    """
    options = _options(options, overrides)
    count, linked, relations = _linked_relations(docs, options)
    homes = [linked.entities[h].name for h in linked.home.values() if h in linked.entities]
    G = build_multigraph(linked, relations, sources=count, home_cities=homes)
    return drop_unsure(G, options.min_confidence) if options.min_confidence else G


def relations_of_documents(
    docs: Iterable[Document], options: BuildOptions | None = None, **overrides
) -> tuple[Linked, list[Relation]]:
    """The linked entities and the relations (with evidence) of documents, without a graph."""
    _, linked, relations = _linked_relations(docs, _options(options, overrides))
    return linked, relations


def _linked_relations(
    docs: Iterable[Document], options: BuildOptions
) -> tuple[int, Linked, list[Relation]]:
    """How many documents were linked (the store's too, for an update), the entities and
    the relations."""
    rules = load_rules(options.rules_path)
    store = _open_store(options)
    try:
        docs = list(docs)
        if options.update:
            new_ids = {doc.id for doc in docs}
            docs = [d for d in store.documents() if d.id not in new_ids] + docs
        analyzed = list(_analyzed(docs, options, store))
        if store is not None:
            store.set_documents(docs)
    finally:
        if store is not None:
            store.close()
    linked = link(analyzed, home_city=options.home_city)
    relations: list[Relation] = []
    for dm in analyzed:
        relations.extend(extract_relations(dm, linked, rules, enabled=options.enabled_rules))
    return len(docs), linked, relations
