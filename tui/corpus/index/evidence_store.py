"""The cross-file evidence kept in the index, so files read later meet the files kept.

For each file the index keeps the keys it shows (`evidence.FileKeys`: each unit's whole
key and sampled 5-grams, in order, as packed arrays, and its content digest), by file
number. A refresh reads them once (`Stored`), asks which kept files hold the keys of the
files it reads (`Kept.holders`), and which kept files must be read again because their
evidence changes (`woken`; the files it wakes are then told who holds their keys from
what it found, without looking again):

* a kept file's evidence depends only on the holders of its own keys (and on which
  files have its very content), so it can change only when a file read now, changed
  or gone holds one of its keys, and that key's holders are not common (more than
  HOLDERS_CAP files) both before and after;
* of those files, only the ones whose evidence (`evidence.unit_evidence`, reckoned from
  the kept keys as it was and as it is now) differs are woken: a new holder of one of
  a file's 5-grams that is not enough to match the file's unit, say, changes nothing
  that reading the file sees.

The keys are read back whole on a refresh and matched in memory (a set intersection
per file), which costs far less than keeping them one row per key.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain

from ..ingest.evidence import (
    GRAM,
    HOLDERS_CAP,
    WHOLE,
    FileKeys,
    Holders,
    file_number,
    linking,
    unit_evidence,
)

TABLES = """
CREATE TABLE evidence (file INTEGER PRIMARY KEY, digest INTEGER NOT NULL,
                       wholes BLOB, grams BLOB, sizes BLOB);
"""


class Stored:
    """The keys of every file the index keeps evidence for, read once (by file number);
    and what `woken` last found the files it woke to be told (`after`)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.after: _After | None = None
        self.rows = {
            number: FileKeys(
                digest,
                array("q", wholes or b""),
                array("q", grams or b""),
                array("q", sizes or b""),
            )
            for number, digest, wholes, grams, sizes in db.execute(
                "SELECT file, digest, wholes, grams, sizes FROM evidence"
            )
        }

    def same(self, number: int, keys: FileKeys) -> bool:
        """Whether file `number` was kept with just these keys."""
        return self.rows.get(number) == keys  # the digest and the packed keys


class Kept:
    """What the files kept in the index hold (`evidence.Known`), leaving out `stale` files
    (read again now, or gone), with the keys of files read before (`extra`) in their place."""

    def __init__(
        self, stored: Stored, stale: set[int], extra: Mapping[str, FileKeys] | None = None
    ) -> None:
        self.stored = stored
        self.stale = stale
        self.extra = {file_number(s): keys for s, keys in (extra or {}).items()}
        # the holders of the keys asked for and of the stale files' keys, stale files
        # too, as the index has them (for `woken`, which would look them up again)
        self.before: _Before | None = None

    def holders(self, wanted: set[tuple[int, int]]) -> dict[tuple[int, int], list[int]]:
        want = {
            WHOLE: {k for kind, k in wanted if kind == WHOLE},
            GRAM: {k for kind, k in wanted if kind == GRAM},
        }
        after = self.stored.after
        if after is not None and (gone := after.fits(self, want)) is not None:
            tables = {WHOLE: after.state.holders.wholes, GRAM: after.state.holders.grams}
            return {
                (kind, key): held
                for kind, keys in want.items()
                for key in keys
                if (held := [n for n in tables[kind].get(key, ()) if n not in gone])
            }
        before = _Before(want, self.stored, self.stale)
        self.before = before
        found: dict[tuple[int, int], list[int]] = {}
        for pair, numbers in before.holders.items():
            if held := [n for n in numbers if n not in self.stale]:
                if pair[1] in want[pair[0]]:
                    found[pair] = held
        for number, keys in self.extra.items():
            for kind, extra in ((WHOLE, keys.wholes), (GRAM, keys.grams)):
                for key in want[kind].intersection(extra):
                    found.setdefault((kind, key), []).append(number)
        return found

    def copies(self, digests: set[int]) -> dict[int, set[int]]:
        after = self.stored.after
        if after is not None and digests <= after.state.copies.keys():
            if (gone := after.fits(self, {WHOLE: set(), GRAM: set()})) is not None:
                copies = after.state.copies
                return {d: held for d in digests if (held := copies[d] - gone)}
        found: dict[int, set[int]] = {}
        for number, row in self.stored.rows.items():
            if row.digest in digests and number not in self.stale:
                found.setdefault(row.digest, set()).add(number)
        for number, keys in self.extra.items():
            if keys.digest in digests:
                found.setdefault(keys.digest, set()).add(number)
        return found


def woken(
    stored: Stored,
    fresh: Mapping[str, FileKeys],
    stale: set[int],
    kept: set[int],
    before: _Before | None = None,
) -> set[int]:
    """The kept files whose evidence the refresh changes (see the module docstring).

    `fresh` are the files read now, with their keys; `stale` the numbers of the files
    read now or gone, as the index had them; `kept` the numbers of the files not read;
    `before`, what the `Kept` that `fresh` were read against found (else looked up).
    """
    stored.after = None  # what an earlier call found is not what this one assumes
    numbered = {file_number(source): keys for source, keys in fresh.items()}
    return _differing(stored, _touched(stored, numbered, stale, kept, before), numbered, stale)


@dataclass(frozen=True)
class KeyMoves:
    """What files read again show otherwise than the index had of them: the keys they
    hold now and did not, or held and do not (the keys whose holders changed), and their
    content digests, old and new, where those changed."""

    wholes: frozenset[int]
    grams: frozenset[int]
    digests: frozenset[int]

    @classmethod
    def between(cls, pairs: Iterable[tuple[FileKeys, FileKeys]]) -> KeyMoves:
        """The moves of files whose keys went from the first of each pair to the second."""
        wholes: set[int] = set()
        grams: set[int] = set()
        digests: set[int] = set()
        for old, new in pairs:
            if old == new:
                continue
            wholes |= old.wholes ^ new.wholes
            grams |= old.grams ^ new.grams
            if old.digest != new.digest:
                digests |= {old.digest, new.digest}
        return cls(frozenset(wholes), frozenset(grams), frozenset(digests))

    def touches(self, keys: FileKeys) -> bool:
        """Whether a file showing `keys` holds a moved key, or has a moved content."""
        return (
            keys.digest in self.digests
            or not self.wholes.isdisjoint(keys.whole_keys)
            or not self.grams.isdisjoint(keys.gram_keys)
        )


def woken_by(
    stored: Stored,
    fresh: Mapping[str, FileKeys],
    stale: set[int],
    kept: set[int],
    moves: KeyMoves,
) -> set[int]:
    """The kept files whose evidence changes once some of the `fresh` files show the keys
    they do rather than those the index had (`moves`), when `woken` found the others
    unchanged: a kept file's evidence depends only on the holders of its own keys and on
    which files have its content, so only a file holding a moved key (or content) can
    change, and only those are compared as `woken` compares them."""
    stored.after = None
    numbered = {file_number(source): keys for source, keys in fresh.items()}
    rows = stored.rows
    maybe = {n for n in kept if (row := rows.get(n)) is not None and moves.touches(row)}
    return _differing(stored, maybe, numbered, stale)


def _differing(
    stored: Stored, maybe: set[int], numbered: Mapping[int, FileKeys], stale: set[int]
) -> set[int]:
    """Of the kept files `maybe`, those whose evidence differs once the `stale` files are
    gone and the `numbered` ones come (and what they hold then is kept, `Stored.after`)."""
    if not maybe:
        return set()
    was, now = _states(stored, [stored.rows[n] for n in maybe], numbered, stale)
    stored.after = _After(now, frozenset(stale), set(numbered))
    out = set()
    links = linking(was.holders), linking(now.holders)
    for number in maybe:
        row = stored.rows[number]
        told = unit_evidence(number, row, was.holders, was.copies, links[0])
        if told != unit_evidence(number, row, now.holders, now.copies, links[1]):
            out.add(number)
    return out


class _Before:
    """Which files hold each key `wanted` or held by a `stale` file, as the index has them."""

    def __init__(self, wanted: Mapping[int, set[int]], stored: Stored, stale: set[int]) -> None:
        touched = {kind: set(keys) for kind, keys in wanted.items()}
        for number in stale:
            if (row := stored.rows.get(number)) is not None:
                touched[WHOLE].update(row.whole_keys)
                touched[GRAM].update(row.gram_keys)
        self.touched = touched
        self.holders: dict[tuple[int, int], list[int]] = {}
        for number, row in stored.rows.items():
            for kind, held in ((WHOLE, row.whole_keys), (GRAM, row.gram_keys)):
                for key in touched[kind].intersection(held):
                    self.holders.setdefault((kind, key), []).append(number)

    def covers(self, numbered: Mapping[int, FileKeys]) -> bool:
        """Whether these are the holders of every key the files `numbered` hold."""
        return all(
            keys.wholes <= self.touched[WHOLE] and keys.grams <= self.touched[GRAM]
            for keys in numbered.values()
        )


def _touched(
    stored: Stored,
    numbered: Mapping[int, FileKeys],
    stale: set[int],
    kept: set[int],
    found: _Before | None,
) -> set[int]:
    """The kept files holding a key whose holders change, and are not common both before
    and after (those whose evidence may change)."""
    adds: dict[tuple[int, int], set[int]] = {}
    for number, keys in numbered.items():
        for pair in keys.pairs():
            adds.setdefault(pair, set()).add(number)
    if found is None or not found.covers(numbered):
        wanted = {WHOLE: {k for kind, k in adds if kind == WHOLE}, GRAM: set()}
        wanted[GRAM] = {k for kind, k in adds if kind == GRAM}
        found = _Before(wanted, stored, stale)
    before = found.holders
    out: set[int] = set()
    for pair in {*before, *adds}:
        was = set(before.get(pair, ()))
        now = (was - stale) | adds.get(pair, set())
        if was != now and not (len(was) > HOLDERS_CAP and len(now) > HOLDERS_CAP):
            out |= now & kept
    return out


def _states(
    stored: Stored, rows: list[FileKeys], numbered: Mapping[int, FileKeys], stale: set[int]
) -> tuple[_State, _State]:
    """Which files hold the keys of `rows`, and have their contents, before the refresh
    and after it (the `stale` files gone, the `numbered` ones come)."""
    wanted = {
        WHOLE: set(chain.from_iterable(row.whole_keys for row in rows)),
        GRAM: set(chain.from_iterable(row.gram_keys for row in rows)),
    }
    was = _State(copies={row.digest: set() for row in rows}, wanted=wanted)
    tables = {WHOLE: was.holders.wholes, GRAM: was.holders.grams}
    for number, row in stored.rows.items():
        for kind, keys in ((WHOLE, row.whole_keys), (GRAM, row.gram_keys)):
            table = tables[kind]
            for key in wanted[kind].intersection(keys):
                table.setdefault(key, []).append(number)
        if row.digest in was.copies:
            was.copies[row.digest].add(number)
    now = _after(was, stored, numbered, stale)
    for state in (was, now):
        state.holders.shared = {g for g, held in state.holders.grams.items() if len(held) > 1}
    return was, now


def _after(
    was: _State, stored: Stored, numbered: Mapping[int, FileKeys], stale: set[int]
) -> _State:
    """`was` once the `stale` files are gone and the `numbered` ones come: the same, but
    for the keys and contents those files hold."""
    wanted = was.wanted
    now = _State(Holders(dict(was.holders.wholes), dict(was.holders.grams)), {}, wanted)
    now.copies = {digest: held - stale for digest, held in was.copies.items()}
    came: dict[tuple[int, int], list[int]] = {}
    for number, keys in numbered.items():
        for kind, shown in ((WHOLE, keys.wholes), (GRAM, keys.grams)):
            for key in wanted[kind] & shown:
                came.setdefault((kind, key), []).append(number)
        if keys.digest in now.copies:
            now.copies[keys.digest].add(number)
    moved = set(came)
    for number in stale:
        if (row := stored.rows.get(number)) is not None:
            moved.update((WHOLE, k) for k in wanted[WHOLE].intersection(row.whole_keys))
            moved.update((GRAM, k) for k in wanted[GRAM].intersection(row.gram_keys))
    before = {WHOLE: was.holders.wholes, GRAM: was.holders.grams}
    after = {WHOLE: now.holders.wholes, GRAM: now.holders.grams}
    for kind, key in moved:
        held = [n for n in before[kind].get(key, ()) if n not in stale]
        held += came.get((kind, key), [])
        if held:
            after[kind][key] = held
        else:
            after[kind].pop(key, None)
    return now


@dataclass(frozen=True)
class _After:
    """Which files hold the keys of the files `woken` looked at, once `stale` files are
    gone and the `fresh` ones come; so the files it wakes, read next, are told who holds
    their keys without looking it up again."""

    state: _State
    stale: frozenset[int]
    fresh: set[int]

    def fits(self, kept: Kept, want: Mapping[int, set[int]]) -> frozenset[int] | None:
        """The files to leave out of `state` for it to be `kept`, for the keys `want`ed
        (None: it cannot tell)."""
        if not (self.stale <= kept.stale and self.fresh == kept.extra.keys()):
            return None
        if not (want[WHOLE] <= self.state.wanted[WHOLE] and want[GRAM] <= self.state.wanted[GRAM]):
            return None
        return frozenset(kept.stale - self.stale)


@dataclass
class _State:
    """Which files hold the keys of some files, and which have their contents (for
    `unit_evidence`), in one state of the corpus."""

    holders: Holders = field(default_factory=Holders)
    copies: dict[int, set[int]] = field(default_factory=dict)  # only the digests wanted
    wanted: dict[int, set[int]] = field(default_factory=dict)  # the keys whose holders it has


def write(
    db: sqlite3.Connection, shown: Mapping[str, FileKeys], gone: Iterable[str], whole: bool
) -> None:
    """Keep what the files read this time show (inside the caller's transaction): all of
    it if `whole`, else in place of what those files and the `gone` ones showed before."""
    if whole:
        db.execute("DELETE FROM evidence")
    else:
        db.executemany(
            "DELETE FROM evidence WHERE file = ?", [(file_number(s),) for s in (*shown, *gone)]
        )
    db.executemany(
        "INSERT OR REPLACE INTO evidence VALUES (?, ?, ?, ?, ?)",
        [
            (
                file_number(source),
                keys.digest,
                keys.whole_keys.tobytes(),
                keys.gram_keys.tobytes(),
                keys.sizes.tobytes(),
            )
            for source, keys in shown.items()
        ],
    )
