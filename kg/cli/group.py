"""The ``kg`` click group that every command module adds its commands to."""

from __future__ import annotations

import click

from kg.version import __version__

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main():
    """kg turns Chinese news and reports into a knowledge graph.

    \b
    Example:
        kg build seeds/ -o out/          # graph.html, graph.graphml, graph.gexf, ...
        kg path 刘民强 周军波 -g out/graph.graphml
        kg show 周军波 -g out/graph.graphml
    """
