"""Plain dataclasses that flow between the corpus stages: files in, stories out."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Skipped:
    """A file that was not read, and why (shown to the user as a warning)."""

    source: str
    reason: str


@dataclass
class SourceText:
    """One decoded corpus file: its path relative to the corpus root and its lines."""

    source: str
    path: str
    lines: list[str]
    encoding: str = "utf-8"


@dataclass
class Unit:
    """A paragraph-sized piece of a file after reflow, with its 1-based line range."""

    first: int
    last: int
    text: str
    kind: str = "body"  # body, subhead, caption, credit, date, byline, chrome, related, table
    # Places where a sentence ended at a line end and a paragraph may have ended too:
    # (character offset in `text`, line number that follows). Resolved across the corpus.
    soft: list[tuple[int, int]] = field(default_factory=list)


def _digests() -> array[int]:
    return array("q")


@dataclass
class BreakMarks:
    """What one file tells other files about paragraph breaks, and what it asks of them.

    Kept in the index, so that a file read later settles its soft breaks against the
    files not read again (and wakes those whose soft breaks it would settle). The digests
    are kept sorted in packed arrays, as the index stores them: held for every file read
    until the index is saved, a set of them took six times the room.
    """

    shows: array[int] = field(default_factory=_digests)  # its paragraphs' starts and ends
    wants: array[int] = field(default_factory=_digests)  # what would settle its soft breaks

    @classmethod
    def of(cls, shows: Iterable[int], wants: Iterable[int]) -> BreakMarks:
        """The marks of these digests (sorted, each once)."""
        return cls(array("q", sorted(set(shows))), array("q", sorted(set(wants))))


@dataclass
class Version:
    """One clean reading of one story as one file (or one segment of a file) tells it."""

    id: str
    source: str
    lines: tuple[int, int]
    title: str | None
    byline: str | None
    date: str | None
    dateline: str | None
    paragraphs: list[str]
    subheads: list[int] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    similarity: float = 1.0
    canonical: bool = False
    kind: str = ""  # how it relates to the canonical: reprint, longer, shorter, condensed, ...
    paragraph_lines: list[tuple[int, int]] = field(default_factory=list)  # 1-based, per paragraph
    # Whether the title was found just above the body (not further up the page, where menu
    # items sit); clustering's title rules trust only such titles. Kept in the index, not exported.
    title_near: bool = field(default=True, repr=False, compare=False)
    # Word 5-gram hashes, set by clustering and kept in the index so that new files can be
    # matched against old ones without re-reading them. Not part of the exported shape.
    shingles: Collection[int] | None = field(
        default=None, repr=False, compare=False
    )  # distinct hashes
    # The key of its text (`grouping.docs.Doc.key`), set by clustering and kept in the
    # index: versions with the very same text are grouped as one. Not part of the exported shape.
    key: str | None = field(default=None, repr=False, compare=False)
    # The paragraphs' folded words, as reading found them, for clustering to use instead of
    # reckoning them again; dropped once clustered. Not part of the exported shape.
    tokens: list[str] | None = field(default=None, repr=False, compare=False)
    fingerprint_tokens: list[str] | None = field(
        default=None, repr=False, compare=False
    )  # text.fingerprint_words
    # The quotations found in it (analysis.quotes.version_quotes), once found: where it is
    # read, on a worker, or when first asked for. Not part of the exported shape.
    found_quotes: list[Any] | None = field(default=None, repr=False, compare=False)

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "lines": [self.lines[0], self.lines[1]],
            "title": self.title,
            "byline": self.byline,
            "date": self.date,
            "dateline": self.dateline,
            "paragraphs": list(self.paragraphs),
            "subheads": list(self.subheads),
            "captions": list(self.captions),
            "credits": list(self.credits),
            "similarity": round(self.similarity, 4),
            "canonical": self.canonical,
            "kind": self.kind,
            "paragraph_lines": [[a, b] for a, b in self.paragraph_lines],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Version:
        """The inverse of `to_dict` (how the index store keeps versions)."""
        return cls(
            id=data["id"],
            source=data["source"],
            lines=(data["lines"][0], data["lines"][1]),
            title=data.get("title"),
            byline=data.get("byline"),
            date=data.get("date"),
            dateline=data.get("dateline"),
            paragraphs=list(data.get("paragraphs") or []),
            subheads=list(data.get("subheads") or []),
            captions=list(data.get("captions") or []),
            credits=list(data.get("credits") or []),
            similarity=float(data.get("similarity", 1.0)),
            canonical=bool(data.get("canonical")),
            kind=data.get("kind") or "",
            paragraph_lines=list(map(tuple, data.get("paragraph_lines") or ())),
            title_near=bool(data.get("title_near", True)),
            key=data.get("key"),
        )


@dataclass
class Story:
    """Versions that tell the same story, canonical (most complete) one marked."""

    id: str
    title: str
    versions: list[Version]

    @property
    def canonical(self) -> Version:
        return next((v for v in self.versions if v.canonical), self.versions[0])

    @property
    def version_count(self) -> int:
        """How many versions (known without loading them, for stories read lazily)."""
        return len(self.versions)

    @property
    def date(self) -> str | None:
        dates = [v.date for v in self.versions if v.date]
        return min(dates) if dates else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "versions": [v.to_dict() for v in self.versions],
        }


class LazyStory(Story):
    """A story whose versions are read from the index the first time they are asked for.

    Its title, date and version count come with it, so a list of 100,000 stories costs
    one query; the texts follow when a story is opened (or searched).
    """

    def __init__(
        self,
        id: str,
        title: str,
        date: str | None,
        count: int,
        load: Callable[[str], list[Version]],
    ) -> None:
        self.id = id
        self.title = title
        self._date = date
        self._count = count
        self._load = load
        self._versions: list[Version] | None = None

    @property
    def versions(self) -> list[Version]:
        if self._versions is None:
            self._versions = self._load(self.id)
        return self._versions

    @versions.setter
    def versions(self, value: list[Version]) -> None:
        self._versions = value

    @property
    def date(self) -> str | None:
        return self._date if self._versions is None else super().date

    @property
    def version_count(self) -> int:
        return self._count if self._versions is None else len(self._versions)

    def __repr__(self) -> str:
        return f"LazyStory(id={self.id!r}, title={self.title!r}, versions={self.version_count})"


@dataclass
class Corpus:
    """Everything read from the paths the user named."""

    roots: list[str]
    stories: list[Story]
    warnings: list[Skipped]
    files: int = 0

    def story(self, story_id: str) -> Story | None:
        for story in self.stories:
            if story.id == story_id or story.id.startswith(story_id):
                return story
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "stories": [s.to_dict() for s in self.stories],
            "warnings": [{"source": w.source, "reason": w.reason} for w in self.warnings],
        }
