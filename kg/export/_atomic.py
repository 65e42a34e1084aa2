"""Write files and whole output folders atomically.

:func:`atomic_path` writes one file: to a temporary file beside the target, then rename.

:func:`replace_folder` writes a whole build: every output goes into a fresh sibling folder
``.NAME.kg-new-*``, is synced to disk, and the folder is then swapped with ``NAME`` in one
step (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames, with the old folder kept
as ``.NAME.kg-old-*`` until the new one is in place). A reader, a crash or a kill at any
moment sees the old build or the new one, never a mix. Files in the folder that kg does not
write are carried over into the new folder (hard links).

:func:`folder_lock` keeps two builds from writing one folder at once: it holds an exclusive
POSIX lock (``lockf``) on ``.NAME.kg-lock`` beside the folder; a second build fails at once
with :class:`~kg.errors.OutputLocked`. The lock belongs to the process: worker processes
forked by the build do not hold it, so it ends with the build even when the build is
killed and its workers linger. Holding the lock, it removes what a killed build left
behind (``.NAME.kg-new-*``, ``.NAME.kg-old-*``, and puts an old folder back if the kill fell
between two renames).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from kg.errors import OutputLocked

__all__ = ["atomic_path", "folder_lock", "replace_folder", "fsync_tree"]

log = logging.getLogger(__name__)

#: folders this process holds the lock of -> how many times (the lock is re-entrant)
_HELD: dict[str, int] = {}


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike):
    """Yield a temporary path beside ``path``; rename it onto ``path`` only on success.

    Nothing is left behind when the body raises, so a failed export never leaves
    a half-written file.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it owner-only; give open()'s mode
        _fsync(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _target(outdir: str | os.PathLike) -> Path:
    """The real folder behind ``outdir`` (a symlink's target), as an absolute path."""
    out = Path(outdir).absolute()
    return out.resolve() if out.is_symlink() else out


@contextlib.contextmanager
def folder_lock(outdir: str | os.PathLike):
    """Hold the build lock of ``outdir`` (re-entrant in one process), cleaning up after
    killed builds once it is held. Raises :class:`~kg.errors.OutputLocked` when another
    build holds it."""
    out = _target(outdir)
    key = str(out)
    if key in _HELD:
        _HELD[key] += 1
        try:
            yield out
        finally:
            _HELD[key] -= 1
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        fcntl = None
    fd = os.open(out.parent / f".{out.name}.kg-lock", os.O_RDWR | os.O_CREAT, 0o666)
    try:
        if fcntl is not None:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno not in (errno.EACCES, errno.EAGAIN):
                    raise
                raise OutputLocked(
                    f"another kg build is writing to {out}; wait for it or choose another "
                    "output folder"
                ) from None
        _HELD[key] = 1
        try:
            _recover(out)
            yield out
        finally:
            del _HELD[key]
    finally:
        os.close(fd)  # closing releases the lock


def _leftovers(out: Path, kind: str) -> list[Path]:
    prefix = f".{out.name}.kg-{kind}-"
    with contextlib.suppress(FileNotFoundError):
        return sorted(p for p in out.parent.iterdir() if p.name.startswith(prefix))
    return []


def _recover(out: Path) -> None:
    """Undo what a killed build left: put the old folder back if the new one never took its
    place, then remove every temporary folder of ``out``."""
    old = _leftovers(out, "old")
    if old and not out.exists():
        os.rename(old[-1], out)
        log.warning("put back %s: a build was killed while replacing it", out)
    for path in _leftovers(out, "old") + _leftovers(out, "new"):
        shutil.rmtree(path, ignore_errors=True)
        log.info("removed %s, left by a killed build", path)


def replace_folder(
    outdir: str | os.PathLike,
    fill: Callable[[Path], None],
    *,
    owned: Iterable[str] = (),
) -> Path:
    """Build a new ``outdir`` with ``fill(folder)`` and swap it in whole.

    ``fill`` writes into an empty sibling folder; files of ``outdir`` whose names are not in
    ``owned`` (the names a build writes) are carried over. When ``fill`` raises, ``outdir``
    is left as it was. Call it holding :func:`folder_lock`.
    """
    out = _target(outdir)
    if _in_place(out):
        log.warning("%s holds the working directory; its files are replaced one by one", out)
        fill(out)
        fsync_tree(out)
        return out
    new = Path(tempfile.mkdtemp(prefix=f".{out.name}.kg-new-", dir=out.parent))
    try:
        os.chmod(new, (out.stat().st_mode & 0o7777) if out.is_dir() else 0o777 & ~_umask())
        owned = set(owned)
        if out.is_dir():
            _carry_over(out, new, owned)
        fill(new)
        fsync_tree(new)
        _swap(new, out)
        _fsync(out.parent)
    finally:
        shutil.rmtree(new, ignore_errors=True)  # after an exchange: the old build
    return out


def _in_place(out: Path) -> bool:
    """True when ``out`` cannot be swapped: the working directory or a folder above it."""
    cwd = Path.cwd().resolve()
    return out == cwd or out in cwd.parents or os.path.ismount(out)


def _carry_over(out: Path, new: Path, owned: set[str]) -> None:
    """Hard-link (or copy) into ``new`` what ``out`` holds besides kg's own outputs."""
    for entry in out.iterdir():
        if entry.name in owned or _temporary(entry.name, owned):
            continue
        dest = new / entry.name
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, dest, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry, dest)


def _temporary(name: str, owned: set[str]) -> bool:
    """A temporary file of :func:`atomic_path` for one of ``owned``."""
    return name.endswith(".tmp") and any(name.startswith(f".{o}.") for o in owned)


def _link_or_copy(src, dst) -> None:
    if os.path.islink(src):
        os.symlink(os.readlink(src), dst)
        return
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _swap(new: Path, out: Path) -> None:
    """Put ``new`` where ``out`` is in one step; ``new`` then holds the old folder."""
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.kg-old-", dir=out.parent))
    os.rmdir(old)
    os.rename(out, old)
    os.rename(new, out)
    os.rename(old, new)  # removed by the caller


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2(RENAME_EXCHANGE); False when this
    system or file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError, TypeError):  # no renameat2, or not a POSIX libc
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def fsync_tree(folder: Path) -> None:
    """Flush every file directly in ``folder``, then the folder itself, to disk."""
    for entry in folder.iterdir():
        if entry.is_file() and not entry.is_symlink():
            _fsync(entry)
    _fsync(folder)


def _fsync(path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems cannot sync a folder
        pass
    finally:
        os.close(fd)
