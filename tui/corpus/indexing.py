"""Open a corpus through its index: reuse what did not change, redo what did.

Files are compared with the index by size and modification time. With nothing
changed, the corpus comes straight from the index (lazily, if asked). Otherwise only
new and changed files are read and cleaned; they are matched against the stored
fingerprints of the rest (`cluster_more`), stories they do not touch are kept as they
were, and the changed stories are written back in one transaction.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from .cluster import cluster, cluster_more
from .model import BreakMarks, Corpus, Skipped, SourceText, Story, Version
from .pipeline import Progress, gc_paused, staged, versions_of
from .reader import DEFAULT_MAX_BYTES, discover, read_file
from .store import FileStamp, IndexStore, default_index_path, read_stamps


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
    notes: list[str] = field(default_factory=list)


def _stamp(path: str) -> FileStamp:
    try:
        info = os.stat(path)
    except OSError:
        return FileStamp(-1, -1)
    return FileStamp(info.st_size, info.st_mtime_ns)


def open_corpus(
    paths: Iterable[str | os.PathLike],
    index_path: Path | None = None,
    rebuild: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    lazy: bool = False,
    trust: bool = False,
) -> tuple[Corpus, IndexReport]:
    """The corpus at `paths`, through its index (made or refreshed as needed).

    With `lazy`, an unchanged corpus comes back with its stories' versions read on
    first use; the index stays open for that (until the process ends). With `trust`,
    an existing index is taken as it is, without looking at the files (the caller
    looks later, with `pending_changes`); `report.checked` is then False.
    """
    started = time.perf_counter()
    roots = [str(p) for p in paths]
    store = IndexStore.open(Path(index_path) if index_path else default_index_path(roots))
    report = IndexReport(store.path, notes=[store.note] if store.note else [])
    try:
        with gc_paused():
            if trust and not rebuild and store.generation() is not None:
                report.warm, report.checked = True, False
                corpus = store.load_lazy(roots) if lazy else store.load(roots)
            else:
                corpus = _refresh(store, roots, rebuild, max_bytes, progress, report, lazy)
        report.generation = store.loaded
    finally:
        if not (lazy and report.warm):
            store.close()
    report.seconds = time.perf_counter() - started
    return corpus, report


def _look(roots: list[str]) -> tuple[list, dict[str, FileStamp], list[Skipped]]:
    """What the corpus folders hold now: the files, each one's size and modification time
    (broken links and loops too, stamped -1), and those broken links and loops."""
    lost: list[Skipped] = []
    files = discover(roots, lost)
    stamps = {f.source: _stamp(f.path) for f in files}
    for item in lost:
        stamps[item.source] = FileStamp(-1, -1)
    return files, stamps, lost


def pending_changes(paths: Iterable[str | os.PathLike], index_path: Path | None = None) -> int:
    """How many files were added, changed or deleted since the index was last saved.

    Reads the index without locking or changing it (for watching a folder).
    """
    roots = [str(p) for p in paths]
    path = Path(index_path) if index_path else default_index_path(roots)
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as db:
            stored = read_stamps(db)
    except sqlite3.Error:
        return 0  # no index (yet), or being replaced: the next look will tell
    _, now, _ = _look(roots)
    return sum(1 for s, stamp in now.items() if stored.get(s) != stamp) + len(set(stored) - set(now))


def _refresh(store: IndexStore, roots: list[str], rebuild: bool, max_bytes: int,
             progress: Progress | None, report: IndexReport, lazy: bool = False) -> Corpus:
    files, stamps, lost = _look(roots)
    stored = store.stamps()
    if not rebuild and stored and stamps == stored:
        report.warm = True
        report.reused = len(stamps)
        return store.load_lazy(roots) if lazy else store.load(roots)
    changed = set(stamps) if rebuild else {s for s, stamp in stamps.items() if stored.get(s) != stamp}
    report.deleted = len(set(stored) - set(stamps))
    old_skips = {w.source: w.reason for w in store.skipped()}
    previous = store.load(roots, fingerprints=True).stories if not rebuild and stored else []
    old_marks = store.break_marks() if previous else {}
    texts: list[SourceText] = []
    unread: list[Skipped] = []  # files that could not be read, and why
    marks: dict[str, BreakMarks] = {}
    by_source = {f.source: f for f in files}
    todo = sorted(changed)
    while True:
        _read(todo, by_source, max_bytes, progress, texts, unread)
        known = set().union(*(m.shows for s, m in old_marks.items() if s in stamps and s not in changed))
        marks.clear()
        skipped = list(unread)  # and those with no article in them, added by versions_of
        fresh = versions_of(texts, skipped, staged(progress, "cleaning"), known=known, marks=marks)
        # A file not read again may have soft breaks that new files now settle, or that
        # files gone or changed settled: read it again too, and start over with it.
        todo = _woken(old_marks, marks, set(stamps) - changed, old_skips)
        if not todo:
            break
        changed.update(todo)
    texts.clear()  # the raw lines are not needed past cleaning (GBs at 100,000 files)
    unchanged = set(stamps) - changed
    skipped = [Skipped(s, old_skips[s]) for s in sorted(unchanged) if s in old_skips] + skipped
    skipped += [item for item in lost if item.source in changed]
    kept: list[Story] = []
    loose: list[Version] = []  # unchanged versions whose story lost a member: grouped again
    for story in previous:
        if all(v.source in unchanged for v in story.versions):
            kept.append(story)
        else:
            loose.extend(v for v in story.versions if v.source in unchanged)
    report.reused = len(unchanged)
    report.read = len(changed)
    grouping = staged(progress, "clustering")
    stories = cluster_more(kept, loose + fresh, grouping) if kept else cluster(loose + fresh, grouping)
    readable = len(stamps) - len({s.source for s in skipped})
    corpus = Corpus(roots=roots, stories=stories, warnings=sorted(skipped, key=lambda s: s.source), files=readable)
    before = {id(story) for story in kept}
    store.save(corpus, stamps, kept={story.id for story in stories if id(story) in before},
               fresh=None if rebuild or not stored else changed, progress=progress, marks=marks)
    return corpus


def _woken(old: dict[str, BreakMarks], new: dict[str, BreakMarks], unchanged: set[str],
           old_skips: dict[str, str]) -> list[str]:
    """Unchanged files whose soft breaks would now be settled otherwise (see BreakMarks)."""
    waiting = {s: m.wants for s, m in old.items() if s in unchanged and s not in old_skips and m.wants}
    wanted = set().union(*waiting.values())
    if not wanted:
        return []

    def holders(items: Iterable[tuple[str, BreakMarks]]) -> dict[int, set[str]]:
        found: dict[int, set[str]] = {}
        for source, mark in items:
            for digest in mark.shows & wanted:
                found.setdefault(digest, set()).add(source)
        return found

    before = holders(old.items())
    after = holders([*((s, m) for s, m in old.items() if s in unchanged), *new.items()])
    return sorted(source for source, wants in waiting.items() if any(
        bool(before.get(d, set()) - {source}) != bool(after.get(d, set()) - {source}) for d in wants))


def _read(sources: list[str], files: dict, max_bytes: int, progress: Progress | None,
          texts: list[SourceText], skipped: list[Skipped]) -> None:
    """Read the files named, adding to `texts` (or to `skipped`, with the reason)."""
    for n, source in enumerate(sources):
        if progress and n % 250 == 0:
            progress("reading", n, len(sources))
        if source not in files:  # a broken link or a loop: listed in `lost`
            continue
        result = read_file(files[source], max_bytes)
        (skipped if isinstance(result, Skipped) else texts).append(result)
