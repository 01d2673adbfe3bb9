"""Each story's quotations, kept in the index beside its search units, so that listing
every quote of a corpus (`copydesk quotes`) reads one table instead of every version.

A row per story: its quotes as found when the story last changed (text, speaker, the
ids and files of the versions that carry each, its wordings). Written and removed in
the same save as the story's search units.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Story

if TYPE_CHECKING:
    from ..analysis.quotes import StoryQuote

TABLE = "CREATE TABLE story_quotes (story TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;\n"


@dataclass(frozen=True)
class KeptQuote:
    """A quotation as the index keeps it (what `copydesk quotes` prints)."""

    text: str
    speaker: str | None
    versions: list[str]  # the ids of the versions that carry it
    sources: list[str]  # and their files
    variants: list[str]  # its wordings, most common first

    def to_dict(self) -> dict[str, object]:
        """The quote as its JSON row holds it (`dataclasses.asdict` costs ten times more)."""
        return {
            "text": self.text,
            "speaker": self.speaker,
            "versions": self.versions,
            "sources": self.sources,
            "variants": self.variants,
        }


def kept_quotes(story: Story, quotes: list[StoryQuote]) -> list[KeptQuote]:
    """`story`'s `quotes` (from `story_quotes`) as the index keeps them."""
    return [
        KeptQuote(
            q.text,
            q.speaker,
            [story.versions[n].id for n in q.versions],
            [story.versions[n].source for n in q.versions],
            q.variants,
        )
        for q in quotes
    ]


def row(story: Story, quotes: list[StoryQuote]) -> tuple[str, str]:
    """The row that keeps `story`'s `quotes`."""
    kept = [q.to_dict() for q in kept_quotes(story, quotes)]
    return story.id, json.dumps(kept, ensure_ascii=False)


def write(db: sqlite3.Connection, rows: list[tuple[str, str]], gone: Iterable[str]) -> None:
    """Keep the quotes of the stories in `rows`, and drop those of the `gone` stories."""
    db.executemany("DELETE FROM story_quotes WHERE story = ?", [(s,) for s in gone])
    db.executemany("INSERT OR REPLACE INTO story_quotes VALUES (?, ?)", rows)


def stored_quotes(path: Path, generation: str) -> dict[str, list[KeptQuote]] | None:
    """Every story's kept quotes, by story id; None if the index at `path` is not in the
    state `generation` (or cannot be read), when the caller finds them itself."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        db.execute("PRAGMA busy_timeout = 60000")
        db.execute("BEGIN")
        state = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        if state is None or state[0] != generation:
            return None
        found = {
            story: [KeptQuote(**item) for item in json.loads(data)]
            for story, data in db.execute("SELECT story, data FROM story_quotes")
        }
        db.execute("COMMIT")
        return found
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        db.close()
