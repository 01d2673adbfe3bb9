"""Group versions into stories.

Candidates come from shared word 5-gram fingerprints (an inverted index with a
document-frequency cap, so boilerplate shared by many texts cannot link them); each
candidate pair is then verified by containment and paragraph alignment, and pairs
that differ mainly in their figures (recurring template reports) are kept apart.
No all-pairs comparison is made.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date as Date
from itertools import chain, combinations

from rapidfuzz.distance import Indel

from ..ingest.clean import tokens_key
from ..ingest.signals import dateline
from ..model import Story, Version
from ..text import fingerprint_words, fold, squash, words
from .fingerprint import shingles, token_ids

DF_CAP = 64  # a 5-gram found in more distinct texts than this is boilerplate
MIN_CONTAINMENT = 0.25  # below this share of the shorter text, never the same story
SURE_CONTAINMENT = 0.5  # at or above it, the same story (unless a template report)
MIN_SHARED = 3


@dataclass
class _Doc:
    version: Version
    key: str
    tokens: list[str]
    shingles: set[int]
    numbers: Counter
    names: frozenset[str]
    days: frozenset[str]


_HAS_DIGIT = re.compile(r"\d")
_DAY_NAMED = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b(?!,?\s*\d{4})"
)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w&'’.-]*")


def _lead_text(version: Version, limit: int) -> str:
    """The opening of the first two paragraphs, without the dateline."""
    lead = " ".join(version.paragraphs[:2])[:limit]
    line = dateline(lead)
    return lead[len(line) :] if line else lead


def _names(version: Version) -> frozenset[str]:
    """Capitalised words inside the lead's sentences: who and where the story is about."""
    return frozenset(fold(m.group()).strip(".") for m in _NAME.finditer(_lead_text(version, 400)))


def _days_named(version: Version) -> frozenset[str]:
    """Calendar days the lead talks about ("through April 6"), the dateline left out."""
    return frozenset(
        fold(" ".join(m.group().split())) for m in _DAY_NAMED.finditer(_lead_text(version, 600))
    )


def _doc(version: Version) -> _Doc:
    found = version.tokens if version.tokens is not None else words(" ".join(version.paragraphs))
    marks = version.fingerprint_tokens
    if marks is None:
        marks = fingerprint_words(" ".join(version.paragraphs))
    version.tokens = version.fingerprint_tokens = None  # read once; not kept past clustering
    tokens = list(map(sys.intern, found))  # one string per distinct word
    numbers = Counter(filter(_HAS_DIGIT.search, tokens))
    return _Doc(
        version,
        tokens_key(tokens),
        tokens,
        shingles(token_ids(marks)),
        numbers,
        _names(version),
        _days_named(version),
    )


def _days_apart(a: str | None, b: str | None) -> int:
    if not a or not b:
        return 0
    try:
        return abs((Date.fromisoformat(a) - Date.fromisoformat(b)).days)
    except ValueError:
        return 0


def _template_pair(a: _Doc, b: _Doc, containment: float) -> bool:
    """Same wording about other figures, days or names: a recurring report, not a re-send."""
    na, nb = sum(a.numbers.values()), sum(b.numbers.values())
    changed = 1 - sum((a.numbers & b.numbers).values()) / min(na, nb) if min(na, nb) else 0.0
    if min(na, nb) >= 6 and min(na, nb) >= 0.7 * max(na, nb) and changed >= 0.3:
        return True
    if a.days and b.days and not a.days & b.days and (changed > 0 or containment < 0.9):
        return True  # the same report "through April 6" and "through April 7"
    days = _days_apart(a.version.date, b.version.date)
    if days >= 2 and (changed > 0 or containment < 0.6):
        return True  # the same wording on another day with other figures: next week's report
    if min(len(a.tokens), len(b.tokens)) >= 120:
        return False
    # Short items that share a formula ("X said it is raising its prime rate to ...",
    # "Qtly div 17 cts vs 17 cts prior") are about different companies or places
    # unless they name the same ones: in the dateline, the headline and the lead.
    va, vb = a.version, b.version
    if va.dateline and vb.dateline and _place(va.dateline) != _place(vb.dateline):
        return True
    ta, tb = _title_words(va.title), _title_words(vb.title)
    if ta and tb and va.title_near and vb.title_near and len(ta & tb) < 0.4 * min(len(ta), len(tb)):
        return True
    if a.names and b.names:
        return len(a.names & b.names) < 0.5 * min(len(a.names), len(b.names))
    return False


_TITLE_NOISE = frozenset(
    "corrected correction update updated refile repeat the a an of to in on for and at by".split()
)


def _title_words(title: str | None) -> frozenset[str]:
    return (
        frozenset(w for w in words(title or "") if w not in _TITLE_NOISE) if title else frozenset()
    )


def _place(line: str) -> str:
    return fold(re.split(r"[,(]", line, maxsplit=1)[0]).strip()


def _aligned_paragraphs(small: _Doc, large: _Doc) -> tuple[int, int]:
    """How many of the shorter text's paragraphs are mostly found in the longer one."""
    hits = total = 0
    for paragraph in small.version.paragraphs:
        sh = shingles(token_ids(fingerprint_words(paragraph)))
        if len(sh) < 4:
            continue
        total += 1
        if len(sh & large.shingles) >= 0.5 * len(sh):
            hits += 1
    return hits, total


def same_story(a: _Doc, b: _Doc, shared: int) -> bool:
    small, large = (a, b) if len(a.shingles) <= len(b.shingles) else (b, a)
    if not small.shingles:
        return False
    containment = shared / len(small.shingles)
    if containment < MIN_CONTAINMENT or _template_pair(a, b, containment):
        return False
    if containment >= SURE_CONTAINMENT:
        return True
    hits, total = _aligned_paragraphs(small, large)
    return hits >= 2 and hits >= 0.3 * total


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _candidates(docs: list[_Doc]) -> dict[tuple[int, int], int]:
    """Pairs of distinct texts that share fingerprints, with the count shared."""
    index: dict[int, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        for h in doc.shingles:
            index[h].append(i)
    # Postings list texts in order, so each pair comes as (lower, higher).
    pairs = Counter(
        chain.from_iterable(
            combinations(posting, 2) for posting in index.values() if 1 < len(posting) <= DF_CAP
        )
    )
    return {
        pair: count
        for pair, count in pairs.items()
        if count >= MIN_SHARED
        or count == min(len(docs[pair[0]].shingles), len(docs[pair[1]].shingles))
    }


_CORRECTION_TITLE = re.compile(r"^\W*(?:corrected|correction|refile[ds]?|repeat(?:ed)?)\b", re.I)
_CORRECTION_NOTE = re.compile(
    r"\b(?:corrects?|corrected|correcting)\b[^.]{0,80}\b(?:item|story|report|headline|dispatch)\b",
    re.I,
)
_TICKER = re.compile(r"<([A-Z][A-Z0-9.]{0,9})>")
_CONTENT_WORD = re.compile(r"^\w{4,}$")


def _is_correction(version: Version) -> bool:
    """A re-send that says so: a "CORRECTED -" headline or a "corrects ... item" note."""
    if version.title and _CORRECTION_TITLE.match(version.title):
        return True
    return any(_CORRECTION_NOTE.search(p) for p in version.paragraphs[-3:])


def _word_overlap(a: _Doc, b: _Doc) -> float:
    wa = {t for t in a.tokens if _CONTENT_WORD.match(t)}
    wb = {t for t in b.tokens if _CONTENT_WORD.match(t)}
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0


def _join_corrections(
    versions: list[Version],
    doc: Callable[[int], _Doc],
    uf: _UnionFind,
    fresh: set[int] | None = None,
) -> None:
    """Link each announced correction to the item it corrects.

    A correction may rewrite much of the text or swap every figure, so fingerprints
    and the template rules miss it; what it keeps is the dateline place, the day (or
    the days just before) and the company ticker or the people it names. The best
    such earlier item is joined, and only one. With `fresh`, only pairs that involve
    a fresh version are considered (the others were settled before).
    """
    places = {i: _place(v.dateline) for i, v in enumerate(versions) if v.dateline}
    if fresh is not None:  # only places where something fresh was filed can change
        wanted = {places[i] for i in fresh if i in places}
        places = {i: place for i, place in places.items() if place in wanted}
    by_place: dict[str, list[int]] = defaultdict(list)
    for i, place in places.items():
        by_place[place].append(i)
    correction = {i: _is_correction(versions[i]) for i in places}
    for i in places:
        v = versions[i]
        if not correction[i]:
            continue
        tickers = set(_TICKER.findall(v.title or ""))
        title = _title_stems(v.title)
        best, best_score = -1, 0.0
        for j in by_place[places[i]]:
            other = versions[j]
            if j == i or correction[j] or not _before(other.date, v.date):
                continue
            if fresh is not None and i not in fresh and j not in fresh:
                continue
            words_shared = _word_overlap(doc(i), doc(j))
            other_title = _title_stems(other.title)
            titles_shared = (
                len(title & other_title) / min(len(title), len(other_title))
                if title and other_title
                else 0.0
            )
            same_ticker = bool(tickers & set(_TICKER.findall(other.title or "")))
            if words_shared < 0.4 or not (same_ticker or titles_shared >= 0.5):
                continue
            score = words_shared + titles_shared + same_ticker
            if score > best_score:
                best, best_score = j, score
        if best >= 0:
            uf.union(i, best)


def _title_stems(title: str | None) -> frozenset[str]:
    """Headline words cut to five letters, so "Austria" meets "Austrian"."""
    return frozenset(w[:5] for w in _title_words(title))


def _before(earlier: str | None, later: str | None, window: int = 3) -> bool:
    """Whether `earlier` is the same day as `later` or up to `window` days before it."""
    if not earlier or not later:
        return earlier == later
    try:
        gap = (Date.fromisoformat(later) - Date.fromisoformat(earlier)).days
    except ValueError:
        return False
    return 0 <= gap <= window


def _lead_title(version: Version) -> str:
    """A title made from the lead when no version has a headline."""
    text = version.paragraphs[0]
    line = dateline(text)
    if line:
        text = text[len(line) :].lstrip(" —–-:")
    sentence = text.split(". ")[0]
    tokens = sentence.split()
    if len(tokens) > 14:
        return " ".join(tokens[:12]).rstrip(",;:") + "…"
    return squash(sentence).rstrip(".")


def _kind(version: Version, canonical: Version) -> str:
    if version is canonical:
        return "canonical"
    ratio = version.word_count / max(1, canonical.word_count)
    retitled = bool(
        version.title and canonical.title and version.title.casefold() != canonical.title.casefold()
    )
    if version.similarity >= 0.9:
        kind = "near-verbatim reprint"
    elif ratio >= 1.1:
        kind = "longer edition"
    elif ratio < 0.6 and version.similarity < 0.7:
        kind = "condensed rewrite"
    else:
        kind = "shorter edition" if ratio < 0.95 else "edited version"
    return kind + (", different headline" if retitled else "")


def _story(members: list[_Doc]) -> Story:
    def completeness(d: _Doc) -> tuple:
        v = d.version
        return (len(d.tokens), bool(v.title), bool(v.byline), bool(v.date), len(v.captions), d.key)

    canonical_doc = max(members, key=completeness)
    canonical = canonical_doc.version
    for doc in members:
        v = doc.version
        v.canonical = doc is canonical_doc
        v.similarity = (
            1.0 if v.canonical else Indel.normalized_similarity(doc.tokens, canonical_doc.tokens)
        )
    for doc in members:
        doc.version.kind = _kind(doc.version, canonical)
    members.sort(
        key=lambda d: (d.version.date or "9999", -len(d.tokens), d.version.source, d.version.lines)
    )
    earliest = min(members, key=lambda d: (d.version.date or "9999", d.key))
    titles = [d.version.title for d in members if d.version.title]
    title = canonical.title or (
        Counter(titles).most_common(1)[0][0] if titles else _lead_title(canonical)
    )
    return Story(id=earliest.key[:12], title=title, versions=[d.version for d in members])


def _assign_ids(versions: list[Version]) -> None:
    for (
        v
    ) in versions:  # a source is printable, but a name kept as bytes must not break the hash either
        seed = f"{v.source}:{v.lines[0]}-{v.lines[1]}".encode("utf-8", "surrogateescape")
        v.id = hashlib.blake2b(seed, digest_size=5).hexdigest()


def cluster(
    versions: list[Version], progress: Callable[[int, int], None] | None = None
) -> list[Story]:
    """Stories from versions; each version lands in exactly one story."""
    _assign_ids(versions)
    docs = [_doc(v) for v in versions]
    for doc in docs:
        doc.version.shingles = frozenset(doc.shingles)
    # Identical texts are one group from the start, and one entry in the index.
    by_key: dict[str, int] = {}
    uf = _UnionFind(len(docs))
    distinct: list[int] = []
    for i, doc in enumerate(docs):
        if doc.key in by_key:
            uf.union(by_key[doc.key], i)
        else:
            by_key[doc.key] = i
            distinct.append(i)
    unique = [docs[i] for i in distinct]
    pairs = _candidates(unique)
    for n, ((a, b), shared) in enumerate(sorted(pairs.items())):
        if same_story(unique[a], unique[b], shared):
            uf.union(distinct[a], distinct[b])
        if progress and n % 2000 == 0:
            progress(n, len(pairs))
    _join_corrections([d.version for d in docs], docs.__getitem__, uf)
    groups: dict[int, list[_Doc]] = defaultdict(list)
    for i, doc in enumerate(docs):
        groups[uf.find(i)].append(doc)
    stories = [_story(members) for members in groups.values()]
    _unique_ids(stories)
    stories.sort(key=lambda s: (s.date or "0000", s.title.casefold(), s.id), reverse=False)
    return stories


def _unique_ids(stories: list[Story]) -> None:
    seen: Counter = Counter()
    for story in sorted(stories, key=lambda s: (s.id, s.versions[0].source)):
        seen[story.id] += 1
        if seen[story.id] > 1:
            story.id = f"{story.id}-{seen[story.id]}"


def cluster_more(
    kept: list[Story], fresh: list[Version], progress: Callable[[int, int], None] | None = None
) -> list[Story]:
    """Stories after adding `fresh` versions to stories made before (`kept`, unchanged).

    Only pairs with a fresh version are looked for: the fresh versions' fingerprints
    are indexed, each kept version's stored fingerprints are checked against them, and
    the candidates are verified as in `cluster`. Kept stories that nothing joins are
    returned as they were; the others are made again from their members.
    """
    _assign_ids(fresh)
    old = [v for story in kept for v in story.versions]
    versions = old + fresh
    n_old = len(old)
    uf = _UnionFind(len(versions))
    start = 0
    for story in kept:
        for k in range(1, len(story.versions)):
            uf.union(start, start + k)
        start += len(story.versions)
    docs: dict[int, _Doc] = {}

    def doc(i: int) -> _Doc:
        if i not in docs:
            docs[i] = _doc(versions[i])
            versions[i].shingles = frozenset(docs[i].shingles)
        return docs[i]

    postings: dict[int, list[int]] = defaultdict(list)
    for i in range(n_old, len(versions)):
        for h in doc(i).shingles:
            postings[h].append(i)
    keys = set(postings)
    seen_in_old: dict[int, int] = {}
    touching: list[tuple[int, set[int]]] = []
    for i, version in enumerate(old):
        mine = version.shingles if version.shingles is not None else doc(i).shingles
        if keys.isdisjoint(mine):
            continue
        common = keys.intersection(mine)
        for h in common:
            seen_in_old[h] = seen_in_old.get(h, 0) + 1
        touching.append((i, common))
    capped = {h for h, posting in postings.items() if seen_in_old.get(h, 0) + len(posting) > DF_CAP}
    pairs: Counter = Counter()
    for i, common in touching:
        for h in common - capped:
            for j in postings[h]:
                pairs[(i, j)] += 1
    for h, posting in postings.items():
        if h in capped:
            continue
        for x in range(len(posting)):
            for y in range(x + 1, len(posting)):
                pairs[(posting[x], posting[y])] += 1
    size = lambda i: len(
        versions[i].shingles if versions[i].shingles is not None else doc(i).shingles
    )  # noqa: E731
    for n, ((a, b), shared) in enumerate(sorted(pairs.items())):
        if (shared >= MIN_SHARED or shared == min(size(a), size(b))) and same_story(
            doc(a), doc(b), shared
        ):
            uf.union(a, b)
        if progress and n % 2000 == 0:
            progress(n, len(pairs))
    _join_corrections(versions, doc, uf, fresh=set(range(n_old, len(versions))))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(versions)):
        groups[uf.find(i)].append(i)
    first_of = {}
    start = 0
    for story in kept:
        first_of[start] = story
        start += len(story.versions)
    stories, remade = [], []
    for members in groups.values():
        story = first_of.get(members[0])
        if story is not None and len(members) == len(story.versions):
            stories.append(story)  # nothing joined it: as it was
        else:
            remade.append(_story([doc(i) for i in members]))
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
