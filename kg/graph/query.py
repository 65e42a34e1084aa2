"""Query a kg graph: resolve names, find paths, neighbours, entity cards, subgraphs.

Every function takes the graph first and accepts an entity as a node id
(``PERSON:周军波``), a label (``周军波``) or an alias (``是石科技``); see :func:`resolve`.

Co-occurrence edges (``co_occurs``) are weak evidence: paths, neighbours, cards and
subgraphs leave them out unless ``co_occurs`` is named in ``relations``/``relation``.

Example
-------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(kg_schema="1")
>>> for name, type_ in [("周军波", "PERSON"), ("平湖市", "LOC")]:
...     G.add_node(f"{type_}:{name}", label=name, type=type_, aliases="", mentions=1, docs=1)
>>> G.add_edge("PERSON:周军波", "LOC:平湖市", relation="holds_position", label="市长",
...            title="市长", sentence="市长周军波致辞。", doc="a.txt", start=0, end=8,
...            rule="r1", confidence=0.9)
0
>>> print(paths(G, "周军波", "平湖市")[0])
周军波 —市长→ 平湖市
  市长: 市长周军波致辞。 (a.txt:0-8, rule r1)
"""

from __future__ import annotations

import difflib
import itertools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from kg.errors import GraphError, UnknownEntity
from kg.schema import NODE_ATTRS, type_label, vocabulary

__all__ = [
    "Hop",
    "Path",
    "EntityCard",
    "resolve",
    "paths",
    "neighbors",
    "entity_card",
    "subgraph",
    "COOCCURS",
    "DIRECTIONS",
]

COOCCURS = "co_occurs"
DIRECTIONS = ("out", "in", "both")
#: suffixes ignored when a name matches neither a label nor an alias (平湖 -> 平湖市)
NAME_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "省", "市", "县", "区")
#: at most this many candidate paths are ranked (ties in length are many around hubs)
MAX_CANDIDATES = 200


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Hop:
    """One edge of the graph with its evidence.

    ``head``/``tail`` are node ids in the edge's own direction (head —label→ tail).
    ``forward`` says whether a walk (a path, or the entity asked about in
    :func:`neighbors`) goes along the edge (head first) or against it.
    """

    head: str
    relation: str
    label: str
    tail: str
    sentence: str
    doc: str
    start: int
    end: int
    rule: str
    forward: bool = True
    head_label: str = ""
    tail_label: str = ""
    title: str = ""
    confidence: float = 0.0

    @property
    def evidence(self) -> str:
        """``sentence (doc:start-end, rule id)``, plus the title when it adds to the label."""
        title = f" [{self.title}]" if self.title and self.title != self.label else ""
        return f"{self.sentence} ({self.doc}:{self.start}-{self.end}, rule {self.rule}){title}"

    def __str__(self) -> str:
        return f"{self.head_label or self.head} —{self.label}→ {self.tail_label or self.tail}"


@dataclass(frozen=True)
class Path:
    """A path between two entities: node ``ids``, their ``nodes`` labels and the ``hops``.

    ``str(path)`` renders the chain (``A —出席→ B ←致辞— C``) and one evidence line per hop.
    """

    ids: list[str]
    nodes: list[str]
    hops: list[Hop]

    def __len__(self) -> int:
        return len(self.hops)

    @property
    def chain(self) -> str:
        """The one-line chain, arrows pointing along each edge's own direction."""
        parts = [self.nodes[0]]
        for hop, node in zip(self.hops, self.nodes[1:], strict=True):
            arrow = f"—{hop.label}→" if hop.forward else f"←{hop.label}—"
            parts += [arrow, node]
        return " ".join(parts)

    def __str__(self) -> str:
        lines = [self.chain]
        lines += [f"  {hop.label}: {hop.evidence}" for hop in self.hops]
        return "\n".join(lines)


@dataclass(frozen=True)
class EntityCard:
    """What the graph knows about one entity; ``str(card)`` is a readable card."""

    id: str
    label: str
    type: str
    aliases: list[str]
    mentions: int
    docs: int
    attributes: dict = field(default_factory=dict)
    relations: list[Hop] = field(default_factory=list)
    cooccurrences: int = 0

    def __str__(self) -> str:
        lines = [f"{self.label} ({self.type} {type_label(self.type)})", f"  id: {self.id}"]
        lines.append(f"  aliases: {'、'.join(self.aliases) if self.aliases else '-'}")
        lines.append(f"  mentions: {self.mentions} in {self.docs} doc(s)")
        lines += [f"  {key}: {value}" for key, value in sorted(self.attributes.items())]
        if self.cooccurrences:
            lines.append(f"  co-occurs with: {self.cooccurrences} edge(s)")
        if not self.relations:
            lines.append("Relations: none")
        else:
            lines.append(f"Relations ({len(self.relations)}):")
        for relation, hops in itertools.groupby(self.relations, key=lambda h: h.relation):
            lines.append(f"  {relation} {_relation_label(relation)}")
            for hop in hops:
                lines.append(f"    {hop}")
                lines.append(f"      {hop.evidence}")
        return "\n".join(lines)


# --------------------------------------------------------------------------- names


def resolve(G: nx.MultiDiGraph, name: str) -> str:
    """The node id ``name`` refers to.

    Tried in order, comparing NFKC-normalised, case-folded text (so full-width
    ``（平湖）`` matches ``(平湖)``): a node id; a label; an alias (``aliases`` is
    ``|``-joined); a label or alias without a common suffix (``平湖`` -> ``平湖市``,
    ``是石科技(平湖)`` -> ``是石科技(平湖)有限公司``). When one step matches several
    nodes, the one with the most mentions wins (then most docs, then the smallest id);
    pass the node id (``PERSON:王强``) to choose another.

    Raises :class:`~kg.errors.UnknownEntity` with up to 5 suggestions (labels that
    contain the name or are contained in it first, then close matches).

    Example
    -------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("ORG:是石科技(平湖)有限公司", label="是石科技(平湖)有限公司", type="ORG",
    ...            aliases="是石科技", mentions=5, docs=1)
    >>> resolve(G, "是石科技")
    'ORG:是石科技(平湖)有限公司'
    >>> resolve(G, "石科")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kg.errors.UnknownEntity: no entity named '石科' in the graph; did you mean: 是石科技(平湖)...?
    """
    if name in G:
        return name
    key = _norm(name)
    if not key:
        raise UnknownEntity(name)
    steps = (
        lambda n, d: _norm(str(n)) == key,
        lambda n, d: _norm(d.get("label", "")) == key,
        lambda n, d: key in _aliases(d, normalise=True),
        lambda n, d: _core(key) in {_core(s) for s in _surfaces(n, d)} - {""},
    )
    for matches in steps:
        found = [n for n, d in G.nodes(data=True) if matches(n, d)]
        if found:
            return min(found, key=lambda n: _rank(G, n))
    raise UnknownEntity(name, _suggest(G, name))


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().casefold()


def _aliases(data: dict, *, normalise: bool = False) -> list[str]:
    raw = data.get("aliases") or ""
    items = raw if isinstance(raw, (list, tuple, set)) else str(raw).split("|")
    items = [str(a).strip() for a in items if str(a).strip()]
    return [_norm(a) for a in items] if normalise else items


def _surfaces(node: str, data: dict) -> list[str]:
    return [_norm(data.get("label", node))] + _aliases(data, normalise=True)


def _core(text: str) -> str:
    for suffix in NAME_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def _rank(G: nx.MultiDiGraph, node: str) -> tuple:
    data = G.nodes[node]
    return (-_int(data.get("mentions")), -_int(data.get("docs")), str(node))


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _suggest(G: nx.MultiDiGraph, name: str, n: int = 5) -> list[str]:
    key = _norm(name)
    by_surface: dict[str, str] = {}  # normalised label or alias -> display label
    for node in sorted(G, key=lambda x: _rank(G, x)):
        data = G.nodes[node]
        label = str(data.get("label", node))
        for surface in _surfaces(node, data):
            by_surface.setdefault(surface, label)
    out: list[str] = []

    def add(label: str) -> None:
        if label not in out and len(out) < n:
            out.append(label)

    for surface, label in by_surface.items():
        if len(surface) > 1 and (key in surface or surface in key):
            add(label)
    for surface in difflib.get_close_matches(key, list(by_surface), n=n, cutoff=0.5):
        add(by_surface[surface])
    return out


# --------------------------------------------------------------------------- edges


def _allowed(relations: str | Iterable[str] | None) -> set[str] | None:
    """``None`` means every relation but co_occurs; a name or names select those."""
    if relations is None:
        return None
    if isinstance(relations, str):
        relations = [relations]
    chosen = set(relations)
    known = set(vocabulary()["relations"])
    unknown = sorted(chosen - known)
    if unknown:
        raise GraphError(
            f"unknown relation {', '.join(map(repr, unknown))}; known: {', '.join(sorted(known))}"
        )
    return chosen


def _keep(data: dict, allowed: set[str] | None) -> bool:
    relation = data.get("relation", "")
    return relation != COOCCURS if allowed is None else relation in allowed


def _hop(G: nx.MultiDiGraph, u: str, v: str, data: dict, forward: bool) -> Hop:
    return Hop(
        head=u,
        relation=str(data.get("relation", "")),
        label=str(data.get("label") or _relation_label(str(data.get("relation", "")))),
        tail=v,
        sentence=str(data.get("sentence", "")),
        doc=str(data.get("doc", "")),
        start=_int(data.get("start")),
        end=_int(data.get("end")),
        rule=str(data.get("rule", "")),
        forward=forward,
        head_label=str(G.nodes[u].get("label", u)),
        tail_label=str(G.nodes[v].get("label", v)),
        title=str(data.get("title") or ""),
        confidence=float(data.get("confidence") or 0.0),
    )


def _relation_label(relation: str) -> str:
    return vocabulary()["relations"].get(relation, {}).get("label", relation)


def _relation_order(relation: str) -> tuple:
    order = list(vocabulary()["relations"])
    return (order.index(relation), "") if relation in order else (len(order), relation)


def _best_edge(G: nx.MultiDiGraph, a: str, b: str, allowed: set[str] | None) -> Hop:
    """The strongest edge between ``a`` and ``b`` in either direction, walked a -> b.

    Real relations beat co_occurs, then higher confidence; ties keep the first edge
    stored, edges a -> b before b -> a.
    """
    candidates = []
    for u, v, forward in ((a, b, True), (b, a, False)):
        for data in (G.get_edge_data(u, v) or {}).values():
            if _keep(data, allowed):
                candidates.append((u, v, forward, data))
    u, v, forward, data = max(
        candidates,
        key=lambda c: (c[3].get("relation") != COOCCURS, float(c[3].get("confidence") or 0.0)),
    )
    return _hop(G, u, v, data, forward)


def _projection(G: nx.MultiDiGraph, allowed: set[str] | None) -> nx.Graph:
    """The simple undirected graph of the edges ``allowed`` keeps."""
    U = nx.Graph()
    U.add_nodes_from(G)
    U.add_edges_from((u, v) for u, v, d in G.edges(data=True) if _keep(d, allowed) and u != v)
    return U


# --------------------------------------------------------------------------- queries


def paths(
    G: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    max_hops: int = 4,
    limit: int = 10,
    relations: str | Iterable[str] | None = None,
) -> list[Path]:
    """Paths between two entities, shortest first, at most ``limit`` of them.

    Edges may be walked against their direction (each :class:`Hop` keeps its own
    direction in ``forward``). Paths are simple paths of the undirected projection;
    each hop shows the strongest edge between its two nodes (a real relation before
    co_occurs, then highest confidence). Paths of equal length are ordered by the
    mean confidence of their hops, then by labels.
    ``relations=None`` uses every relation but ``co_occurs``; pass relation names to
    use only those (``co_occurs`` included if named). An empty list means no path
    within ``max_hops``.

    Example
    -------
    >>> for p in paths(G, "刘民强", "周军波", max_hops=2):   # doctest: +SKIP
    ...     print(p.chain)
    刘民强 —出席→ 2025中日机器人产业合作对接会… ←致辞— 周军波
    """
    if max_hops < 1 or limit < 1:
        raise ValueError(f"max_hops and limit must be >= 1, got {max_hops} and {limit}")
    allowed = _allowed(relations)
    s, t = resolve(G, source), resolve(G, target)
    if s == t:
        return [Path(ids=[s], nodes=[_label(G, s)], hops=[])]
    U = _projection(G, allowed)
    found: list[Path] = []
    try:
        for ids in nx.shortest_simple_paths(U, s, t):
            length = len(ids) - 1
            if length > max_hops or len(found) >= max(limit, MAX_CANDIDATES):
                break
            if len(found) >= limit and length > len(found[-1].hops):
                break  # enough paths, and every tie of the last length is in
            hops = [_best_edge(G, a, b, allowed) for a, b in itertools.pairwise(ids)]
            found.append(Path(ids=list(ids), nodes=[_label(G, n) for n in ids], hops=hops))
    except nx.NetworkXNoPath:
        pass
    found.sort(key=lambda p: (len(p.hops), -_strength(p), p.nodes, p.ids))
    return found[:limit]


def _strength(path: Path) -> float:
    """Mean confidence of a path's hops."""
    return sum(h.confidence for h in path.hops) / len(path.hops) if path.hops else 1.0


def neighbors(
    G: nx.MultiDiGraph,
    name: str,
    relation: str | Iterable[str] | None = None,
    *,
    direction: str = "both",
) -> list[Hop]:
    """The edges of one entity with their evidence, one :class:`Hop` per edge.

    ``direction`` is ``"out"`` (the entity is the head), ``"in"`` (the tail) or
    ``"both"``; ``Hop.forward`` is True when the entity is the head. ``relation``
    selects relation names; ``None`` means every relation but ``co_occurs``.
    Sorted by relation (vocabulary order), then neighbour label, doc and offset.

    Example
    -------
    >>> for hop in neighbors(G, "周军波"):     # doctest: +SKIP
    ...     print(hop, "|", hop.evidence)
    周军波 —市长→ 平湖市 | 市长周军波致辞。 (seed.txt:300-308, rule r1)
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}, got {direction!r}")
    allowed = _allowed(relation)
    node = resolve(G, name)
    hops: list[Hop] = []
    if direction in ("out", "both"):
        for _, v, data in G.out_edges(node, data=True):
            if _keep(data, allowed):
                hops.append(_hop(G, node, v, data, True))
    if direction in ("in", "both"):
        for u, _, data in G.in_edges(node, data=True):
            if _keep(data, allowed) and not (u == node and direction == "both"):
                hops.append(_hop(G, u, node, data, False))
    return sorted(hops, key=_hop_order)


def _hop_order(hop: Hop) -> tuple:
    other = hop.tail_label if hop.forward else hop.head_label
    return (_relation_order(hop.relation), not hop.forward, other, hop.doc, hop.start)


def entity_card(G: nx.MultiDiGraph, name: str) -> EntityCard:
    """Everything the graph says about one entity, as an :class:`EntityCard`.

    ``attributes`` holds the node's attributes beyond the contract ones (an amount's
    ``value``, ``value_max``, ``unit``, ``approx``, ``raw``); ``relations`` are
    :func:`neighbors` (no co_occurs); ``cooccurrences`` counts co_occurs edges.

    Example
    -------
    >>> print(entity_card(G, "周军波"))      # doctest: +SKIP
    周军波 (PERSON 人物)
      id: PERSON:周军波
    ...
    """
    node = resolve(G, name)
    data = G.nodes[node]
    cooc = sum(
        1
        for edges in (G.out_edges(node, data=True), G.in_edges(node, data=True))
        for *_, d in edges
        if d.get("relation") == COOCCURS
    )
    return EntityCard(
        id=node,
        label=_label(G, node),
        type=str(data.get("type", "")),
        aliases=_aliases(data),
        mentions=_int(data.get("mentions")),
        docs=_int(data.get("docs")),
        attributes={k: v for k, v in data.items() if k not in NODE_ATTRS and k != "viz"},
        relations=neighbors(G, node),
        cooccurrences=cooc,
    )


def subgraph(
    G: nx.MultiDiGraph,
    name: str,
    hops: int = 2,
    *,
    relations: str | Iterable[str] | None = None,
) -> nx.MultiDiGraph:
    """The neighbourhood of an entity: nodes within ``hops`` edges (either direction).

    Returns an independent ``MultiDiGraph`` with those nodes, the edges between them
    that ``relations`` keeps (``None``: all but co_occurs) and the graph attributes of
    ``G`` (so it can be exported; ``sources`` stays that of ``G``).

    Example
    -------
    >>> H = subgraph(G, "周军波", hops=1)    # doctest: +SKIP
    >>> sorted(H.nodes[n]["label"] for n in H)                # doctest: +SKIP
    ['2025中日机器人产业合作对接会暨平湖人工智能产业发展对接会', '周军波', '平湖市']
    """
    if hops < 0:
        raise ValueError(f"hops must be >= 0, got {hops}")
    allowed = _allowed(relations)
    center = resolve(G, name)
    reach = nx.single_source_shortest_path_length(_projection(G, allowed), center, cutoff=hops)
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from((n, dict(G.nodes[n])) for n in G if n in reach)
    H.add_edges_from(
        (u, v, k, dict(d))
        for u, v, k, d in G.edges(keys=True, data=True)
        if u in reach and v in reach and _keep(d, allowed)
    )
    return H


def _label(G: nx.MultiDiGraph, node: str) -> str:
    return str(G.nodes[node].get("label", node))
