"""``kg ner``: a thin command over kg.ner.recognize."""

from __future__ import annotations

import json

import click

from kg.cli._log import warnings_to_stderr
from kg.cli.group import main
from kg.errors import KGError

_BATCH = 256
#: what an amount entity (MONEY, QUANTITY, PERCENT) adds to its JSON: see GRAPH_CONTRACT
AMOUNT_FIELDS = ("value", "value_max", "unit", "approx")


def _entity(m) -> dict:
    """One entity of the JSON line; an amount adds its normalised value (kg.ner.amounts)."""
    entity = {"start": m.start, "end": m.end, "label": m.label, "text": m.text}
    entity.update({key: m.attrs[key] for key in AMOUNT_FIELDS if key in m.attrs})
    if m.attrs.get("confidence") is not None:  # people, organisations, places, events
        entity.update(evidence=m.attrs["evidence"], confidence=m.attrs["confidence"])
    return entity


def _backend_options(model: str | None, options: tuple[str, ...] = ()) -> dict:
    parsed = {"model": model} if model else {}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected KEY=VALUE, got {option!r}", param_hint="--option")
        parsed[key] = value
    return parsed


_option_option = click.option(
    "-O",
    "--option",
    "options",
    multiple=True,
    metavar="KEY=VALUE",
    help="Extra backend option, e.g. style=cluener for the kg model; repeatable.",
)


@main.command("ner")
@click.argument("file", type=click.File("rb"))
@click.option(
    "-b",
    "--backend",
    default="kg",
    show_default=True,
    help="NER backend: kg (embedded model), jieba, hanlp, spacy.",
)
@click.option(
    "-m",
    "--model",
    default=None,
    help="Model for the backend: a directory, or a spaCy/HanLP model name.",
)
@_option_option
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Leave out people, organisations, places and events kg is less sure of.",
)
@click.option(
    "--encoding",
    default=None,
    help="FILE's encoding, e.g. gbk (default: detected as kg build does).",
)
def ner_command(file, backend, model, options, min_confidence, encoding):
    """Tag entities in FILE (one text per line; - for stdin), one JSON line per input line.

    Each line is tagged as kg build tags a document of that one line (and as kg.load_nlp()
    tags it): the model, kg's rules, the people of its bylines and every name found again.
    Each output line is {"text", "entities": [{"start", "end", "label", "text"}]} with
    end-exclusive character offsets into the line; an empty line gives no entities.
    People, organisations, places and events also carry "evidence" (lexicon, model+rules,
    byline, model or rules: how kg found the name) and "confidence" (the dev-set
    precision of names of that type found that way).
    Amounts (MONEY, QUANTITY, PERCENT) add "value" (a float, in yuan for money: 约30亿元
    is 3000000000.0), "value_max" (the top of a range such as 3亿元至5亿元, else value),
    "unit" (CNY for money) and "approx" (true after 约, 多, 近, 余).
    FILE is read as kg build reads it: the encoding is detected (UTF-8, GBK/GB18030,
    UTF-16, Big5) unless given, a byte-order mark is dropped, lines end at \\n only.

    \b
    Example:
        echo "国务院总理李强在北京会见了比尔·盖茨。" | kg ner -
        kg ner news.txt --backend spacy --model zh_core_web_sm > entities.jsonl
        kg ner news.txt --min-confidence 0.8
    """
    from kg.ner import recognize  # the model's numpy code loads with the command, not `kg --help`
    from kg.text import read_text_lines

    backend_options = _backend_options(model, options)
    name = getattr(file, "name", "<stdin>")
    name = "stdin" if name in ("<stdin>", "-") or not isinstance(name, str) else name
    try:
        with warnings_to_stderr():
            lines = read_text_lines(file.read(), name, encoding=encoding)
    except KGError as exc:
        raise click.ClickException(str(exc)) from None

    def flush(batch):
        try:
            results = recognize(batch, backend=backend, **backend_options)
        except KGError as exc:
            raise click.ClickException(str(exc)) from exc
        for text, mentions in zip(batch, results, strict=True):
            entities = [
                _entity(m)
                for m in sorted(mentions, key=lambda m: (m.start, m.end))
                if m.attrs.get("confidence", 1.0) >= min_confidence
            ]
            click.echo(json.dumps({"text": text, "entities": entities}, ensure_ascii=False))

    batch = []
    for line in lines:
        batch.append(line)
        if len(batch) == _BATCH:
            flush(batch)
            batch = []
    if batch:
        flush(batch)
