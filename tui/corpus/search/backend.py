"""The interface between the search engine and what keeps the units (see `Backend`)."""

from __future__ import annotations

import re
import threading
from abc import ABC, abstractmethod
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager

from .units import KINDS, SearchUnit


class Backend(ABC):
    """What keeps a corpus's units for the search engine: the written-down interface.

    Two backends keep them: `memory.SearchIndex` (built from stories) and
    `stored.StoredSearchIndex` (read from the index database). Both hold the position
    columns (story, version, paragraph, kind) and the names in memory, as set up here;
    the engine reads everything else only through the abstract methods below, which
    each backend provides. `lock` is held while units are added and while searching.
    The caches are the engine's, dropped by `_forget` when the units change.
    """

    def __init__(self) -> None:
        self._story = array("i")
        self._version = array("i")
        self._paragraph = array("i")
        self._kind = bytearray()
        self._dead: set[int] = set()  # units no longer in the corpus (the stored index keeps them)
        self.version_counts: list[int] = []
        self.names: dict[str, list[int]] = defaultdict(
            list
        )  # a speaker or byline (folded) -> units
        self._vocabulary: list[str] | None = None
        self._cache: dict[tuple[str, str], dict[str, float]] = {}
        self._sets: dict[str, frozenset[int]] = {}
        self._set_size = 0  # unit ids held in _sets
        self._patterns: dict[tuple[str, str], re.Pattern[str]] = {}
        self._ranked_cache: dict[tuple[str, str], list[tuple[str, float]]] = {}
        self.lock = threading.RLock()

    def _forget(self) -> None:
        """Drop what was worked out for earlier queries (the units changed)."""
        self._vocabulary = None
        self._cache.clear()
        self._sets.clear()
        self._set_size = 0
        self._patterns.clear()
        self._ranked_cache.clear()

    # -- what a backend provides -------------------------------------------------

    @abstractmethod
    def __len__(self) -> int:
        """How many units there are (dead ones included)."""

    @property
    @abstractmethod
    def vocabulary(self) -> list[str]:
        """Every word some live unit holds, sorted."""

    @abstractmethod
    def _has(self, word: str) -> bool:
        """Whether some unit holds `word`."""

    @abstractmethod
    def _count(self, word: str) -> int:
        """How many units hold `word`."""

    @abstractmethod
    def _postings(self, word: str) -> Sequence[int]:
        """The units holding `word`, in order."""

    @abstractmethod
    def _live(self) -> Iterable[int]:
        """Every unit still in the corpus."""

    @abstractmethod
    def _folded_texts(self, uids: Iterable[int]) -> dict[int, str]:
        """The folded texts of some units (read in one go where that is cheaper)."""

    @abstractmethod
    def _text(self, uid: int) -> str:
        """A unit's text as shown."""

    @abstractmethod
    def _date(self, uid: int) -> str | None:
        """A unit's version's date."""

    @abstractmethod
    def _speaker(self, uid: int) -> str | None:
        """A quote's speaker."""

    @abstractmethod
    def close(self) -> None:
        """Let go of what the backend holds open."""

    @abstractmethod
    def _snapshot(self) -> AbstractContextManager[object]:
        """What a search runs inside (the stored index: one read transaction)."""

    def _kind_of(self, uid: int) -> str:
        return KINDS[self._kind[uid]]

    def unit(self, uid: int) -> SearchUnit:
        return SearchUnit(
            KINDS[self._kind[uid]],
            self._story[uid],
            self._version[uid],
            self._paragraph[uid],
            self._text(uid),
            self._date(uid),
            self._speaker(uid),
        )
