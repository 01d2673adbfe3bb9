"""The whole data path in one call: read, reflow, segment, clean, cluster."""

from __future__ import annotations

import gc
import hashlib
import os
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from .clean import build_version
from .cluster import cluster
from .evidence import Evidence, FileKeys, Known
from .model import BreakMarks, Corpus, Skipped, SourceText, Unit, Version
from .reader import DEFAULT_MAX_BYTES, read_all
from .reflow import reflow, split_soft
from .segment import classify, segment
from .text import words

Progress = Callable[[str, int, int], None]
_KEY_WORDS = 8
_CELL_BORDER = re.compile(r"^(?:\|\s*)+(?=\S)|(?<=\S)(?:\s*\|)+$")


def _start_words(text: str) -> tuple[str, ...]:
    return tuple(words(text[:200])[:_KEY_WORDS])


def _end_words(text: str) -> tuple[str, ...]:
    return tuple(words(text[-200:])[-_KEY_WORDS:])


def _start_key(text: str) -> tuple[str, ...]:
    """The first eight words of a paragraph (read from its first 80 characters if they hold nine)."""
    return _start_key_at(text, 0)


def _end_key(text: str) -> tuple[str, ...]:
    """The last eight words of a paragraph, the same way."""
    return _end_key_at(text, len(text))


_NEAR = 80  # a break's key words are nearly always found this close to it


def _start_key_at(text: str, offset: int) -> tuple[str, ...]:
    """`_start_key(text[offset:])`, reading a few characters, not copying the rest of the text.

    With a ninth word in the near window, the first eight are whole and end before it,
    so they are the words the 200-character window gives.
    """
    near = words(text[offset:offset + _NEAR])
    if len(near) > _KEY_WORDS:
        return tuple(near[:_KEY_WORDS])
    return _start_words(text[offset:offset + 200])


def _end_key_at(text: str, offset: int) -> tuple[str, ...]:
    """`_end_key(text[:offset])`, the same way (the last eight words follow a ninth)."""
    near = words(text[max(0, offset - _NEAR):offset])
    if len(near) > _KEY_WORDS:
        return tuple(near[-_KEY_WORDS:])
    return _end_words(text[max(0, offset - 200):offset])


def _digest(tag: str, key: tuple[str, ...]) -> int:
    data = "\x1f".join((tag, *key)).encode()
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little", signed=True)


def resolve_soft_breaks(files: dict[str, list[Unit]], known: set[int] | None = None,
                        marks: dict[str, BreakMarks] | None = None) -> None:
    """Split wrapped paragraphs where another file starts or ends a paragraph there.

    A hard-wrapped layout hides a paragraph end when the last line happens to be
    nearly full; a version of the same text elsewhere in the corpus shows it. `known`
    adds the digests that files not in `files` show; `marks`, if given, is filled
    with what each file shows and wants.
    """
    starts: dict[tuple, set[str]] = defaultdict(set)
    ends: dict[tuple, set[str]] = defaultdict(set)
    for source, units in files.items():
        for unit in units:
            if unit.kind == "body":
                starts[_start_key(unit.text)].add(source)
                ends[_end_key(unit.text)].add(source)
    if marks is not None:
        for source in files:
            marks.setdefault(source, BreakMarks())
        for table, tag in ((starts, "s"), (ends, "e")):
            for key, sources in table.items():
                if len(key) >= 5:
                    digest = _digest(tag, key)
                    for source in sources:
                        marks[source].shows.add(digest)

    def elsewhere(table: dict, tag: str, key: tuple, source: str, wants: set[int] | None) -> bool:
        if len(key) < 5:
            return False
        found = bool(table.get(key, set()) - {source})
        if known is not None or wants is not None:
            digest = _digest(tag, key)
            if wants is not None:
                wants.add(digest)
            found = found or (known is not None and digest in known)
        return found

    for source, units in files.items():
        wants = marks[source].wants if marks is not None else None
        out: list[Unit] = []
        for unit in units:
            if not unit.soft:
                out.append(unit)
                continue
            keep = []
            for offset, line in unit.soft:  # linear: the keys read a few characters either side
                starts_here = elsewhere(starts, "s", _start_key_at(unit.text, offset), source, wants)
                ends_here = elsewhere(ends, "e", _end_key_at(unit.text, offset), source, wants)
                if starts_here or ends_here:
                    keep.append((offset, line))
            out.extend(split_soft(unit, keep))
        files[source] = out


@dataclass
class Prepared:
    """Every file's units, classified, with what reading them further needs."""

    units: dict[str, list[Unit]]
    tokens: dict[str, list[list[str]]]  # each unit's folded words
    evidence: Evidence
    widths: dict[str, LineWidths]  # each unit's mean and longest raw line


def prepare(texts: list[SourceText], progress: Callable[[int, int], None] | None = None,
            known: set[int] | None = None, marks: dict[str, BreakMarks] | None = None,
            held: Known | None = None) -> Prepared:
    """Reflow and classify every text and gather the evidence across them.

    `known` and `marks` go to `resolve_soft_breaks`; `held` tells what the files kept in
    the index hold, for the evidence (both kept per file by the index).
    """
    files: dict[str, list[Unit]] = {}
    for n, text in enumerate(texts):
        if progress and n % 250 == 0:
            progress(n, 2 * len(texts))
        files[text.source] = reflow(text.lines)
    resolve_soft_breaks(files, known, marks)
    tokens: dict[str, list[list[str]]] = {}
    for source, units in files.items():
        for unit in units:
            if unit.kind != "table" and (unit.text.startswith("|") or unit.text.endswith("|")):
                unit.text = _CELL_BORDER.sub("", unit.text) or unit.text  # a page laid out in a table
        classify(units)
        tokens[source] = [words(u.text) for u in units]
    lines = {text.source: text.lines for text in texts}
    widths = {source: LineWidths(units, lines[source]) for source, units in files.items()}
    return Prepared(files, tokens, Evidence(tokens, held), widths)


def versions_of(
    texts: list[SourceText], skipped: list[Skipped], progress: Callable[[int, int], None] | None = None,
    known: set[int] | None = None, marks: dict[str, BreakMarks] | None = None,
    held: Known | None = None, shown: dict[str, FileKeys] | None = None,
) -> list[Version]:
    """Clean versions of every story in every text (one text may hold several).

    `known`, `marks` and `held` go to `prepare`; `shown`, if given, is filled with the
    keys each text shows (for the index to keep).
    """
    ready = prepare(texts, progress, known, marks, held)
    if shown is not None:
        shown.update((source, ready.evidence.shown(source)) for source in ready.units)
    return read_versions(ready, skipped, progress)


def read_versions(ready: Prepared, skipped: list[Skipped], progress: Callable[[int, int], None] | None = None
                  ) -> list[Version]:
    """The versions in prepared files: each cut into stories, each story's main block cleaned."""
    versions: list[Version] = []
    total = len(ready.units)
    for n, (source, units) in enumerate(ready.units.items()):
        if progress and n % 250 == 0:
            progress(total + n, 2 * total)
        segments = segment(source, units, ready.tokens[source], ready.evidence.of(source), ready.widths[source])
        found = [v for v in map(build_version, segments) if v is not None]
        if not found:
            skipped.append(Skipped(source, "no article text found (only headings, links or page furniture)"))
        versions.extend(found)
    return versions


class LineWidths(Sequence[tuple[float, int]]):
    """Each unit's mean and longest raw line length (how the file was laid out), reckoned
    when first asked for: only units next to a possible story boundary need them."""

    def __init__(self, units: list[Unit], lines: list[str]) -> None:
        self._units = units
        self._lines = lines
        self._known: dict[int, tuple[float, int]] = {}

    def __len__(self) -> int:
        return len(self._units)

    def __getitem__(self, i):  # type: ignore[override]
        found = self._known.get(i)
        if found is None:
            unit = self._units[i]
            lengths = [len(line.strip()) for line in self._lines[unit.first - 1:unit.last]] or [0]
            found = self._known[i] = (sum(lengths) / len(lengths), max(lengths))
        return found


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


class Cancelled(Exception):
    """The caller asked to stop (the reader is quitting): raised at the next progress
    report, so whatever was being saved is rolled back."""


def checked(progress: Progress | None, cancel: Callable[[], bool] | None) -> Progress | None:
    """`progress`, made to raise `Cancelled` once `cancel()` says so (at every report)."""
    if cancel is None:
        return progress

    def report(stage: str, n: int, total: int) -> None:
        if cancel():
            raise Cancelled(stage)
        if progress:
            progress(stage, n, total)

    return report


def load_corpus(
    paths: Iterable[str | os.PathLike],
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    follow_links: bool = False,
    cancel: Callable[[], bool] | None = None,
) -> Corpus:
    """Read `paths` (folders or files) and return their stories and warnings.

    `follow_links`: read links that lead out of the folders too (see `discover`);
    `cancel`: asked at each progress report, `Cancelled` raised once it says so.
    """
    roots = [str(p) for p in paths]
    progress = checked(progress, cancel)
    with gc_paused():
        texts, skipped = read_all(roots, max_bytes, staged(progress, "reading"), follow_links)
        versions = versions_of(texts, skipped, staged(progress, "cleaning"))
        stories = cluster(versions, staged(progress, "clustering"))
    if progress:
        progress("done", len(stories), len(stories))
    return Corpus(roots=roots, stories=stories, warnings=skipped, files=len(texts))
