"""The rows a save writes: files with their break marks and evidence, versions and
stories (inside the store's transaction), counted on a `Tally` as they go (the
"saving" stage: `rows_to_write` of them)."""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..ingest.evidence import FileKeys
from ..model import BreakMarks, Corpus
from ..progress import Tally
from . import evidence_store

if TYPE_CHECKING:
    from .store import FileStamp


def rows_to_write(
    corpus: Corpus,
    stamps: dict[str, FileStamp],
    fresh: set[str] | None,
    kept: set[str],
    shown: dict[str, FileKeys],
) -> int:
    """How many rows `write_files` and `write_stories` count: the files read, their
    evidence (one a file), the versions of the stories not kept, and every story."""
    files = len(stamps) if fresh is None else sum(1 for s in stamps if s in fresh)
    versions = sum(len(s.versions) for s in corpus.stories if s.id not in kept)
    return files + len(shown) + versions + len(corpus.stories)


def write_files(
    db: sqlite3.Connection,
    corpus: Corpus,
    stamps: dict[str, FileStamp],
    fresh: set[str] | None,
    marks: dict[str, BreakMarks],
    shown: dict[str, FileKeys],
    tally: Tally,
) -> None:
    """The files table (the rows of files read now and gone) and their evidence."""
    skipped = {w.source: w.reason for w in corpus.warnings}
    gone = [
        source
        for (source,) in db.execute("SELECT source FROM files").fetchall()
        if source not in stamps
    ]
    if fresh is None:
        db.execute("DELETE FROM files")
    else:
        db.executemany("DELETE FROM files WHERE source = ?", [(s,) for s in (*fresh, *gone)])
    evidence_store.write(db, shown, gone, whole=fresh is None)
    tally.add(len(shown))

    def packed(values: array[int] | None) -> bytes | None:
        return values.tobytes() if values else None  # sorted already

    db.executemany(
        "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?)",
        tally.counted(
            (
                (
                    source,
                    stamp.size,
                    stamp.mtime_ns,
                    skipped.get(source),
                    packed(marks[source].shows if source in marks else None),
                    packed(marks[source].wants if source in marks else None),
                )
                for source, stamp in stamps.items()
                if fresh is None or source in fresh
            )
        ),
    )


def write_stories(db: sqlite3.Connection, corpus: Corpus, kept: set[str], tally: Tally) -> None:
    """The versions and stories tables: the stories not `kept` written, the kept ones
    moved to their new place in the order."""
    if kept:
        db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (id TEXT PRIMARY KEY)")
        db.execute("DELETE FROM kept")
        db.executemany("INSERT INTO kept VALUES (?)", [(k,) for k in kept])
        db.execute("DELETE FROM versions WHERE story NOT IN (SELECT id FROM kept)")
        db.execute("DELETE FROM stories WHERE id NOT IN (SELECT id FROM kept)")
    else:
        db.execute("DELETE FROM versions")
        db.execute("DELETE FROM stories")
    db.executemany(
        "INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?)", tally.counted(_version_rows(corpus, kept))
    )
    db.executemany(
        "INSERT INTO stories VALUES (?, ?, ?, ?, ?)",
        tally.counted(
            (story.id, n, story.title, story.date, len(story.versions))
            for n, story in enumerate(corpus.stories)
            if story.id not in kept
        ),
    )
    db.executemany(
        "UPDATE stories SET position = ? WHERE id = ?",
        tally.counted((n, story.id) for n, story in enumerate(corpus.stories) if story.id in kept),
    )


def _version_rows(
    corpus: Corpus, kept: set[str]
) -> Iterator[tuple[str, str, str, int, str, bytes | None]]:
    """Rows for the versions table, made one at a time (all at once is GBs at 100,000 files)."""
    for story in corpus.stories:
        if story.id in kept:
            continue
        for position, version in enumerate(story.versions):
            data = version.to_dict()
            data["similarity"] = version.similarity
            if not version.title_near:
                data["title_near"] = False
            if version.key is not None:
                data["key"] = version.key
            blob = array("q", version.shingles).tobytes() if version.shingles is not None else None
            yield (
                version.id,
                version.source,
                story.id,
                position,
                json.dumps(data, ensure_ascii=False),
                blob,
            )
