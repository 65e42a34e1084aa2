"""A folder for what kg derives from installed files, kept between runs to start faster.

``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``. Each file's name carries
the digest of what it was derived from, so a changed source is never read through a stale
file; a cache that cannot be read or written is rebuilt or skipped (a debug log line says so).
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from pathlib import Path

__all__ = ["cache_dir", "read_cached", "write_cached"]

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    """Where kg keeps its cache files (the folder may not exist yet)."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kg"


def read_cached(name: str):
    """The object pickled as ``name`` in :func:`cache_dir`, or None when there is none
    (or it cannot be read)."""
    path = cache_dir() / name
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a truncated or foreign file is rebuilt, never trusted
        log.debug("ignoring the cache file %s: %s", path, exc)
        return None


def write_cached(name: str, value) -> None:
    """Pickle ``value`` as ``name`` in :func:`cache_dir`, atomically; failures are skipped."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / name)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        log.debug("not caching %s in %s: %s", name, folder, exc)
