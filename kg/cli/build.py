"""``kg build``: Chinese text in, graph files out."""

from __future__ import annotations

import sys

import click

from kg.cli.group import main
from kg.errors import KGError
from kg.export import FORMATS


@main.command("build")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--output",
    "outdir",
    default="out",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for the graph files.",
)
@click.option(
    "--backend",
    default="kg",
    show_default=True,
    help="NER backend: kg (embedded model), jieba, hanlp, spacy.",
)
@click.option(
    "--model", "model", default=None, help="Model name or path for the hanlp and spacy backends."
)
@click.option(
    "--home-city",
    default=None,
    help="The paper's own city, meant by 市/我市 (default: inferred for a local paper's "
    'page that says 本报讯 and 我市; "" or --no-home-city: never).',
)
@click.option(
    "--no-home-city",
    is_flag=True,
    help="Never give 市/我市 a city (national papers, wire copy).",
)
@click.option(
    "--cooccurrence",
    is_flag=True,
    help="Also link entities named in the same sentence (co_occurs, with weight).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(list(FORMATS)),
    help="Write only these formats (repeatable; default: all).",
)
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(exists=True, dir_okay=False),
    help="A relation rules TOML file to use instead of the built-in rules.",
)
@click.option("--title", help="Title of graph.html (default: the input names).")
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Leave out people, organisations, places and events kg is less sure of "
    "(node attribute confidence: the dev-set precision of how each was found).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that analyse documents (default: every core).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Analyse documents on a Dask cluster (tcp://host:8786); needs dask[distributed].",
)
@click.option(
    "--update",
    is_flag=True,
    help="Add INPUT to the documents of the build already in the output folder and link "
    "them all again; stored documents are not analysed again.",
)
@click.option(
    "--store/--no-store",
    default=True,
    show_default=True,
    help="Keep each document's analysis in OUTPUT/kg-store.sqlite, so that a rebuild or "
    "--update analyses only new or changed documents.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open graph.html in the browser.")
@click.option(
    "--progress/--no-progress",
    default=True,
    show_default=True,
    help="Show a progress bar for many documents.",
)
def build_command(
    inputs,
    outdir,
    backend,
    model,
    home_city,
    no_home_city,
    cooccurrence,
    formats,
    rules_path,
    min_confidence,
    title,
    jobs,
    scheduler,
    update,
    store,
    open_browser,
    progress,
):
    """Build a knowledge graph from INPUT files, folders (*.txt, *.jsonl) or - (stdin).

    Writes graph.graphml (Gephi, networkx), graph.gexf (Gephi, coloured),
    graph.json (node-link), graph.html (offline viewer) and graph.png into
    the output folder, then prints a summary.  The folder is replaced whole:
    it holds the earlier build until this one is written and read back, and
    a second build into the same folder fails while one runs.  When graph.png
    cannot be drawn the build goes on without it (a warning).  Encodings (UTF-8, GBK/GB18030,
    UTF-16) are detected.  JSON Lines records are {"id", "text", "date", "title"}.

    \b
    Example:
        kg build seeds/ -o out/
        kg build news.jsonl --home-city 平湖 --cooccurrence -o out/
        kg build news.jsonl --min-confidence 0.8 -o out/
        cat page.txt | kg build - -o out/ --format graphml
        kg build news.jsonl -o out/ --jobs 4
        kg build today.jsonl -o out/ --update      # add a day to out/'s graph
        kg build news.jsonl -o out/ --scheduler tcp://10.0.0.5:8786

    Each document's analysis is kept in OUT/kg-store.sqlite: building the same
    documents again, or --update with new ones, analyses only what is new.
    """
    from kg.export import folder_lock, html, write_outputs
    from kg.export.graphml import xml_safe
    from kg.export.summary import summarize
    from kg.pipeline import BuildOptions, build_graph, default_jobs

    stdin_text = sys.stdin.buffer.read() if "-" in inputs else None
    options = BuildOptions(
        backend=backend,
        backend_options={"model": model} if model else {},
        home_city=home_city or None,
        infer_home_city=not no_home_city and home_city != "",
        cooccurrence=cooccurrence,
        progress=progress,
        rules_path=rules_path,
        min_confidence=min_confidence,
        jobs=jobs or default_jobs(),
        scheduler=scheduler,
        store=outdir if store or update else None,
        update=update,
    )
    if update and not store:
        raise click.UsageError("--update needs the store: drop --no-store")
    try:
        # the output folder is locked for the whole build: a second build fails at once
        with folder_lock(outdir):
            G = build_graph(list(inputs), options, stdin_text=stdin_text)
            written = write_outputs(
                G,
                outdir,
                tuple(formats) or tuple(FORMATS),
                title=title or html.title_for(inputs),
                warn=lambda message: click.echo(f"Warning: {message}", err=True),
            )
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write to {outdir}: {exc.strerror or exc}") from None
    click.echo(summarize(xml_safe(G)))  # names as the files hold them
    click.echo("Wrote " + ", ".join(str(p) for p in written.values()))
    if "html" in written and (note := html.overview_note(G, outdir)):
        click.echo(note)
    if open_browser and "html" in written:
        import webbrowser

        webbrowser.open(written["html"].resolve().as_uri())
