"""Paragraph ends in hard-wrapped text that its layout leaves open, settled by the
other files: a line break is a paragraph end where another file starts or ends a
paragraph with the same words."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..model import Unit
from ..text import words
from .reflow import split_soft

_KEY_WORDS = 8


def _start_words(text: str) -> tuple[str, ...]:
    return tuple(words(text[:200])[:_KEY_WORDS])


def _end_words(text: str) -> tuple[str, ...]:
    return tuple(words(text[-200:])[-_KEY_WORDS:])


def _start_key(text: str) -> tuple[str, ...]:
    """The first eight words of a paragraph (read from its first 80 characters if they
    hold nine)."""
    return _start_key_at(text, 0)


def _end_key(text: str) -> tuple[str, ...]:
    """The last eight words of a paragraph, the same way."""
    return _end_key_at(text, len(text))


_NEAR = 80  # a break's key words are nearly always found this close to it


def _start_key_at(text: str, offset: int) -> tuple[str, ...]:
    """`_start_key(text[offset:])`, reading a few characters, not copying the rest of the text.

    With a ninth word in the near window, the first eight are whole and end before it,
    so they are the words the 200-character window gives.
    """
    near = words(text[offset : offset + _NEAR])
    if len(near) > _KEY_WORDS or offset + _NEAR >= len(text):  # (then the window is the text)
        return tuple(near[:_KEY_WORDS])
    return _start_words(text[offset : offset + 200])


def _end_key_at(text: str, offset: int) -> tuple[str, ...]:
    """`_end_key(text[:offset])`, the same way (the last eight words follow a ninth)."""
    near = words(text[max(0, offset - _NEAR) : offset])
    if len(near) > _KEY_WORDS or offset <= _NEAR:
        return tuple(near[-_KEY_WORDS:])
    return _end_words(text[max(0, offset - 200) : offset])


def _digest(tag: str, key: tuple[str, ...]) -> int:
    data = "\x1f".join((tag, *key)).encode()
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little", signed=True)


_MANY = ""  # a digest shown by more than one file


@dataclass
class FileBreaks:
    """What one file's units show and ask about paragraph breaks, as digests of their
    first and last words (keys of under five words show and settle nothing)."""

    shows: set[int] = field(default_factory=set)  # its paragraphs' starts and ends
    # each soft break: (unit, its offset and line, start digest, end digest)
    asks: list[tuple[int, tuple[int, int], int | None, int | None]] = field(default_factory=list)


def _key_digest(tag: str, key: tuple[str, ...]) -> int | None:
    return _digest(tag, key) if len(key) >= 5 else None


def file_breaks(units: list[Unit]) -> FileBreaks:
    """The starts and ends a file's body paragraphs show, and the keys either side of each
    of its soft breaks (what another file must show for the break to be a paragraph end)."""
    found = FileBreaks()
    for i, unit in enumerate(units):
        if unit.kind == "body":
            text = unit.text
            if len(text) <= _NEAR:  # both keys are read from all its words
                found_words = words(text)
                keys = (tuple(found_words[:_KEY_WORDS]), tuple(found_words[-_KEY_WORDS:]))
            else:
                keys = (_start_key(text), _end_key(text))
            for digest in (_key_digest("s", keys[0]), _key_digest("e", keys[1])):
                if digest is not None:
                    found.shows.add(digest)
        for place in unit.soft:  # linear: the keys read a few characters either side
            offset = place[0]
            found.asks.append(
                (
                    i,
                    place,
                    _key_digest("s", _start_key_at(unit.text, offset)),
                    _key_digest("e", _end_key_at(unit.text, offset)),
                )
            )
    return found


Settled = dict[int, list[tuple[int, int]]]  # unit -> the soft breaks kept in it


class Settler:
    """Settles soft breaks across a corpus: gather every file's `FileBreaks`, then ask
    which of one file's soft breaks other files (or `known` digests) show."""

    def __init__(self, known: set[int] | None = None) -> None:
        self.known = known or set()
        self._holders: dict[int, str] = {}  # digest -> the one file showing it, or _MANY

    def add(self, source: str, breaks: FileBreaks) -> None:
        holders = self._holders
        for digest in breaks.shows:
            held = holders.get(digest)
            if held is None:
                holders[digest] = source
            elif held != source:
                holders[digest] = _MANY

    def _elsewhere(self, digest: int | None, source: str) -> bool:
        if digest is None:
            return False
        held = self._holders.get(digest)
        return (held is not None and held != source) or digest in self.known

    def settle(self, source: str, breaks: FileBreaks) -> tuple[Settled, set[int]]:
        """The soft breaks of `source` to keep, by unit, and the digests it wants."""
        keep: Settled = {}
        wants: set[int] = set()
        for i, place, start, end in breaks.asks:
            wants.update(d for d in (start, end) if d is not None)
            if self._elsewhere(start, source) or self._elsewhere(end, source):
                keep.setdefault(i, []).append(place)
        return keep, wants


def split_settled(units: list[Unit], keep: Settled) -> list[Unit]:
    """`units` cut at the soft breaks kept."""
    if not keep:
        return units
    out: list[Unit] = []
    for i, unit in enumerate(units):
        out.extend(split_soft(unit, keep[i]) if i in keep else [unit])
    return out
