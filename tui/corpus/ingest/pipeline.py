"""Files to clean versions: reflow and classify every text, gather the evidence across
them, then cut each into stories and clean each story's main block."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import BreakMarks, Skipped, SourceText, Unit, Version
from ..text import words
from .clean import build_version
from .evidence import Evidence, FileKeys, Known
from .markup import plain
from .reflow import reflow
from .segment import classify, segment
from .soft_breaks import resolve_soft_breaks

_CELL_BORDER = re.compile(r"^(?:\|\s*)+(?=\S)|(?<=\S)(?:\s*\|)+$")


@dataclass
class Prepared:
    """Every file's units, classified, with what reading them further needs."""

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
            unit.text = plain(unit.text)
            if unit.kind != "table" and (unit.text.startswith("|") or unit.text.endswith("|")):
                unit.text = (
                    _CELL_BORDER.sub("", unit.text) or unit.text
                )  # a page laid out in a table
        classify(units)
        tokens[source] = [words(u.text) for u in units]
    lines = {text.source: text.lines for text in texts}
    widths = {source: LineWidths(units, lines[source]) for source, units in files.items()}
    return Prepared(files, tokens, Evidence(tokens, held), widths)


def versions_of(
    texts: list[SourceText],
    skipped: list[Skipped],
    progress: Callable[[int, int], None] | None = None,
    known: set[int] | None = None,
    marks: dict[str, BreakMarks] | None = None,
    held: Known | None = None,
    shown: dict[str, FileKeys] | None = None,
) -> list[Version]:
    """Clean versions of every story in every text (one text may hold several).

    `known`, `marks` and `held` go to `prepare`; `shown`, if given, is filled with the
    keys each text shows (for the index to keep).
    """
    ready = prepare(texts, progress, known, marks, held)
    if shown is not None:
        shown.update((source, ready.evidence.shown(source)) for source in ready.units)
    return read_versions(ready, skipped, progress)


def read_versions(
    ready: Prepared, skipped: list[Skipped], progress: Callable[[int, int], None] | None = None
) -> list[Version]:
    """The versions in prepared files: each cut into stories, each story's main block cleaned."""
    versions: list[Version] = []
    total = len(ready.units)
    for n, (source, units) in enumerate(ready.units.items()):
        if progress and n % 250 == 0:
            progress(total + n, 2 * total)
        segments = segment(
            source, units, ready.tokens[source], ready.evidence.of(source), ready.widths[source]
        )
        found = [v for v in map(build_version, segments) if v is not None]
        if not found:
            skipped.append(
                Skipped(source, "no article text found (only headings, links or page furniture)")
            )
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

    # Only ever indexed by position, never sliced: the slice overload of Sequence is left out.
    def __getitem__(self, i: int) -> tuple[float, int]:  # type: ignore[override]
        found = self._known.get(i)
        if found is None:
            unit = self._units[i]
            lengths = [len(line.strip()) for line in self._lines[unit.first - 1 : unit.last]] or [0]
            found = self._known[i] = (sum(lengths) / len(lengths), max(lengths))
        return found
