"""Read input files, folders, JSON-lines files and stdin into normalised :class:`Document` records.

Encoding detection (:func:`decode_bytes`) tries, in order: a byte-order mark (UTF-32, UTF-8,
UTF-16), strict UTF-8, UTF-16 without a BOM (only when the result is plainly Chinese/ASCII
text), GB18030 (a superset of GBK and GB2312) when it decodes strictly to mostly Chinese/ASCII
text, and finally charset-normalizer's best guess. Anything else is an :class:`InputError`.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.text.normalize import normalize
from kg.types import Document

__all__ = ["read_inputs", "decode_bytes", "make_document", "TEXT_SUFFIXES", "JSONL_SUFFIXES"]

log = logging.getLogger(__name__)

#: File name endings read as plain text when a folder is walked.
TEXT_SUFFIXES = (".txt",)
#: File name endings read as JSON lines, one ``{"id", "text", "date", "title"}`` record a line.
JSONL_SUFFIXES = (".jsonl", ".jsonlines", ".ndjson")

#: Share of characters that must be plain text (letters, CJK, punctuation, whitespace).
_MIN_TEXT_RATIO = 0.9
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_RECORD_KEYS = ("id", "text", "date", "title")


# --------------------------------------------------------------------------- decoding


def _is_control(ch: str) -> bool:
    o = ord(ch)
    return (o < 32 and ch not in "\n\r\t\f\v") or 0x7F <= o < 0xA0 or 0xD800 <= o <= 0xDFFF


def _text_ratio(text: str, *, common_only: bool = False) -> float:
    """Share of characters that look like Chinese or ASCII text.

    With ``common_only`` a Chinese character counts only when it is in GB2312 (the common
    characters), which tells real text from bytes decoded with the wrong double-byte codec.
    """
    if not text:
        return 0.0
    good = 0
    for ch in text:
        o = ord(ch)
        if 0x20 <= o < 0x7F or ch in "\n\r\t\f\v":
            good += 1
        elif 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or 0x2010 <= o <= 0x2027:
            good += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            if not common_only:
                good += 1
            else:
                try:
                    ch.encode("gb2312")
                    good += 1
                except UnicodeEncodeError:
                    pass
        elif not common_only and not _is_control(ch) and ch.isprintable():
            good += 0.5
    return good / len(text)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        text = _strict(data, encoding)
        if text and _text_ratio(text, common_only=True) >= _MIN_TEXT_RATIO:
            return text
    return None


def _charset_normalizer(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # an optional last resort; the codecs above cover Chinese text
        log.debug("charset-normalizer not installed; skipping it")
        return None
    best = from_bytes(data).best()
    return None if best is None else str(best)


def decode_bytes(data: bytes, name: str) -> str:
    """Decode the bytes of one input, detecting the encoding; ``name`` is used in errors.

    Examples
    --------
    >>> decode_bytes("平湖".encode("gbk"), "a.txt")
    '平湖'
    >>> decode_bytes("平湖".encode("utf-16"), "a.txt")
    '平湖'
    """
    if not data.strip():
        raise InputError(f"{name}: empty input")
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], encoding)
            if text is None:
                raise InputError(
                    f"{name}: cannot decode the file as {encoding} "
                    "although it starts with a byte-order mark"
                )
            break
    else:
        if b"\x00" in data:
            text = _utf16_without_bom(data)
            if text is None:
                raise InputError(f"{name}: binary file (it contains NUL bytes), not text")
        else:
            text = _strict(data, "utf-8")
            if text is None:
                text = _utf16_without_bom(data)
            if text is None:
                text = _strict(data, "gb18030")
                if text is not None and _text_ratio(text) < _MIN_TEXT_RATIO:
                    text = None
            if text is None:
                text = _charset_normalizer(data)
                if text is None or _text_ratio(text) < _MIN_TEXT_RATIO:
                    raise InputError(
                        f"{name}: cannot decode the bytes as UTF-8, UTF-16, "
                        "GB18030 or any encoding charset-normalizer knows"
                    )
    if not text.strip():
        raise InputError(f"{name}: empty input (only whitespace)")
    controls = sum(1 for ch in text if _is_control(ch))
    if controls / len(text) > 1 - _MIN_TEXT_RATIO:
        raise InputError(f"{name}: binary file ({controls} control characters), not text")
    return text


# --------------------------------------------------------------------------- inputs


def make_document(
    doc_id: str, raw: str, source: str = "", *, title: str = "", date: str = ""
) -> Document:
    """A document of ``raw`` text, normalised as every input is (InputError if none is left)."""
    text, _ = normalize(raw)
    if not text:
        raise InputError(f"{source or doc_id}: no text left after normalisation")
    return Document(id=doc_id, text=text, raw=raw, title=title, date=date, source=source)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None


def _jsonl_documents(path: Path, data: bytes) -> Iterator[Document]:
    text = decode_bytes(data, str(path))
    found = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{where}: bad JSON on line {lineno}: {err.msg}") from None
        if not isinstance(record, dict):
            raise InputError(f"{where}: line {lineno} is not a JSON object")
        body = record.get("text")
        if not isinstance(body, str):
            raise InputError(
                f'{where}: record on line {lineno} has no "text" string; '
                f"expected keys: {', '.join(_RECORD_KEYS)}"
            )
        if not body.strip():
            raise InputError(f'{where}: record on line {lineno} has an empty "text"')
        fields = {}
        for key in ("id", "date", "title"):
            value = record.get(key)
            if value is None:
                continue
            if not isinstance(value, str | int) or isinstance(value, bool):
                raise InputError(
                    f'{where}: "{key}" on line {lineno} must be a string, got {value!r}'
                )
            fields[key] = str(value)
        found = True
        yield make_document(
            fields.get("id") or f"{path.stem}:{lineno}",
            body,
            where,
            title=fields.get("title", ""),
            date=fields.get("date", ""),
        )
    if not found:
        raise InputError(f"{path}: empty input (no JSON records)")


def _file_documents(path: Path, doc_id: str) -> Iterator[Document]:
    data = _read_bytes(path)
    if path.name.lower().endswith(JSONL_SUFFIXES):
        yield from _jsonl_documents(path, data)
    else:
        yield make_document(doc_id, decode_bytes(data, str(path)), str(path))


def _folder_files(folder: Path) -> list[tuple[Path, str]]:
    suffixes = TEXT_SUFFIXES + JSONL_SUFFIXES
    files = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue  # hidden files and folders (.git, .ipynb_checkpoints)
        if path.is_file() and path.name.lower().endswith(suffixes):
            files.append((path, rel.as_posix()))
    if not files:
        raise InputError(f"{folder}: folder has no {', '.join(suffixes)} files")
    return sorted(files, key=lambda item: item[1])


def _stdin_document(stdin_text: str | bytes | None) -> Document:
    if stdin_text is None:
        stdin_text = sys.stdin.buffer.read()
    raw = decode_bytes(stdin_text, "stdin") if isinstance(stdin_text, bytes) else stdin_text
    if not raw.strip():
        raise InputError("stdin: empty input")
    return make_document("stdin", raw, "stdin")


def _sources(inputs: Iterable[str]) -> list[tuple[Path | None, str]]:
    """Expand the inputs into (path, id) pairs; ``None`` stands for stdin."""
    sources: list[tuple[Path | None, str]] = []
    for item in inputs:
        if item == "-":
            sources.append((None, "stdin"))
            continue
        path = Path(item)
        if path.is_dir():
            sources.extend(_folder_files(path))
        elif path.is_file():
            sources.append((path, path.name))
        elif path.exists():
            raise InputError(f"{path}: not a regular file or folder")
        else:
            raise InputError(f"{path}: no such file or folder")
    return sources


def read_inputs(
    inputs: list[str], *, stdin_text: str | bytes | None = None, progress: bool = False
) -> list[Document]:
    """Read files, folders (recursively: ``*.txt`` and ``*.jsonl``, sorted), JSON-lines files
    and ``"-"`` (stdin) into documents with normalised text.

    Document ids are the path relative to the given folder, the file name for a file given
    directly, the record's ``"id"`` (else ``<file stem>:<line>``) for JSON lines, and
    ``"stdin"``. Every problem raises :class:`~kg.errors.InputError` naming the path.

    Examples
    --------
    >>> [doc.text for doc in read_inputs(["-"], stdin_text="平湖 ,日报")]
    ['平湖，日报']
    """
    if not inputs:
        raise InputError("no inputs given")
    sources = _sources(inputs)
    iterator: Iterable = sources
    if progress and len(sources) > 1:
        from tqdm import tqdm

        iterator = tqdm(sources, desc="reading", unit="file")
    documents: list[Document] = []
    seen: dict[str, str] = {}
    for path, doc_id in iterator:
        docs = [_stdin_document(stdin_text)] if path is None else _file_documents(path, doc_id)
        for doc in docs:
            if doc.id in seen:
                raise InputError(
                    f"{doc.source}: duplicate document id {doc.id!r} "
                    f"(first read from {seen[doc.id]})"
                )
            seen[doc.id] = doc.source
            documents.append(doc)
    return documents
