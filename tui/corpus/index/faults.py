"""What went wrong with the index database, told apart so that each gets its remedy.

* **damaged**: the file is not a database, or a page of it cannot be read back
  (malformed, not a database, a read error, stored data that does not parse). It is
  set aside (`*.corrupt-<time>`, with its `-wal` and `-shm`) and a new index built.
* **unwritable**: its folder cannot take a write: the disk is full, the folder is
  read-only or not ours, a file size limit. Said in one line naming the folder and the
  cause; nothing is set aside, and the index as last saved is left as it was.
* **busy**: another process holds the database longer than the wait allows.

The cause of a failed write is asked of the folder itself (a small file is written
and removed there), since SQLite reports most of these as a bare "disk I/O error".
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from ..names import shown

# What bad stored data raises when read back (a foreign or tampered database).
DATA_ERRORS = (sqlite3.DatabaseError, ValueError, KeyError, TypeError, IndexError, OverflowError)
_DAMAGED = (
    "SQLITE_CORRUPT",
    "SQLITE_NOTADB",
    "SQLITE_FORMAT",
    "SQLITE_IOERR_READ",
    "SQLITE_IOERR_SHORT_READ",
    "SQLITE_IOERR_CORRUPTFS",
)
_BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED")
_WRITING = ("SQLITE_FULL", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_IOERR")


class IndexUnwritable(RuntimeError):
    """The index could not be written (or made); the message names the folder and the cause."""

    UNCHANGED = "; the index as last saved is left as it was, and the files were read without it"

    def __init__(self, folder: Path, cause: str) -> None:
        super().__init__(f"could not write the index in {shown(folder)}: {cause}")
        self.folder = folder
        self.cause = cause


def _limit() -> str | None:
    """The process's file size limit (`ulimit -f`), if it has one."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not Unix
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    return (
        None
        if soft == resource.RLIM_INFINITY
        else f"the file size limit (ulimit -f) is {soft:,} bytes"
    )


def folder_problem(folder: Path) -> str | None:
    """Why `folder` cannot take a small write now (the OS's words), or None if it can."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".copydesk-probe-", dir=folder)
        try:
            os.write(fd, b"\0" * 65536)
            os.fsync(fd)
        finally:
            os.close(fd)
            os.unlink(name)
    except OSError as error:
        if error.errno == errno.ENOSPC:
            return "the disk is full (no space left on device)"
        if error.errno == errno.EROFS:
            return "the folder is on a read-only file system"
        if error.errno in (errno.EACCES, errno.EPERM):
            return "the folder is read-only for this user (permission denied)"
        if error.errno == errno.EFBIG:
            return _limit() or "file too large"
        return error.strerror or str(error)
    return None


def diagnose(error: BaseException, path: Path) -> tuple[str, str]:
    """("damaged" | "unwritable" | "busy", the cause in words) for an error from the
    index at `path`."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if isinstance(error, sqlite3.DatabaseError) and name.startswith(_DAMAGED):
        return "damaged", str(error)
    if name.startswith(_BUSY):
        return "busy", f"{error} (another copydesk is writing it)"
    if isinstance(error, OSError) or name.startswith(_WRITING):
        cause = folder_problem(path.parent)
        if cause:
            return "unwritable", cause if isinstance(
                error, OSError
            ) else f"{cause}; SQLite: {error}"
        if name.startswith("SQLITE_FULL"):
            return "unwritable", f"the disk is full ({error})"
        if name.startswith(("SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC", "SQLITE_IOERR_TRUNCATE")):
            return "unwritable", f"{_limit() or 'a write failed'} ({error})"
        if isinstance(error, OSError) or not name.startswith("SQLITE_IOERR"):
            return "unwritable", str(error.strerror if isinstance(error, OSError) else error)
    return "damaged", str(error) or type(error).__name__


def set_aside(path: Path) -> Path | None:
    """Move a damaged index (and its -wal and -shm) aside; where to, or None if it could not be."""
    stem = f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}"
    aside, n = path.with_name(stem), 1
    while aside.exists():  # set aside twice in a second: keep both
        n += 1
        aside = path.with_name(f"{stem}-{n}")
    for suffix in ("", "-wal", "-shm"):
        try:
            os.replace(path.with_name(path.name + suffix), aside.with_name(aside.name + suffix))
        except FileNotFoundError:
            continue
        except OSError:
            return None
    return aside
