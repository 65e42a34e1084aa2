"""``kg view``: write a graph, or an entity's neighbourhood, as an offline HTML page."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.group import main
from kg.errors import KGError
from kg.export.html import DEFAULT_MAX_NODES


@main.command("view")
@click.argument("graph_path", metavar="GRAPH")
@click.option(
    "--around",
    metavar="NAME",
    help="Show only this entity's neighbourhood (a label, alias or node id).",
)
@click.option(
    "--hops",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="Size of the neighbourhood around --around, in edges.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default="view.html",
    show_default=True,
    help="The HTML file to write.",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_NODES,
    show_default=True,
    help="Bigger graphs start from this many best-connected entities.",
)
@click.option("--title", help="Page title (default: the entity or the graph file name).")
@click.option(
    "--open", "open_browser", is_flag=True, help="Open the page in the default web browser."
)
def view_command(graph_path, around, hops, output, max_nodes, title, open_browser):
    """Write GRAPH (a .graphml, .gexf or .json file kg wrote, or a build folder) as one page.

    The page works offline: entities coloured by type, hover or click for the
    evidence, a search box, type and relation filters.  A big graph arrives
    laid out (ForceAtlas2), with isolated entities hidden and the top entities
    labelled; the page holds at most 10,000 entities, the best connected.
    With --around it shows the entities within --hops edges of NAME and
    centres on NAME.

    \b
    Example:
        kg view out/ -o graph.html
        kg view out/graph.graphml --around 周军波 --hops 2 -o view.html --open
    """
    from kg.export import html
    from kg.export.load import load_graph
    from kg.graph.query import resolve, subgraph

    try:
        G = load_graph(graph_path)
        focus = None
        if around is not None:
            focus = resolve(G, around)
            G = subgraph(G, focus, hops=hops)
            title = title or f"{G.nodes[focus].get('label', focus)} · {hops} 跳"
        title = title or Path(graph_path).name
        path = html.write(G, output, title=title, max_nodes=max_nodes, focus=focus)
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"Wrote {path} ({G.number_of_nodes()} entities, {G.number_of_edges()} relations)")
    if note := html.overview_note(G, graph_path):
        click.echo(note)
    if open_browser:
        import webbrowser

        webbrowser.open(path.resolve().as_uri())
