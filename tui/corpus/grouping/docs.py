"""What clustering reads of each version (`Doc`): its words and their key, its word
5-gram fingerprints, the figures it gives, the names and days its lead talks about;
and the dateline place and headline words that the pair rules compare."""

from __future__ import annotations

import re
import sys
from array import array
from collections import Counter
from dataclasses import dataclass, field
from operator import methodcaller

from ..ingest.clean import tokens_key
from ..ingest.signals import dateline
from ..model import Version
from ..text import fingerprint_words, fold, words
from .fingerprint import print_ids, shingles


@dataclass
class Doc:
    """One version as clustering compares it."""

    version: Version
    key: str
    size: int  # its words
    # its 5-gram fingerprints, once each and in order (as a set: eight times the room;
    # in order, so that clustering can take them a range of values at a time)
    shingles: array[int]
    numbers: Counter[str]
    names: frozenset[str]
    days: frozenset[str]
    held: list[str] | None = field(default=None, repr=False)  # its words; None: let go (`light`)

    @property
    def tokens(self) -> list[str]:
        """Its words, one string per distinct word (read again from its paragraphs if they
        were let go: the same words, since no word runs over a paragraph's end)."""
        if self.held is None:
            self.held = list(map(sys.intern, words(" ".join(self.version.paragraphs))))
        return self.held

    def __setstate__(self, state: dict[str, object]) -> None:
        """Unpickled (a worker's doc, come back): with one string per distinct name and
        figure, across the corpus. A pickle shares a string only within one chunk of
        files, and the names and figures of the versions of one article recur in every
        chunk: unshared, they took 8 of the 10 MB they need per 10,000 versions."""
        names, days, numbers = state["names"], state["days"], state["numbers"]
        assert isinstance(names, frozenset) and isinstance(days, frozenset)
        assert isinstance(numbers, Counter)
        state["names"] = frozenset(map(sys.intern, names))
        state["days"] = frozenset(map(sys.intern, days))
        state["numbers"] = Counter({sys.intern(k): n for k, n in numbers.items()})
        self.__dict__.update(state)

    def light(self) -> Doc:
        """This doc without its words, which only the versions of stories with several, and
        corrections, need again: a worker sends a third of the bytes it would send with them."""
        self.held = None
        return self


HAS_DIGIT = re.compile(r"\d")
_DAY_NAMED = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b(?!,?\s*\d{4})"
)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w&'’.-]*")
_STRIP_DOTS = methodcaller("strip", ".")


def _lead_text(version: Version, limit: int) -> str:
    """The opening of the first two paragraphs, without the dateline."""
    lead = " ".join(version.paragraphs[:2])[:limit]
    line = dateline(lead)
    return lead[len(line) :] if line else lead


def _names(version: Version) -> frozenset[str]:
    """Capitalised words inside the lead's sentences: who and where the story is about."""
    lead = _lead_text(version, 400)
    found = _NAME.findall(lead)
    if lead.isascii():  # then `fold` of a name is its lower case (a name holds no "`")
        return frozenset(map(_STRIP_DOTS, map(str.lower, found)))
    return frozenset(fold(name).strip(".") for name in found)


def _days_named(version: Version) -> frozenset[str]:
    """Calendar days the lead talks about ("through April 6"), the dateline left out."""
    return frozenset(
        fold(" ".join(m.group().split())) for m in _DAY_NAMED.finditer(_lead_text(version, 600))
    )


def doc_of(version: Version) -> Doc:
    """The version read for clustering (the words reading kept for it are let go)."""
    found = version.tokens if version.tokens is not None else words(" ".join(version.paragraphs))
    marks = version.fingerprint_tokens
    if marks is None:
        marks = fingerprint_words(" ".join(version.paragraphs))
    version.tokens = version.fingerprint_tokens = None  # read once; not kept past clustering
    tokens = list(map(sys.intern, found))  # one string per distinct word
    # each distinct word looked at once; the count keeps the order of the words
    figures = set(filter(HAS_DIGIT.search, set(tokens)))
    numbers = Counter(filter(figures.__contains__, tokens)) if figures else Counter()
    return Doc(
        version,
        tokens_key(tokens),
        len(tokens),
        array("q", sorted(shingles(print_ids(marks)))),
        numbers,
        _names(version),
        _days_named(version),
        tokens,
    )


_TITLE_NOISE = frozenset(
    "corrected correction update updated refile repeat the a an of to in on for and at by".split()
)


def title_words(title: str | None) -> frozenset[str]:
    """A headline's words, the ones any headline has (and correction marks) left out."""
    return (
        frozenset(w for w in words(title or "") if w not in _TITLE_NOISE) if title else frozenset()
    )


def place(line: str) -> str:
    """The place a dateline names ("PARIS" of "PARIS, March 3 (Reuters)"), folded."""
    return fold(re.split(r"[,(]", line, maxsplit=1)[0]).strip()
