"""``kg path``, ``kg neighbors``, ``kg show``: query a built graph from the command line."""

from __future__ import annotations

import dataclasses
import json
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


json_option = click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON document on stdout instead of text (its fields are listed above).",
)


def _echo_json(document: dict) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=1))


def _hop(hop) -> dict:
    return dataclasses.asdict(hop)


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
@json_option
@_kg_errors
def path_command(source, target, graph_path, max_hops, limit, relations, as_json):
    """Print how two entities are connected, with the evidence for each hop.

    Edges may be walked against their direction: "A ←致辞— B" means B 致辞 A.
    Exits with code 1 when no path is found within --max-hops.

    --json prints {"source", "target", "paths": [{"ids", "nodes", "chain", "hops"}]}:
    node ids, their labels, the one-line chain and one object per hop (head,
    head_label, relation, label, tail, tail_label, title, sentence, doc, start, end,
    rule, confidence, forward: false when the path walks the edge backwards).
    With no path, "paths" is [] and the exit code is 1.

    \b
    Example:
        kg path 刘民强 周军波 -g out/graph.graphml
        kg path 周军波 是石科技 --max-hops 3 --limit 2 --json
    """
    from kg.graph.query import paths, resolve

    G = _load(graph_path)
    found = paths(
        G, source, target, max_hops=max_hops, limit=limit, relations=list(relations) or None
    )
    ends = [resolve(G, n) for n in (source, target)]
    if as_json:
        _echo_json(
            {
                "source": ends[0],
                "target": ends[1],
                "paths": [
                    {
                        "ids": p.ids,
                        "nodes": p.nodes,
                        "chain": p.chain,
                        "hops": list(map(_hop, p.hops)),
                    }
                    for p in found
                ],
            }
        )
    if not found:
        a, b = (G.nodes[n].get("label", n) for n in ends)
        raise click.ClickException(f"no path between {a} and {b} within {max_hops} hops")
    if not as_json:
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
@json_option
@_kg_errors
def neighbors_command(name, graph_path, relations, direction, as_json):
    """Print the relations of one entity, each with its evidence sentence.

    --json prints {"id", "label", "relations": [...]}: the entity's node id and label,
    and one object per edge (head, head_label, relation, label, tail, tail_label, title,
    sentence, doc, start, end, rule, confidence, forward: true when NAME is the head).

    \b
    Example:
        kg neighbors 周军波 -g out/graph.graphml
        kg neighbors 刘民强 --relation attends --relation speaks_at --json
    """
    from kg.graph.query import neighbors, resolve

    G = _load(graph_path)
    hops = neighbors(G, name, list(relations) or None, direction=direction)
    if as_json:
        node = resolve(G, name)
        label = G.nodes[node].get("label", node)
        _echo_json({"id": node, "label": label, "relations": list(map(_hop, hops))})
        return
    if not hops:
        label = G.nodes[resolve(G, name)].get("label", name)
        click.echo(f"{label}: no relations" + (f" ({', '.join(relations)})" if relations else ""))
        return
    click.echo("\n".join(f"{hop}\n  {hop.evidence}" for hop in hops))


@main.command("show")
@click.argument("name")
@graph_option
@json_option
@_kg_errors
def show_command(name, graph_path, as_json):
    """Print an entity's card: type, aliases, mentions, attributes and every relation
    with its evidence sentence, source doc:start-end and rule id.

    --json prints {"id", "label", "type", "aliases": [...], "mentions", "docs",
    "attributes": {...}, "relations": [...], "cooccurrences"}: "attributes" holds an
    amount's value, value_max, unit, approx and raw; each relation is an object with
    head, head_label, relation, label, tail, tail_label, title, sentence, doc, start,
    end, rule, confidence, forward.

    \b
    Example:
        kg show 周军波 -g out/graph.graphml
        kg show 是石科技 --json
    """
    from kg.graph.query import entity_card

    card = entity_card(_load(graph_path), name)
    if as_json:
        _echo_json(dataclasses.asdict(card))
    else:
        click.echo(str(card))
