"""Paragraph ends in hard-wrapped text that its layout leaves open, settled by the
other files: a line break is a paragraph end where another file starts or ends a
paragraph with the same words."""

from __future__ import annotations

import hashlib
from collections import defaultdict

from ..model import BreakMarks, Unit
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
    if len(near) > _KEY_WORDS:
        return tuple(near[:_KEY_WORDS])
    return _start_words(text[offset : offset + 200])


def _end_key_at(text: str, offset: int) -> tuple[str, ...]:
    """`_end_key(text[:offset])`, the same way (the last eight words follow a ninth)."""
    near = words(text[max(0, offset - _NEAR) : offset])
    if len(near) > _KEY_WORDS:
        return tuple(near[-_KEY_WORDS:])
    return _end_words(text[max(0, offset - 200) : offset])


def _digest(tag: str, key: tuple[str, ...]) -> int:
    data = "\x1f".join((tag, *key)).encode()
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little", signed=True)


_Key = tuple[str, ...]  # a paragraph's first or last words
_Keys = dict[_Key, set[str]]  # key -> the files that start (or end) a paragraph with it


def resolve_soft_breaks(
    files: dict[str, list[Unit]],
    known: set[int] | None = None,
    marks: dict[str, BreakMarks] | None = None,
) -> None:
    """Split wrapped paragraphs where another file starts or ends a paragraph there.

    A hard-wrapped layout hides a paragraph end when the last line happens to be
    nearly full; a version of the same text elsewhere in the corpus shows it. `known`
    adds the digests that files not in `files` show; `marks`, if given, is filled
    with what each file shows and wants.
    """
    starts: _Keys = defaultdict(set)
    ends: _Keys = defaultdict(set)
    for source, units in files.items():
        for unit in units:
            if unit.kind == "body":
                starts[_start_key(unit.text)].add(source)
                ends[_end_key(unit.text)].add(source)
    if marks is not None:
        for source in files:
            marks.setdefault(source, BreakMarks())
        for table, tag in ((starts, "s"), (ends, "e")):
            for key, sources in table.items():
                if len(key) >= 5:
                    digest = _digest(tag, key)
                    for source in sources:
                        marks[source].shows.add(digest)

    def elsewhere(table: _Keys, tag: str, key: _Key, source: str, wants: set[int] | None) -> bool:
        if len(key) < 5:
            return False
        found = bool(table.get(key, set()) - {source})
        if known is not None or wants is not None:
            digest = _digest(tag, key)
            if wants is not None:
                wants.add(digest)
            found = found or (known is not None and digest in known)
        return found

    for source, units in files.items():
        wants = marks[source].wants if marks is not None else None
        out: list[Unit] = []
        for unit in units:
            if not unit.soft:
                out.append(unit)
                continue
            keep = []
            for offset, line in unit.soft:  # linear: the keys read a few characters either side
                starts_here = elsewhere(
                    starts, "s", _start_key_at(unit.text, offset), source, wants
                )
                ends_here = elsewhere(ends, "e", _end_key_at(unit.text, offset), source, wants)
                if starts_here or ends_here:
                    keep.append((offset, line))
            out.extend(split_soft(unit, keep))
        files[source] = out
