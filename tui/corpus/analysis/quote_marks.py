"""Where quotations are in a paragraph: quote marks, which opens and which closes.

Opening marks are “ „ ‘‘ `` « » ‹ › and straight double marks (and '' or ’’ in front of a
word after a space). Each closes with its own kind: ” or ’’ or '' after “ or " (sites
mix them), “ after „, » after « and « after » (French and German use both directions).
A straight or doubled mark opens after a space or a bracket and before a word, and
closes otherwise. A quote still open at the paragraph's end is reported unclosed.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Each opening mark and the marks that close it.
_CLOSERS: dict[str, tuple[str, ...]] = {
    "“": ("”", "’’", "''", "“", '"'),
    "„": ("“", "”", "‟", "’’", "''", '"'),
    '"': ('"', "”", "’’", "''"),
    "''": ("''", "’’", "”", '"'),
    "‘‘": ("’’", "”", "''"),
    "``": ("''", "’’", "”", '"'),
    "’’": ("’’", "”"),
    "«": ("»",),
    "»": ("«",),
    "‹": ("›",),
    "›": ("‹",),
}
_ALWAYS_OPENS = frozenset({"„", "‘‘", "``", "«", "‹", "“"})
_ORPHANS = frozenset({"”", '"', "’’", "''"})  # closers whose lost opening mark is guessed
_MARK = re.compile("‘‘|’’|``|''|[“”„‟\"«»‹›]")
_OPENS_AFTER = "([{—–-/"


class Span(NamedTuple):
    """Quoted text in a paragraph: its marks' places and the text's, quote marks excluded."""

    mark: int  # where the opening mark begins (the guessed start, for an orphan)
    start: int
    end: int
    close: int  # just after the closing mark (`end` when the paragraph ends first)
    closed: bool
    orphan: bool = False  # closed but never opened: where it starts is a guess


def _opens_like(paragraph: str, at: int, mark: str) -> bool:
    """An ambiguous mark (" '' ’’ » ›) opens after a space or a bracket, before a word."""
    before = paragraph[at - 1] if at else " "
    after = paragraph[at + len(mark) : at + len(mark) + 1]
    if not (before.isspace() or before in _OPENS_AFTER) or not after or after.isspace():
        return False
    return after.isalnum() if mark == "’’" else True


def _closes_like(paragraph: str, at: int, mark: str) -> bool:
    before = paragraph[at - 1] if at else " "
    after = paragraph[at + len(mark) : at + len(mark) + 1]
    return not before.isspace() and not after.isalnum()


def has_marks(paragraph: str) -> bool:
    """Whether the paragraph holds a quotation mark at all (else `spans` finds nothing)."""
    return _MARK.search(paragraph) is not None


def spans(paragraph: str, orphans: bool = False) -> list[Span]:
    """The quoted passages of a paragraph, in order.

    With `orphans`, a closing mark that nothing opened (an edit dropped the opening one)
    yields a span from the start of its sentence, flagged as an orphan.
    """
    found: list[Span] = []
    opener: str | None = None
    mark = start = last_close = 0
    for match in _MARK.finditer(paragraph):
        token, at = match.group(), match.start()
        if opener is not None:
            if token not in _CLOSERS[opener]:
                continue
            if token in ('"', "''", "’’", "“") and not _closes_like(paragraph, at, token):
                continue
            found.append(Span(mark, start, at, match.end(), True))
            opener, last_close = None, match.end()
        elif token in _ALWAYS_OPENS or (token in _CLOSERS and _opens_like(paragraph, at, token)):
            opener, mark, start = token, at, match.end()
        elif orphans and token in _ORPHANS and at > last_close:
            if _closes_like(paragraph, at, token):
                sentence = max(paragraph.rfind(". ", last_close, at) + 2, last_close)
                found.append(Span(sentence, sentence, at, match.end(), True, True))
                last_close = match.end()
    if opener is not None:
        found.append(Span(mark, start, len(paragraph), len(paragraph), False))
    return found


def masked(paragraph: str, found: list[Span]) -> str:
    """The paragraph with its quotations (marks and all) blanked out, places kept."""
    out = paragraph
    for span in found:
        out = out[: span.mark] + " " * (span.close - span.mark) + out[span.close :]
    return out
