"""The search index read back from the index database (written by `persist`).

Positions (which story, which version in it) are worked out when the index
is opened, from the stories and versions tables of the same snapshot.

`StoredSearchIndex` reads all this back: the vocabulary, the columns and the names
in memory (tens of MB for 100,000 articles), word lists and texts on demand.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..text import fold
from .engine import SearchEngine
from .persist import unpack_uids

_CHUNK = 500  # ids per "IN (...)" query


class StoredSearchIndex(SearchEngine):
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
        """The search index in the database at `path`, or None if it holds none (or
        another state)."""
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
                unpack_uids(owner_of),
                array("i", version),
                array("i", paragraph),
                kind,
                json.loads(dates),
                unpack_uids(date_of),
                story_at,
                version_at,
            )
        rows = db.execute("SELECT word, units FROM vocabulary ORDER BY word").fetchall()
        self._counts = dict(rows)
        self._vocabulary = [
            word for word, _ in rows
        ]  # the primary key's order is Python's str order
        for name, blob in db.execute("SELECT name, uids FROM names ORDER BY name, batch"):
            self.names[name].extend(u for u in unpack_uids(blob) if u not in self._dead)
        self._size = len(self._kind) - len(self._dead)

    def _add_batch(
        self,
        first: int,
        owners: list[str],
        owner_of: array[int],
        version: array[int],
        paragraph: array[int],
        kind: bytes,
        dates: list[str | None],
        date_of: array[int],
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
            v if (at := places[o][1]) is None else at
            for o, v in zip(owner_of, version, strict=False)
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
