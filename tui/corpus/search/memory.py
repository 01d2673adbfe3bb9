"""The search index in memory, built from stories (the reader's first index, tests,
and `--no-index`); the matching is `engine.SearchEngine`'s."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager

from ..model import Story
from ..text import WORD, fold
from .engine import SearchEngine
from .units import KIND_CODE, SearchUnit, name_of, story_units, version_units


class SearchIndex(SearchEngine):
    """Every unit of a corpus in columns, an inverted word index and the sorted
    vocabulary, in memory. Stories can be added while it is searched (under `lock`)."""

    def __init__(self) -> None:
        super().__init__()
        self._dates: list[str | None] = []
        self._texts: list[str] = []
        self._folded: list[str] = []
        self._speakers: dict[int, str] = {}
        self.postings: dict[str, list[int]] = defaultdict(list)

    @classmethod
    def build(cls, stories: list[Story]) -> SearchIndex:
        index = cls()
        for n, story in enumerate(stories):
            index.add_story(n, story)
        return index

    def add_story(self, n: int, story: Story) -> None:
        self.version_counts.append(len(story.versions))
        for unit in story_units(story, n):
            self._add(unit)
        for v, version in enumerate(story.versions):
            for unit in version_units(version, n, v):
                self._add(unit)
        self._forget()

    def _add(self, unit: SearchUnit) -> None:
        uid = len(self._texts)
        self._story.append(unit.story)
        self._version.append(unit.version)
        self._paragraph.append(unit.paragraph)
        self._kind.append(KIND_CODE[unit.kind])
        self._dates.append(unit.date)
        self._texts.append(unit.text)
        if unit.speaker:
            self._speakers[uid] = unit.speaker
        name = name_of(unit)
        if name:
            self.names[fold(name)].append(uid)
        folded = fold(unit.text)
        self._folded.append(folded)
        for word in set(WORD.findall(folded)):
            self.postings[word].append(uid)

    def __len__(self) -> int:
        return len(self._texts)

    @property
    def vocabulary(self) -> list[str]:
        if self._vocabulary is None:
            self._vocabulary = sorted(self.postings)
        return self._vocabulary

    def _has(self, word: str) -> bool:
        return word in self.postings

    def _count(self, word: str) -> int:
        """How many units hold `word`."""
        return len(self.postings.get(word, ()))

    def _postings(self, word: str) -> Sequence[int]:
        return self.postings.get(word, ())

    def _live(self) -> Iterable[int]:
        return range(len(self._texts))

    def _folded_texts(self, uids: Iterable[int]) -> dict[int, str]:
        """The folded texts of some units (the stored index reads them in one go)."""
        folded = self._folded
        return {uid: folded[uid] for uid in uids}

    def _text(self, uid: int) -> str:
        return self._texts[uid]

    def _date(self, uid: int) -> str | None:
        return self._dates[uid]

    def _speaker(self, uid: int) -> str | None:
        return self._speakers.get(uid)

    def close(self) -> None:
        """Let go of what the index holds open (nothing, in memory)."""

    def _snapshot(self) -> AbstractContextManager[object]:
        """What a search runs inside (the stored index: one read transaction)."""
        return self.lock
