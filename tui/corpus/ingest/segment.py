"""Label each unit of a file (body, caption, chrome...) and cut the file into stories.

A file can hold several stories: a whole-page scrape with an unrelated story glued
on, or a print page with two articles. Where they part is decided by evidence
(`split`); within each story, the main prose block by the units' features (`body`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Unit
from ..text import fold, word_count
from . import body, signals, split, weights
from .evidence import UnitEvidence
from .reflow import is_separator

_BRACKET = ("[", "]")
_LONGEST_FURNITURE = 400  # characters


@dataclass
class Segment:
    """A run of a file's units that tells one story."""

    source: str
    units: list[Unit]
    repeats: Counter[str] = field(default_factory=Counter)  # folded text -> count in the whole file
    body: tuple[int, int] | None = None  # the main prose block, units[a:b]; None: not found
    tokens: Sequence[Sequence[str]] = ()  # each unit's folded words, if known

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
            if unit.first == unit.last and signals.date_unit(unit.text):
                unit.kind = "date"  # one spaced-out line: a running head, no table
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
        elif len(text) > _LONGEST_FURNITURE and text.count(" ") >= 90:
            unit.kind = "body"  # over 90 words: no caption, credit, notice or button is so long
        elif signals.is_caption(text):
            unit.kind = "caption"
        elif signals.is_credit(text):
            unit.kind = "credit"
        elif signals.is_copyright(text) or signals.is_link_hub(text):
            unit.kind = "chrome"
        elif signals.is_jump_line(text):
            unit.kind = "chrome"  # "Continued on Page 4": the page's, not the story's
        elif signals.is_related_heading(text):
            unit.kind = "related"
        elif signals.is_chrome(text):
            unit.kind = "chrome"
        else:
            unit.kind = "body"
    _keep_list_labels(units)


def _listy(unit: Unit) -> bool:
    return (
        unit.kind in ("body", "table")
        and word_count(unit.text) <= 12
        and any(ch.isdigit() for ch in unit.text)
    )


def _keep_list_labels(units: list[Unit]) -> None:
    """A short label inside a list of figures ("Nine mths", "Year") is content, not chrome."""
    for i in range(1, len(units) - 1):
        unit = units[i]
        if (
            unit.kind == "chrome"
            and unit.text[:1].isalpha()
            and _listy(units[i - 1])
            and _listy(units[i + 1])
        ):
            unit.kind = "body"


def segment(
    source: str,
    units: list[Unit],
    tokens: Sequence[Sequence[str]],
    evidence: Sequence[UnitEvidence],
    widths: Sequence[tuple[float, int]],
) -> list[Segment]:
    """Cut a file's classified units into one segment per story, each with its main block."""
    repeats = Counter(fold(u.text) for u in units if u.kind not in ("chrome", "table"))
    body_model, split_model = weights.body(), weights.split()
    probabilities = body.content_probabilities(units, tokens, evidence, body_model)
    bounds = [
        0,
        *split.cuts(units, tokens, evidence, probabilities, widths, split_model),
        len(units),
    ]
    values = body.gains(probabilities, tokens, body_model.threshold)
    segments = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        if a < b:
            x, y, total = body.best_run(values, a, b)
            posts = _posts_at(units, tokens, values, a, b)
            if posts <= x and total > 0:  # the block found is in a comment thread
                before = body.best_run(values, a, posts)
                if before[2] > 0:
                    x, y, total = before
            if total > 0:
                x, y = body.widen(units, tokens, (x, y), a, b)
                if x < posts < y:  # the thread ends the article
                    y = posts
            segments.append(
                Segment(
                    source, units[a:b], repeats, (x - a, y - a) if total > 0 else None, tokens[a:b]
                )
            )
    return segments


POSTS_AFTER_WORDS = 60  # words of article-like units before a run of posts may end the article
POSTS = 3  # stamped posts that make a run (one or two may be the story's own updates)
POSTS_REACH = 12  # units from one stamped post to the next in a run


def _posts_at(
    units: Sequence[Unit],
    tokens: Sequence[Sequence[str]],
    values: Sequence[float],
    start: int,
    end: int,
) -> int:
    """Where a run of stamped posts begins in units[start:end] (a comment thread, a list
    of the latest stories, each under its time stamp: `signals.post_stamp`), after some
    article-like text; `end` if there is none. Readers' comments are prose much as the
    article is, and would otherwise run on as its last paragraphs, or be taken for it."""
    words = 0
    run: list[int] = []
    for i in range(start, end):
        if words >= POSTS_AFTER_WORDS and signals.post_stamp(units[i].text):
            if run and i - run[-1] > POSTS_REACH:
                run = []
            run.append(i)
            if len(run) == POSTS:
                return run[0]
        if values[i] > 0:
            words += len(tokens[i])
    return end
