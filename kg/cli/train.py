"""``kg evaluate``, ``kg evaluate-ner`` and ``kg train-ner``: thin commands over kg.training
(imported only when one of them runs)."""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

import click

from kg.cli.group import main
from kg.cli.ner import _backend_options, _option_option
from kg.errors import KGError

_corpora_option = click.option(
    "-c",
    "--corpora",
    envvar="KG_CORPORA",
    required=True,
    type=click.Path(file_okay=False),
    help="Directory holding msra_ner/ and cluener2020/ (the public corpora named in the "
    "README's data section); default: $KG_CORPORA.",
)


def _parse_backends(
    backends: tuple[str, ...], model: str | None, options: tuple[str, ...]
) -> list[tuple[str, dict]]:
    if (model or options) and len(backends) != 1:
        raise click.UsageError(
            "--model/--option need exactly one --backend; use -b NAME=MODEL for several"
        )
    parsed = []
    for spec in backends:
        name, _, spec_model = spec.partition("=")
        parsed.append((name, _backend_options(spec_model or model, options)))
    return parsed


@main.command("evaluate-ner")
@click.option(
    "-b",
    "--backend",
    "backends",
    multiple=True,
    default=("kg",),
    show_default=True,
    help="Backend to score; repeat for several. NAME=MODEL passes a model.",
)
@click.option("-m", "--model", default=None, help="Model for a single backend.")
@_option_option
@_corpora_option
@click.option(
    "-d",
    "--dataset",
    "datasets",
    multiple=True,
    type=click.Choice(["msra-test", "cluener-dev"]),
    help="Evaluation set (default: both).",
)
def evaluate_ner_command(backends, model, options, corpora, datasets):
    """Print exact-span P/R/F1 for PER/ORG/LOC and chars/s on MSRA test and CLUENER dev.

    Only the backend's NER is scored (no rules); CLUENER name/company/government/
    organization/address are compared as PER/ORG/ORG/ORG/LOC.

    \b
    Example:
        kg evaluate-ner                       # the embedded model
        kg evaluate-ner -b kg -b jieba -c ../shared/corpora
        kg evaluate-ner -b spacy -m zh_core_web_sm -d cluener-dev
        kg evaluate-ner -O style=cluener -d cluener-dev
    """
    from kg.training.evaluate import evaluate_backend, format_results

    results = []
    for name, backend_options in _parse_backends(backends, model, options):
        try:
            results.extend(
                evaluate_backend(
                    name, datasets or ("msra-test", "cluener-dev"), corpora, **backend_options
                )
            )
        except KGError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(format_results(results))


@main.command("train-ner")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False),
    help="Model directory to write (ner.npz or ner.crfsuite, + meta.json).",
)
@_corpora_option
@click.option(
    "--arch",
    default="bilstm",
    show_default=True,
    type=click.Choice(["bilstm", "crf"]),
    help="bilstm: the shipped neural tagger (training needs torch); crf: the character CRF.",
)
@click.option(
    "--epochs",
    default=10,
    show_default=True,
    help="bilstm: epochs; 0 with --init and --crf only attaches the CRF anew.",
)
@click.option("--hidden", default=200, show_default=True, help="bilstm: LSTM size.")
@click.option(
    "--crf",
    default="",
    type=click.Path(file_okay=False),
    help="bilstm: combine with this CRF (a --arch crf model directory or a neural model's "
    "crf/); its weight and gate are chosen on the dev blocks.",
)
@click.option(
    "--init",
    default="",
    type=click.Path(file_okay=False),
    help="bilstm: continue training from this model directory (its vocabulary and weights).",
)
@click.option("--lr", default=2e-3, show_default=True, help="bilstm: Adam step size.")
@click.option("--c1", default=0.03, show_default=True, help="crf: L1 penalty (sparsity, size).")
@click.option("--c2", default=0.01, show_default=True, help="crf: L2 penalty.")
@click.option("--max-iterations", default=170, show_default=True, help="crf: L-BFGS iterations.")
@click.option("--minfreq", default=2.0, show_default=True, help="crf: drop rarer features.")
@click.option(
    "--dev-fraction",
    default=0.05,
    show_default=True,
    help="Held-out block at the end of each corpus (0: train on all).",
)
@click.option(
    "--limit",
    default=0,
    show_default=True,
    help="Use at most this many sentences per corpus (0: all); for quick checks.",
)
@click.option("--seed", default=13, show_default=True, help="Seed for shuffling and weights.")
@click.option(
    "--cluener-weight", default=2, show_default=True, help="Copies of each CLUENER sentence."
)
@click.option(
    "--style",
    default="msra",
    show_default=True,
    type=click.Choice(["msra", "cluener"]),
    help="Default tagging style of the model.",
)
@click.option(
    "-S",
    "--set",
    "settings",
    multiple=True,
    metavar="KEY=VALUE",
    help="Any other training setting (a field of NeuralConfig or TrainConfig in "
    "kg/training), e.g. -S dropout=0.3 -S max_minutes=60; repeatable.",
)
def train_ner_command(
    output,
    corpora,
    arch,
    epochs,
    hidden,
    crf,
    init,
    lr,
    c1,
    c2,
    max_iterations,
    minfreq,
    dev_fraction,
    limit,
    seed,
    cluener_weight,
    style,
    settings,
):
    """Train the embedded NER model on MSRA train + CLUENER train and write a model directory.

    The model learns both corpora's annotation styles and tags in --style unless
    told otherwise. MSRA test and CLUENER dev are never read. Progress goes to stderr.

    \b
    Example:
        pip install torch        # the bilstm trainer needs it; the model then runs on numpy
        kg train-ner -o /tmp/crf --arch crf -c ../shared/corpora
        kg train-ner -o kg/data/model --crf /tmp/crf -c ../shared/corpora
        kg train-ner -o /tmp/small --limit 2000 --epochs 1
        kg train-ner -o /tmp/m --init kg/data/model --crf kg/data/model/crf --epochs 0
    """
    from kg.training.train_crf import TrainConfig, train_crf
    from kg.training.train_neural import NeuralConfig, train_neural

    shared = {
        "dev_fraction": dev_fraction,
        "limit": limit,
        "seed": seed,
        "cluener_weight": cluener_weight,
        "style": style,
    }
    started = time.time()

    def progress(line: str) -> None:
        click.echo(f"[{time.time() - started:7.1f}s] {line}", err=True)

    try:
        if arch == "bilstm":
            config = NeuralConfig(epochs=epochs, hidden=hidden, crf=crf, init=init, lr=lr, **shared)
            config = _with_settings(config, settings)
            meta = train_neural(Path(output), Path(corpora), config, progress=progress)
            written = Path(output) / "ner.npz"
        else:
            config = TrainConfig(
                c1=c1, c2=c2, max_iterations=max_iterations, minfreq=minfreq, **shared
            )
            config = _with_settings(config, settings)
            meta = train_crf(Path(output), Path(corpora), config, progress=progress)
            written = Path(output) / "ner.crfsuite"
    except KGError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"wrote {written} ({meta['size_bytes'] / 1e6:.1f} MB, {meta['train_seconds'] / 60:.1f} min)"
    )


def _with_settings(config, settings: tuple[str, ...]):
    """``config`` with each ``KEY=VALUE`` applied, the value converted to the field's type."""
    fields = {f.name: f for f in dataclasses.fields(config)}
    changes = {}
    for setting in settings:
        key, sep, value = setting.partition("=")
        if not sep or key not in fields:
            raise click.BadParameter(
                f"expected KEY=VALUE with KEY one of {', '.join(fields)}; got {setting!r}",
                param_hint="--set",
            )
        current = getattr(config, key)
        if isinstance(current, bool):
            changes[key] = value.lower() in ("1", "true", "yes", "on")
        else:
            try:
                changes[key] = type(current)(value)
            except ValueError as exc:
                raise click.BadParameter(f"{key}: {exc}", param_hint="--set") from exc
    return dataclasses.replace(config, **changes)


@main.command("evaluate")
@click.argument("gold", type=click.Path(exists=True))
@click.option(
    "-c",
    "--corpora",
    envvar="KG_CORPORA",
    type=click.Path(file_okay=False),
    help="Folder the gold files' sources are relative to (for tests/dev: the public data "
    "sets); default: $KG_CORPORA.",
)
@click.option("-b", "--backend", default="kg", show_default=True, help="NER backend.")
@click.option("-m", "--model", default=None, help="Model for the backend.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
@click.option("--summary", is_flag=True, help="Only the table, without misses and false hits.")
def evaluate_command(gold, corpora, backend, model, as_json, summary):
    """Score kg build against GOLD, a gold file or a folder of them (tests/dev/README.md).

    Each article is built as `kg build` would build it; prints precision, recall and F1 per
    entity type and relation, then every miss and false hit.

    \b
    Example:
        kg evaluate tests/dev/thucnews -c ../shared/corpora
        kg evaluate tests/dev/thucnews --summary
        kg evaluate my_gold.json --json > scores.json
    """
    import json

    from kg.pipeline import BuildOptions
    from kg.training.gold import evaluate, format_report, load_gold

    options = BuildOptions(backend=backend, backend_options={"model": model} if model else {})
    try:
        articles = load_gold(gold, corpora)
        with click.progressbar(length=len(articles), label="kg evaluate", file=sys.stderr) as bar:
            report = evaluate(articles, options, progress=lambda: bar.update(1))
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(format_report(report, details=not summary))
