"""Read files, folders, tables, JSON Lines and stdin lazily into normalised :class:`Document`s.

:func:`iter_documents` yields one document at a time, so a 100 MB file of one article a
line is never held in memory at once. What cannot be read is skipped, not fatal: each
skipped document (which, why) goes into a :class:`ReadReport`, and only when nothing at all
could be read is that an :class:`~kg.errors.InputError`. Decoding (encoding detection,
refusing mojibake, replacing invalid code points) is :mod:`kg.text.decode`.

Input formats (:data:`INPUT_FORMATS`), by a file's ending unless one is named:

- ``text``: a file is one document (``*.txt`` and anything else);
- ``lines``: each non-blank line is a document; with ``columns`` the line's fields are
  separated by tabs (``category<TAB>text`` as in THUCNews);
- ``jsonl`` (``*.jsonl``, ``*.jsonlines``, ``*.ndjson``): one ``{"id", "text", "date",
  "title", ...}`` object a line; lines end at ``\\n`` only, so U+2028 inside a record is fine;
- ``tsv``, ``csv`` (``*.tsv``, ``*.csv``): a table whose first row names the columns
  (unless ``columns`` names them).

In records, the ``text`` column (``text_column``) is the text; ``id``, ``title`` and
``date`` fill the document's fields; every other column is kept in ``Document.attrs``.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError
from kg.text.decode import (
    bom_length,
    check_encoding,
    clean_code_points,
    decode_bytes,
    decode_strict,
    detect_encoding,
)
from kg.text.normalize import normalize
from kg.types import Document

__all__ = [
    "read_inputs",
    "iter_documents",
    "read_text_lines",
    "decode_bytes",
    "make_document",
    "ReadOptions",
    "ReadReport",
    "Skipped",
    "INPUT_FORMATS",
    "TEXT_SUFFIXES",
    "JSONL_SUFFIXES",
    "TABLE_SUFFIXES",
]

log = logging.getLogger(__name__)

#: File name endings read as plain text when a folder is walked.
TEXT_SUFFIXES = (".txt",)
#: File name endings read as JSON lines, one ``{"id", "text", "date", "title"}`` record a line.
JSONL_SUFFIXES = (".jsonl", ".jsonlines", ".ndjson")
#: File name endings read as tables with a header row (given directly, not from folders).
TABLE_SUFFIXES = (".tsv", ".csv")
#: How an input can be read; ``auto`` decides by the file's ending.
INPUT_FORMATS = ("auto", "text", "lines", "jsonl", "tsv", "csv")

_RECORD_FIELDS = ("id", "title", "date")
#: Bytes read from a stream at a time.
_CHUNK = 1 << 20
#: Skipped documents listed one by one in a report (all of them are counted).
MAX_LISTED = 1000


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read; the CLI and the Python API fill the same object."""

    #: the inputs' encoding (a Python codec name); None: detected per input
    encoding: str | None = None
    #: one of :data:`INPUT_FORMATS`
    input_format: str = "auto"
    #: names of the fields of a table (or of tab-separated lines) without a header row
    columns: tuple[str, ...] = ()
    #: the column that holds the text
    text_column: str = "text"

    def __post_init__(self):
        if self.input_format not in INPUT_FORMATS:
            raise InputError(
                f"unknown input format {self.input_format!r}; "
                f"choose one of {', '.join(INPUT_FORMATS)}"
            )
        if self.encoding:
            object.__setattr__(self, "encoding", check_encoding(self.encoding))
        if any(not c for c in self.columns) or len(set(self.columns)) < len(self.columns):
            raise InputError(
                f"column names must be distinct and not empty, got {','.join(self.columns)!r}"
            )
        if self.columns and self.text_column not in self.columns:
            raise InputError(
                f"the columns {', '.join(self.columns)} have no text column "
                f"{self.text_column!r}; name it with --text-column"
            )


@dataclass(frozen=True)
class Skipped:
    """One input (a file, or a line of one) that was not read, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class ReadReport:
    """What a read produced: documents read, and every skipped one (which, why)."""

    read: int = 0
    skipped_count: int = 0
    #: the first :data:`MAX_LISTED` skipped inputs
    skipped: list[Skipped] = field(default_factory=list)
    #: skipped inputs by the first words of their reason ("binary file", "bad JSON")
    reasons: Counter = field(default_factory=Counter)

    def skip(self, source: str, reason: str) -> None:
        self.skipped_count += 1
        self.reasons[_reason_kind(reason)] += 1
        if len(self.skipped) < MAX_LISTED:
            self.skipped.append(Skipped(source, reason))
        log.info("skipped %s: %s", source, reason)

    def lines(self) -> list[str]:
        """One line per skipped input, and one for those not listed."""
        out = [str(s) for s in self.skipped]
        if self.skipped_count > len(self.skipped):
            out.append(f"... and {self.skipped_count - len(self.skipped)} more")
        return out

    def graph_attributes(self) -> dict[str, int | str]:
        """Scalars for the graph: ``skipped`` (a count) and ``skipped_docs`` (one line each)."""
        return {"skipped": self.skipped_count, "skipped_docs": "\n".join(self.lines())}

    def summary(self) -> str:
        """``Documents: 97 read, 3 skipped (binary file: 3)``."""
        line = f"Documents: {self.read} read, {self.skipped_count} skipped"
        if self.reasons:
            kinds = sorted(self.reasons.items(), key=lambda kv: (-kv[1], kv[0]))
            line += " (" + ", ".join(f"{k}: {n}" for k, n in kinds) + ")"
        return line


def _reason_kind(reason: str) -> str:
    """The kind of a skip reason, for counting: its words before any ``:``, ``;`` or ``(``,
    without line numbers, byte offsets and quoted values ("bad JSON", "binary file")."""
    kind = re.split(r"[:;(]", reason, maxsplit=1)[0]
    kind = re.sub(r" (on line|at byte|line) \d+| '.*'|,.*", "", kind).strip()
    return kind if len(kind) <= 40 else kind[:39] + "…"


# --------------------------------------------------------------------------- documents


def make_document(
    doc_id: str,
    raw: str,
    source: str = "",
    *,
    title: str = "",
    date: str = "",
    attrs: dict | None = None,
) -> Document:
    """A document of ``raw`` text, normalised as every input is (InputError if none is left).

    Invalid code points (lone surrogates, non-characters) in any field become U+FFFD.
    """
    where = source or doc_id
    raw = clean_code_points(raw, where)
    text, _ = normalize(raw)
    if not text:
        raise InputError(f"{where}: no text left after normalisation")
    return Document(
        id=clean_code_points(doc_id, where),
        text=text,
        raw=raw,
        title=clean_code_points(title, where),
        date=clean_code_points(date, where),
        source=source,
        attrs={
            k: clean_code_points(v, where) if isinstance(v, str) else v
            for k, v in (attrs or {}).items()
        },
    )


def _record_document(record: dict, default_id: str, where: str, text_column: str) -> Document:
    """A document from one record (a JSON object or a table row)."""
    body = record.get(text_column)
    if not isinstance(body, str):
        raise InputError(f'no "{text_column}" string in the record')
    if not body.strip():
        raise InputError(f'empty "{text_column}"')
    fields: dict[str, str] = {}
    attrs: dict[str, str | int | float | bool] = {}
    for key, value in record.items():
        if key == text_column or value is None:
            continue
        if key in _RECORD_FIELDS:
            if not isinstance(value, str | int) or isinstance(value, bool):
                raise InputError(f'"{key}" must be a string or an integer, got {value!r:.40}')
            fields[key] = str(value)
        elif isinstance(value, str | int | float | bool):
            attrs[str(key)] = value
    return make_document(
        fields.get("id") or default_id,
        body,
        where,
        title=fields.get("title", ""),
        date=fields.get("date", ""),
        attrs=attrs,
    )


# --------------------------------------------------------------------------- lines of bytes


def _chunks(stream: BinaryIO, first: bytes) -> Iterator[bytes]:
    if first:
        yield first
    while chunk := stream.read(_CHUNK):
        yield chunk


def _split_bytes(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Lines of a byte stream, split on ``\\n`` only (the ``\\n`` left out)."""
    rest = b""
    for chunk in chunks:
        rest += chunk
        *lines, rest = rest.split(b"\n")
        yield from lines
    if rest:
        yield rest


def _text_lines(
    stream: BinaryIO, name: str, encoding: str | None
) -> Iterator[tuple[int, str | None]]:
    """``(line number, text)`` for each line of ``stream``, split on ``\\n`` only; the text
    is None for a line that does not decode. The encoding is detected on the first MiB."""
    head = stream.read(_CHUNK)
    if not head.strip():
        raise InputError(f"{name}: empty input")
    if encoding:
        bom = bom_length(head, encoding)
    else:
        encoding, bom = detect_encoding(head, name, final=len(head) < _CHUNK, lenient=True)
    chunks = _chunks(stream, head[bom:])
    if "\n".encode(encoding) == b"\n" and not encoding.startswith(("utf-16", "utf-32")):
        for lineno, line in enumerate(_split_bytes(chunks), start=1):
            text = decode_strict(line, encoding)
            if text is not None and lineno == 1:
                text = text.removeprefix("\ufeff")
            yield lineno, None if text is None else text.removesuffix("\r")
        return
    decoder = codecs.getincrementaldecoder(encoding)()
    rest = ""
    lineno = 0
    try:
        for chunk in chunks:
            rest += decoder.decode(chunk)
            *lines, rest = rest.split("\n")
            for line in lines:
                lineno += 1
                yield lineno, line.removesuffix("\r")
        rest += decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise InputError(f"{name}: cannot decode as {encoding} after line {lineno}") from None
    if rest:
        yield lineno + 1, rest.removesuffix("\r")


def read_text_lines(data: bytes, name: str, *, encoding: str | None = None) -> list[str]:
    """The lines of ``data`` decoded as :func:`decode_bytes` does (one encoding for the
    whole input, detected unless given), split on ``\\n`` only, without line ends.
    Blank input gives blank lines, not an error (``kg ner`` echoes them)."""
    if not data.strip():
        text = data.decode("utf-8", "replace")
    else:
        text = decode_bytes(data, name, encoding=encoding)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


# --------------------------------------------------------------------------- formats


@dataclass(frozen=True)
class _Source:
    """One input: a file (``path``) or stdin (``path`` None), its id and how to read it."""

    path: Path | None
    doc_id: str
    fmt: str

    @property
    def name(self) -> str:
        return "stdin" if self.path is None else str(self.path)

    @property
    def stem(self) -> str:
        return "stdin" if self.path is None else self.path.stem


Item = Document | Skipped


def _whole_document(source: _Source, data: bytes, options: ReadOptions) -> Iterator[Item]:
    try:
        text = decode_bytes(data, source.name, encoding=options.encoding)
        _hint_at_lines(text, source.name)
        yield make_document(source.doc_id, text, source.name)
    except InputError as err:
        yield Skipped(source.name, _without_name(str(err), source.name))


def _hint_at_lines(text: str, name: str) -> None:
    """Warn when a file read as one document looks like one record a line (THUCNews)."""
    lines = text[:200_000].split("\n")[:1000]
    if len(lines) >= 20 and sum("\t" in line for line in lines) >= 0.9 * len(lines):
        fields = lines[0].count("\t") + 1
        log.warning(
            "%s: read as one document, but its lines hold %d tab-separated fields; for one "
            "document a line use --lines --columns (e.g. --columns category,text)",
            name,
            fields,
        )


def _without_name(message: str, name: str) -> str:
    return message.removeprefix(f"{name}: ")


def _decoded(source: _Source, stream: BinaryIO, options: ReadOptions):
    """(where, line number, text) for each non-blank line; Skipped for undecodable ones."""
    for lineno, line in _text_lines(stream, source.name, options.encoding):
        where = f"{source.name}:{lineno}"
        if line is None:
            yield Skipped(where, f"cannot decode line {lineno}")
        elif line.strip():
            yield where, lineno, line


def _line_documents(source: _Source, stream: BinaryIO, options: ReadOptions) -> Iterator[Item]:
    columns = options.columns
    for item in _decoded(source, stream, options):
        if isinstance(item, Skipped):
            yield item
            continue
        where, lineno, line = item
        default_id = f"{source.stem}:{lineno}"
        try:
            if columns:
                yield _record_document(
                    _row(line.split("\t"), columns, lineno), default_id, where, options.text_column
                )
            else:
                yield make_document(default_id, line, where)
        except InputError as err:
            yield Skipped(where, _without_name(str(err), where))


def _row(values: list[str], columns: tuple[str, ...], lineno: int) -> dict:
    if len(values) != len(columns):
        raise InputError(
            f"wrong number of fields on line {lineno}: {len(values)}, expected {len(columns)}"
        )
    return dict(zip(columns, values, strict=True))


def _jsonl_documents(source: _Source, stream: BinaryIO, options: ReadOptions) -> Iterator[Item]:
    for item in _decoded(source, stream, options):
        if isinstance(item, Skipped):
            yield item
            continue
        where, lineno, line = item
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Skipped(where, f"bad JSON on line {lineno}: {err.msg}")
            continue
        except (ValueError, RecursionError) as err:  # a 4,301-digit number, deep nesting
            reason = "nested too deeply" if isinstance(err, RecursionError) else str(err)
            yield Skipped(where, f"bad JSON on line {lineno}: {reason.splitlines()[0]:.120}")
            continue
        if not isinstance(record, dict):
            yield Skipped(where, f"not a JSON object (line {lineno})")
            continue
        try:
            yield _record_document(record, f"{source.stem}:{lineno}", where, options.text_column)
        except InputError as err:
            yield Skipped(where, f"bad record on line {lineno}: {_without_name(str(err), where)}")


def _table_documents(source: _Source, stream: BinaryIO, options: ReadOptions) -> Iterator[Item]:
    delimiter = "," if source.fmt == "csv" else "\t"
    lines = _decoded(source, stream, options)
    columns = options.columns
    if not columns:
        for item in lines:
            if isinstance(item, Skipped):
                raise InputError(f"{source.name}: cannot decode the header row")
            columns = tuple(next(csv.reader([item[2]], delimiter=delimiter)))
            break
        if options.text_column not in columns:
            raise InputError(
                f"{source.name}: no column named {options.text_column!r} "
                f"(columns: {', '.join(columns) or 'none'}); choose one with --text-column"
            )
    for item in lines:
        if isinstance(item, Skipped):
            yield item
            continue
        where, lineno, line = item
        try:
            if source.fmt == "csv":
                values = next(csv.reader(io.StringIO(line), delimiter=delimiter))
            else:
                values = line.split("\t")
            yield _record_document(
                _row(values, columns, lineno),
                f"{source.stem}:{lineno}",
                where,
                options.text_column,
            )
        except (InputError, csv.Error) as err:
            yield Skipped(where, _without_name(str(err), where))


_READERS = {
    "lines": _line_documents,
    "jsonl": _jsonl_documents,
    "tsv": _table_documents,
    "csv": _table_documents,
}


def _stdin_format(head: bytes) -> str:
    """JSON Lines when the first non-blank line is a JSON object with a "text", else text.
    A first line longer than ``head`` counts when it opens an object with a key."""
    first, newline, _ = head.lstrip().partition(b"\n")
    if not first.startswith(b"{"):
        return "text"
    if not newline and len(head) >= _CHUNK:
        return "jsonl" if re.match(rb'\{\s*"', first) else "text"
    try:
        record = json.loads(first)
    except (ValueError, RecursionError):
        return "text"
    return "jsonl" if isinstance(record, dict) and "text" in record else "text"


class _Prefixed(io.RawIOBase):
    """A stream that gives ``head`` (bytes already read) again, then the rest of ``rest``."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._head[: len(buffer)] if self._head else self._rest.read(len(buffer))
        self._head = self._head[len(data) :]
        buffer[: len(data)] = data
        return len(data)


def _source_items(
    source: _Source, stdin: bytes | str | BinaryIO | None, options: ReadOptions
) -> Iterator[Item]:
    try:
        if source.path is None:
            yield from _stdin_items(stdin, options, source.fmt)
        elif source.fmt == "text":
            yield from _whole_document(source, source.path.read_bytes(), options)
        else:
            with source.path.open("rb") as stream:
                yield from _READERS[source.fmt](source, stream, options)
    except OSError as err:
        yield Skipped(source.name, f"cannot read: {err.strerror or err}")
    except InputError as err:  # nothing of this input can be read (empty, no text column)
        yield Skipped(source.name, _without_name(str(err), source.name))


def _stdin_items(stdin: bytes | str | BinaryIO | None, options: ReadOptions, fmt: str):
    if isinstance(stdin, str):
        stdin = stdin.encode("utf-8")
    stream = io.BytesIO(stdin) if isinstance(stdin, bytes) else stdin or sys.stdin.buffer
    if fmt == "auto":
        head = stream.read(_CHUNK) or b""
        fmt = _stdin_format(head)
        stream = io.BufferedReader(_Prefixed(head, stream))
    source = _Source(None, "stdin", fmt)
    if fmt == "text":
        yield from _whole_document(source, stream.read(), options)
    else:
        yield from _READERS[fmt](source, stream, options)


# --------------------------------------------------------------------------- inputs


def _format_of(path: Path, options: ReadOptions) -> str:
    if options.input_format != "auto":
        fmt = options.input_format
    elif path.name.lower().endswith(JSONL_SUFFIXES):
        fmt = "jsonl"
    elif path.name.lower().endswith(TABLE_SUFFIXES):
        fmt = path.suffix.lower()[1:]
    else:
        fmt = "text"
    return "lines" if fmt == "text" and options.columns else fmt


def _not_readable(path: Path) -> str | None:
    """Why ``path`` is no regular file that can be opened (None when it is one)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "dangling symbolic link" if path.is_symlink() else "no such file"
    except OSError as err:
        if err.errno == 40:  # ELOOP
            return "symbolic link loop"
        return f"cannot read: {err.strerror or err}"
    if stat.S_ISREG(mode):
        return None
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"not a regular file ({kind})"


def _walk(folder: Path, options: ReadOptions, report: ReadReport) -> list[_Source]:
    """The input files under ``folder`` (hidden ones left out), sorted; what cannot be
    walked or read (unreadable folders, dangling or looping links, FIFOs) is reported."""
    suffixes = TEXT_SUFFIXES + JSONL_SUFFIXES
    found: list[_Source] = []
    seen_dirs: set[str] = set()

    def on_error(err: OSError) -> None:
        report.skip(str(err.filename or folder), f"cannot read folder: {err.strerror or err}")

    for root, dirs, files in os.walk(folder, onerror=on_error, followlinks=True):
        real = os.path.realpath(root)
        if real in seen_dirs:
            report.skip(root, "symbolic link loop (folder already read)")
            dirs[:] = []
            continue
        seen_dirs.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(suffixes):
                continue
            path = Path(root) / name
            rel = path.relative_to(folder).as_posix()
            why = _not_readable(path)
            if why:
                report.skip(str(path), why)
            else:
                found.append(_Source(path, rel, _format_of(path, options)))
    return sorted(found, key=lambda s: s.doc_id)


def _sources(inputs: Iterable[str], options: ReadOptions, report: ReadReport) -> list[_Source]:
    """Expand the inputs into sources; a missing path is an error, before anything is read."""
    sources: list[_Source] = []
    for item in inputs:
        if item == "-":
            fmt = options.input_format
            sources.append(
                _Source(None, "stdin", "lines" if fmt == "auto" and options.columns else fmt)
            )
            continue
        path = Path(item)
        if path.is_dir():
            before = report.skipped_count
            found = _walk(path, options, report)
            if not found and report.skipped_count == before:
                raise InputError(
                    f"{path}: folder has no {', '.join(TEXT_SUFFIXES + JSONL_SUFFIXES)} files"
                )
            sources.extend(found)
        elif not path.exists() and not path.is_symlink():
            raise InputError(f"{path}: no such file or folder")
        elif why := _not_readable(path):
            report.skip(str(path), why)
        else:
            sources.append(_Source(path, path.name, _format_of(path, options)))
    return sources


def iter_documents(
    inputs: list[str],
    options: ReadOptions | None = None,
    *,
    stdin_text: bytes | str | BinaryIO | None = None,
    report: ReadReport | None = None,
    progress: bool = False,
) -> Iterator[Document]:
    """Yield the documents of files, folders (recursively: ``*.txt`` and ``*.jsonl``,
    sorted), tables, JSON Lines and ``"-"`` (stdin: ``stdin_text`` if given, else
    ``sys.stdin``), one at a time.

    Document ids are the path relative to the given folder, the file name for a file given
    directly, ``"stdin"``, and for records the ``id`` field or column, else
    ``<file stem>:<line>``. Whatever cannot be read — a binary or empty file, a bad JSON
    line, an undecodable line, a duplicate id, an unreadable folder, a FIFO — is recorded
    in ``report`` and skipped. :class:`~kg.errors.InputError` is raised for a missing input
    path, a table without its text column, and when no document at all could be read.

    Examples
    --------
    >>> [doc.id for doc in iter_documents(["-"], stdin_text='{"id": "a", "text": "平湖。"}')]
    ['a']
    """
    options = options or ReadOptions()
    report = report if report is not None else ReadReport()
    if not inputs:
        raise InputError("no inputs given")
    sources = _sources(inputs, options, report)
    iterator: Iterable[_Source] = sources
    if progress and len(sources) > 1:
        from tqdm import tqdm

        iterator = tqdm(sources, desc="reading", unit="file")
    seen: dict[str, str] = {}
    for source in iterator:
        for item in _source_items(source, stdin_text, options):
            if isinstance(item, Skipped):
                report.skip(item.source, item.reason)
                continue
            if item.id in seen:
                report.skip(
                    item.source,
                    f"duplicate document id {item.id!r} (first read from {seen[item.id]})",
                )
                continue
            seen[item.id] = item.source
            report.read += 1
            yield item
    if report.read == 0:
        first = report.skipped[0] if report.skipped else "no documents in the inputs"
        more = report.skipped_count - 1
        raise InputError(f"{first}" + (f" (and {more} more skipped)" if more > 0 else ""))


def read_inputs(
    inputs: list[str],
    *,
    stdin_text: bytes | str | BinaryIO | None = None,
    progress: bool = False,
    options: ReadOptions | None = None,
    report: ReadReport | None = None,
) -> list[Document]:
    """Every document of :func:`iter_documents`, in a list.

    Examples
    --------
    >>> [doc.text for doc in read_inputs(["-"], stdin_text="平湖 ,日报")]
    ['平湖，日报']
    """
    return list(
        iter_documents(inputs, options, stdin_text=stdin_text, report=report, progress=progress)
    )
