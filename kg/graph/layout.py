"""Positions and communities for drawing a big graph: ForceAtlas2 per component, packed.

Each connected component is laid out on its own (networkx's ``forceatlas2_layout``,
seeded), scaled so that a typical edge is :data:`EDGE_LENGTH` units long, and the
components are packed in rings around the biggest one, which sits at the origin;
isolated entities go on the outer rings.  networkx's ForceAtlas2 compares every
pair of nodes (quadratic time and memory), so a component bigger than
:data:`CORE_SIZE` is laid out from its best-connected nodes and the others are
placed beside the neighbours already placed.
"""

from __future__ import annotations

import math
import random
from collections import deque

import networkx as nx

__all__ = ["layout", "communities", "EDGE_LENGTH", "CORE_SIZE"]

#: Length of a typical edge in the returned coordinates (screen pixels at zoom 1).
EDGE_LENGTH = 100.0
#: Components with more nodes get ForceAtlas2 on this many best-connected nodes only.
CORE_SIZE = 500
#: Smaller components get a fixed figure (a star or a ring) instead of a simulation.
FIGURE_SIZE = 5
_GOLDEN = math.pi * (3 - math.sqrt(5))


def layout(G: nx.Graph, *, seed: int = 7) -> dict:
    """Positions ``{node: (x, y)}`` for every node of ``G``; the same graph gives the same result.

    The biggest connected component is centred on the origin.

    Examples
    --------
    >>> pos = layout(nx.path_graph(3))
    >>> sorted(pos) == [0, 1, 2] and all(len(p) == 2 for p in pos.values())
    True
    """
    U = _simple(G)
    parts = components(U)
    pos: dict = {}
    discs = []  # (radius, {node: (x, y)} around (0, 0))
    for k, comp in enumerate(parts):
        local = _centred(_component_layout(U.subgraph(comp), seed=seed + k))
        radius = max((math.hypot(x, y) for x, y in local.values()), default=0.0)
        discs.append((radius + EDGE_LENGTH / 2, local))
    for (dx, dy), (_, local) in zip(_pack([r for r, _ in discs]), discs, strict=True):
        for n, (x, y) in local.items():
            pos[n] = (round(x + dx, 1), round(y + dy, 1))
    return pos


def components(G: nx.Graph) -> list[list]:
    """Connected components of ``G`` (isolated nodes included), biggest first, in a stable order."""
    U = _simple(G) if G.is_directed() or G.is_multigraph() else G
    parts = [sorted(c, key=str) for c in nx.connected_components(U)]
    return sorted(parts, key=lambda c: (-len(c), str(c[0])))


def communities(G: nx.Graph, *, seed: int = 7) -> dict:
    """``{node: community number}`` from Louvain (seeded); 0 is the biggest community.

    Isolated nodes each form their own community.
    """
    U = _simple(G)
    found = nx.community.louvain_communities(U, seed=seed)
    ranked = sorted((sorted(c, key=str) for c in found), key=lambda c: (-len(c), str(c[0])))
    return {n: i for i, c in enumerate(ranked) for n in c}


def _simple(G: nx.Graph) -> nx.Graph:
    """An undirected simple copy of ``G`` without self-loops."""
    U = nx.Graph()
    U.add_nodes_from(G)
    U.add_edges_from((u, v) for u, v in G.edges() if u != v)
    return U


def _component_layout(C: nx.Graph, *, seed: int) -> dict:
    n = C.number_of_nodes()
    if n == 1:
        return {next(iter(C)): (0.0, 0.0)}
    if n <= FIGURE_SIZE:
        return _figure(C)
    if n <= CORE_SIZE:
        pos = _scaled(C, nx.forceatlas2_layout(C, seed=seed, max_iter=150))
    else:
        ranked = sorted(C, key=lambda v: (-C.degree(v), str(v)))
        core = C.subgraph(ranked[:CORE_SIZE])
        # strong gravity keeps core nodes whose links lead out of the core from drifting off
        fa2 = nx.forceatlas2_layout(core, seed=seed, max_iter=150, strong_gravity=True)
        pos = _grow(C, _scaled(core, fa2), seed=seed)
    return _spread(pos)


def _spread(pos: dict) -> dict:
    """``pos`` scaled up, if need be, to leave each node about EDGE_LENGTH² of room."""
    centred = _centred(pos)
    rms = math.sqrt(sum(x * x + y * y for x, y in centred.values()) / len(centred))
    want = 0.4 * EDGE_LENGTH * math.sqrt(len(centred))  # a disc of n * EDGE_LENGTH² area
    factor = max(1.0, want / rms) if rms > 1e-9 else 1.0
    return {n: (x * factor, y * factor) for n, (x, y) in centred.items()}


def _figure(C: nx.Graph) -> dict:
    """A star around the hub when one node touches all others, else a ring."""
    nodes = sorted(C, key=lambda v: (-C.degree(v), str(v)))
    hub = nodes[0]
    if C.degree(hub) == len(nodes) - 1:
        rest = nodes[1:]
        out, start = {hub: (0.0, 0.0)}, 0.0
    else:
        rest, out, start = nodes, {}, math.pi / 2
    # ring order follows the edges where it can, so a path is drawn as a path
    ring = list(nx.dfs_preorder_nodes(C.subgraph(rest), rest[0])) if rest else []
    ring += [v for v in rest if v not in ring]
    radius = EDGE_LENGTH if hub in out else EDGE_LENGTH / (2 * math.sin(math.pi / len(ring)))
    for i, v in enumerate(ring):
        a = start + 2 * math.pi * i / len(ring)
        out[v] = (radius * math.cos(a), radius * math.sin(a))
    return out


def _scaled(C: nx.Graph, pos: dict) -> dict:
    """``pos`` scaled so that the median edge is EDGE_LENGTH long."""
    lengths = sorted(math.dist(pos[u], pos[v]) for u, v in C.edges() if u in pos and v in pos)
    median = lengths[len(lengths) // 2] if lengths else 0.0
    factor = EDGE_LENGTH / median if median > 1e-9 else 1.0
    return {n: (float(p[0]) * factor, float(p[1]) * factor) for n, p in pos.items()}


def _grow(C: nx.Graph, pos: dict, *, seed: int) -> dict:
    """Place the nodes of ``C`` missing from ``pos`` next to their placed neighbours."""
    rng = random.Random(seed)
    pos = dict(pos)
    children: dict = {}
    queue = deque(sorted(pos, key=lambda v: (-C.degree(v), str(v))))
    while queue:
        u = queue.popleft()
        for v in sorted(C[u], key=str):
            if v in pos:
                continue
            placed = [pos[w] for w in C[v] if w in pos]
            cx = sum(p[0] for p in placed) / len(placed)
            cy = sum(p[1] for p in placed) / len(placed)
            k = children[u] = children.get(u, 0) + 1
            r = EDGE_LENGTH * (0.6 + 0.15 * math.sqrt(k)) if len(placed) == 1 else EDGE_LENGTH / 3
            a = k * _GOLDEN + rng.uniform(-0.2, 0.2)
            pos[v] = (cx + r * math.cos(a), cy + r * math.sin(a))
            queue.append(v)
    return pos


def _centred(pos: dict) -> dict:
    if not pos:
        return pos
    cx = sum(p[0] for p in pos.values()) / len(pos)
    cy = sum(p[1] for p in pos.values()) / len(pos)
    return {n: (x - cx, y - cy) for n, (x, y) in pos.items()}


def _pack(radii: list[float]) -> list[tuple[float, float]]:
    """Centres for discs of ``radii`` (biggest first): the first at the origin, others in rings."""
    if not radii:
        return []
    centres = [(0.0, 0.0)]
    ring = radii[0]  # inner edge of the current ring
    i = 1
    while i < len(radii):
        width = radii[i]  # the ring is as deep as its first (biggest) disc
        middle = ring + width
        room = 2 * math.pi * middle
        used = 0.0
        start = i
        while i < len(radii) and used + 2 * radii[i] <= room:
            used += 2 * radii[i]
            i += 1
        if i == start:  # one disc wider than the whole ring: place it anyway
            i += 1
        # spread the ring's discs evenly around it
        arc = 0.0
        spare = (room - used) / max(1, i - start)
        for j in range(start, i):
            a = (arc + radii[j]) / middle
            centres.append((middle * math.cos(a), middle * math.sin(a)))
            arc += 2 * radii[j] + spare
        ring = middle + width
    return centres
