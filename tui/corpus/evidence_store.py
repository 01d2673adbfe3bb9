"""The cross-file evidence kept in the index, so files read later meet the files kept.

For each file the index keeps the keys it shows (`evidence.FileKeys`: its units' whole
keys and sampled 5-grams, and its content digest), by file number. A refresh asks
which kept files hold the keys of the files it reads (`Kept.holders`), and which kept
files must be read again because what their own keys are held by changes:

* a kept file's evidence depends only on the holders of its own keys (and on which
  files have its very content), so it changes exactly when a file read now, changed
  or gone holds one of its keys, and that key's holders are not common (more than
  HOLDERS_CAP files) both before and after.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping

from .evidence import HOLDERS_CAP, FileKeys, file_number

TABLES = """
CREATE TABLE evidence (kind INTEGER NOT NULL, key INTEGER NOT NULL, file INTEGER NOT NULL,
                       PRIMARY KEY (kind, key, file)) WITHOUT ROWID;
CREATE INDEX evidence_by_file ON evidence (file);
CREATE TABLE evidence_files (file INTEGER PRIMARY KEY, digest INTEGER NOT NULL);
CREATE INDEX evidence_by_digest ON evidence_files (digest);
"""

_BATCH = 500


def _wanted_table(db: sqlite3.Connection, pairs: Iterable[tuple[int, int]]) -> None:
    db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (kind INTEGER, key INTEGER, PRIMARY KEY (kind, key))")
    db.execute("DELETE FROM wanted")
    db.executemany("INSERT OR IGNORE INTO wanted VALUES (?, ?)", pairs)


class Kept:
    """What the files kept in the index hold (`evidence.Known`), leaving out `stale` files
    (read again now, or gone)."""

    def __init__(self, db: sqlite3.Connection, stale: set[int]) -> None:
        self.db = db
        self.stale = stale

    def holders(self, wanted: set[tuple[int, int]]) -> dict[tuple[int, int], list[int]]:
        _wanted_table(self.db, wanted)
        found: dict[tuple[int, int], list[int]] = {}
        for kind, key, number in self.db.execute(
                "SELECT e.kind, e.key, e.file FROM evidence e JOIN wanted w ON e.kind = w.kind AND e.key = w.key"):
            if number not in self.stale:
                found.setdefault((kind, key), []).append(number)
        return found

    def copies(self, digests: set[int]) -> dict[int, set[int]]:
        found: dict[int, set[int]] = {}
        items = list(digests)
        for start in range(0, len(items), _BATCH):
            batch = items[start:start + _BATCH]
            marks = ",".join("?" * len(batch))
            for number, digest in self.db.execute(
                    f"SELECT file, digest FROM evidence_files WHERE digest IN ({marks})", batch):
                if number not in self.stale:
                    found.setdefault(digest, set()).add(number)
        return found

    def shown_by(self, numbers: Iterable[int]) -> set[tuple[int, int]]:
        """The keys the files `numbers` showed when last kept."""
        found: set[tuple[int, int]] = set()
        items = list(numbers)
        for start in range(0, len(items), _BATCH):
            batch = items[start:start + _BATCH]
            marks = ",".join("?" * len(batch))
            found.update(self.db.execute(f"SELECT kind, key FROM evidence WHERE file IN ({marks})", batch))
        return found


def woken(db: sqlite3.Connection, fresh: Mapping[str, FileKeys], stale: set[int], kept: set[int]) -> set[int]:
    """The kept files whose evidence the refresh changes (see the module docstring).

    `fresh` are the files read now, with their keys; `stale` the numbers of the files
    read now or gone, as the index had them; `kept` the numbers of the files not read.
    """
    store = Kept(db, set())
    touched = store.shown_by(stale)
    adds: dict[tuple[int, int], set[int]] = {}
    for source, keys in fresh.items():
        number = file_number(source)
        for pair in keys.pairs():
            adds.setdefault(pair, set()).add(number)
    touched |= set(adds)
    if not touched:
        return set()
    before = store.holders(touched)
    out: set[int] = set()
    for pair in touched:
        was = set(before.get(pair, ()))
        now = (was - stale) | adds.get(pair, set())
        if was != now and not (len(was) > HOLDERS_CAP and len(now) > HOLDERS_CAP):
            out |= now & kept
    return out


def write(db: sqlite3.Connection, shown: Mapping[str, FileKeys], gone: Iterable[str], whole: bool) -> None:
    """Keep what the files read this time show (inside the caller's transaction): all of
    it if `whole`, else in place of what those files and the `gone` ones showed before."""
    if whole:
        db.execute("DELETE FROM evidence")
        db.execute("DELETE FROM evidence_files")
    else:
        numbers = [(file_number(s),) for s in (*shown, *gone)]
        db.executemany("DELETE FROM evidence WHERE file = ?", numbers)
        db.executemany("DELETE FROM evidence_files WHERE file = ?", numbers)
    for source, keys in shown.items():
        number = file_number(source)
        db.executemany("INSERT OR IGNORE INTO evidence VALUES (?, ?, ?)",
                       [(kind, key, number) for kind, key in keys.pairs()])
        db.execute("INSERT OR REPLACE INTO evidence_files VALUES (?, ?)", (number, keys.digest))
