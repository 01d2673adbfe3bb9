"""Progress reports, cancelling and the paused cycle collector shared by the builds
(the in-memory one in `build` and the index's).

A report is `(stage, n, total)`: `n` of `total` items of that stage done. A stage's
reports go up, and its last one says `total` (`checked` sees to it for stages that
report every so many items: their end is reported when the next stage begins). A
stage reported with `total` 0 is one that cannot count (one long SQL statement): it
runs until the next report, or until the build returns.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

Progress = Callable[[str, int, int], None]
Item = TypeVar("Item")

_gc_lock = threading.Lock()
_gc_holders = 0  # builds running now (in any thread)
_gc_restore = False  # whether the collector was on before the first of them


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold off Python's cycle collector while a corpus is built.

    Building allocates millions of small lists and sets, and each burst makes the
    collector walk everything alive so far; the data holds no cycles worth
    collecting, so pausing it cuts a Reuters index from ~27 s to ~20 s.
    """
    global _gc_holders, _gc_restore
    with _gc_lock:
        if _gc_holders == 0:
            _gc_restore = gc.isenabled()
            gc.disable()
        _gc_holders += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holders -= 1
            if _gc_holders == 0 and _gc_restore:
                gc.enable()


def staged(progress: Progress | None, name: str) -> Callable[[int, int], None] | None:
    return (lambda n, total: progress(name, n, total)) if progress else None


REPORTS_PER_STAGE = 200  # a `Tally` reports about this many times over its stage


class Tally:
    """Items of one stage counted as they are done, reported every 1/200th of `total`
    (about) and once more on reaching it: often enough for a bar to move smoothly,
    seldom enough to cost nothing beside the work counted. Nothing to count (`total`
    0), nothing reported."""

    def __init__(self, progress: Progress | None, stage: str, total: int) -> None:
        self.progress, self.stage, self.total = progress, stage, total
        self.done = 0
        self.every = max(1, -(-total // REPORTS_PER_STAGE))
        self._next = 0  # the count at which to report next
        self.add(0)

    def add(self, count: int = 1) -> None:
        self.done = min(self.done + count, self.total)
        if self.progress and self.total and (self.done >= self._next or self.done == self.total):
            self.progress(self.stage, self.done, self.total)
            self._next = self.done + self.every if self.done < self.total else self.total + 1

    def grow(self, total: int) -> None:
        """Count to `total` from here on (more came to be known than was reckoned)."""
        self.total = total
        self.every = max(1, -(-total // REPORTS_PER_STAGE))
        self._next = min(self._next, self.done + self.every)

    def counted(self, items: Iterable[Item]) -> Iterator[Item]:
        """`items`, counted as they are taken (rows handed to `executemany`, say): in
        runs of `every`, the count at which a report may be due."""
        every, run = self.every, 0
        for item in items:
            yield item
            run += 1
            if run == every:
                self.add(run)
                run = 0
        if run:
            self.add(run)


class Cancelled(Exception):
    """The caller asked to stop (the reader is quitting): raised at the next progress
    report, so whatever was being saved is rolled back."""


def checked(progress: Progress | None, cancel: Callable[[], bool] | None) -> Progress | None:
    """`progress`, made to raise `Cancelled` once `cancel()` says so (at every report),
    and to end each stage at its total: a stage that reports every so many items
    gets its last report, `total` of `total`, when the next stage begins."""
    if progress is None and cancel is None:
        return None
    last: list[tuple[str, int, int]] = []  # the stage reported last: name, n, total

    def report(stage: str, n: int, total: int) -> None:
        if cancel is not None and cancel():
            raise Cancelled(stage)
        if progress is None:
            return
        if last and last[0][0] != stage and last[0][1] < last[0][2]:
            progress(last[0][0], last[0][2], last[0][2])  # that stage is over
        last[:] = [(stage, n, total)]
        progress(stage, n, total)

    return report
