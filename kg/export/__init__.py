"""Exporters: GraphML, GEXF, node-link JSON, the offline HTML page and a PNG overview.

:func:`write_outputs` writes one whole build: every file into a fresh folder, each read
back (:func:`check_output`) before the folder is swapped in, under the folder's build lock
(kg.export._atomic). The PNG is optional: when it cannot be drawn the build goes on
without it and says why (a warning on the ``kg.export`` logger).
"""

from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as ET
import xml.parsers.expat
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from kg.errors import GraphError, KGError
from kg.export import gexf, graphml, html, nodelink, png
from kg.export._atomic import folder_lock, replace_folder

__all__ = ["FORMATS", "OPTIONAL", "write_outputs", "check_output", "folder_lock"]

log = logging.getLogger(__name__)

#: format name -> (file name, exporter module)
FORMATS = {
    "graphml": "graph.graphml",
    "gexf": "graph.gexf",
    "json": "graph.json",
    "html": "graph.html",
    "png": "graph.png",
}
#: formats whose failure is a warning: the build is written without them
OPTIONAL = frozenset({"png"})


def write_outputs(
    G: nx.MultiDiGraph,
    outdir: str | os.PathLike,
    formats: tuple[str, ...] = tuple(FORMATS),
    *,
    title: str = "kg",
    warn: Callable[[str], None] | None = None,
) -> dict[str, Path]:
    """Write ``G`` into ``outdir`` in each format, as one whole build.

    The folder afterwards holds exactly the files of this build (kg's files of an
    earlier build are gone; other files stay), or, when a required format fails, the
    earlier build untouched. Returns the written paths by format; an optional format
    that failed (:data:`OPTIONAL`) is missing from it and said why through ``warn``
    (default: a warning on the ``kg.export`` logger).
    Raises :class:`~kg.errors.OutputLocked` while another build writes ``outdir``.
    """
    writers = {
        "graphml": graphml.write,
        "gexf": gexf.write,
        "json": nodelink.write,
        "html": lambda G, path: html.write(G, path, title=title),
        "png": png.write,
    }
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise KGError(f"unknown output format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise KGError(f"output path {out} exists and is not a folder")
    written: list[str] = []
    G = graphml.xml_safe(G)  # no exporter writes what XML (or UTF-8) cannot hold

    def fill(folder: Path) -> None:
        for fmt in formats:
            path = folder / FORMATS[fmt]
            try:
                writers[fmt](G, path)
                check_output(fmt, path)
            except Exception as exc:
                path.unlink(missing_ok=True)
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                if fmt in OPTIONAL:
                    (warn or log.warning)(f"{FORMATS[fmt]} not written: {reason}")
                    continue
                if isinstance(exc, KGError):
                    raise
                raise GraphError(f"cannot write {FORMATS[fmt]}: {reason}") from exc
            written.append(fmt)

    with folder_lock(out):
        replace_folder(out, fill, owned=FORMATS.values())
    return {fmt: out / FORMATS[fmt] for fmt in written}


def check_output(fmt: str, path: str | os.PathLike) -> None:
    """Read ``path`` back as format ``fmt``; :class:`~kg.errors.GraphError` when it does not.

    GraphML and node-link JSON are read as kg reads them; GEXF must be well-formed XML,
    the HTML page UTF-8 that ends its document, the PNG a whole PNG.
    """
    path = Path(path)
    try:
        if fmt == "graphml":
            graphml.read(path)
        elif fmt == "json":
            nodelink.read(path)
        elif fmt == "gexf":  # well-formed XML; expat alone, no tree (a tenth of the cost)
            with path.open("rb") as fh:
                xml.parsers.expat.ParserCreate().ParseFile(fh)
        elif fmt == "html":
            if "</html>" not in path.read_bytes().decode("utf-8")[-200:].lower():
                raise ValueError("the page does not end")
        elif fmt == "png":
            data = path.read_bytes()
            if not (data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")):
                raise ValueError("not a whole PNG")
        else:
            raise KGError(f"unknown output format {fmt!r}; choose from {', '.join(FORMATS)}")
    except GraphError as exc:
        raise GraphError(f"{path.name} did not read back: {exc}") from None
    except (ET.ParseError, xml.parsers.expat.ExpatError, ValueError, OSError) as exc:
        raise GraphError(f"{path.name} did not read back: {exc}") from None
