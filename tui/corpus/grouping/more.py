"""Versions added to stories made before (a refresh): grouped as `cluster.cluster` would
group all of them, looking only at the pairs with a new version.

The fresh versions' fingerprints are indexed and each kept version's stored ones are
checked against them; the candidates are verified as `cluster` verifies them. As in
`cluster`, versions with the very same text are one group from the start, and are
compared with the other texts once, as the copy read first (by file and place): the
copy whose headline the pair rules read. Kept stories that nothing joins come back as
they were; the others are made again from their members. A kept story is grouped again
from its versions when what decided it may now go otherwise: a new copy of one of its
texts read before the copy it was compared as, or a correction of it that a new item
may now match best (`corrections.reopened`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from itertools import combinations

from ..model import Story, Version
from .cluster import DF_CAP, MIN_SHARED, UnionFind, assign_ids, story_of
from .corrections import join_corrections, reopened
from .docs import Doc, doc_of
from .rules import may_be_one, same_story


class _Docs:
    """The docs of `versions`, each read when first asked for (kept versions mostly
    need only their stored fingerprints and text keys)."""

    def __init__(self, versions: list[Version]) -> None:
        self.versions = versions
        self.made: dict[int, Doc] = {}

    def __call__(self, i: int) -> Doc:
        made = self.made
        if i not in made:
            self.known(i, doc_of(self.versions[i]))
        return made[i]

    def known(self, i: int, made: Doc) -> None:
        """Version `i`'s doc, made where it was read (light: its words, if needed, are read
        again here, one string per word)."""
        self.made[i] = made
        self.versions[i].shingles = made.shingles
        self.versions[i].key = made.key

    def size(self, i: int) -> int:
        """How many fingerprints version `i` has (as stored, or read now)."""
        stored = self.versions[i].shingles
        return len(stored if stored is not None else self(i).shingles)

    def key(self, i: int) -> str:
        """Version `i`'s text key (as stored, or read now)."""
        stored = self.versions[i].key
        return stored if stored is not None else self(i).key


def _text_key(version: Version) -> str:
    """A kept version's text key, as stored (or read now, and kept on it)."""
    if version.key is None:
        version.key = doc_of(version).key
    return version.key


def cluster_more(
    kept: list[Story],
    fresh: list[Version],
    progress: Callable[[int, int], None] | None = None,
    docs: list[Doc | None] | None = None,
) -> list[Story]:
    """Stories after adding `fresh` versions to stories made before (`kept`, unchanged).

    `docs`, if given, holds the fresh versions' docs made where they were read (None:
    make it here). See the module docstring.
    """
    made = _Docs(fresh)
    for j, found in enumerate(docs or ()):
        if found is not None:
            made.known(j, found)
    fresh_keys = [made.key(j) for j in range(len(fresh))]  # stored, or read (and kept) now
    given: list[Doc | None] = [made.made.get(j) for j in range(len(fresh))]
    corrections, copies = reopened(kept, fresh), _new_first(kept, fresh, fresh_keys)
    reopen = [a or b for a, b in zip(corrections, copies, strict=True)]
    if any(reopen):  # grouped again from their versions, as fresh ones (their docs made here)
        loose = [
            v for story, again in zip(kept, reopen, strict=True) if again for v in story.versions
        ]
        kept = [story for story, again in zip(kept, reopen, strict=True) if not again]
        fresh, given = loose + fresh, [*([None] * len(loose)), *given]
    assign_ids(fresh)
    old = [v for story in kept for v in story.versions]
    versions = old + fresh
    n_old = len(old)
    uf = UnionFind(len(versions))
    start = 0
    for story in kept:
        for k in range(1, len(story.versions)):
            uf.union(start, start + k)
        start += len(story.versions)
    doc = _Docs(versions)
    for j, found in enumerate(given):
        if found is not None:
            doc.known(n_old + j, found)
    first = _first_copies(versions, doc)
    for i, copy in enumerate(first):
        if copy != i:
            uf.union(i, copy)
    pairs = _fresh_pairs(n_old, doc, first)
    size = doc.size
    for n, ((a, b), shared) in enumerate(sorted(pairs.items())):
        small = min(size(a), size(b))
        # Asked of the stored sizes first: a kept version is read for clustering (its doc
        # made) only when the pair may be one story.
        if (
            may_be_one(shared, small, max(size(a), size(b)))
            and (shared >= MIN_SHARED or shared == small)
            and same_story(doc(a), doc(b), shared)
        ):
            uf.union(a, b)
        if progress and n % 2000 == 0:
            progress(n, len(pairs))
    join_corrections(versions, doc, uf.union, fresh=set(range(n_old, len(versions))))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(versions)):
        groups[uf.find(i)].append(i)
    return _regroup(kept, list(groups.values()), doc)


def _place(version: Version) -> tuple[str, tuple[int, int]]:
    """Where a version was read: `cluster` takes versions in this order (files by name)."""
    return version.source, version.lines


def _new_first(kept: list[Story], fresh: list[Version], keys: Sequence[str]) -> list[bool]:
    """Which kept stories hold a text that a fresh version repeats from a place read before
    the copy it was compared as (which then changes)."""
    earliest: dict[str, tuple[str, tuple[int, int]]] = {}
    for version, key in zip(fresh, keys, strict=True):
        place = _place(version)
        if key not in earliest or place < earliest[key]:
            earliest[key] = place
    out = []
    for story in kept:
        copies: dict[str, tuple[str, tuple[int, int]]] = {}
        for v in story.versions:
            key = _text_key(v)
            if key in earliest and (key not in copies or _place(v) < copies[key]):
                copies[key] = _place(v)
        out.append(any(earliest[key] < at for key, at in copies.items()))
    return out


def _first_copies(versions: list[Version], doc: _Docs) -> list[int]:
    """For each version, the version holding the first copy of its text (itself, mostly)."""
    first: dict[str, int] = {}
    at = sorted(range(len(versions)), key=lambda i: _place(versions[i]))
    for i in at:
        first.setdefault(doc.key(i), i)
    return [first[doc.key(i)] for i in range(len(versions))]


def _fresh_pairs(n_old: int, doc: _Docs, first: list[int]) -> Counter[tuple[int, int]]:
    """Pairs of texts that share fingerprints, each with a fresh version (from `n_old` on),
    each text as its first copy (`first`), with the count shared (a 5-gram in more than
    DF_CAP texts counted in none)."""
    versions = doc.versions
    postings: dict[int, list[int]] = defaultdict(list)
    for i in range(n_old, len(versions)):
        if first[i] == i:
            for h in doc(i).shingles:
                postings[h].append(i)
    keys = set(postings)
    seen_in_old: dict[int, int] = {}
    touching: list[tuple[int, set[int]]] = []
    for i, version in enumerate(versions[:n_old]):
        if first[i] != i:
            continue
        mine = version.shingles if version.shingles is not None else doc(i).shingles
        if keys.isdisjoint(mine):
            continue
        common = keys.intersection(mine)
        for h in common:
            seen_in_old[h] = seen_in_old.get(h, 0) + 1
        touching.append((i, common))
    capped = {h for h, posting in postings.items() if seen_in_old.get(h, 0) + len(posting) > DF_CAP}
    pairs: Counter[tuple[int, int]] = Counter()  # counted by `update`: in C, not one by one
    for i, common in touching:
        pairs.update((i, j) for h in common - capped for j in postings[h])
    for h, posting in postings.items():
        if len(posting) > 1 and h not in capped:
            pairs.update(combinations(posting, 2))
    return pairs


def _regroup(kept: list[Story], groups: list[list[int]], doc: _Docs) -> list[Story]:
    """The stories of `groups` (of version positions, kept stories' versions first):
    a kept story that nothing joined as it was, the others made again."""
    first_of = {}
    start = 0
    for story in kept:
        first_of[start] = story
        start += len(story.versions)
    stories, remade = [], []
    for members in groups:
        found = first_of.get(members[0])
        if found is not None and len(members) == len(found.versions):
            stories.append(found)  # nothing joined it: as it was
        else:
            remade.append(story_of([doc(i) for i in members]))
    taken = {s.id for s in stories}
    for story in remade:
        base, n = story.id, 1
        while story.id in taken:
            n += 1
            story.id = f"{base}-{n}"
        taken.add(story.id)
    stories.extend(remade)
    stories.sort(key=lambda s: (s.date or "0000", s.title.casefold(), s.id))
    return stories
