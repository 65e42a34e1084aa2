"""Write a static PNG overview of a graph's biggest component (matplotlib, Agg).

Chinese labels need a CJK font.  :func:`find_cjk_font` prefers Debian's
``fonts-noto-cjk`` (``/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc``),
then any font matplotlib's font manager knows whose name marks it as CJK.
Without one the image is still written, with a warning that Chinese labels may
show as boxes.
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

import networkx as nx

from kg.export._atomic import atomic_path
from kg.schema import type_color, type_label

__all__ = ["write", "find_cjk_font", "NOTO_CJK_PATHS", "MAX_DRAWN", "drawn_subgraph"]

log = logging.getLogger(__name__)

#: The most nodes drawn: a bigger component is drawn by its best-connected nodes. Below
#: 500 nodes networkx lays out with numpy alone (above, spring_layout needs scipy).
MAX_DRAWN = 300

#: Where Debian/Ubuntu (fonts-noto-cjk), Fedora and Arch put Noto Sans CJK.
NOTO_CJK_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)
#: Substrings of font family names or file names that mean "has Chinese glyphs".
CJK_NAME_HINTS = (
    "noto sans cjk",
    "noto serif cjk",
    "notosanscjk",
    "notoserifcjk",
    "source han",
    "sourcehan",
    "wenquanyi",
    "wqy",
    "simhei",
    "simsun",
    "microsoft yahei",
    "msyh",
    "pingfang",
    "heiti",
    "songti",
    "ar pl",
    "droid sans fallback",
    "droidsansfallback",
)


def find_cjk_font() -> str | None:
    """Path of a font with Chinese glyphs, or ``None`` if this machine has none."""
    for path in NOTO_CJK_PATHS:
        if os.path.isfile(path):
            return path
    from matplotlib import font_manager

    for entry in sorted(font_manager.fontManager.ttflist, key=lambda f: f.fname):
        text = f"{entry.name} {os.path.basename(entry.fname)}".lower()
        if any(hint in text for hint in CJK_NAME_HINTS):
            return entry.fname
    return None


def write(
    G: nx.Graph,
    path: str | os.PathLike,
    *,
    top_labels: int = 30,
    seed: int = 42,
    size: tuple[float, float] = (12.0, 9.0),
    dpi: int = 120,
    title: str | None = None,
) -> Path:
    """Draw the biggest (weakly) connected component of ``G`` into a PNG at ``path``.

    Nodes are coloured by type (the colours of :func:`kg.type_color`),
    sized by degree and laid out with a seeded spring layout over nodes and edges in
    sorted order, so the same graph gives the same picture whatever PYTHONHASHSEED.
    A component of more than :data:`MAX_DRAWN` nodes is drawn by its
    :data:`MAX_DRAWN` best-connected ones (:func:`drawn_subgraph`).  The ``top_labels``
    best-connected nodes are labelled.  ``G`` is not modified.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D

    font_path = find_cjk_font()
    if font_path is None:
        log.warning(
            "no CJK font found; Chinese labels in %s may show as boxes. "
            "Install one, e.g. `apt-get install fonts-noto-cjk`",
            path,
        )
    font = FontProperties(fname=font_path) if font_path else FontProperties()

    H, U = drawn_subgraph(G)
    fig = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    if U.number_of_nodes() == 0:
        ax.text(
            0.5,
            0.5,
            "空图 (empty graph)",
            ha="center",
            va="center",
            parse_math=False,
            fontproperties=font,
            fontsize=20,
        )
    else:
        k = 1.5 / max(1, U.number_of_nodes()) ** 0.5
        pos = nx.spring_layout(U, seed=seed, k=k, iterations=100)
        degree = dict(H.degree())
        nodes = list(U.nodes)
        types = [str(H.nodes[n].get("type", "")) for n in nodes]
        colors = [type_color(t) for t in types]
        sizes = [30 + 25 * min(degree[n], 40) for n in nodes]
        for u, v in U.edges():
            (x1, y1), (x2, y2) = pos[u], pos[v]
            ax.plot((x1, x2), (y1, y2), color="#9aa5b1", linewidth=0.6, alpha=0.6, zorder=1)
        ax.scatter(
            [pos[n][0] for n in nodes],
            [pos[n][1] for n in nodes],
            s=sizes,
            c=colors,
            edgecolors="white",
            linewidths=0.8,
            zorder=2,
        )
        top = sorted(nodes, key=lambda n: (-degree[n], str(n)))[:top_labels]
        for n in top:
            label = str(H.nodes[n].get("label") or n)
            if len(label) > 16:
                label = label[:15] + "…"
            ax.annotate(
                label,
                pos[n],
                xytext=(0, 7),
                textcoords="offset points",
                ha="center",
                fontproperties=font,
                fontsize=9,
                zorder=3,
                parse_math=False,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7},
            )
        present = sorted(set(types))
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=8,
                markerfacecolor=type_color(t),
                markeredgecolor="white",
                label=f"{type_label(t)} ({t})",
            )
            for t in present
        ]
        ax.legend(handles=handles, loc="lower left", prop=font, frameon=False)
        ax.margins(0.08)
    heading = (
        title
        if title is not None
        else (f"{U.number_of_nodes()} / {G.number_of_nodes()} 个实体 (最大连通分量)")
    )
    fig.text(
        0.01, 0.99, heading, ha="left", va="top", fontproperties=font, fontsize=13, parse_math=False
    )
    target = Path(path)
    with atomic_path(target) as tmp, warnings.catch_warnings():
        # Without a CJK font, one warning (logged above) beats one per missing glyph.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(tmp, format="png", dpi=dpi, facecolor="white")
    return target


def drawn_subgraph(G: nx.Graph, limit: int = MAX_DRAWN) -> tuple[nx.Graph, nx.Graph]:
    """``(H, U)``: the biggest component of ``G`` (a view) and the undirected graph drawn,
    at most ``limit`` of its best-connected nodes (ties by id), nodes and edges sorted.

    >>> G = nx.star_graph(600)
    >>> H, U = drawn_subgraph(G)
    >>> H.number_of_nodes(), U.number_of_nodes(), list(U)[:2]
    (601, 300, [0, 1])
    """
    H = _biggest_component(G)
    degree = dict(H.degree())
    nodes = sorted(H.nodes, key=lambda n: (-degree[n], str(n)))[:limit]
    keep = set(nodes)
    U = nx.Graph()
    U.add_nodes_from(sorted(nodes, key=str))
    pairs = {tuple(sorted((u, v), key=str)) for u, v in H.edges() if u in keep and v in keep}
    U.add_edges_from(sorted(pairs, key=lambda e: (str(e[0]), str(e[1]))))
    return H, U


def _biggest_component(G: nx.Graph) -> nx.Graph:
    if G.number_of_nodes() == 0:
        return G
    parts = nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G)
    biggest = max(parts, key=lambda c: (len(c), sorted(map(str, c))[0]))
    return G.subgraph(biggest)
