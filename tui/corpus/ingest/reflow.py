"""Turn a file's lines into paragraph units, undoing hard wrapping.

Three layouts are recognised from line statistics alone:

* one paragraph per line (long, unwrapped lines, or lines that do not fill a column);
* hard-wrapped columns, where a paragraph ends on a line after which the next word
  would still have fitted (the column width is measured per block, so a column whose
  width changes part-way is handled);
* indented paragraphs (wire style), where an indented line starts a paragraph.

Blank lines always end a paragraph. Tables (runs of inner spacing) are kept as
preformatted units, one line per row.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from statistics import median

from ..model import Unit
from ..text import ends_sentence, squash
from . import signals

_SEPARATOR = re.compile(r"^\s*[|_\-=*~.•·#+<>/\\]+\s*$")
_BRACKETED = re.compile(r"^\s*\[[^\[\]]{1,80}\]\s*$")
_TABLE_GAP = re.compile(r"\S {3,}\S")
_OPENERS = "\"'“‘(«[¿¡—–-"
_MAX_WRAP_WIDTH = 200


def is_separator(line: str) -> bool:
    return bool(_SEPARATOR.match(line))


def _is_table_row(line: str) -> bool:
    body = line.strip()
    if len(body) < 8 or "   " not in body:  # a table row has a gap of three spaces or more
        return False
    gaps = len(_TABLE_GAP.findall(body))
    if gaps >= 2:
        return True
    return gaps == 1 and sum(ch.isdigit() for ch in body) >= 2 and len(body.split()) <= 12


def _starts_paragraph(line: str) -> bool:
    """Could this line open a paragraph (capital, digit, opening quote...)?"""
    text = line.lstrip()
    if not text:
        return False
    first = text[0]
    return not first.islower() or first in _OPENERS


def _header_line(line: str) -> bool:
    text = line.strip()
    return signals.date_unit(text) is not None or signals.byline(text) is not None


def _first_word(line: str) -> str:
    parts = line.split(maxsplit=1)
    return parts[0] if parts else ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _join_marked(lines: list[tuple[int, str, bool]]) -> tuple[str, list[tuple[int, int]]]:
    """Join wrapped lines into one paragraph; return it and the offsets of soft breaks.

    The pieces are joined once at the end, so a paragraph of a million lines costs
    what its characters do.
    """
    joined = _Joined()
    soft: list[tuple[int, int]] = []
    for number, raw, soft_before in lines:
        piece = squash(raw)
        if not joined.size:
            joined.start(piece)
        elif joined.glues(piece):
            joined.add(piece)  # a compound split at its hyphen: "face-to-" + "face"
        else:
            joined.add(" ")
            if soft_before:
                soft.append((joined.size, number))
            joined.add(piece)
    return joined.text(), soft


class _Joined:
    """A text built from pieces: its length and last two characters known as it grows."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.tail = ""

    def start(self, piece: str) -> None:
        self.parts, self.size, self.tail = [piece], len(piece), piece[-2:]

    def add(self, piece: str) -> None:
        self.parts.append(piece)
        self.size += len(piece)
        self.tail = (self.tail + piece)[-2:]

    def glues(self, piece: str) -> bool:
        """Does `piece` continue a word broken at a hyphen at the end of the text?"""
        return (
            self.size > 1
            and self.tail.endswith("-")
            and self.tail[-2].isalnum()
            and piece[:1].isalnum()
        )

    def text(self) -> str:
        if len(self.parts) > 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""


def _wrapped(lengths: list[int]) -> bool:
    """Do these line lengths look like a hard-wrapped column?"""
    width = max(lengths)
    if width > _MAX_WRAP_WIDTH or len(lengths) < 2:
        return False
    if len(lengths) == 2:
        return lengths[0] >= 0.8 * width
    return median(lengths[:-1]) >= 0.75 * width


def _split_block(block: list[tuple[int, str]]) -> list[list[tuple[int, str, bool]]]:
    """Split a run of non-blank lines into the author's paragraphs."""
    lines = [text for _, text in block]
    lengths = [len(line.strip()) for line in lines]
    indents = [_indent(line) for line in lines]
    base = min(indents)
    indented = sum(1 for i in range(1, len(lines)) if indents[i] > base and indents[i - 1] == base)
    wrapped = _wrapped(lengths)
    width = max(lengths)
    headers: list[bool | None] = [None] * len(lines)  # each line asked once at most
    ends: list[bool | None] = [None] * len(lines)  # ... and whether it ends a sentence

    def header(i: int) -> bool:
        found = headers[i]
        if found is None:
            found = headers[i] = _header_line(lines[i])
        return found

    def ended(i: int) -> bool:
        found = ends[i]
        if found is None:
            found = ends[i] = ends_sentence(lines[i])
        return found

    paragraphs: list[list[tuple[int, str, bool]]] = [[(*block[0], False)]]
    for i in range(1, len(block)):
        prev, line = lines[i - 1], lines[i]
        if indented and base == 0:
            brk = indents[i] > base
        elif wrapped:
            fits = lengths[i - 1] + 1 + len(_first_word(line)) <= width
            brk = (
                fits
                and _starts_paragraph(line)
                and (
                    ended(i - 1)
                    or lengths[i - 1] <= 0.85 * width
                    and not prev.rstrip().endswith((",", ";", "-"))
                )
            )
        else:
            brk = _starts_paragraph(line) or ended(i - 1)
        if not brk:
            # Header lines (date, byline) stand alone; a wire dateline opens a paragraph.
            brk = (
                header(i - 1)
                or header(i)
                or (ended(i - 1) and signals.dateline(line.strip(), strict=True) is not None)
            )
        if brk:
            paragraphs.append([(*block[i], False)])
        else:
            # A sentence ended at the line end: the paragraph may have ended too, if the
            # next word only just failed to fit. Other versions in the corpus decide.
            soft = wrapped and ended(i - 1) and _starts_paragraph(line)
            paragraphs[-1].append((*block[i], soft))
    return paragraphs


def reflow(lines: list[str], first_line: int = 1) -> list[Unit]:
    """Units (paragraphs, separators, table blocks) of `lines`, numbered from `first_line`."""
    units: list[Unit] = []
    block: list[tuple[int, str]] = []
    table: list[tuple[int, str]] = []

    def flush_block() -> None:
        if block:
            for para in _split_block(block):
                text, soft = _join_marked(para)
                units.append(Unit(para[0][0], para[-1][0], text, soft=soft))
            block.clear()

    def flush_table() -> None:
        if table:
            text = "\n".join(t.rstrip() for _, t in table)
            units.append(Unit(table[0][0], table[-1][0], text, "table"))
            table.clear()

    for offset, line in enumerate(lines):
        number = first_line + offset
        if not line.strip():
            flush_block()
            flush_table()
        elif _is_table_row(line):
            flush_block()
            table.append((number, line))
        elif is_separator(line) or _BRACKETED.match(line):
            flush_block()
            flush_table()
            units.append(Unit(number, number, squash(line)))
        else:
            flush_table()
            block.append((number, line))
    flush_block()
    flush_table()
    return _mend_broken(units)


def _mend_broken(units: list[Unit]) -> list[Unit]:
    """Join a unit that starts in lower case to an unfinished one before it.

    A unit that grows so keeps its pieces until the end (`_Joined`), and what decides a
    further join is read from its last piece, so the time stays linear in the text.
    """
    out: list[Unit] = []
    growing: _Joined | None = None  # out[-1]'s text, once something was joined to it
    last = ""  # out[-1]'s last piece: its ending is the text's ending
    words = 0  # how many words out[-1] has (enough to know it has four)
    visible = 0  # how many of out[-1]'s characters are not white space, once joined to
    for unit in units:
        prev = out[-1] if out else None
        if (
            prev is not None
            and unit.kind == prev.kind == "body"
            and unit.text[:1].islower()
            and not ends_sentence(last)
            and not last.endswith(":")
            and words >= 4
            and (growing is not None or not is_separator(prev.text))
            and not _bracketed(prev, growing, visible)
        ):
            if growing is None:
                shift = len(prev.text) + 1
                growing = _Joined()
                growing.start(squash(prev.text))
                visible = _visible(growing.parts[0])
            else:
                shift = growing.size + 1
            piece = squash(unit.text)
            if growing.glues(piece):
                words -= 1
            else:
                growing.add(" ")
            growing.add(piece)
            last = piece
            words += len(piece.split())
            visible += _visible(piece)
            prev.soft.extend((offset + shift, line) for offset, line in unit.soft)
            prev.last = unit.last
        else:
            if growing is not None:  # then out[-1] is prev, the unit joined to
                out[-1].text = growing.text()
            growing, last, words = None, unit.text, len(unit.text.split())
            out.append(unit)
    if growing is not None:
        out[-1].text = growing.text()
    return out


def _visible(text: str) -> int:
    return len("".join(text.split()))


def _bracketed(unit: Unit, growing: _Joined | None, visible: int) -> bool:
    """Is the unit's text one bracketed label ("[Photo]")? Only one of at most 82 visible
    characters can be, so a long text is not joined up to be asked."""
    if growing is None:
        return bool(_BRACKETED.match(unit.text))
    return visible <= 82 and bool(_BRACKETED.match(growing.text()))


def split_soft(unit: Unit, keep: list[tuple[int, int]]) -> list[Unit]:
    """Cut `unit` at the chosen soft breaks (offsets into its text, in order)."""
    if not keep:
        return [unit]
    cuts = [(0, unit.first), *keep, (len(unit.text), unit.last + 1)]
    chosen = set(keep)
    rest = [s for s in unit.soft if s not in chosen]  # in order of offset, as made
    offsets = [o for o, _ in rest]
    pieces: list[Unit] = []
    for (start, first), (end, next_line) in zip(cuts, cuts[1:], strict=False):
        inner = rest[bisect_right(offsets, start) : bisect_left(offsets, end)]
        soft = [(o - start, line) for o, line in inner]
        pieces.append(Unit(first, next_line - 1, unit.text[start:end].rstrip(), unit.kind, soft))
    return pieces
