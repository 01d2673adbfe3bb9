"""What the other files of a corpus say about each unit of a file.

Repetition across files is the one signal a single page cannot give: a paragraph
that other files hold too belongs to a story those files tell; a line that files of
other stories hold too is site furniture (a menu, a footer, a legal notice). Three
figures come out per unit, all counted over *other* files:

* `copies`: files holding the same unit word for word (case and punctuation aside);
* `matched`: files holding most of a long unit's word 5-grams (the other versions of
  its story, whatever their layout);
* `furniture`: of the files with a copy, those that share no paragraph with this
  file at all (so they tell other stories, and the unit is not this story's text).

Keys are stable integers (CRC-32 word ids, hashed as tuples of ints), so they can
be kept in the index and compared across runs. Only a quarter of the 5-grams are
kept (those whose hash is 0 modulo 4), the same quarter in every file.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import Protocol

from ..grouping.fingerprint import token_ids
from ..progress import Progress, Tally

LONG_UNIT = 8  # words from which a unit is matched by its 5-grams, not only as a whole
HOLDERS_CAP = 64  # beyond this many files a key is common, and counted as "many"
FURNITURE_CAP = 3  # furniture counts beyond this tell nothing more
_SAMPLE_MASK = 3  # keep 5-grams whose hash & mask == 0: one in four
_NO_MATCH: frozenset[int] = frozenset()


@dataclass(frozen=True)
class UnitEvidence:
    """What other files say about one unit (see the module docstring)."""

    copies: int = 0
    matched: frozenset[int] = _NO_MATCH
    furniture: int = 0
    holders: frozenset[int] = _NO_MATCH  # the files with a copy (none listed for a common unit)

    @property
    def files(self) -> frozenset[int]:
        """Every other file known to hold this unit, whole or mostly."""
        return self.holders | self.matched if self.holders else self.matched


NOTHING = UnitEvidence()


@dataclass(slots=True)
class UnitKeys:
    """A unit's keys: its whole text, and a sample of its word 5-grams (long units only)."""

    whole: int | None
    grams: tuple[int, ...] = ()


def unit_keys(tokens: Sequence[str]) -> UnitKeys:
    """The keys by which other files recognise a unit whose folded words are `tokens`."""
    if not tokens:
        return UnitKeys(None)
    ids = token_ids(tokens)
    whole = hash(tuple(ids))
    if len(tokens) < LONG_UNIT:
        return UnitKeys(whole)
    grams = {
        h
        for h in map(hash, zip(ids, ids[1:], ids[2:], ids[3:], ids[4:], strict=False))
        if not h & _SAMPLE_MASK
    }
    return UnitKeys(whole, tuple(sorted(grams)))


def file_number(source: str) -> int:
    """A file's number in the evidence: a stable 63-bit hash of its name, so the numbers do
    not depend on which files are read together, or in what order (the index keeps them)."""
    digest = hashlib.blake2b(source.encode("utf-8", "surrogateescape"), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


@dataclass
class Holders:
    """Which files hold each key (file numbers). A key held by more than HOLDERS_CAP files
    is common: it is counted as many, and which files hold it is not used."""

    wholes: dict[int, list[int]] = field(default_factory=dict)
    grams: dict[int, list[int]] = field(default_factory=dict)
    shared: set[int] = field(default_factory=set)  # grams held by more than one file

    def add(self, number: int, keys: FileKeys) -> None:
        """Record that file `number` holds `keys` (each key once per file)."""
        for table, found in (
            (self.wholes, set(keys.whole_keys)),
            (self.grams, set(keys.gram_keys)),
        ):
            shared = self.shared if table is self.grams else None
            get = table.get
            for key in found:  # _append, inlined: this runs once per key of every file
                holders = get(key)
                if holders is None:
                    table[key] = [number]
                    continue
                if len(holders) <= HOLDERS_CAP:
                    holders.append(number)
                if shared is not None:
                    shared.add(key)


def _append(table: dict[int, list[int]], key: int, number: int) -> bool:
    """Add a holder; whether the key now has more than one."""
    holders = table.get(key)
    if holders is None:
        table[key] = [number]
        return False
    if len(holders) <= HOLDERS_CAP:  # one past the cap marks it common; no need for more
        holders.append(number)
    return True


def content_digest(keys: Sequence[UnitKeys]) -> int:
    """One number for a file's whole content (its units' keys in order)."""
    return hash(tuple(k.whole for k in keys))


WHOLE, GRAM = 0, 1  # the two kinds of key


@dataclass(frozen=True)
class FileKeys:
    """What a file shows other files: its content digest and its units' keys in order,
    packed (8 bytes a key, not an object and its slot, since every file's are held from
    the moment it is classified until the index is saved): each unit's whole key, the
    units' 5-grams one unit after another, and how many each unit has. Units with no
    words have no keys: they are left out, and where they stood is kept apart
    (`blanks`, not kept in the index, nor compared), for the evidence of each unit
    in order."""

    digest: int  # content_digest
    whole_keys: array[int]
    gram_keys: array[int]
    sizes: array[int]
    blanks: tuple[int, ...] = field(default=(), compare=False)  # few, and mostly none

    @classmethod
    def packed(cls, units: Sequence[UnitKeys]) -> FileKeys:
        """The keys of a file whose units' keys are `units`, in order."""
        wholes, grams, sizes = array("q"), array("q"), array("q")
        blanks: list[int] = []
        for at, unit in enumerate(units):
            if unit.whole is None:
                blanks.append(at)
                continue
            wholes.append(unit.whole)
            grams.extend(unit.grams)
            sizes.append(len(unit.grams))
        return cls(content_digest(units), wholes, grams, sizes, tuple(blanks))

    # The keys each once, made when first asked for: a refresh compares them for the few
    # files it reads; a cold build only writes the packed keys.
    @cached_property
    def wholes(self) -> frozenset[int]:
        return frozenset(self.whole_keys)

    @cached_property
    def grams(self) -> frozenset[int]:
        return frozenset(self.gram_keys)

    def pairs(self) -> set[tuple[int, int]]:
        return {(WHOLE, k) for k in self.wholes} | {(GRAM, k) for k in self.grams}


class Known(Protocol):
    """What files not read this time (kept in the index) hold."""

    def holders(self, wanted: set[tuple[int, int]]) -> dict[tuple[int, int], list[int]]:
        """For each (kind, key) wanted, the numbers of the files that hold it."""

    def copies(self, digests: set[int]) -> dict[int, set[int]]:
        """For each content digest, the numbers of the files with that content."""


class Evidence:
    """Cross-file evidence for every unit of a set of files (and, with `known`, of the
    files kept in the index that are not read this time)."""

    _linking: dict[int, list[int]] | None  # `linking(self.holders)`, once every file is in

    def __init__(
        self, files: Mapping[str, Sequence[Sequence[str]]], known: Known | None = None
    ) -> None:
        """`files` maps each source to its units' folded words."""
        self._gather(
            {source: FileKeys.packed(list(map(unit_keys, t))) for source, t in files.items()}
        )
        if known is not None:
            self._add_known(known)

    @classmethod
    def of_keys(
        cls,
        keys: dict[str, FileKeys],
        known: Known | None = None,
        progress: Progress | None = None,
    ) -> Evidence:
        """The evidence for files whose keys (`FileKeys.packed`) were reckoned elsewhere
        (`progress` told the files compared, as stage "evidence")."""
        evidence = cls.gathering()
        tally = Tally(progress, "evidence", len(keys))
        for source, found in keys.items():
            evidence.add(source, found)
            tally.add()
        if known is not None:
            evidence._add_known(known)
        return evidence

    @classmethod
    def gathering(cls) -> Evidence:
        """Evidence to which files are `add`ed one by one (then `_add_known`, if any)."""
        evidence = cls.__new__(cls)
        evidence._gather({})
        return evidence

    def add(self, source: str, found: FileKeys) -> None:
        """Count in one more file's keys (before the first `of`)."""
        self._unsettled()
        number = self.numbers[source] = file_number(source)
        self.keys[source] = found
        self.holders.add(number, found)
        self.copies.setdefault(found.digest, set()).add(number)

    def finish(self, known: Known | None) -> None:
        """Count in what the files kept in the index hold, once every file was added."""
        if known is not None:
            self._add_known(known)

    def _gather(self, keys: dict[str, FileKeys]) -> None:
        self._linking = None
        self.keys: dict[str, FileKeys] = {}
        self.numbers: dict[str, int] = {}
        self.holders = Holders()
        self.copies: dict[int, set[int]] = {}  # content digest -> the files with that very content
        for source, found in keys.items():
            self.add(source, found)

    def _add_known(self, known: Known) -> None:
        """Count in what the files kept in the index hold."""
        self._unsettled()
        tables = {WHOLE: self.holders.wholes, GRAM: self.holders.grams}
        wanted = {(kind, key) for kind, table in tables.items() for key in table}
        for (kind, key), numbers in known.holders(wanted).items():
            for number in numbers:
                if _append(tables[kind], key, number) and kind == GRAM:
                    self.holders.shared.add(key)
        for digest, copies in known.copies(set(self.copies)).items():
            self.copies[digest] |= copies

    def shown(self, source: str) -> FileKeys:
        """The keys `source` shows and its content digest."""
        return self.keys[source]

    def of(self, source: str) -> list[UnitEvidence]:
        """The evidence for each unit of `source`, in order (see `unit_evidence`); once it
        is first asked for, no more files can be added."""
        if self._linking is None:
            self._settle()
        assert self._linking is not None
        return unit_evidence(
            self.numbers[source], self.keys[source], self.holders, self.copies, self._linking
        )

    def _settle(self) -> None:
        """Once every file is in, keep only what `unit_evidence` reads of the holders: the
        5-grams that may link files (`linking`) and the whole keys held by more than one
        file. The rest goes: most keys are held by one file, and the table would be held
        until the last file's evidence is made (at 100,000 files, hundreds of megabytes)."""
        held = self.holders
        self._linking = linking(held)
        self.holders = Holders({key: files for key, files in held.wholes.items() if len(files) > 1})

    def release(self) -> None:
        """Let the holders go once the last file's evidence was asked for (at 100,000
        files, hundreds of megabytes, freed before the last versions come in)."""
        self.holders, self._linking, self.copies = Holders(), {}, {}
        self.numbers.clear()  # asking again is a bug: a KeyError, not empty evidence

    def _unsettled(self) -> None:
        if self._linking is not None:
            raise RuntimeError("files cannot be added to evidence already asked for")


def linking(held: Holders) -> dict[int, list[int]]:
    """The 5-grams that may link files (held by more than one, and not common), with
    their holders: what `unit_evidence` counts of a unit's 5-grams."""
    grams = held.grams
    return {g: grams[g] for g in held.shared if len(grams[g]) <= HOLDERS_CAP}


def unit_evidence(
    me: int,
    keys: FileKeys,
    held: Holders,
    copies: Mapping[int, set[int]],
    links: Mapping[int, list[int]] | None = None,
) -> list[UnitEvidence]:
    """The evidence for each unit of file number `me`, whose keys are `keys`, given which
    files hold each key (`held`: all that hold it, or at least HOLDERS_CAP + 1 for a
    common one) and which files have each content digest (`copies`). A unit with no
    words (`keys.blanks`) has none.

    Files with the very same content (a page saved twice) tell nothing about each
    other: they are left out of each other's evidence. `links`: `linking(held)`, if the
    caller keeps it (it is made here otherwise).
    """
    twins = copies.get(keys.digest, set()) - {me}
    wholes = held.wholes
    links = linking(held) if links is None else links
    matched: list[frozenset[int]] = []
    linked = links.keys()
    grams, at = keys.gram_keys, 0
    for size in keys.sizes:
        unit = grams[at : at + size]
        at += size
        if not size or linked.isdisjoint(unit):  # most units: nothing of it elsewhere
            matched.append(_NO_MATCH)
            continue
        counts = Counter(chain.from_iterable(filter(None, map(links.get, unit))))
        del counts[me]
        for twin in twins.intersection(counts):  # by the counts: a file saved a
            del counts[twin]  # thousand times has a thousand twins
        if not counts:  # most units: nothing of it elsewhere (or only boilerplate 5-grams)
            matched.append(_NO_MATCH)
            continue
        need = max(1, size / 2)
        found = frozenset(g for g, n in counts.items() if n >= need)
        matched.append(found or _NO_MATCH)
    votes = Counter(chain.from_iterable(matched))
    partners = {g for g, n in votes.items() if n >= 2}  # one shared notice is not a shared story
    out = []
    for whole, found in zip(keys.whole_keys, matched, strict=True):
        holders = wholes.get(whole, ())
        if len(holders) <= 1 and not found:  # held here only
            out.append(NOTHING)
            continue
        if len(holders) > HOLDERS_CAP:  # common: many copies, in files of many stories
            out.append(UnitEvidence(HOLDERS_CAP, found, FURNITURE_CAP))
            continue
        others = frozenset(g for g in holders if g != me and g not in twins)
        if not others and not found:
            out.append(NOTHING)
            continue
        furniture = sum(1 for g in others if g not in partners)
        out.append(UnitEvidence(len(others), found, furniture, others or _NO_MATCH))
    for at in keys.blanks:  # in order, so each lands where its unit stood
        out.insert(at, NOTHING)
    return out
