"""What search looks in: the units of a story and of a version.

A unit is one searchable piece of text (a title, byline, paragraph, subhead,
caption or quote) and where it lives. Units that belong to one version (its byline,
paragraphs and captions) depend on that version's text only, so an index can keep
them while the version moves between stories; those that belong to the story (its
title, the version titles that differ from it, the quotes found across versions)
are redone whenever the story changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Story, Version

if TYPE_CHECKING:
    from ..analysis.quotes import StoryQuote

KINDS = ("title", "version-title", "quote", "byline", "subhead", "paragraph", "caption")
KIND_CODE = {kind: code for code, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class SearchUnit:
    """One searchable piece of text and where it lives."""

    kind: str
    story: int  # index into the corpus's stories
    version: int  # index into the story's versions (-1: the story title)
    paragraph: int  # index into the version's paragraphs (-1: not a paragraph)
    text: str
    date: str | None = None
    speaker: str | None = None  # for quotes: who said it


def version_units(version: Version, story: int = -1, position: int = -1) -> Iterator[SearchUnit]:
    """The units of one version's own text: byline, paragraphs and subheads, captions."""
    if version.byline:
        yield SearchUnit("byline", story, position, -1, version.byline, version.date)
    subheads = set(version.subheads)
    for p, paragraph in enumerate(version.paragraphs):
        yield SearchUnit(
            "subhead" if p in subheads else "paragraph", story, position, p, paragraph, version.date
        )
    for caption in version.captions:
        yield SearchUnit("caption", story, position, -1, caption, version.date)


def story_units(
    story: Story, n: int = -1, quotes: list[StoryQuote] | None = None
) -> Iterator[SearchUnit]:
    """The units that depend on the story as a whole: titles and quotes (`quotes`, if the
    caller found them already)."""
    yield SearchUnit("title", n, -1, -1, story.title, story.date)
    for v, version in enumerate(story.versions):
        if version.title and version.title != story.title:
            yield SearchUnit("version-title", n, v, -1, version.title, version.date)
    if quotes is None:
        from ..analysis.quotes import story_quotes  # here: not needed to open an index

        quotes = story_quotes(story)
    for quote in quotes:
        for occurrence in quote.occurrences:
            version = story.versions[occurrence.version]
            yield SearchUnit(
                "quote",
                n,
                occurrence.version,
                occurrence.paragraph,
                occurrence.text,
                version.date,
                quote.speaker,
            )


def name_of(unit: SearchUnit) -> str | None:
    """The name `by:` matches in a unit: a quote's speaker or a byline."""
    return unit.speaker if unit.kind == "quote" else unit.text if unit.kind == "byline" else None
