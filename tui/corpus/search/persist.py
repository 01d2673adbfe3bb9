"""The search index's part of the index database: its tables, and its share of every
save, written inside the index's own transaction (the index store knows nothing of it).

Units are numbered once and never renumbered. Each refresh appends a batch (two,
when many stories changed, so that only half of their units are held at once): the
units of the versions read this time and of the stories that changed, their
columns (kind, paragraph, owner) as packed arrays, and for every word the units of
the batch that hold it, as a packed array too. Units of files changed or deleted,
and of stories that changed, are marked dead rather than rewritten; once batches or
dead units pile up, the word lists are merged into one batch again.

An owner is a version ("v:" and its id) or a story ("s:" and its id): a version's
own units follow it into whatever story it joins, so re-clustering does not touch
them.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections import defaultdict
from collections.abc import Collection, Generator, Iterable

from ..forked import Beside, can_fork
from ..model import Corpus, Story
from ..progress import Progress, Tally
from ..text import fold, words
from . import quote_table
from .units import KIND_CODE, SearchUnit, name_of, story_units, version_units

TABLES = (
    """
CREATE TABLE units (uid INTEGER PRIMARY KEY, owner TEXT NOT NULL, text TEXT NOT NULL, speaker TEXT);
CREATE INDEX units_by_owner ON units (owner);
CREATE TABLE unit_batches (first INTEGER PRIMARY KEY, owners TEXT NOT NULL, owner_of BLOB NOT NULL,
                           version BLOB NOT NULL, paragraph BLOB NOT NULL, kind BLOB NOT NULL,
                           dates TEXT NOT NULL, date_of BLOB NOT NULL);
CREATE TABLE postings (word TEXT NOT NULL, batch INTEGER NOT NULL, uids BLOB NOT NULL,
                       PRIMARY KEY (word, batch)) WITHOUT ROWID;
CREATE TABLE vocabulary (word TEXT PRIMARY KEY, units INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE names (name TEXT NOT NULL, batch INTEGER NOT NULL, uids BLOB NOT NULL,
                    PRIMARY KEY (name, batch));
CREATE TABLE dead (uid INTEGER PRIMARY KEY);
"""
    + quote_table.TABLE
)

MERGE_BATCHES = 12  # word lists are merged once this many batches hold them
MERGE_DEAD = 0.2  # ... or once this share of the units is dead
_CHUNK = 500  # ids per "IN (...)" query


def unpack_uids(blob: bytes) -> array[int]:
    found = array("I")
    found.frombytes(blob)
    return found


def _uids() -> array[int]:
    return array("I")


class _Batch:
    """The units of one batch, gathered in columns before they are written; uids are
    counted from 0 here and numbered from the batch's first uid as they are written."""

    def __init__(self) -> None:
        self.owners: list[str] = []
        self.owner_number: dict[str, int] = {}
        self.owner_of = array("I")
        self.version = array("i")
        self.paragraph = array("i")
        self.kind = bytearray()
        self.dates: list[str | None] = []
        self.date_number: dict[str | None, int] = {}
        self.date_of = array("I")
        self.rows: list[tuple[int, str, str, str | None]] = []
        self.postings: dict[str, array[int]] = defaultdict(_uids)
        self.names: dict[str, array[int]] = defaultdict(_uids)

    def add(self, owner: str, unit: SearchUnit) -> None:
        uid = len(self.kind)
        number = self.owner_number.get(owner)
        if number is None:
            number = self.owner_number[owner] = len(self.owners)
            self.owners.append(owner)
        day = self.date_number.get(unit.date)
        if day is None:
            day = self.date_number[unit.date] = len(self.dates)
            self.dates.append(unit.date)
        self.owner_of.append(number)
        self.version.append(unit.version)
        self.paragraph.append(unit.paragraph)
        self.kind.append(KIND_CODE[unit.kind])
        self.date_of.append(day)
        self.rows.append((uid, owner, unit.text, unit.speaker))
        name = name_of(unit)
        if name:
            self.names[fold(name)].append(uid)
        for word in set(words(unit.text)):
            self.postings[word].append(uid)

    def __len__(self) -> int:
        return len(self.kind)

    def rows_to_write(self) -> int:
        """The rows `_store` writes for it (as its progress counts them)."""
        return 1 + len(self.rows) + 2 * len(self.postings) + len(self.names)


def _numbered(uids: array[int], first: int) -> bytes:
    """A batch's uids (counted from 0) numbered from `first`, packed."""
    if not first:
        return uids.tobytes()
    if len(uids) < 64:  # most words: too few for numpy to pay
        return array("I", [u + first for u in uids]).tobytes()
    import numpy as np  # here: only a second batch needs it, and a warm open none

    return (np.frombuffer(uids, dtype=np.uint32) + np.uint32(first)).tobytes()


def clear(db: sqlite3.Connection) -> None:
    for table in (
        "units",
        "unit_batches",
        "postings",
        "vocabulary",
        "names",
        "dead",
        "story_quotes",
    ):
        db.execute(f"DELETE FROM {table}")


def write(
    db: sqlite3.Connection,
    stories: list[Story],
    fresh_versions: set[str],
    fresh_stories: set[str],
    dead_owners: Iterable[str],
    next_uid: int,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> int:
    """Add the units of the fresh versions and stories, mark the dead owners' units; the
    next free uid.

    Runs inside the caller's transaction. Reports the stages "search" (stories read
    for their units), "search-save" (rows written) and, when the word lists are
    merged, "search-merge" (rows merged). Many fresh stories are gathered in two
    batches, each written and let go before the next is taken in, so that only half of
    the units are held at a time; the second is read in a fork meanwhile unless `jobs`
    is 1 (`_gathered`). The batches are the same either way.
    """
    dead_owners = list(dead_owners)
    _bury(db, dead_owners)
    tally = Tally(progress, "search", len(stories))
    forking = jobs is None or jobs > 1
    gone = [o[2:] for o in dead_owners if o.startswith("s:")]
    halves = 2 if len(fresh_stories) >= HALVES_FROM else 1
    saving: Tally | None = None
    first = next_uid
    gathered = _gathered(stories, fresh_versions, fresh_stories, halves, tally, forking)
    try:
        for batch, quotes in gathered:
            quote_table.write(db, quotes, gone)
            gone = []
            if len(batch):
                saving = _store(db, batch, first, progress, saving, halves)
            first += len(batch)
            halves -= 1
            del batch, quotes  # before the next is taken in
    finally:
        gathered.close()  # a save given up (cancelled, failed) stops the fork at once
    _maybe_merge(db, progress)
    return first


HALVES_FROM = 4_000  # fresh stories from which their units are gathered in two batches
FORK_UP_TO = 40_000  # stories up to which a fork's copy of the corpus is safely small


def _gathered(
    stories: list[Story],
    fresh_versions: set[str],
    fresh_stories: set[str],
    halves: int,
    tally: Tally,
    forking: bool = True,
) -> Generator[tuple[_Batch, list[tuple[str, str]]], None, None]:
    """The units of the fresh stories and versions and the fresh stories' quote rows, in
    one batch or in two `halves` (of the stories), one after the other; the second read
    in a fork (`forked.Beside`) while the first is taken and written, if `forking`
    and the corpus is small enough to fork."""
    if halves == 1:
        yield _gather(stories, fresh_versions, fresh_stories, tally)
        return
    half = len(stories) // 2
    later = None
    if forking and len(stories) <= FORK_UP_TO and can_fork():
        later = Beside(lambda: _gather(stories[half:], fresh_versions, fresh_stories, None))
    try:
        yield _gather(stories[:half], fresh_versions, fresh_stories, tally)
        if later is None:
            yield _gather(stories[half:], fresh_versions, fresh_stories, tally)
            return
        more = later.result()
        tally.add(len(stories) - half)
        yield more
    finally:
        if later is not None:
            later.stop()


def _gather(
    stories: list[Story],
    fresh_versions: set[str],
    fresh_stories: set[str],
    tally: Tally | None,
) -> tuple[_Batch, list[tuple[str, str]]]:
    """The units of `stories` (those fresh) in a batch, and the quote rows of the fresh
    stories."""
    from ..analysis.quotes import story_quotes  # here: a warm open never finds quotes

    batch = _Batch()
    quotes: list[tuple[str, str]] = []
    for story in stories:
        if story.id in fresh_stories:
            found = story_quotes(story)
            quotes.append(quote_table.row(story, found))
            owner = f"s:{story.id}"  # one string for all its units (each row holds it)
            for unit in story_units(story, quotes=found):
                batch.add(owner, unit)
        for version in story.versions:
            if version.id in fresh_versions:
                owner = f"v:{version.id}"
                for unit in version_units(version):
                    batch.add(owner, unit)
        if tally is not None:
            tally.add()
    return batch, quotes


def _bury(db: sqlite3.Connection, owners: Iterable[str]) -> None:
    """Mark the units of `owners` dead and take their words out of the vocabulary counts."""
    owners = list(owners)
    lost: defaultdict[str, int] = defaultdict(int)
    for start in range(0, len(owners), _CHUNK):
        chunk = owners[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(f"SELECT uid, text FROM units WHERE owner IN ({marks})", chunk).fetchall()
        for _, text in rows:
            for word in set(words(text)):
                lost[word] += 1
        db.executemany("INSERT OR IGNORE INTO dead VALUES (?)", [(uid,) for uid, _ in rows])
        db.execute(f"DELETE FROM units WHERE owner IN ({marks})", chunk)
    db.executemany(
        "UPDATE vocabulary SET units = units - ? WHERE word = ?", [(n, w) for w, n in lost.items()]
    )
    db.execute("DELETE FROM vocabulary WHERE units <= 0")


def _store(
    db: sqlite3.Connection,
    batch: _Batch,
    first: int,
    progress: Progress | None,
    saving: Tally | None,
    halves: int,
) -> Tally:
    """Write the batch, numbered from `first`: its columns, units, word and name lists and
    vocabulary counts. Counted by `saving` (made here for the first batch, reckoning the
    `halves` still to come alike, and grown to the true count by the second)."""
    rows = batch.rows_to_write()
    if saving is None:
        saving = Tally(progress, "search-save", rows * halves)
    else:
        saving.grow(saving.done + rows)
    db.execute(
        "INSERT INTO unit_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            first,
            json.dumps(batch.owners),
            batch.owner_of.tobytes(),
            batch.version.tobytes(),
            batch.paragraph.tobytes(),
            bytes(batch.kind),
            json.dumps(batch.dates),
            batch.date_of.tobytes(),
        ),
    )
    saving.add()
    db.executemany(
        "INSERT INTO units VALUES (?, ?, ?, ?)",
        saving.counted((first + uid, owner, text, who) for uid, owner, text, who in batch.rows),
    )
    # In word order, as the two tables by word keep them: half the time of a random order.
    postings = sorted(batch.postings.items())
    db.executemany(
        "INSERT INTO postings VALUES (?, ?, ?)",
        saving.counted((word, first, _numbered(uids, first)) for word, uids in postings),
    )
    db.executemany(
        "INSERT INTO names VALUES (?, ?, ?)",
        saving.counted((name, first, _numbered(uids, first)) for name, uids in batch.names.items()),
    )
    db.executemany(
        "INSERT INTO vocabulary VALUES (?, ?)"
        " ON CONFLICT (word) DO UPDATE SET units = units + excluded.units",
        saving.counted((word, len(uids)) for word, uids in postings),
    )
    return saving


def _maybe_merge(db: sqlite3.Connection, progress: Progress | None = None) -> None:
    """Merge the word and name lists into one batch, without the dead units, when it pays.

    Dead units stay listed (their columns are still in the batches), so the merge
    point is kept as the first batch and the dead count after it.
    """
    meta = dict(
        db.execute("SELECT key, value FROM meta WHERE key IN ('merged', 'merged_dead')").fetchall()
    )
    batches = db.execute(
        "SELECT count(*) FROM unit_batches WHERE first >= ?", (int(meta.get("merged", 0)),)
    ).fetchone()[0]
    dead = db.execute("SELECT count(*) FROM dead").fetchone()[0]
    live = db.execute("SELECT count(*) FROM units").fetchone()[0]
    if batches < MERGE_BATCHES and dead - int(meta.get("merged_dead", 0)) <= MERGE_DEAD * max(
        live, 1
    ):
        return
    gone = {uid for (uid,) in db.execute("SELECT uid FROM dead")}
    rows = sum(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("postings", "names"))
    tally = Tally(progress, "search-merge", rows)
    for table, key in (("postings", "word"), ("names", "name")):
        merged: dict[str, array[int]] = {}
        query = f"SELECT {key}, uids FROM {table} ORDER BY {key}, batch"
        for word, blob in tally.counted(db.execute(query)):
            uids = merged.setdefault(word, array("I"))
            if gone:
                uids.extend(u for u in unpack_uids(blob) if u not in gone)
            else:
                uids.frombytes(blob)
        db.execute(f"DELETE FROM {table}")
        db.executemany(
            f"INSERT INTO {table} VALUES (?, 0, ?)",
            [(word, uids.tobytes()) for word, uids in merged.items() if uids],
        )
    after = db.execute("SELECT coalesce(max(first), 0) + 1 FROM unit_batches").fetchone()[0]
    db.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [("merged", str(after)), ("merged_dead", str(dead))],
    )


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


class SearchTables:
    """What the index database keeps for search: `tables` are made with the database,
    and `save` writes search's share of each save inside the index's transaction."""

    tables = TABLES
    stage = "search"  # the progress stage its saving reports

    def counts(self, db: sqlite3.Connection) -> dict[str, int]:
        """Units, words, batches and dead units, by the names `copydesk stats` prints."""
        tables = {
            "units": "units",
            "words": "vocabulary",
            "batches": "unit_batches",
            "dead": "dead",
        }
        return {
            name: int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for name, table in tables.items()
        }

    def save(
        self,
        db: sqlite3.Connection,
        corpus: Corpus,
        sources: Collection[str],
        kept: set[str],
        fresh: set[str] | None,
        progress: Progress | None,
        jobs: int | None = None,
    ) -> None:
        """Index the units of the stories not `kept` and of the versions read from `fresh`
        files (all when `fresh` is None), burying those of changed and deleted files
        (`jobs`: 1 keeps it to this process)."""
        whole = not kept or fresh is None or _meta(db, "next_uid") is None
        if whole:
            clear(db)
            db.execute("DELETE FROM meta WHERE key IN ('merged', 'merged_dead', 'next_uid')")
            next_uid, dead = 0, []
            fresh_versions = {v.id for story in corpus.stories for v in story.versions}
        else:
            assert fresh is not None
            next_uid = int(_meta(db, "next_uid") or 0)
            dead = [
                f"s:{sid}" for (sid,) in db.execute("SELECT id FROM stories") if sid not in kept
            ]
            dead += [
                f"v:{vid}"
                for vid, source in db.execute("SELECT id, source FROM versions")
                if source in fresh or source not in sources
            ]
            fresh_versions = {
                v.id for story in corpus.stories for v in story.versions if v.source in fresh
            }
        fresh_stories = {story.id for story in corpus.stories if story.id not in kept}
        next_uid = write(
            db, corpus.stories, fresh_versions, fresh_stories, dead, next_uid, progress, jobs
        )
        db.execute("INSERT OR REPLACE INTO meta VALUES ('next_uid', ?)", (str(next_uid),))
