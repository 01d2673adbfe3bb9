"""Open a corpus through its index: reuse what did not change, redo what did.

Files are compared with the index by size and modification time. With nothing
changed, the corpus comes straight from the index (lazily, if asked). Otherwise only
new and changed files are read and cleaned; they are matched against the stored
fingerprints of the rest (`grouping.more`), stories they do not touch are kept as they
were, and the changed stories are written back in one transaction.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..ingest.discover import CorpusFile, Found, found_files, stamp
from ..model import BreakMarks, Corpus, Skipped, Story, Version
from ..names import shown
from ..progress import Progress, checked, gc_paused, staged
from .faults import DATA_ERRORS, IndexUnwritable, diagnose
from .store import FileStamp, IndexStore, read_stamp_pairs, stamps_match

if TYPE_CHECKING:
    from ..grouping.docs import Doc
    from ..ingest.evidence import FileKeys
    from .rereading import Reading

# What reads files (`rereading`, `ingest`, `build`) is imported where a file is read: a
# warm open only looks at the files and reads the index.


@dataclass
class IndexReport:
    """What opening through the index did."""

    path: Path
    warm: bool = False  # nothing changed: read from the index only
    read: int = 0  # files read and cleaned this time
    reused: int = 0  # files whose versions came from the index
    deleted: int = 0
    seconds: float = 0.0
    generation: str | None = None  # the saved state the corpus is (for opening its search index)
    checked: bool = True  # False: taken from the index without looking at the files
    saved: bool = (
        True  # False: the index could not be used or written; the corpus was read without it
    )
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Job:
    """What opening was asked for, and how to read: the same for every attempt."""

    roots: list[str]
    max_bytes: int | None  # None: `ingest.files.DEFAULT_MAX_BYTES`
    progress: Progress | None
    follow_links: bool
    lazy: bool
    trust: bool
    jobs: int | None  # processes that read (None: one per core)
    listed: bool

    @property
    def size(self) -> int:
        """The largest file read."""
        from ..ingest.files import DEFAULT_MAX_BYTES  # here: a warm open reads no file

        return DEFAULT_MAX_BYTES if self.max_bytes is None else self.max_bytes

    def load(self, store: IndexStore) -> Corpus:
        """The corpus as the index holds it (lazily, if asked)."""
        if self.lazy:
            return store.load_lazy(self.roots, listed=self.listed)
        return store.load(self.roots)


def _index_path(index_path: Path | None, roots: list[str]) -> Path:
    if index_path:
        return Path(index_path)
    from .paths import default_index_path

    return default_index_path(roots)


def open_corpus(
    paths: Iterable[str | os.PathLike[str]],
    index_path: Path | None = None,
    rebuild: bool = False,
    max_bytes: int | None = None,
    progress: Progress | None = None,
    lazy: bool = False,
    trust: bool = False,
    *,
    cancel: Callable[[], bool] | None = None,
    follow_links: bool = False,
    damaged: str | None = None,
    index: bool = True,
    jobs: int | None = None,
    listed: bool = True,
) -> tuple[Corpus, IndexReport]:
    """The corpus at `paths`, through its index (made or refreshed as needed).

    With `lazy`, an unchanged corpus comes back with its stories' versions read on
    first use; the index stays open for that (until the process ends). With `trust`,
    an existing index is taken as it is, without looking at the files (the caller
    looks later, with `pending_changes`); `report.checked` is then False.

    Never fails on the index: a damaged one (found so here, or by the caller, who
    passes the cause as `damaged`) is set aside and rebuilt, with a note; one that
    cannot be written leaves the corpus read from the files, with a note naming the
    folder and the cause (`report.saved` False). `cancel` is asked at each progress
    report; once it says so, `Cancelled` is raised and nothing is saved. With `index`
    False, the files are read in memory and no index is made, used or changed (the
    same corpus, more slowly for a large one). `jobs`: the processes that read and
    clean files (default: one per core; the corpus is the same whatever the number).
    `max_bytes`: the largest file read (default `ingest.files.DEFAULT_MAX_BYTES`). With
    `listed` False (and `lazy`), an unchanged corpus reads its list of stories when it is
    first used, and until then `corpus.story(id)` reads the one story asked for.
    """
    started = time.perf_counter()
    roots = [str(p) for p in paths]
    job = Job(roots, max_bytes, checked(progress, cancel), follow_links, lazy, trust, jobs, listed)
    report = IndexReport(_index_path(index_path, roots))
    if not index:  # read in memory: no index made, used or changed
        report.saved, report.generation = False, None
        corpus = _read_all(job)
        report.read, report.seconds = corpus.files, time.perf_counter() - started
        return corpus, report
    try:
        corpus = _attempts(job, report, rebuild, damaged)
    except IndexUnwritable as problem:
        corpus = _without_index(job, report, f"{problem}{problem.UNCHANGED}")
    report.seconds = time.perf_counter() - started
    return corpus, report


def open_stored(
    paths: Iterable[str | os.PathLike[str]],
    index_path: Path | None = None,
    most: int | None = None,
) -> tuple[Corpus, IndexReport] | None:
    """The corpus as its index was last saved, lazily, without a look at the files (as
    `open_corpus` with `lazy` and `trust` gives it); None where that would take more than
    reading the index: no saved index there, one damaged or made by another version
    (left as it is: `open_corpus` sets it aside or rebuilds it, and says so), or one of
    more than `most` stories.

    Quick enough to run before a reader's first frame: it reads the list of stories and
    nothing else.
    """
    roots = [str(p) for p in paths]
    report = IndexReport(_index_path(index_path, roots), warm=True, checked=False)
    stories = IndexStore.saved_stories(report.path)
    if stories is None or (most is not None and stories > most):
        return None
    try:
        store = IndexStore.open(report.path)
    except IndexUnwritable:
        return None
    try:
        if store.note or store.generation() is None:  # changed since it was looked at
            store.close()
            return None
        corpus = store.load_lazy(roots)
    except DATA_ERRORS:
        store.close()
        return None
    report.generation = store.loaded
    return corpus, report


def _attempts(job: Job, report: IndexReport, rebuild: bool, damaged: str | None) -> Corpus:
    """Go through the index; one found damaged is set aside and the corpus read again
    into a new one. `IndexUnwritable` if it cannot be made or written."""
    if damaged is not None:  # the caller found it damaged while reading it
        store = IndexStore.fresh(report.path, f"damaged ({damaged})")
    else:
        store = IndexStore.open(report.path)
    for attempt in range(2):
        if store.note:
            report.notes.append(store.note)
        try:
            return _through(store, job, rebuild, report)
        except DATA_ERRORS as error:
            store.close()
            kind, cause = diagnose(error, report.path)
            if kind != "damaged":
                raise IndexUnwritable(report.path.parent, cause) from error
            if attempt == 0:
                store, rebuild = IndexStore.fresh(report.path, f"damaged ({cause})"), True
    note = (
        f"could not use the index {shown(report.path)} ({cause}), even rebuilt; "
        "the files were read without it"
    )
    return _without_index(job, report, note)


def _through(store: IndexStore, job: Job, rebuild: bool, report: IndexReport) -> Corpus:
    """One attempt: the corpus from the index, or the index refreshed from the files."""
    report.warm, report.checked = False, True
    try:
        with gc_paused():
            if job.trust and not rebuild and store.generation() is not None:
                report.warm, report.checked = True, False
                corpus = job.load(store)
            else:
                corpus = _refresh(store, job, rebuild, report)
        report.generation = store.loaded if report.saved else None
    except BaseException:
        store.close()
        raise
    if not (job.lazy and report.warm):
        store.close()
    return corpus


def _without_index(job: Job, report: IndexReport, note: str) -> Corpus:
    """The corpus read from the files alone (the index could not be used), with a note."""
    report.notes.append(note)
    report.saved, report.generation, report.warm = False, None, False
    return _read_all(job)


def _read_all(job: Job) -> Corpus:
    """The corpus read in memory from the files, without the index."""
    from ..build import load_corpus

    return load_corpus(job.roots, job.size, job.progress, job.follow_links, jobs=job.jobs)


def index_counts(
    paths: Iterable[str | os.PathLike[str]],
    index_path: Path | None = None,
    follow_links: bool = False,
    progress: Progress | None = None,
) -> tuple[dict[str, int], list[Skipped], IndexReport]:
    """What the index holds (`IndexStore.counts`) and the files it skipped.

    An index found damaged, here or on opening, is set aside and rebuilt from the files
    first (the report's notes say so). `IndexUnwritable` if its folder cannot take it.
    """
    roots = [str(p) for p in paths]
    report = IndexReport(_index_path(index_path, roots))
    rebuilt = False
    while True:
        store = IndexStore.open(report.path)
        if store.note and not rebuilt:  # set aside or of another schema: fill the new one
            store.close()
            report.notes.append(store.note)
            report.notes += open_corpus(
                roots, report.path, progress=progress, follow_links=follow_links
            )[1].notes
            rebuilt = True
            continue
        try:
            return store.counts(), store.skipped(), report
        except DATA_ERRORS as error:
            kind, cause = diagnose(error, report.path)
            if kind != "damaged" or rebuilt:
                raise IndexUnwritable(report.path.parent, cause) from error
        finally:
            store.close()
        report.notes += open_corpus(
            roots, report.path, progress=progress, follow_links=follow_links, damaged=cause
        )[1].notes
        rebuilt = True


def _look(
    roots: list[str], follow_links: bool = False
) -> tuple[list[Found], dict[str, tuple[int, int]], list[Skipped]]:
    """What the corpus folders hold now: the files, each one's size and modification time
    (broken links, loops and links out of the folders too, stamped -1), and those links.

    The stamps are plain pairs, compared as they are with the index's (`stamps_match`):
    a warm open makes no object per file.
    """
    lost: list[Skipped] = []
    found = found_files(roots, lost, follow_links)
    stamps = {item[1]: stamp(item) for item in found}
    for item in lost:
        stamps[item.source] = (-1, -1)
    return found, stamps, lost


def pending_changes(
    paths: Iterable[str | os.PathLike[str]],
    index_path: Path | None = None,
    follow_links: bool = False,
) -> int:
    """How many files were added, changed or deleted since the index was last saved.

    Reads the index without locking or changing it (for watching a folder).
    """
    roots = [str(p) for p in paths]
    path = _index_path(index_path, roots)
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as db:
            stored = read_stamp_pairs(db)
    except sqlite3.Error:
        return 0  # no index (yet), or being replaced: the next look will tell
    _, now, _ = _look(roots, follow_links)
    return sum(1 for s, pair in now.items() if stored.get(s) != pair) + len(set(stored) - set(now))


def _refresh(store: IndexStore, job: Job, rebuild: bool, report: IndexReport) -> Corpus:
    """Bring the index up to date with the files: read what changed (and what the change
    wakes), group it with the stories kept, and save."""
    roots = job.roots
    found, now, lost = _look(roots, job.follow_links)
    if not rebuild and stamps_match(store.db, now):
        report.warm = True
        report.reused = len(now)
        return job.load(store)
    from .rereading import read_settled

    files = [CorpusFile(path, source) for path, source, _ in found]
    stamps = {source: FileStamp(*pair) for source, pair in now.items()}
    stored = store.stamps()
    changed = (
        set(stamps) if rebuild else {s for s, stamp in stamps.items() if stored.get(s) != stamp}
    )
    report.deleted = len(set(stored) - set(stamps))
    previous = store.load(roots, fingerprints=True).stories if not rebuild and stored else []
    reading = read_settled(store, job, files, stamps, stored, changed, bool(previous))
    unchanged = set(stamps) - changed
    skipped = [
        Skipped(s, reading.old_skips[s]) for s in sorted(unchanged) if s in reading.old_skips
    ] + reading.skipped
    skipped += [item for item in lost if item.source in changed]
    report.reused = len(unchanged)
    report.read = len(changed)
    kept, stories = _regroup(previous, unchanged, reading, job.progress)
    reading.docs = []  # clustered: each version keeps its fingerprints, the rest can go
    readable = len(stamps) - len({s.source for s in skipped})
    corpus = Corpus(
        roots=roots,
        stories=stories,
        warnings=sorted(skipped, key=lambda s: s.source),
        files=readable,
    )
    before = {id(story) for story in kept}
    _save(
        store,
        report,
        corpus,
        stamps,
        kept={story.id for story in stories if id(story) in before},
        fresh=None if rebuild or not stored else changed,
        progress=job.progress,
        marks=reading.marks,
        shown=reading.shown,
        jobs=job.jobs,
    )
    return corpus


def _regroup(
    previous: list[Story], unchanged: set[str], reading: Reading, progress: Progress | None
) -> tuple[list[Story], list[Story]]:
    """The stories kept whole from before, and all stories: the kept ones with the fresh
    versions and the unchanged versions of stories that lost a member grouped in."""
    from ..grouping.cluster import cluster
    from ..grouping.docs import doc_of
    from ..grouping.more import cluster_more

    kept: list[Story] = []
    loose: list[Version] = []  # unchanged versions whose story lost a member: grouped again
    for story in previous:
        if all(v.source in unchanged for v in story.versions):
            kept.append(story)
        else:
            loose.extend(v for v in story.versions if v.source in unchanged)
    grouping = staged(progress, "clustering")
    fresh = loose + reading.fresh
    if kept:
        made: list[Doc | None] = [None] * len(loose)  # made when (and if) the pairs need them
        return kept, cluster_more(kept, fresh, grouping, docs=[*made, *reading.docs])
    docs = [doc_of(v) for v in loose] + reading.docs
    return kept, cluster(fresh, grouping, docs=docs)


def _save(
    store: IndexStore,
    report: IndexReport,
    corpus: Corpus,
    stamps: dict[str, FileStamp],
    *,
    kept: set[str],
    fresh: set[str] | None,
    progress: Progress | None,
    marks: dict[str, BreakMarks],
    shown: dict[str, FileKeys],
    jobs: int | None,
) -> None:
    """Save the corpus; a folder that cannot be written leaves it unsaved, with a note."""
    try:
        store.save(corpus, stamps, kept, fresh, progress, marks, shown, jobs)
    except (*DATA_ERRORS, OSError) as error:
        kind, cause = diagnose(error, store.path)
        if kind == "damaged":
            raise
        report.notes.append(
            f"{IndexUnwritable(store.path.parent, cause)}{IndexUnwritable.UNCHANGED}"
        )
        report.saved = False
