"""Reading a corpus on every core.

The per-file steps of `pipeline` run in worker processes, each keeping the files it
was given between steps (`held`: in memory up to a budget, then in a temporary file),
so that only what the corpus-wide steps need travels between processes: the soft
breaks each file asks about, its units' keys, then the evidence for its units and the
versions read. Files go to workers in chunks, a chunk always to the same worker, and
results are put back in file order, so the versions are the same, in the same order,
whatever the number of workers (`read_corpus`).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import sys
import threading
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, cast

from ..forked import cores
from ..model import BreakMarks, Skipped, SourceText, Version
from ..progress import Progress
from .discover import CorpusFile
from .evidence import Evidence, FileKeys, Known, UnitEvidence
from .held import Held
from .pipeline import (
    NO_ARTICLE,
    FileWork,
    classify_file,
    finish_file,
    read_one,
    settle,
    start_file,
)
from .soft_breaks import FileBreaks

CHUNK = 50  # files per task: small enough for steady progress, large enough to be cheap
AHEAD = 2  # tasks sent to a worker before its first answer
MIN_FILES = 300  # below this many files, starting workers costs more than it saves
_WATCH = 1.0  # seconds between a waiting worker's looks at whether its reader is there


def default_jobs() -> int:
    """The cores this process may run on."""
    return cores()


def _start(works: Held, chunk: int, payload: Any) -> list[Skipped | FileBreaks]:
    items, max_bytes = payload
    out: list[Skipped | FileBreaks] = []
    kept: list[FileWork] = []
    for item in items:
        text = read_one(item, max_bytes)
        if isinstance(text, Skipped):
            out.append(text)
            continue
        work = start_file(text)
        kept.append(work)
        out.append(work.breaks)
    works.put(chunk, kept)
    return out


def _classify(works: Held, chunk: int, keeps: Any) -> list[Any]:
    kept = works.take(chunk)
    keys = [classify_file(w, k) for w, k in zip(kept, keeps, strict=True)]
    works.put(chunk, kept)  # with their words now
    return keys


def _finish(works: Held, chunk: int, payload: Any) -> list[tuple[list[Version], list[Any]]]:
    evidence, then = payload
    out = []
    for work, found in zip(works.take(chunk), evidence, strict=True):
        versions = finish_file(work, found)
        out.append((versions, [then(v) for v in versions] if then else []))
    return out


_STEPS: dict[str, Callable[[Held, int, Any], Any]] = {
    "start": _start,
    "classify": _classify,
    "finish": _finish,
}


def _serve(conn: Connection) -> None:
    """A worker: run the steps asked for until told to stop (or the reader goes away)."""
    import gc

    # As in the main process: reading makes no cycles (a whole corpus read leaves the same
    # few hundred unreachable objects, made once by imports, whatever its size), so the
    # collector would only look at every object kept, again and again.
    gc.disable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ctrl+c is the main process's to handle
    works = Held()
    tasks: queue.SimpleQueue[Any] = queue.SimpleQueue()

    # A worker whose reader is gone (killed) goes too, at once: its pipe may never say so,
    # since a worker forked after it holds the reader's end of it as well.
    parent = os.getppid()

    def receive() -> None:  # always reading, so the main process never waits to send
        while True:
            try:
                while not conn.poll(_WATCH):
                    if os.getppid() != parent:
                        os._exit(0)  # nothing here is worth keeping without the reader
                task = conn.recv()
            except (EOFError, OSError):
                task = None
            tasks.put(task)
            if task is None:
                return

    threading.Thread(target=receive, daemon=True).start()
    while True:
        task = tasks.get()
        if task is None:
            return
        step, chunk, payload = task
        try:
            conn.send(("ok", _STEPS[step](works, chunk, payload)))
        except BaseException:  # a bug: told to the main process, which raises it
            conn.send(("error", traceback.format_exc()))


@dataclass
class Reading:
    """What `read_corpus` read: the versions, what `then` gave for each, and how many
    files could be read."""

    versions: list[Version]
    then: list[Any]
    files: int


_Shown = dict[str, FileKeys] | None


class WorkerFailed(RuntimeError):
    """A worker process failed or died; the message holds its traceback."""


Payload = Callable[[int], Any]  # a chunk's payload for a step, made when it is sent
Tick = Callable[[int], None]  # told the number of chunks done so far (and asked to cancel)
Each = Callable[[int, Any], None]  # given each chunk's result, in chunk order, as they come


class _Here:
    """The steps run in this process, one chunk after another."""

    def __init__(self) -> None:
        self._works = Held()

    def map(
        self, step: str, chunks: int, payload: Payload, tick: Tick, each: Each | None = None
    ) -> list[Any]:
        out = []
        for c in range(chunks):
            out.append(_STEPS[step](self._works, c, payload(c)))
            if each is not None:
                each(c, out[c])
            tick(c + 1)
        return out

    def close(self) -> None:
        self._works.clear()


@contextmanager
def _real_stderr() -> Iterator[None]:
    """The process's own stderr while processes start: the fork server and its resource
    tracker hand stderr's file descriptor to what they start, and an app that put
    something else in `sys.stderr` (Textual does, to catch prints) has none to give."""
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable or sys.__stderr__ is None:
        yield
        return
    caught, sys.stderr = sys.stderr, sys.__stderr__
    try:
        yield
    finally:
        sys.stderr = caught


class _Pool:
    """Worker processes, chunk `c` always on worker `c % jobs`."""

    def __init__(self, jobs: int) -> None:
        # Forked when nothing else runs here (a command); from a fork server when other
        # threads do (the reader), since forking a process with threads may copy a lock
        # that another thread held.
        context: Any  # the fork and fork-server contexts' types differ
        if threading.active_count() == 1:
            context = multiprocessing.get_context("fork")
        else:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([__name__])
        self._conns: list[Connection] = []
        self._procs: list[Any] = []
        try:
            with _real_stderr():
                self._start(context, jobs)
        except BaseException:
            self.close(at_once=True)
            raise

    def _start(self, context: Any, jobs: int) -> None:
        for _ in range(jobs):
            mine, theirs = context.Pipe()
            proc = context.Process(target=_serve, args=(theirs,), daemon=True)
            proc.start()
            theirs.close()
            self._conns.append(mine)
            self._procs.append(proc)

    def map(
        self, step: str, chunks: int, payload: Payload, tick: Tick, each: Each | None = None
    ) -> list[Any]:
        """Each worker's chunks, in order, two sent ahead (so it never waits for the next);
        `each` is given the results in chunk order while the workers go on."""
        jobs = len(self._conns)
        out: list[Any] = [None] * chunks
        next_chunk = list(range(jobs))  # the next chunk each worker takes
        sent: list[deque[int]] = [deque() for _ in range(jobs)]  # in flight, oldest first
        worker = {conn: w for w, conn in enumerate(self._conns)}

        def send(w: int) -> None:
            c = next_chunk[w]
            if c < chunks:
                self._conns[w].send((step, c, payload(c)))
                sent[w].append(c)
                next_chunk[w] = c + jobs

        for _ in range(AHEAD):
            for w in range(jobs):
                send(w)
        done = given = 0
        while done < chunks:
            busy = [self._conns[w] for w in range(jobs) if sent[w]]
            for ready in wait(busy, timeout=0.25):
                w = worker[cast(Connection, ready)]
                try:
                    status, result = self._conns[w].recv()
                except (EOFError, OSError) as error:
                    raise WorkerFailed(f"a reading worker stopped unexpectedly ({error})") from None
                if status != "ok":
                    raise WorkerFailed(f"a reading worker failed:\n{result}")
                out[sent[w].popleft()] = result  # a worker answers in the order it was asked
                done += 1
                send(w)
            while each is not None and given < chunks and out[given] is not None:
                each(given, out[given])
                given += 1
            tick(done)  # also when nothing came: lets the caller cancel
        return out

    def close(self, at_once: bool = False) -> None:
        for conn in self._conns:
            try:
                if not at_once:
                    conn.send(None)
            except OSError:
                pass
        for proc in self._procs:
            proc.join(timeout=0 if at_once else 5)
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=5)
        for conn in self._conns:
            conn.close()
        self._conns, self._procs = [], []


def read_corpus(
    items: Sequence[CorpusFile | SourceText],
    skipped: list[Skipped],
    progress: Progress | None = None,
    *,
    max_bytes: int,
    jobs: int | None = None,
    known: set[int] | None = None,
    marks: dict[str, BreakMarks] | None = None,
    held: Known | None = None,
    shown: dict[str, FileKeys] | None = None,
    then: Callable[[Version], Any] | None = None,
) -> Reading:
    """Read and clean every file in `items` (in order) on `jobs` processes (default: every
    core), adding the files that could not be
    read, or hold no article, to `skipped`.

    `then`, a function of a version defined at a module's top level, is run on each
    version where it is read (the next stage's work on one version: fingerprints), and
    what it gives is kept in `Reading.then`, in the versions' order.

    Progress goes as "reading" (files read and reflowed), "classifying" (their lines
    classified), "evidence" (what each shares with the others) and "cleaning" (each cut
    into stories and cleaned), in files. For a refresh, `known` holds the paragraph-end
    digests the files kept in the index show, `marks` is filled with what each file shows
    and wants of them, `held` tells what the kept files hold (the evidence), and `shown`
    is filled with the keys each file shows.
    """
    if jobs is None:  # by default every core: a worker holds at most `held.BUDGET` of text
        jobs = default_jobs()
    jobs = max(1, jobs)
    chunks = [list(items[i : i + CHUNK]) for i in range(0, len(items), CHUNK)]
    runner: _Here | _Pool = _Pool(jobs) if jobs > 1 and len(items) >= MIN_FILES else _Here()
    try:
        return _run(runner, chunks, skipped, progress, max_bytes, (known, marks, held, shown), then)
    except BaseException:
        if isinstance(runner, _Pool):
            runner.close(at_once=True)
        raise
    finally:
        runner.close()


def _ticker(progress: Progress | None, stage: str, sizes: list[int], base: int, total: int) -> Tick:
    """Reports `stage` as the chunks of `sizes` are done (counted from `base` of `total`)."""
    done = [0]
    counted = [0]

    def tick(chunks: int) -> None:
        while counted[0] < chunks:
            done[0] += sizes[counted[0]]
            counted[0] += 1
        if progress:
            progress(stage, base + done[0], total)

    return tick


def _run(
    runner: _Here | _Pool,
    chunks: list[list[CorpusFile | SourceText]],
    skipped: list[Skipped],
    progress: Progress | None,
    max_bytes: int,
    index: tuple[set[int] | None, dict[str, BreakMarks] | None, Known | None, _Shown],
    then: Callable[[Version], Any] | None,
) -> Reading:
    known, marks, held, shown = index
    n = len(chunks)
    total = sum(map(len, chunks))
    started = runner.map(
        "start",
        n,
        lambda c: (chunks[c], max_bytes),
        _ticker(progress, "reading", list(map(len, chunks)), 0, total),
    )
    sources: list[list[str]] = [[] for _ in range(n)]
    breaks: list[tuple[str, FileBreaks]] = []
    for c, results in enumerate(started):
        for item, result in zip(chunks[c], results, strict=True):
            if isinstance(result, Skipped):
                skipped.append(result)
            else:
                sources[c].append(item.source)
                breaks.append((item.source, result))
    flat = settle(breaks, known, marks)
    read = len(breaks)
    del started, breaks  # settled: at 100,000 files their digests take 150 MB
    keeps, at = [], 0
    for names in sources:
        keeps.append(flat[at : at + len(names)])
        at += len(names)
    del flat
    sizes = list(map(len, sources))
    evidence = Evidence.gathering()  # each chunk's keys counted in while the next are found

    def gather(c: int, keys: list[Any]) -> None:
        for source, found in zip(sources[c], keys, strict=True):
            evidence.add(source, found)

    runner.map(
        "classify", n, lambda c: keeps[c], _ticker(progress, "classifying", sizes, 0, read), gather
    )
    keeps.clear()  # classified: what each file kept of its soft breaks can go
    if progress:  # what is left of comparing: the files the index keeps, if any
        progress("evidence", 0, read)
    evidence.finish(held)
    if progress:
        progress("evidence", read, read)
    if shown is not None:
        shown.update((source, evidence.shown(source)) for names in sources for source in names)
    given = [0]  # chunks whose evidence was made (in whatever order the workers ask)

    def finishing(c: int) -> tuple[list[list[UnitEvidence]], Callable[[Version], Any] | None]:
        found = [evidence.of(s) for s in sources[c]]
        given[0] += 1
        if given[0] == n:  # the last chunk's: the holders can go before its versions come
            evidence.release()
        return found, then

    done = runner.map("finish", n, finishing, _ticker(progress, "cleaning", sizes, 0, read))
    reading = Reading([], [], read)
    for names, found in zip(sources, done, strict=True):
        for source, (own, extra) in zip(names, found, strict=True):
            if not own:
                skipped.append(Skipped(source, NO_ARTICLE))
            reading.versions.extend(own)
            reading.then.extend(extra)
    return reading
