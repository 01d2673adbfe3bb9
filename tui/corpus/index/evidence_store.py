"""The cross-file evidence kept in the index, so files read later meet the files kept.

For each file the index keeps the keys it shows (`evidence.FileKeys`: its units' whole
keys and sampled 5-grams, as packed arrays, and its content digest), by file number.
A refresh asks which kept files hold the keys of the files it reads (`Kept.holders`),
and which kept files must be read again because what their own keys are held by
changes (`woken`):

* a kept file's evidence depends only on the holders of its own keys (and on which
  files have its very content), so it changes exactly when a file read now, changed
  or gone holds one of its keys, and that key's holders are not common (more than
  HOLDERS_CAP files) both before and after.

The keys are read back whole on a refresh and matched in memory (a set intersection
per file), which costs far less than keeping them one row per key.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Mapping

from ..ingest.evidence import GRAM, HOLDERS_CAP, WHOLE, FileKeys, file_number

TABLES = """
CREATE TABLE evidence (file INTEGER PRIMARY KEY, digest INTEGER NOT NULL, wholes BLOB, grams BLOB);
"""


def _rows(
    db: sqlite3.Connection, skip: set[int]
) -> Iterator[tuple[int, int, array[int], array[int]]]:
    for number, digest, wholes, grams in db.execute(
        "SELECT file, digest, wholes, grams FROM evidence"
    ):
        if number not in skip:
            yield number, digest, array("q", wholes or b""), array("q", grams or b"")


class Kept:
    """What the files kept in the index hold (`evidence.Known`), leaving out `stale` files
    (read again now, or gone)."""

    def __init__(self, db: sqlite3.Connection, stale: set[int]) -> None:
        self.db = db
        self.stale = stale

    def holders(self, wanted: set[tuple[int, int]]) -> dict[tuple[int, int], list[int]]:
        want = {
            WHOLE: {k for kind, k in wanted if kind == WHOLE},
            GRAM: {k for kind, k in wanted if kind == GRAM},
        }
        found: dict[tuple[int, int], list[int]] = {}
        for number, _, wholes, grams in _rows(self.db, self.stale):
            for kind, keys in ((WHOLE, wholes), (GRAM, grams)):
                for key in want[kind].intersection(keys):
                    found.setdefault((kind, key), []).append(number)
        return found

    def copies(self, digests: set[int]) -> dict[int, set[int]]:
        found: dict[int, set[int]] = {}
        for number, digest in self.db.execute("SELECT file, digest FROM evidence"):
            if digest in digests and number not in self.stale:
                found.setdefault(digest, set()).add(number)
        return found


def woken(
    db: sqlite3.Connection, fresh: Mapping[str, FileKeys], stale: set[int], kept: set[int]
) -> set[int]:
    """The kept files whose evidence the refresh changes (see the module docstring).

    `fresh` are the files read now, with their keys; `stale` the numbers of the files
    read now or gone, as the index had them; `kept` the numbers of the files not read.
    """
    rows = list(_rows(db, set()))
    touched: dict[int, set[int]] = {WHOLE: set(), GRAM: set()}  # keys whose holders may change
    adds: dict[tuple[int, int], set[int]] = {}
    for number, _, wholes, grams in rows:
        if number in stale:
            touched[WHOLE].update(wholes)
            touched[GRAM].update(grams)
    for source, keys in fresh.items():
        number = file_number(source)
        for pair in keys.pairs():
            touched[pair[0]].add(pair[1])
            adds.setdefault(pair, set()).add(number)
    if not touched[WHOLE] and not touched[GRAM]:
        return set()
    before: dict[tuple[int, int], set[int]] = {}
    for number, _, wholes, grams in rows:
        for kind, held in ((WHOLE, wholes), (GRAM, grams)):
            for key in touched[kind].intersection(held):
                before.setdefault((kind, key), set()).add(number)
    out: set[int] = set()
    for pair in {*before, *adds}:
        was = before.get(pair, set())
        now = (was - stale) | adds.get(pair, set())
        if was != now and not (len(was) > HOLDERS_CAP and len(now) > HOLDERS_CAP):
            out |= now & kept
    return out


def write(
    db: sqlite3.Connection, shown: Mapping[str, FileKeys], gone: Iterable[str], whole: bool
) -> None:
    """Keep what the files read this time show (inside the caller's transaction): all of
    it if `whole`, else in place of what those files and the `gone` ones showed before."""
    if whole:
        db.execute("DELETE FROM evidence")
    else:
        db.executemany(
            "DELETE FROM evidence WHERE file = ?", [(file_number(s),) for s in (*shown, *gone)]
        )
    db.executemany(
        "INSERT OR REPLACE INTO evidence VALUES (?, ?, ?, ?)",
        [
            (
                file_number(source),
                keys.digest,
                array("q", sorted(keys.wholes)).tobytes(),
                array("q", sorted(keys.grams)).tobytes(),
            )
            for source, keys in shown.items()
        ],
    )
