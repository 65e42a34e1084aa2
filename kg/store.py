"""The extraction store: what a build found in each document, kept for the next build.

``kg build -o OUTDIR`` keeps ``OUTDIR/kg-store.sqlite`` (stdlib :mod:`sqlite3`). It holds

- ``analyses``: per document, the expensive part of a build (sentences, articles, bylines,
  every mention, the page's home city), keyed by a SHA-1 of the document's id and text;
- ``documents``: the documents of the last build, in order, so that ``kg build --update``
  can add new ones and link everything again without reading the old inputs;
- ``staged``: the documents of the build that runs, in order: a build streams its inputs
  into it and reads them back, twice, from it (linking needs two passes), so that no
  document's text or mentions stay in memory; it becomes ``documents`` when the build is
  done (:meth:`ExtractionStore.commit`);
- ``relations``: per document, the relations found in it and what the rules read of the
  linked entities to find them (kg.relations.memo), reused while that reads the same;
- ``meta``: the fingerprint of everything an analysis depends on (kg's version, the model
  files, the lexicons and the code of the stages that run per document, the backend and its
  options). A build whose fingerprint differs empties ``analyses``: a new model or new
  lexicons re-analyse everything.

Linking runs again every time (it depends on the whole document set). Relations are
stored under their own fingerprint (the rules and their code), so changed relation rules
re-run the rules without analysing anything again.

Values are pickled (the store is a cache that kg writes and reads in the user's own output
folder, like a compiled file) and compressed with zlib.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from kg.errors import InputError, KGError
from kg.types import Document
from kg.version import __version__

__all__ = [
    "STORE_FILE",
    "ExtractionStore",
    "document_key",
    "fingerprint",
    "relations_fingerprint",
]

STORE_FILE = "kg-store.sqlite"

_PACKAGE = Path(__file__).resolve().parent
#: what a document's analysis depends on, besides the options: data and per-document stages
_DEPENDS = ("data", "text", "model", "ner", "link/propagate.py", "link/home.py", "link/aliases.py")
#: what a document's relations depend on besides its analysis and how it is linked
_RELATIONS_DEPEND = ("relations", "schema.py", "types.py", "link/resolve.py")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS analyses (key TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, key TEXT NOT NULL, doc BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS relations (key TEXT PRIMARY KEY, view TEXT NOT NULL, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS staged (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL, key TEXT NOT NULL, doc BLOB NOT NULL
);
"""

#: rows read from the store at a time while a build streams its documents
_CHUNK = 256


def document_key(doc: Document) -> str:
    """SHA-1 of a document's id and normalised text: the key of its analysis."""
    h = hashlib.sha1(doc.id.encode("utf-8", "surrogatepass"))
    h.update(b"\0")
    h.update(doc.text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _code_and_data_digest() -> str:
    return _digest(_DEPENDS)


@lru_cache(maxsize=2)
def _digest(parts: tuple[str, ...]) -> str:
    """SHA-1 of kg's version and the files under ``parts`` of the package."""
    h = hashlib.sha1(__version__.encode())
    for part in parts:
        root = _PACKAGE / part
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts:
                continue
            h.update(str(path.relative_to(_PACKAGE)).encode())
            h.update(hashlib.sha1(path.read_bytes()).digest())
    return h.hexdigest()


def fingerprint(options_key: str) -> str:
    """What every stored analysis must match: kg's code and data, and the build's options
    that change an analysis (``options_key``, e.g. the backend and its model)."""
    return hashlib.sha1((_code_and_data_digest() + "\0" + options_key).encode()).hexdigest()


def relations_fingerprint(options_key: str) -> str:
    """What stored relations must match besides the analyses': the code of the relation
    rules, their records and lexicons, and ``options_key`` (the rules file, which groups
    run)."""
    digest = _digest(_DEPENDS + _RELATIONS_DEPEND)
    return hashlib.sha1((digest + "\0" + options_key).encode()).hexdigest()


def _pack(value) -> bytes:
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 3)


def _unpack(blob: bytes):
    return pickle.loads(zlib.decompress(blob))


class ExtractionStore:
    """``OUTDIR/kg-store.sqlite``, opened for one build (``scratch``: a temporary one that
    need not survive a crash; ``outdir`` None: one in memory).

    >>> store = ExtractionStore("out", fingerprint("kg"))  # doctest: +SKIP
    """

    def __init__(self, outdir: str | Path | None, fingerprint_: str, *, scratch: bool = False):
        self.path = Path(outdir) / STORE_FILE if outdir is not None else Path(":memory:")
        try:
            if outdir is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path)
            if scratch:  # a build's temporary store: nothing to keep after a crash
                self.db.execute("PRAGMA synchronous = OFF")
                self.db.execute("PRAGMA journal_mode = OFF")
            self.db.executescript(_SCHEMA)
            row = self.db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise InputError(
                f"{self.path}: not a kg store ({exc}); delete it or use --no-store"
            ) from None
        #: True when the store was made by other code, data or options: nothing is reused
        self.invalidated = row is not None and row[0] != fingerprint_
        with self.db:
            if row is None or self.invalidated:
                self.db.execute("DELETE FROM analyses")
                self.db.execute("DELETE FROM relations")
                self.db.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (fingerprint_,)
                )

    # analyses -----------------------------------------------------------------------------
    def get(self, key: str):
        """The stored analysis under ``key``, or None."""
        row = self.db.execute("SELECT data FROM analyses WHERE key = ?", (key,)).fetchone()
        return _unpack(row[0]) if row else None

    def has(self, key: str) -> bool:
        return (
            self.db.execute("SELECT 1 FROM analyses WHERE key = ?", (key,)).fetchone() is not None
        )

    def put_many(self, items: Iterable[tuple[str, object]]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO analyses VALUES (?, ?)",
                ((k, _pack(v)) for k, v in items),
            )

    # relations ----------------------------------------------------------------------------
    def use_relations(self, fingerprint_: str) -> None:
        """Keep the stored relations only when they were found with the same rules and
        code (``fingerprint_``, :func:`relations_fingerprint`)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'relations'").fetchone()
        if row is None or row[0] != fingerprint_:
            with self.db:
                self.db.execute("DELETE FROM relations")
                self.db.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('relations', ?)", (fingerprint_,)
                )

    def relations(self, key: str, view: str):
        """The relations stored for the document ``key`` when it was linked as ``view``."""
        row = self.db.execute(
            "SELECT data FROM relations WHERE key = ? AND view = ?", (key, view)
        ).fetchone()
        return _unpack(row[0]) if row else None

    def put_relations(self, items: Iterable[tuple[str, str, object]]) -> None:
        """Store ``(key, view, relations)`` of documents."""
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO relations VALUES (?, ?, ?)",
                ((k, v, _pack(r)) for k, v, r in items),
            )

    # documents ----------------------------------------------------------------------------
    def documents(self) -> Iterator[Document]:
        """The documents of the last build, in their order."""
        for (blob,) in self.db.execute("SELECT doc FROM documents ORDER BY seq"):
            yield _unpack(blob)

    def stage(self, docs: Iterable[Document], *, update: bool = False) -> int:
        """Make ``docs`` this build's documents, one at a time; with ``update``, after the
        last build's documents whose ids ``docs`` do not have. Returns how many there are."""
        rows = ((d.id, document_key(d), _pack(d)) for d in docs)
        with self.db:
            self.db.execute("DELETE FROM staged")
            if update:
                self.db.execute("CREATE TEMP TABLE IF NOT EXISTS incoming (id, key, doc)")
                self.db.execute("DELETE FROM incoming")
                self.db.executemany("INSERT INTO incoming VALUES (?, ?, ?)", rows)
                self.db.execute(
                    "INSERT INTO staged (id, key, doc) SELECT id, key, doc FROM documents"
                    " WHERE id NOT IN (SELECT id FROM incoming) ORDER BY seq"
                )
                self.db.execute(
                    "INSERT INTO staged (id, key, doc) SELECT id, key, doc FROM incoming"
                    " ORDER BY rowid"
                )
                self.db.execute("DELETE FROM incoming")
            else:
                self.db.executemany("INSERT INTO staged (id, key, doc) VALUES (?, ?, ?)", rows)
        return self.db.execute("SELECT count(*) FROM staged").fetchone()[0]

    def unanalysed(self) -> int:
        """How many of this build's documents have no stored analysis (need the model)."""
        return self.db.execute(
            "SELECT count(*) FROM staged WHERE key NOT IN (SELECT key FROM analyses)"
        ).fetchone()[0]

    def staged(self) -> Iterator[Document]:
        """This build's documents, in order, read a few at a time."""
        for _key, blob in self._chunks("SELECT seq, key, doc FROM staged"):
            yield _unpack(blob)

    def staged_analyses(self) -> Iterator[tuple[Document, object]]:
        """This build's documents with their analyses, in order, read a few at a time."""
        query = (
            "SELECT staged.seq, staged.doc, analyses.data FROM staged"
            " LEFT JOIN analyses ON analyses.key = staged.key"
        )
        for doc, data in self._chunks(query):
            doc = _unpack(doc)
            if data is None:
                raise KGError(f"{self.path}: no analysis of document {doc.id!r}")
            yield doc, _unpack(data)

    def _chunks(self, select: str) -> Iterator[tuple]:
        seq = 0
        while True:
            rows = self.db.execute(
                f"{select} WHERE staged.seq > ? ORDER BY staged.seq LIMIT {_CHUNK}", (seq,)
            ).fetchall()
            yield from (row[1:] for row in rows)
            if len(rows) < _CHUNK:
                return
            seq = rows[-1][0]

    def commit(self) -> None:
        """Make this build's documents the store's, dropping analyses no document uses."""
        same = "SELECT id, key FROM {} ORDER BY seq"
        with self.db:
            if (
                self.db.execute(same.format("documents")).fetchall()
                != self.db.execute(same.format("staged")).fetchall()
            ):
                self.db.execute("DELETE FROM documents")
                try:
                    self.db.execute(
                        "INSERT INTO documents (id, key, doc)"
                        " SELECT id, key, doc FROM staged ORDER BY seq"
                    )
                except sqlite3.IntegrityError:
                    raise InputError("two documents have the same id") from None
                self.db.execute("DELETE FROM analyses WHERE key NOT IN (SELECT key FROM documents)")
            self.db.execute("DELETE FROM staged")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ExtractionStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
