"""Reading the files a refresh must read: the changed ones, and the kept files whose
soft breaks or evidence the change settles otherwise (woken), until none is left.

The files woken are read on their own, against what the files read before them show
(as if all were read together). If some of them then show the others keys the index did
not have (their paragraph breaks settled otherwise), only the files read before that hold
such a key are read again, and the kept files holding one are asked whether it wakes
them: a file's keys depend on its own text and breaks, never on the evidence, so nothing
else can read otherwise. If anything else differs, all are read again together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..ingest.discover import CorpusFile
from ..ingest.evidence import FileKeys, file_number
from ..model import BreakMarks, Skipped, Version
from . import evidence_store
from .store import FileStamp, IndexStore

if TYPE_CHECKING:
    from ..grouping.docs import Doc
    from .refresh import Job


@dataclass
class Reading:
    """What reading the changed files gave."""

    fresh: list[Version]
    docs: list[Doc]  # each fresh version's, made where it was read
    skipped: list[Skipped]  # unreadable, or with no article in them
    old_skips: dict[str, str]  # the files the index had skipped, and why
    marks: dict[str, BreakMarks]
    shown: dict[str, FileKeys]


def read_settled(
    store: IndexStore,
    job: Job,
    files: list[CorpusFile],
    stamps: dict[str, FileStamp],
    stored: dict[str, FileStamp],
    changed: set[str],
    has_previous: bool,
) -> Reading:
    """Read and clean the `changed` files, adding to `changed` (and reading) the kept
    files whose soft breaks or evidence the change settles otherwise, until none is left.

    The files woken are read on their own, against what the files read before them show
    (as if all were read together); see the module docstring for what follows when they
    show the others keys the index did not have.
    """
    old_skips = {w.source: w.reason for w in store.skipped()}
    old_marks = store.break_marks() if has_previous else {}
    by_source = {f.source: f for f in files}
    items: list[CorpusFile] = []  # broken links and loops are not among them: listed in `lost`
    gone = set(stored) - set(stamps)
    todo = sorted(changed)
    kept_keys = evidence_store.Stored(store.db) if has_previous else None
    numbers: dict[str, int] = {}  # each file's number, once (a hash: 0.2 s at 100,000 files)

    def waiting() -> dict[int, str]:
        """The kept files not read yet (nor skipped), by number."""
        out = {}
        for source in set(stamps) - changed:
            if source not in old_skips:
                number = numbers.get(source)
                if number is None:
                    number = numbers[source] = file_number(source)
                out[number] = source
        return out

    done: _Batch | None = None
    while True:
        batch = [by_source[s] for s in todo if s in by_source]
        known = set().union(
            *(m.shows for s, m in old_marks.items() if s in stamps and s not in changed)
        )
        stale = {file_number(s) for s in changed | gone}
        if done is not None:
            got, _ = _read_batch(job, batch, known, kept_keys, stale, done)
            if _as_stored(got, todo, old_marks, kept_keys):  # the others are told the same
                done.extend(got)
                break
            moves = _moves(got, todo, old_marks, kept_keys)
            settled = None
            if moves is not None:  # only keys moved: what they reach is read again
                settled = _after_moves(job, by_source, got, done, moves, known, kept_keys, stale)
            if settled is not None and kept_keys is not None and moves is not None:
                done = settled
                items += batch
                kept = waiting()
                woken = evidence_store.woken_by(kept_keys, done.shown, stale, set(kept), moves)
                todo = sorted(kept[n] for n in woken)
                if not todo:
                    break
                changed.update(todo)
                continue
        items += batch
        done, held = _read_batch(job, items, known, kept_keys, stale, None)
        # A file not read again may have soft breaks that new files now settle, or that
        # files gone or changed settled, or evidence that they change: read it again too.
        todo = _woken(old_marks, done.marks, set(stamps) - changed, old_skips)
        if kept_keys is not None:
            kept = waiting()
            before = held.before if held is not None else None
            woken = evidence_store.woken(kept_keys, done.shown, stale, set(kept), before)
            todo = sorted({*todo, *(kept[n] for n in woken)})
        if not todo:
            break
        changed.update(todo)
    return Reading(done.versions, done.docs, done.skipped, old_skips, done.marks, done.shown)


@dataclass
class _Batch:
    """What reading some files gave."""

    versions: list[Version]
    docs: list[Doc]
    skipped: list[Skipped]  # unreadable, or with no article in them
    marks: dict[str, BreakMarks]
    shown: dict[str, FileKeys]

    def without(self, sources: set[str]) -> _Batch:
        """What reading these files gave, but for the `sources`."""
        kept = [n for n, v in enumerate(self.versions) if v.source not in sources]
        return _Batch(
            [self.versions[n] for n in kept],
            [self.docs[n] for n in kept],
            [s for s in self.skipped if s.source not in sources],
            {s: m for s, m in self.marks.items() if s not in sources},
            {s: k for s, k in self.shown.items() if s not in sources},
        )

    def extend(self, more: _Batch) -> None:
        """Add what reading files after these gave."""
        self.versions += more.versions
        self.docs += more.docs
        self.skipped += more.skipped
        self.marks.update(more.marks)
        self.shown.update(more.shown)


def _read_batch(
    job: Job,
    items: list[CorpusFile],
    known: set[int],
    kept_keys: evidence_store.Stored | None,
    stale: set[int],
    before: _Batch | None,
) -> tuple[_Batch, evidence_store.Kept | None]:
    """Read `items` against the files kept (`known`: their paragraph ends; `kept_keys`:
    their keys, less the `stale` ones) and the files read `before` them; what was read,
    and what the kept files were found to hold."""
    from ..build import read_further  # here: a warm open never needs the pipeline
    from ..ingest.workers import read_corpus

    batch = _Batch([], [], [], {}, {})
    extra = {} if before is None else before.shown
    if before is not None:
        known = known.union(*(m.shows for m in before.marks.values()))
    held = None if kept_keys is None else evidence_store.Kept(kept_keys, stale, extra)
    found = read_corpus(
        items,
        batch.skipped,
        job.progress,
        max_bytes=job.size,
        jobs=job.jobs,
        known=known,
        marks=batch.marks,
        held=held,
        shown=batch.shown,
        then=read_further,
    )
    batch.versions, batch.docs = found.versions, found.then
    return batch, held


def _as_stored(
    batch: _Batch,
    sources: list[str],
    old_marks: dict[str, BreakMarks],
    kept_keys: evidence_store.Stored | None,
) -> bool:
    """Whether the kept files read again (`sources`, giving `batch`) show the others just
    what the index had of them: the same paragraph ends, the same keys."""
    if kept_keys is None or set(batch.marks) != set(sources):
        return False
    for source, mark in batch.marks.items():
        old = old_marks.get(source)
        if old is None or old.shows != mark.shows:
            return False
    return len(batch.shown) == len(batch.marks) and all(
        kept_keys.same(file_number(source), keys) for source, keys in batch.shown.items()
    )


def _moves(
    batch: _Batch,
    sources: list[str],
    old_marks: dict[str, BreakMarks],
    kept_keys: evidence_store.Stored | None,
) -> evidence_store.KeyMoves | None:
    """What the kept files read again (`sources`, giving `batch`) show otherwise than the
    index had of them, when that is only keys (their paragraph ends are their text's, so
    the same); None if something else differs (then all are read again together)."""
    if kept_keys is None or set(batch.marks) != set(sources) or set(batch.shown) != set(sources):
        return None
    pairs = []
    for source, mark in batch.marks.items():
        old = old_marks.get(source)
        kept = kept_keys.rows.get(file_number(source))
        if old is None or old.shows != mark.shows or kept is None:
            return None
        pairs.append((kept, batch.shown[source]))
    return evidence_store.KeyMoves.between(pairs)


def _after_moves(
    job: Job,
    by_source: dict[str, CorpusFile],
    got: _Batch,
    done: _Batch,
    moves: evidence_store.KeyMoves,
    known: set[int],
    kept_keys: evidence_store.Stored | None,
    stale: set[int],
) -> _Batch | None:
    """`done` and `got` (the kept files read after it, some of them showing keys of their
    own that the index did not have: `moves`) as if read together: a file's keys depend on
    its text and paragraph breaks alone, never on the evidence, so only the files of `done`
    holding a moved key (or content) can read otherwise, and only they are read again.
    None if one of them then shows other keys (all are then read again together)."""
    reached = sorted(s for s, keys in done.shown.items() if moves.touches(keys))
    rest = done.without(set(reached))
    rest.extend(got)
    if not reached:
        return rest
    again, _ = _read_batch(job, [by_source[s] for s in reached], known, kept_keys, stale, rest)
    if set(again.shown) != set(reached) or any(again.shown[s] != done.shown[s] for s in reached):
        return None
    rest.extend(again)
    return rest


def _woken(
    old: dict[str, BreakMarks],
    new: dict[str, BreakMarks],
    unchanged: set[str],
    old_skips: dict[str, str],
) -> list[str]:
    """Unchanged files whose soft breaks would now be settled otherwise (see BreakMarks)."""
    waiting = {
        s: m.wants for s, m in old.items() if s in unchanged and s not in old_skips and m.wants
    }
    wanted = set().union(*waiting.values())
    if not wanted:
        return []

    def holders(items: Iterable[tuple[str, BreakMarks]]) -> dict[int, set[str]]:
        found: dict[int, set[str]] = {}
        for source, mark in items:
            for digest in wanted.intersection(mark.shows):
                found.setdefault(digest, set()).add(source)
        return found

    before = holders(old.items())
    after = holders([*((s, m) for s, m in old.items() if s in unchanged), *new.items()])
    return sorted(
        source
        for source, wants in waiting.items()
        if any(
            bool(before.get(d, set()) - {source}) != bool(after.get(d, set()) - {source})
            for d in wants
        )
    )
