"""The index store: a corpus's files, clean versions and stories kept in SQLite.

One database per corpus (under platformdirs' user cache dir, named by the corpus's
roots) in WAL mode, so a reader always sees the last committed state while another
process writes. Every refresh is one transaction: a crash or kill part-way leaves the
previous index as it was. A file that is not a copydesk index, or a damaged one, is
moved aside and a fresh index made; an index of another schema version is rebuilt
(see `faults` for how damage is told from a folder that cannot be written).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..model import BreakMarks, Corpus, LazyStory, Skipped, Story, Version
from ..names import shown
from .code_digest import reading_digest
from .faults import DATA_ERRORS, IndexUnwritable, diagnose, set_aside
from .listing import TABLES as LISTING_TABLES
from .listing import read_listing, write_listing
from .unlisted import ORDER, STORIES, UnlistedCorpus, storable

if TYPE_CHECKING:
    from ..ingest.evidence import FileKeys

# Making or writing the index needs its parts, evidence and writes, which reading it warm
# does not: those are imported where they are used, so a warm open does not wait for them.

# 2: fingerprints with each version; 3: versions by story; 4: the search index; 5: break
# marks; 6: reading by evidence (main blocks, splits, fingerprints without hyphens) and
# the evidence kept per file; 7: quote speakers from their own paragraphs (and titles, dates);
# 8: each story's quotes kept beside its search units; 9: the evidence keys per unit, in order;
# 10: the list of stories kept as one row too (`listing`)
SCHEMA = 10
APPLICATION_ID = 0x43504453  # "CPDS", so a foreign SQLite file is recognised
# Fingerprints and evidence keys are Python's hashes of tuples of word ids: stable from run
# to run, but an index made by a Python that hashes tuples otherwise is made again.
HASH_PROBE = str(hash((1, 22, 333, 4444, 55555)))

_TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (source TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
                    skipped TEXT,
                    shows BLOB, wants BLOB);
CREATE TABLE versions (id TEXT NOT NULL, source TEXT NOT NULL, story TEXT NOT NULL,
                       position INTEGER NOT NULL,
                       data TEXT NOT NULL, shingles BLOB);
CREATE INDEX versions_by_source ON versions (source);
CREATE INDEX versions_by_story ON versions (story, position);
CREATE TABLE stories (id TEXT PRIMARY KEY, position INTEGER NOT NULL, title TEXT NOT NULL,
                      date TEXT,
                      versions INTEGER NOT NULL);
"""


class IndexDamaged(RuntimeError):
    """Stored data could not be read back; the message names the file, `cause` says why."""

    def __init__(self, path: Path, cause: str) -> None:
        super().__init__(f"the index {shown(path)} is damaged ({cause})")
        self.path = path
        self.cause = cause


class FileStamp(NamedTuple):
    """What tells a file changed without reading it: its size and modification time (a
    pair, so it equals the plain (size, mtime_ns) a warm open compares)."""

    size: int
    mtime_ns: int


def read_stamps(db: sqlite3.Connection) -> dict[str, FileStamp]:
    """Each indexed file's size and modification time, as last saved."""
    return {
        source: FileStamp(size, mtime)
        for source, size, mtime in db.execute("SELECT source, size, mtime_ns FROM files")
    }


def read_stamp_pairs(db: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """`read_stamps` as plain (size, mtime_ns) pairs, quicker to make for every file."""
    return {
        source: (size, mtime)
        for source, size, mtime in db.execute("SELECT source, size, mtime_ns FROM files")
    }


def stamps_match(db: sqlite3.Connection, now: dict[str, tuple[int, int]]) -> bool:
    """Whether the index holds files and exactly those of `now`, each with the size and
    modification time there (plain pairs: no `FileStamp` made for a warm open)."""
    stored = read_stamp_pairs(db)
    return bool(stored) and stored == now


class IndexStore:
    """An open index database."""

    def __init__(self, path: Path, connection: sqlite3.Connection, note: str | None = None) -> None:
        self.path = path
        self.db = connection
        self.note = note  # what happened on opening (set aside, rebuilt), for the user
        self.loaded: str | None = None  # the generation last loaded or saved

    # -- opening -------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> IndexStore:
        """Open (or create) the index at `path`.

        A file that is not a copydesk index, or whose opening pages are damaged, is set
        aside and a fresh index made (`note` says so); an index of another schema is
        rebuilt. `IndexUnwritable` if the folder cannot take it (full, read-only).
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return cls._open(path)
        except (*DATA_ERRORS, OSError) as error:
            kind, cause = diagnose(error, path)
            if kind != "damaged":
                raise IndexUnwritable(path.parent, cause) from error
            return cls.fresh(path, f"damaged ({cause})")

    @classmethod
    def saved_stories(cls, path: Path) -> int | None:
        """How many stories the index at `path` holds, if it is one that `open` takes as it
        is, saved at least once; None otherwise (nothing there, not an index, damaged,
        made by another version). Only reads, and waits for no writer."""
        if not path.is_file():
            return None
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.2)
            try:
                if cls._check(db) != "ok":
                    return None
                if db.execute("SELECT 1 FROM meta WHERE key = 'generation'").fetchone() is None:
                    return None
                return int(db.execute("SELECT count(*) FROM stories").fetchone()[0])
            finally:
                db.close()
        except DATA_ERRORS:
            return None

    @classmethod
    def fresh(cls, path: Path, why: str) -> IndexStore:
        """Set the index at `path` aside (it is `why`) and open a new one in its place."""
        aside = set_aside(path)
        if aside is None:
            raise IndexUnwritable(
                path.parent, f"the index {path.name} is {why} and could not be moved aside"
            )
        try:
            store = cls._open(path)
        except (*DATA_ERRORS, OSError) as error:
            raise IndexUnwritable(path.parent, diagnose(error, path)[1]) from error
        store.note = (
            f"the index {shown(path)} was {why}; moved aside to {shown(aside.name)} and rebuilt"
        )
        return store

    @classmethod
    def _open(cls, path: Path) -> IndexStore:
        db = cls._connect(path)
        try:
            state = cls._check(db)
            note = None
            if state == "empty":
                cls._create(db)
            elif state == "old":
                db.close()
                cls._remove(path)
                db = cls._connect(path)
                cls._create(db)
                note = (
                    f"the index {shown(path)} was made by another version of copydesk; "
                    "rebuilding it"
                )
        except BaseException:
            db.close()
            raise
        if state == "not a copydesk index":
            db.close()
            return cls.fresh(path, state)
        return cls(path, db, note)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA busy_timeout = 60000")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        return db

    @staticmethod
    def _check(db: sqlite3.Connection) -> str:
        application = db.execute("PRAGMA application_id").fetchone()[0]
        tables = {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not tables and application == 0:
            return "empty"
        if application != APPLICATION_ID:
            return "not a copydesk index"
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA:
            return "old"
        probe = db.execute("SELECT value FROM meta WHERE key = 'hashes'").fetchone()
        if probe is not None and probe[0] != HASH_PROBE:
            return "old"  # keys hashed otherwise: made again
        made_by = db.execute("SELECT value FROM meta WHERE key = 'reading'").fetchone()
        return "ok" if made_by is not None and made_by[0] == reading_digest() else "old"

    @staticmethod
    def _create(db: sqlite3.Connection) -> None:
        from . import evidence_store
        from .parts import PARTS

        db.execute("BEGIN IMMEDIATE")
        for statement in filter(
            str.strip,
            "".join(
                [_TABLES, LISTING_TABLES, *(p.tables for p in PARTS), evidence_store.TABLES]
            ).split(";"),
        ):
            db.execute(statement)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA}")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('hashes', ?)", (HASH_PROBE,))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('reading', ?)", (reading_digest(),))
        db.execute("COMMIT")

    @staticmethod
    def _remove(path: Path) -> None:
        for candidate in (
            path,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
        ):
            try:
                candidate.unlink()
            except FileNotFoundError:
                pass

    def close(self) -> None:
        self.db.close()

    # -- reading -------------------------------------------------------------

    def stamps(self) -> dict[str, FileStamp]:
        return read_stamps(self.db)

    def generation(self) -> str | None:
        """Which save the database holds now (each save makes a new one)."""
        return self.meta("generation")

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def load(self, roots: list[str], fingerprints: bool = False) -> Corpus:
        """The corpus as last indexed (with each version's fingerprints if asked)."""
        db = self.db
        db.execute("BEGIN")  # one consistent snapshot, even while another process writes
        try:
            versions: dict[str, list[tuple[int, Version]]] = {}
            column = "shingles" if fingerprints else "NULL"
            for story, position, data, blob in db.execute(
                f"SELECT story, position, data, {column} FROM versions"
            ):
                version = Version.from_dict(json.loads(data))
                if blob is not None:
                    version.shingles = array(
                        "q", blob
                    )  # packed: a set of each would cost seconds at 100k
                versions.setdefault(story, []).append((position, version))
            stories = []
            for story_id, title in db.execute("SELECT id, title FROM stories ORDER BY position"):
                members = [
                    v for _, v in sorted(versions.get(story_id, []), key=lambda item: item[0])
                ]
                stories.append(Story(story_id, title, members))
            warnings = self.skipped()
            read = self.files_read()
            self.loaded = self.generation()
        finally:
            db.execute("COMMIT")
        return Corpus(roots=list(roots), stories=stories, warnings=warnings, files=read)

    def load_lazy(self, roots: list[str], listed: bool = True) -> Corpus:
        """The corpus as last indexed, each story's versions read when first asked for;
        with `listed` False, the list of stories too (`corpus.story(id)` then reads the
        one story asked for: `copydesk show` needs no other).

        The store must stay open while the corpus is in use; reads are serialised, so
        the UI thread and workers can share it.
        """
        import threading

        lock = threading.Lock()

        def read(sql: str, *values: object) -> list[Any]:
            try:
                with lock:
                    return self.db.execute(sql, values).fetchall()
            except DATA_ERRORS as error:
                raise IndexDamaged(self.path, str(error)) from error

        def versions(story_id: str) -> list[Version]:
            rows = read("SELECT data FROM versions WHERE story = ? ORDER BY position", story_id)
            try:
                return [Version.from_dict(json.loads(data)) for (data,) in rows]
            except DATA_ERRORS as error:
                raise IndexDamaged(self.path, str(error)) from error

        def stories(rows: Iterable[Any]) -> list[Story]:
            return [LazyStory(i, t, d, n, versions) for i, t, d, n in rows]

        def find(story_id: str) -> Story | None:
            """The first story, in the corpus's order, whose id is or starts with `story_id`."""
            if "\0" in story_id or not storable(story_id):
                return None  # no stored id holds it
            rows = read(
                f"{STORIES} WHERE substr(id, 1, ?) = ? {ORDER} LIMIT 1", len(story_id), story_id
            )
            return stories(rows)[0] if rows else None

        with lock:
            self.db.execute("BEGIN")
            try:
                saved = read_listing(self.db) if listed else None
                rows: Iterable[tuple[str, str, str | None, int]]
                if saved is None:
                    rows = self.db.execute(f"{STORIES} {ORDER}").fetchall() if listed else []
                    warnings, read_files = self.skipped(), self.files_read()
                else:
                    rows = zip(saved.ids, saved.titles, saved.dates, saved.counts, strict=True)
                    warnings, read_files = saved.skipped, saved.files
                self.loaded = self.generation()
            finally:
                self.db.execute("COMMIT")
        if not listed:
            return UnlistedCorpus(
                list(roots),
                warnings,
                read_files,
                lambda: stories(read(f"{STORIES} {ORDER}")),
                find,
            )
        return Corpus(roots=list(roots), stories=stories(rows), warnings=warnings, files=read_files)

    def counts(self) -> dict[str, int]:
        """How many files, skipped files, versions and stories it holds, and its parts' counts."""
        from .parts import PARTS

        def one(sql: str) -> int:
            return int(self.db.execute(sql).fetchone()[0])

        found = {
            "files": one("SELECT count(*) FROM files"),
            "skipped": one("SELECT count(*) FROM files WHERE skipped IS NOT NULL"),
            "versions": one("SELECT count(*) FROM versions"),
            "stories": one("SELECT count(*) FROM stories"),
            "multi": one("SELECT count(*) FROM stories WHERE versions > 1"),
        }
        for part in PARTS:
            found.update(part.counts(self.db))
        return found

    def break_marks(self) -> dict[str, BreakMarks]:
        """What each file shows and wants of the others' paragraph breaks (see model.BreakMarks)."""
        out = {}
        for source, shows, wants in self.db.execute("SELECT source, shows, wants FROM files"):
            out[source] = BreakMarks(array("q", shows or b""), array("q", wants or b""))  # sorted
        return out

    def files_read(self) -> int:
        """How many files were read (not skipped)."""
        return int(
            self.db.execute("SELECT count(*) FROM files WHERE skipped IS NULL").fetchone()[0]
        )

    def skipped(self) -> list[Skipped]:
        return [
            Skipped(s, r)
            for s, r in self.db.execute(
                "SELECT source, skipped FROM files WHERE skipped IS NOT NULL ORDER BY source"
            )
        ]

    # -- writing -------------------------------------------------------------

    def save(
        self,
        corpus: Corpus,
        stamps: dict[str, FileStamp],
        kept: set[str] | None = None,
        fresh: set[str] | None = None,
        progress: Callable[[str, int, int], None] | None = None,
        marks: dict[str, BreakMarks] | None = None,
        shown: dict[str, FileKeys] | None = None,
        jobs: int | None = None,
    ) -> None:
        """Store `corpus` and the index's parts (the search index) in one transaction.

        With `kept` (ids of stories stored before and unchanged since), only the other
        stories are written; the kept ones just take their new place in the order.
        `fresh` names the files read this time (all of them if None): the search index
        re-reads only their versions and the stories not kept, and only their rows in
        the files table are written (with their `marks`, and the keys they `shown`).
        `jobs`: the processes the parts may use (None: as many as pays).
        """
        from ..progress import Tally
        from .parts import PARTS
        from .writes import rows_to_write, write_files, write_stories

        db = self.db
        kept = kept or set()
        db.execute("BEGIN IMMEDIATE")  # waits for another writer; readers keep the old state
        try:
            for part in PARTS:
                part.save(db, corpus, stamps.keys(), kept, fresh, progress, jobs)
            keys = shown or {}
            tally = Tally(progress, "saving", rows_to_write(corpus, stamps, fresh, kept, keys))
            write_files(db, corpus, stamps, fresh, marks or {}, keys, tally)
            write_stories(db, corpus, kept, tally)
            write_listing(db, corpus, self.skipped(), self.files_read())
            generation = f"{time.time_ns():x}-{os.getpid()}"
            db.executemany(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                [
                    ("roots", json.dumps(corpus.roots)),
                    ("indexed", time.strftime("%Y-%m-%dT%H:%M:%S")),
                    ("generation", generation),
                ],
            )
            if progress:  # the last moment to stop (raising) with nothing saved
                progress("commit", 0, 0)  # one statement: it cannot count
            db.execute("COMMIT")
        except BaseException:
            _roll_back(db)
            raise
        self.loaded = generation


def _roll_back(db: sqlite3.Connection) -> None:
    """Undo a save that failed; SQLite may have rolled it back itself (a full disk does),
    and the error to report is the first one, not "no transaction is active"."""
    if db.in_transaction:
        try:
            db.execute("ROLLBACK")
        except sqlite3.Error:
            pass
