"""Files to clean versions: reflow and classify every text, gather the evidence across
them, then cut each into stories and clean each story's main block.

Each file goes through three steps of its own (`start_file`, `classify_file`,
`finish_file`); between them, the corpus-wide step settles what one file needs to know
of the others (soft breaks, then the evidence). `read_corpus` runs the file steps in
worker processes (`workers`) or in this one; either way the result is the same, in
file order.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..model import BreakMarks, Skipped, SourceText, Unit, Version
from ..text import words
from .clean import build_version
from .discover import CorpusFile
from .evidence import Evidence, FileKeys, Known, UnitEvidence, unit_keys
from .files import read_file
from .markup import plain
from .reflow import reflow
from .segment import classify, segment
from .soft_breaks import FileBreaks, Settled, Settler, file_breaks, split_settled

_CELL_BORDER = re.compile(r"^(?:\|\s*)+(?=\S)|(?<=\S)(?:\s*\|)+$")


@dataclass
class FileWork:
    """One file on its way through reading: its units (and its lines' lengths), then
    their words. Its lines are not kept: at 100,000 files they are gigabytes."""

    source: str
    lengths: array[int]  # each raw line's length, white space stripped (`line_lengths`)
    units: list[Unit]
    breaks: FileBreaks
    tokens: list[list[str]] = field(default_factory=list)  # each unit's folded words


def start_file(text: SourceText) -> FileWork:
    """Step one: the file reflowed into units, with the soft breaks it asks about."""
    units = reflow(text.lines)
    return FileWork(text.source, line_lengths(text.lines), units, file_breaks(units))


def classify_file(work: FileWork, keep: Settled) -> FileKeys:
    """Step two: cut at the soft breaks kept, classify each unit, and return the keys by
    which other files recognise its units."""
    units = split_settled(work.units, keep)
    for unit in units:
        unit.text = plain(unit.text)
        if unit.kind != "table" and (unit.text.startswith("|") or unit.text.endswith("|")):
            unit.text = _CELL_BORDER.sub("", unit.text) or unit.text  # a page laid out in a table
    classify(units)
    work.units = units
    # one string per distinct word: a worker keeps every file's words between the steps
    # (tens of millions of them at 100,000 files), and most words recur
    work.tokens = [list(map(sys.intern, words(u.text))) for u in units]
    return FileKeys.packed([unit_keys(t) for t in work.tokens])


def finish_file(work: FileWork, evidence: Sequence[UnitEvidence]) -> list[Version]:
    """Step three: the file cut into stories, each story's main block cleaned."""
    widths = LineWidths(work.units, work.lengths)
    return _versions(work.source, work.units, work.tokens, evidence, widths)


def _versions(
    source: str,
    units: list[Unit],
    tokens: Sequence[Sequence[str]],
    evidence: Sequence[UnitEvidence],
    widths: LineWidths,
) -> list[Version]:
    segments = segment(source, units, tokens, evidence, widths)
    return [v for v in map(build_version, segments) if v is not None]


NO_ARTICLE = "no article text found (only headings, links or page furniture)"


@dataclass
class Prepared:
    """Every file's units, classified, with what reading them further needs (for tools
    that read the same files again and again, such as fitting the reading models)."""

    units: dict[str, list[Unit]]
    tokens: dict[str, list[list[str]]]  # each unit's folded words
    evidence: Evidence
    widths: dict[str, LineWidths]  # each unit's mean and longest raw line


def prepare(
    texts: list[SourceText],
    progress: Callable[[int, int], None] | None = None,
    known: set[int] | None = None,
    marks: dict[str, BreakMarks] | None = None,
    held: Known | None = None,
) -> Prepared:
    """Steps one and two for every text, in this process, and the evidence across them."""
    works = [start_file(text) for text in texts]
    keeps = settle([(w.source, w.breaks) for w in works], known, marks)
    keys: dict[str, FileKeys] = {}
    for n, work in enumerate(works):
        if progress and n % 250 == 0:
            progress(n, 2 * len(works))
        keys[work.source] = classify_file(work, keeps[n])
    return Prepared(
        {w.source: w.units for w in works},
        {w.source: w.tokens for w in works},
        Evidence.of_keys(keys, held),
        {w.source: LineWidths(w.units, w.lengths) for w in works},
    )


def settle(
    breaks: Sequence[tuple[str, FileBreaks]],
    known: set[int] | None,
    marks: dict[str, BreakMarks] | None,
) -> list[Settled]:
    """Which soft breaks of each file to keep (`marks`, if given, filled per file)."""
    settler = Settler(known)
    for source, found in breaks:
        settler.add(source, found)
    keeps = []
    for source, found in breaks:
        keep, wants = settler.settle(source, found)
        if marks is not None:
            marks[source] = BreakMarks.of(found.shows, wants)
        keeps.append(keep)
    return keeps


def read_versions(
    ready: Prepared, skipped: list[Skipped], progress: Callable[[int, int], None] | None = None
) -> list[Version]:
    """The versions in prepared files: each cut into stories, each story's main block cleaned."""
    versions: list[Version] = []
    total = len(ready.units)
    for n, (source, units) in enumerate(ready.units.items()):
        if progress and n % 250 == 0:
            progress(total + n, 2 * total)
        found = _versions(
            source, units, ready.tokens[source], ready.evidence.of(source), ready.widths[source]
        )
        if not found:
            skipped.append(Skipped(source, NO_ARTICLE))
        versions.extend(found)
    return versions


def read_one(item: CorpusFile | SourceText, max_bytes: int) -> SourceText | Skipped:
    """A file read (or already read)."""
    return item if isinstance(item, SourceText) else read_file(item, max_bytes)


def line_lengths(lines: Sequence[str]) -> array[int]:
    """Each line's length, white space stripped: what `LineWidths` reads of a file."""
    return array("I", [len(line.strip()) for line in lines])


class LineWidths(Sequence[tuple[float, int]]):
    """Each unit's mean and longest raw line length (how the file was laid out), reckoned
    when first asked for: only units next to a possible story boundary need them."""

    def __init__(self, units: list[Unit], lengths: array[int]) -> None:
        self._units = units
        self._lengths = lengths
        self._known: dict[int, tuple[float, int]] = {}

    def __len__(self) -> int:
        return len(self._units)

    # Only ever indexed by position, never sliced: the slice overload of Sequence is left out.
    def __getitem__(self, i: int) -> tuple[float, int]:  # type: ignore[override]
        found = self._known.get(i)
        if found is None:
            unit = self._units[i]
            lengths = self._lengths[unit.first - 1 : unit.last] or [0]
            found = self._known[i] = (sum(lengths) / len(lengths), max(lengths))
        return found
