"""The list of stories kept as one row, so that a warm open reads it in one go.

Reading the stories table row by row makes four Python objects a story, and at 18,822
stories (Reuters) that, the files table's two scans for the skipped files and the
count of files read, take about 50 ms, in front of the reader's first frame. Each save
also writes what they give as one row of the `listing` table: the stories' ids, titles
and dates, each column joined by NUL into one text, their version counts packed, the
skipped files and the count of files read. Read back, that is a few splits.

A column holding a NUL (no cleaned title or id does, but a story's date comes from its
files) or an empty date (which would read back as none) is not written: the list is
then read from the tables, as before. So is one whose columns disagree on the count.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from typing import NamedTuple

from ..model import Corpus, Skipped

TABLES = """
CREATE TABLE listing (ids TEXT NOT NULL, titles TEXT NOT NULL, dates TEXT NOT NULL,
                      counts BLOB NOT NULL, skipped TEXT NOT NULL, files INTEGER NOT NULL);
"""

_SEP = "\0"


class Listing(NamedTuple):
    """The stories in the corpus's order, column by column, and the files' tallies."""

    ids: list[str]
    titles: list[str]
    dates: list[str | None]
    counts: list[int]
    skipped: list[Skipped]
    files: int


def write_listing(
    db: sqlite3.Connection, corpus: Corpus, skipped: list[Skipped], files: int
) -> None:
    """Replace the listing row by `corpus`'s stories, with the files table's `skipped`
    files and count of `files` read (inside the save's transaction)."""
    db.execute("DELETE FROM listing")
    stories = corpus.stories
    ids = [s.id for s in stories]
    titles = [s.title for s in stories]
    dates = [s.date for s in stories]
    if any(_SEP in t for column in (ids, titles) for t in column) or any(
        d is not None and (not d or _SEP in d) for d in dates
    ):
        return  # read from the tables instead
    db.execute(
        "INSERT INTO listing VALUES (?, ?, ?, ?, ?, ?)",
        (
            _SEP.join(ids),
            _SEP.join(titles),
            _SEP.join(d or "" for d in dates),
            array("q", [s.version_count for s in stories]).tobytes(),
            json.dumps([(w.source, w.reason) for w in skipped], ensure_ascii=False),
            files,
        ),
    )


def read_listing(db: sqlite3.Connection) -> Listing | None:
    """The listing row, or None if there is none (or it does not hold together)."""
    row = db.execute("SELECT ids, titles, dates, counts, skipped, files FROM listing").fetchone()
    if row is None:
        return None
    ids, titles, dates, packed, skipped, files = row
    counts = array("q")
    if not isinstance(packed, bytes) or len(packed) % counts.itemsize:
        return None
    counts.frombytes(packed)
    n = len(counts)
    # no story: each column is empty (its split would give one empty text)
    columns = [c.split(_SEP) if c or n else [] for c in (ids, titles, dates)]
    if any(len(c) != n for c in columns):
        return None
    return Listing(
        columns[0],
        columns[1],
        [d or None for d in columns[2]],
        counts.tolist(),
        [Skipped(source, reason) for source, reason in json.loads(skipped)],
        int(files),
    )
