"""Label each unit of a file (body, caption, chrome...) and cut the file into stories.

A file can hold several stories: a whole-page scrape with a "recommended" story glued
on, or a print page with two articles. A new story starts where a paragraph opens
with a wire dateline ("ST. LOUIS (AP) —") after the first story's body has begun, or
where substantial prose follows a "Recommended"/"Related" heading. The new story
takes along any headline, date or byline lines just before it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from . import signals
from .model import Unit
from .reflow import is_separator
from .text import ends_sentence, fold, word_count

_BRACKET = ("[", "]")


@dataclass
class Segment:
    """A run of a file's units that tells one story."""

    source: str
    units: list[Unit]
    repeats: Counter = field(default_factory=Counter)  # folded text -> count in the whole file

    @property
    def first(self) -> int:
        return self.units[0].first

    @property
    def last(self) -> int:
        return self.units[-1].last


def classify(units: list[Unit]) -> None:
    """Set each unit's kind from its own text."""
    for unit in units:
        if unit.kind == "table":
            continue
        text = unit.text
        if is_separator(text):
            unit.kind = "chrome"
        elif signals.date_unit(text):
            unit.kind = "date"
        elif text.startswith(_BRACKET[0]) and text.endswith(_BRACKET[1]):
            unit.kind = "chrome"  # layout marker: "[to top of second column]"
        elif signals.byline(text):
            unit.kind = "byline"
        elif signals.is_caption(text):
            unit.kind = "caption"
        elif signals.is_credit(text):
            unit.kind = "credit"
        elif signals.is_copyright(text) or signals.is_link_hub(text):
            unit.kind = "chrome"
        elif signals.is_related_heading(text):
            unit.kind = "related"
        elif signals.is_chrome(text):
            unit.kind = "chrome"
        else:
            unit.kind = "body"
    _keep_list_labels(units)


def _listy(unit: Unit) -> bool:
    return unit.kind in ("body", "table") and word_count(unit.text) <= 12 and any(ch.isdigit() for ch in unit.text)


def _keep_list_labels(units: list[Unit]) -> None:
    """A short label inside a list of figures ("Nine mths", "Year") is content, not chrome."""
    for i in range(1, len(units) - 1):
        unit = units[i]
        if unit.kind == "chrome" and unit.text[:1].isalpha() and _listy(units[i - 1]) and _listy(units[i + 1]):
            unit.kind = "body"


def _is_prose(unit: Unit) -> bool:
    return unit.kind == "body" and word_count(unit.text) >= 12 and ends_sentence(unit.text)


def _headerish(unit: Unit) -> bool:
    """Could this unit be part of a story's header (headline, date, byline)?"""
    if unit.kind in ("date", "byline"):
        return True
    return unit.kind in ("body", "chrome") and word_count(unit.text) <= 25 and not ends_sentence(unit.text)


def _story_start(units: list[Unit], index: int) -> int:
    """Walk back from a dateline paragraph over the header lines that belong to it."""
    start = index
    while start > 0 and _headerish(units[start - 1]) and index - start < 4:
        start -= 1
    return start


def segment(source: str, units: list[Unit]) -> list[Segment]:
    """Cut a file's classified units into one segment per story."""
    repeats = Counter(fold(u.text) for u in units if u.kind not in ("chrome", "table"))
    cuts: list[int] = [0]
    prose_words = 0
    i = 0
    while i < len(units):
        unit = units[i]
        if unit.kind == "related":
            following = [u for u in units[i + 1:] if _is_prose(u)]
            # Only a link list follows, or a glued story: a glued story is prose.
            if prose_words >= 40 and (len(following) >= 3 or sum(word_count(u.text) for u in following) >= 120):
                cuts.append(i)
                prose_words = 0
        elif unit.kind == "body" and prose_words >= 40 and signals.dateline(unit.text, strict=True):
            start = max(_story_start(units, i), cuts[-1] + 1)
            cuts.append(start)
            prose_words = 0
        if _is_prose(unit):
            prose_words += word_count(unit.text)
        i += 1
    cuts.append(len(units))
    segments = []
    for a, b in zip(cuts, cuts[1:]):
        if a < b:
            segments.append(Segment(source, units[a:b], repeats))
    return segments
