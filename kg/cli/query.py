"""``kg path``, ``kg neighbors``, ``kg show``: query a built graph from the command line."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

import click

from kg.cli.group import main
from kg.errors import KGError

DEFAULT_GRAPH = "out/graph.graphml"

graph_option = click.option(
    "-g",
    "--graph",
    "graph_path",
    default=DEFAULT_GRAPH,
    show_default=True,
    metavar="GRAPH",
    help="A graph file kg wrote (.graphml, .gexf or node-link .json) or a kg build folder.",
)


def _kg_errors(func: Callable) -> Callable:
    """Turn kg's own errors into one-line ``Error: ...`` messages with exit code 1."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


def _load(graph_path: str):
    from kg.export.load import load_graph

    return load_graph(graph_path)


@main.command("path")
@click.argument("source")
@click.argument("target")
@graph_option
@click.option(
    "--max-hops",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="Longest path to look for, in edges.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="How many paths to print, shortest first.",
)
@click.option(
    "-r",
    "--relation",
    "relations",
    multiple=True,
    metavar="RELATION",
    help="Use only this relation (repeatable); co_occurs only when named.",
)
@_kg_errors
def path_command(source, target, graph_path, max_hops, limit, relations):
    """Print how two entities are connected, with the evidence for each hop.

    Edges may be walked against their direction: "A ←致辞— B" means B 致辞 A.
    Exits with code 1 when no path is found within --max-hops.

    \b
    Example:
        kg path 刘民强 周军波 -g out/graph.graphml
        kg path 周军波 是石科技 --max-hops 3 --limit 2
    """
    from kg.graph.query import paths, resolve

    G = _load(graph_path)
    found = paths(
        G, source, target, max_hops=max_hops, limit=limit, relations=list(relations) or None
    )
    if not found:
        a, b = (G.nodes[resolve(G, n)].get("label", n) for n in (source, target))
        raise click.ClickException(f"no path between {a} and {b} within {max_hops} hops")
    click.echo("\n\n".join(str(p) for p in found))


@main.command("neighbors")
@click.argument("name")
@graph_option
@click.option(
    "-r",
    "--relation",
    "relations",
    multiple=True,
    metavar="RELATION",
    help="Show only this relation (repeatable); co_occurs only when named.",
)
@click.option(
    "--direction",
    type=click.Choice(["out", "in", "both"]),
    default="both",
    show_default=True,
    help="out: NAME is the head; in: NAME is the tail.",
)
@_kg_errors
def neighbors_command(name, graph_path, relations, direction):
    """Print the relations of one entity, each with its evidence sentence.

    \b
    Example:
        kg neighbors 周军波 -g out/graph.graphml
        kg neighbors 刘民强 --relation attends --relation speaks_at
    """
    from kg.graph.query import neighbors, resolve

    G = _load(graph_path)
    hops = neighbors(G, name, list(relations) or None, direction=direction)
    if not hops:
        label = G.nodes[resolve(G, name)].get("label", name)
        click.echo(f"{label}: no relations" + (f" ({', '.join(relations)})" if relations else ""))
        return
    click.echo("\n".join(f"{hop}\n  {hop.evidence}" for hop in hops))


@main.command("show")
@click.argument("name")
@graph_option
@_kg_errors
def show_command(name, graph_path):
    """Print an entity's card: type, aliases, mentions, attributes and every relation
    with its evidence sentence, source doc:start-end and rule id.

    \b
    Example:
        kg show 周军波 -g out/graph.graphml
        kg show 是石科技
    """
    from kg.graph.query import entity_card

    click.echo(str(entity_card(_load(graph_path), name)))
