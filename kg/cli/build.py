"""``kg build``: Chinese text in, graph files out."""

from __future__ import annotations

import sys

import click

from kg.cli._log import warnings_to_stderr
from kg.cli.group import main
from kg.errors import KGError
from kg.export import FORMATS

#: The exit status of a build that wrote its graph but skipped some inputs.
EXIT_SKIPPED = 3


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
    "--input-format",
    type=click.Choice(["auto", "text", "lines", "jsonl", "tsv", "csv"]),
    default="auto",
    show_default=True,
    help="How to read the inputs. auto: by the ending (.jsonl JSON Lines; .tsv/.csv a table "
    "with a header row; else one document a file); stdin is JSON Lines when its first line "
    'is an object with "text".',
)
@click.option("--lines", is_flag=True, help="One document per line (--input-format lines).")
@click.option(
    "--columns",
    default=None,
    metavar="NAME,...",
    help="Names of the tab-separated fields of each line (or of a table without a header "
    "row), e.g. category,text; other columns than the text are kept with the document.",
)
@click.option(
    "--text-column",
    default="text",
    show_default=True,
    help="The column (or JSON key) that holds the text.",
)
@click.option(
    "--encoding",
    default=None,
    help="The inputs' encoding, e.g. gbk, big5, shift_jis (default: detected; bytes that "
    "are not plausibly Chinese text are refused).",
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
    "--update analyses only new or changed documents (--no-store: a temporary store, "
    "deleted at the end).",
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
    input_format,
    lines,
    columns,
    text_column,
    encoding,
    jobs,
    scheduler,
    update,
    store,
    open_browser,
    progress,
):
    """Build a knowledge graph from INPUT files, folders (*.txt, *.jsonl), tables
    (*.tsv, *.csv) or - (stdin).

    Writes graph.graphml (Gephi, networkx), graph.gexf (Gephi, coloured),
    graph.json (node-link), graph.html (offline viewer) and graph.png into
    the output folder, then prints a summary.  The folder is replaced whole:
    it holds the earlier build until this one is written and read back, and
    a second build into the same folder fails while one runs.  When graph.png
    cannot be drawn the build goes on without it (a warning).  Encodings
    (UTF-8, GBK/GB18030, UTF-16, Big5) are detected.  JSON Lines records are
    {"id", "text", "date", "title"}; other keys are kept with the document.

    Inputs that cannot be read (binary, empty, undecodable, a bad JSON line, a
    duplicate id, an unreadable folder) are skipped and listed on stderr and in
    the graph's skipped and skipped_docs attributes.

    \b
    Exit status: 0 built; 1 error, nothing written; 2 bad usage;
    3 built, but some inputs were skipped.

    \b
    Example:
        kg build seeds/ -o out/
        kg build news.jsonl --home-city 平湖 --cooccurrence -o out/
        kg build news.jsonl --min-confidence 0.8 -o out/
        kg build cnews.val.txt --lines --columns category,text -o out/
        kg build news.csv --text-column body --encoding gbk -o out/
        cat feed.jsonl | kg build - -o out/ --format graphml
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
    from kg.text import ReadOptions, ReadReport

    if lines and input_format not in ("auto", "lines"):
        raise click.UsageError(f"--lines and --input-format {input_format} disagree")
    try:
        read = ReadOptions(
            encoding=encoding,
            input_format="lines" if lines else input_format,
            columns=tuple(c.strip() for c in columns.split(",")) if columns else (),
            text_column=text_column,
        )
    except KGError as exc:
        raise click.UsageError(str(exc)) from None
    report = ReadReport()
    options = BuildOptions(
        backend=backend,
        backend_options={"model": model} if model else {},
        home_city=home_city or None,
        infer_home_city=not no_home_city and home_city != "",
        cooccurrence=cooccurrence,
        progress=progress,
        rules_path=rules_path,
        read=read,
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
        with folder_lock(outdir), warnings_to_stderr():
            G = build_graph(list(inputs), options, stdin_text=sys.stdin.buffer, report=report)
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
    click.echo(report.summary())
    click.echo("Wrote " + ", ".join(str(p) for p in written.values()))
    if "html" in written and (note := html.overview_note(G, outdir)):
        click.echo(note)
    if open_browser and "html" in written:
        import webbrowser

        webbrowser.open(written["html"].resolve().as_uri())
    if report.skipped_count:
        for line in report.lines():
            click.echo(f"skipped {line}", err=True)
        click.get_current_context().exit(EXIT_SKIPPED)
