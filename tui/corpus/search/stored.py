"""The search index kept in the index database, written with each refresh.

Units are numbered once and never renumbered. Each refresh appends a batch: the
units of the versions read this time and of the stories that changed, their
columns (kind, paragraph, owner) as packed arrays, and for every word the units of
the batch that hold it, as a packed array too. Units of files changed or deleted,
and of stories that changed, are marked dead rather than rewritten; once batches or
dead units pile up, the word lists are merged into one batch again.

An owner is a version ("v:" and its id) or a story ("s:" and its id): a version's
own units follow it into whatever story it joins, so re-clustering does not touch
them. Positions (which story, which version in it) are worked out when the index
is opened, from the stories and versions tables of the same snapshot.

`StoredSearchIndex` reads all this back: the vocabulary, the columns and the names
in memory (tens of MB for 100,000 articles), word lists and texts on demand.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from array import array
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..model import Story
from ..text import fold, words
from .engine import SearchIndex
from .units import KIND_CODE, Unit, name_of, story_units, version_units

TABLES = """
CREATE TABLE units (uid INTEGER PRIMARY KEY, owner TEXT NOT NULL, text TEXT NOT NULL, speaker TEXT);
CREATE INDEX units_by_owner ON units (owner);
CREATE TABLE unit_batches (first INTEGER PRIMARY KEY, owners TEXT NOT NULL, owner_of BLOB NOT NULL,
                           version BLOB NOT NULL, paragraph BLOB NOT NULL, kind BLOB NOT NULL,
                           dates TEXT NOT NULL, date_of BLOB NOT NULL);
CREATE TABLE postings (word TEXT NOT NULL, batch INTEGER NOT NULL, uids BLOB NOT NULL,
                       PRIMARY KEY (word, batch)) WITHOUT ROWID;
CREATE TABLE vocabulary (word TEXT PRIMARY KEY, units INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE names (name TEXT NOT NULL, batch INTEGER NOT NULL, uids BLOB NOT NULL, PRIMARY KEY (name, batch));
CREATE TABLE dead (uid INTEGER PRIMARY KEY);
"""

MERGE_BATCHES = 12  # word lists are merged once this many batches hold them
MERGE_DEAD = 0.2  # ... or once this share of the units is dead
_CHUNK = 500  # ids per "IN (...)" query


def _uids(blob: bytes) -> array:
    found = array("I")
    found.frombytes(blob)
    return found


class _Batch:
    """The units of one refresh, gathered in columns before they are written."""

    def __init__(self, first: int) -> None:
        self.first = first
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
        self.postings: dict[str, array] = defaultdict(lambda: array("I"))
        self.names: dict[str, array] = defaultdict(lambda: array("I"))

    def add(self, owner: str, unit: Unit) -> None:
        uid = self.first + len(self.kind)
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


def clear(db: sqlite3.Connection) -> None:
    for table in ("units", "unit_batches", "postings", "vocabulary", "names", "dead"):
        db.execute(f"DELETE FROM {table}")


def write(
    db: sqlite3.Connection,
    stories: list[Story],
    fresh_versions: set[str],
    fresh_stories: set[str],
    dead_owners: Iterable[str],
    next_uid: int,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Add the units of the fresh versions and stories, mark the dead owners' units; the next free uid.

    Runs inside the caller's transaction.
    """
    _bury(db, dead_owners)
    batch = _Batch(next_uid)
    for n, story in enumerate(stories):
        if progress and n % 500 == 0:
            progress(n, len(stories))
        if story.id in fresh_stories:
            for unit in story_units(story):
                batch.add(f"s:{story.id}", unit)
        for v, version in enumerate(story.versions):
            if version.id in fresh_versions:
                for unit in version_units(version):
                    batch.add(f"v:{version.id}", unit)
    if len(batch):
        _store(db, batch)
    _maybe_merge(db)
    return next_uid + len(batch)


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


def _store(db: sqlite3.Connection, batch: _Batch) -> None:
    db.execute(
        "INSERT INTO unit_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            batch.first,
            json.dumps(batch.owners),
            batch.owner_of.tobytes(),
            batch.version.tobytes(),
            batch.paragraph.tobytes(),
            bytes(batch.kind),
            json.dumps(batch.dates),
            batch.date_of.tobytes(),
        ),
    )
    db.executemany("INSERT INTO units VALUES (?, ?, ?, ?)", batch.rows)
    db.executemany(
        "INSERT INTO postings VALUES (?, ?, ?)",
        [(word, batch.first, uids.tobytes()) for word, uids in batch.postings.items()],
    )
    db.executemany(
        "INSERT INTO names VALUES (?, ?, ?)",
        [(name, batch.first, uids.tobytes()) for name, uids in batch.names.items()],
    )
    db.executemany(
        "INSERT INTO vocabulary VALUES (?, ?) ON CONFLICT (word) DO UPDATE SET units = units + excluded.units",
        [(word, len(uids)) for word, uids in batch.postings.items()],
    )


def _maybe_merge(db: sqlite3.Connection) -> None:
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
    for table, key in (("postings", "word"), ("names", "name")):
        merged: dict[str, array] = {}
        for word, blob in db.execute(f"SELECT {key}, uids FROM {table} ORDER BY {key}, batch"):
            uids = merged.setdefault(word, array("I"))
            if gone:
                uids.extend(u for u in _uids(blob) if u not in gone)
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


class StoredSearchIndex(SearchIndex):
    """The search index read from an index database (see the module docstring).

    Each search runs in one read transaction and first checks that the database still
    holds the state the index was opened on; if another process refreshed it since,
    `IndexChanged` is raised and the caller should reopen.
    """

    def __init__(self, db: sqlite3.Connection, generation: str, path: Path | None = None) -> None:
        super().__init__()
        self.db = db
        self.path = path
        self.generation = generation
        self._counts: dict[str, int] = {}
        self._date_of = array("I")
        self._day_names: list[str | None] = []
        self._size = 0
        self._text_cache: OrderedDict[int, tuple[str, str | None]] = OrderedDict()
        self._list_cache: OrderedDict[str, Sequence[int]] = OrderedDict()
        self._db_lock = threading.Lock()
        self._closed = False

    @classmethod
    def open(cls, path: Path, generation: str | None = None) -> StoredSearchIndex | None:
        """The search index in the database at `path`, or None if it holds none (or another state)."""
        try:
            db = sqlite3.connect(
                f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
            )
            db.execute("PRAGMA busy_timeout = 60000")
            db.execute("BEGIN")
            try:
                row = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
                if row is None or (generation is not None and row[0] != generation):
                    db.close()
                    return None
                index = cls(db, row[0], path)
                index._load()
            finally:
                if db.in_transaction:
                    db.execute("COMMIT")
        except _DAMAGE:  # unreadable or damaged: the caller builds one in memory
            return None
        return index

    def _load(self) -> None:
        db = self.db
        story_at: dict[str, int] = {}
        for story_id, position, count in db.execute(
            "SELECT id, position, versions FROM stories ORDER BY position"
        ):
            story_at[story_id] = position
            self.version_counts.append(count)
        version_at = {
            vid: (story_at.get(story, -1), position)
            for vid, story, position in db.execute("SELECT id, story, position FROM versions")
        }
        self._dead = {uid for (uid,) in db.execute("SELECT uid FROM dead")}
        for first, owners, owner_of, version, paragraph, kind, dates, date_of in db.execute(
            "SELECT * FROM unit_batches ORDER BY first"
        ):
            self._add_batch(
                first,
                json.loads(owners),
                _uids(owner_of),
                array("i", version),
                array("i", paragraph),
                kind,
                json.loads(dates),
                _uids(date_of),
                story_at,
                version_at,
            )
        rows = db.execute("SELECT word, units FROM vocabulary ORDER BY word").fetchall()
        self._counts = dict(rows)
        self._vocabulary = [
            word for word, _ in rows
        ]  # the primary key's order is Python's str order
        for name, blob in db.execute("SELECT name, uids FROM names ORDER BY name, batch"):
            self.names[name].extend(u for u in _uids(blob) if u not in self._dead)
        self._size = len(self._kind) - len(self._dead)

    def _add_batch(
        self,
        first: int,
        owners: list[str],
        owner_of: array,
        version: array,
        paragraph: array,
        kind: bytes,
        dates: list[str | None],
        date_of: array,
        story_at: dict[str, int],
        version_at: dict[str, tuple[int, int]],
    ) -> None:
        gap = first - len(self._kind)  # never, unless batches were lost: keep uids as positions
        if gap > 0:
            self._story.extend([-1] * gap)
            self._version.extend([-1] * gap)
            self._paragraph.extend([-1] * gap)
            self._kind.extend(b"\0" * gap)
            self._date_of.extend([0] * gap)
        places = [
            version_at.get(owner[2:], (-1, -1))
            if owner.startswith("v:")
            else (story_at.get(owner[2:], -1), None)
            for owner in owners
        ]
        self._story.extend(places[o][0] for o in owner_of)
        self._version.extend(
            v if places[o][1] is None else places[o][1] for o, v in zip(owner_of, version)
        )
        self._paragraph.extend(paragraph)
        self._kind.extend(kind)
        offset = len(self._day_names)
        self._day_names.extend(dates)
        self._date_of.extend(d + offset for d in date_of)

    def close(self) -> None:
        """Close the database once any running search is over; later searches raise IndexChanged."""
        with self.lock, self._db_lock:
            self._closed = True
            self.db.close()

    # -- the columns, from the database -----------------------------------------

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        with self.lock, self._db_lock:
            if self._closed:
                raise IndexChanged("this search index was closed (a newer one replaced it)")
            try:
                self.db.execute("BEGIN")
                try:
                    row = self.db.execute(
                        "SELECT value FROM meta WHERE key = 'generation'"
                    ).fetchone()
                    if row is None or row[0] != self.generation:
                        raise IndexChanged(
                            "the index was refreshed by another copydesk since it was opened"
                        )
                    yield
                finally:
                    if self.db.in_transaction:
                        self.db.execute("COMMIT")
            except _DAMAGE as error:
                raise SearchIndexError(
                    f"the search index in {self.path} is damaged ({error}); "
                    "`copydesk index --rebuild` remakes it"
                ) from error

    def __len__(self) -> int:
        return self._size

    @property
    def vocabulary(self) -> list[str]:
        return self._vocabulary or []

    def _has(self, word: str) -> bool:
        return word in self._counts

    def _count(self, word: str) -> int:
        return self._counts.get(word, 0)

    def _postings(self, word: str) -> Sequence[int]:
        found = self._list_cache.get(word)
        if found is not None:
            self._list_cache.move_to_end(word)
            return found
        uids = array("I")
        for (blob,) in self.db.execute(
            "SELECT uids FROM postings WHERE word = ? ORDER BY batch", (word,)
        ):
            uids.frombytes(blob)
        found = self._list_cache[word] = uids
        if len(self._list_cache) > 256:
            self._list_cache.popitem(last=False)
        return found

    def _live(self) -> Iterable[int]:
        dead, story = self._dead, self._story
        return (uid for uid in range(len(self._kind)) if uid not in dead and story[uid] >= 0)

    def _rows(self, uids: Iterable[int]) -> dict[int, tuple[str, str | None]]:
        """Text and speaker of some units: from the cache, the rest read in chunks."""
        cache = self._text_cache
        out = {}
        missing = []
        for uid in uids:
            row = cache.get(uid)
            if row is None:
                missing.append(uid)
            else:
                out[uid] = row
        for start in range(0, len(missing), _CHUNK):
            chunk = missing[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for uid, text, speaker in self.db.execute(
                f"SELECT uid, text, speaker FROM units WHERE uid IN ({marks})", chunk
            ):
                out[uid] = cache[uid] = (text, speaker)
        while len(cache) > 20_000:
            cache.popitem(last=False)
        return out

    def _folded_texts(self, uids: Iterable[int]) -> dict[int, str]:
        return {uid: fold(text) for uid, (text, _) in self._rows(uids).items()}

    def _text(self, uid: int) -> str:
        return self._rows([uid]).get(uid, ("", None))[0]

    def _speaker(self, uid: int) -> str | None:
        return self._rows([uid]).get(uid, ("", None))[1]

    def _date(self, uid: int) -> str | None:
        return self._day_names[self._date_of[uid]]


class SearchIndexError(RuntimeError):
    """The stored search index cannot answer; the message says why, for the user."""


class IndexChanged(SearchIndexError):
    """The database moved on since the index was opened: reopen to search the new state."""


_DAMAGE = (
    sqlite3.Error,
    ValueError,
    KeyError,
    IndexError,
    OverflowError,
)  # what bad stored data raises
