"""Group versions into stories.

Candidates come from shared word 5-gram fingerprints (an inverted index with a
document-frequency cap, so boilerplate shared by many texts cannot link them); each
candidate pair is then verified by containment and paragraph alignment, and pairs
that differ mainly in their figures (recurring template reports) are kept apart
(`rules`); announced corrections are joined to what they correct (`corrections`).
No all-pairs comparison is made. This module finds the candidates, joins the pairs
into groups and makes each group a story (`cluster`; `more.cluster_more` adds versions
to stories made before).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import chain

from rapidfuzz.distance import Indel

from ..ingest.clean import about_lede
from ..ingest.signals import dateline
from ..model import Story, Version
from ..text import squash, words
from .corrections import join_corrections
from .docs import Doc, doc_of
from .rules import same_story

DF_CAP = 64  # a 5-gram found in more distinct texts than this is boilerplate
MIN_SHARED = 3


class UnionFind:
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


PART_SHINGLES = 1_000_000  # fingerprints counted at a time, at most (about)


def _candidates(docs: list[Doc]) -> dict[tuple[int, int], int]:
    """Pairs of distinct texts that share fingerprints, with the count shared (those held
    by one text or by more than DF_CAP left out; `pairs.PairCounts`).

    Fingerprints are counted a range of values at a time (each doc's are in order, so
    its share of a range is a slice): a 5-gram's holders are all in its range, so the
    counts are the same, but what is sorted at once is a part of the corpus's 5-grams,
    not all of them."""
    from .pairs import PairCounts  # here: numpy is imported only when texts are grouped

    total = sum(len(doc.shingles) for doc in docs)
    parts = max(1, -(-total // PART_SHINGLES))
    counts = PairCounts(len(docs))
    if parts == 1:
        counts.add([doc.shingles for doc in docs], DF_CAP)
    else:
        step = 2**64 // parts  # 5-gram hashes are spread over the signed 64-bit range
        bounds = [-(2**63) + k * step for k in range(1, parts)]
        cut = [[0] * len(docs)]  # where each doc's slice of the range starts
        for bound in bounds:
            cut.append([bisect_left(doc.shingles, bound) for doc in docs])
        cut.append([len(doc.shingles) for doc in docs])
        for lo, hi in zip(cut, cut[1:], strict=False):
            held = [doc.shingles[a:b] for doc, a, b in zip(docs, lo, hi, strict=True)]
            counts.add(held, DF_CAP)
    return counts.pairs([len(doc.shingles) for doc in docs], MIN_SHARED)


_SENTENCE_END = re.compile(r"(?<![A-Z])\.\s+")


def _lead_title(version: Version) -> str:
    """A title made from the lead when no version has a headline."""
    text = version.paragraphs[0]
    line = dateline(text)
    if line:
        text = text[len(line) :].lstrip(" —–-:")
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0]  # not at "U.S. Secretary"
    tokens = sentence.split()
    if len(tokens) > 14:
        return " ".join(tokens[:12]).rstrip(",;:") + "…"
    return squash(sentence).rstrip(".")


TOP_LINES = 8  # a body this near the top of its segment has nothing above it but a header


def _on_top(version: Version) -> bool:
    """Whether the version's body starts right below the top of its segment: then its title
    is the one heading above the text (a body-only extraction under its page's headline),
    not a line picked out of a page's furniture."""
    spans = version.paragraph_lines
    return bool(spans) and spans[0][0] - version.lines[0] <= TOP_LINES


def _best_title(versions: list[Version], canonical: Version) -> str:
    """The story's headline among its versions' titles: one about the lede of the version
    that carries it first, then one with only a header between it and its text, the one
    most versions carry (as their title or inside it), one found just above a body, the
    canonical version's; a title made from the lead when no version has one."""
    titles = {v.title for v in versions if v.title}
    if len(titles) == 1:  # most stories: one title (or one version), nothing to choose
        return titles.pop()
    votes: Counter[str] = Counter()
    best: dict[str, tuple[bool, bool, bool, bool, str]] = {}
    for v in versions:
        if not v.title:
            continue
        key = v.title.casefold()
        votes[key] += 1
        lede = set(chain.from_iterable(map(words, v.paragraphs[:4])))
        mark = (about_lede(v.title, lede), _on_top(v), v.title_near, v is canonical, v.title)
        best[key] = max(best.get(key, mark), mark)
    if not best:
        return _lead_title(canonical)
    # A title inside another ("Site :: Headline") is carried by both versions.
    carried = {k: sum(n for j, n in votes.items() if k in j or j in k) for k in votes}
    key = max(best, key=lambda k: (*best[k][:2], carried[k], *best[k][2:4]))
    return best[key][4]


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


def _completeness(d: Doc) -> tuple[int, bool, bool, bool, int, str]:
    """How complete a version is, to pick a story's canonical one (ties: by key)."""
    v = d.version
    return (d.size, bool(v.title), bool(v.byline), bool(v.date), len(v.captions), d.key)


SAME_LENGTH = 0.05  # another reading of the same text is this near its length,
SAME_TEXT = 0.6  # ... and this alike, word by word (Indel),
MORE_INTACT = 1.1  # ... and has this many times its function words, and 3 more at least
MISREAD_WORDS = 25  # ... in a text of at least this many words


def _cleaner_reading(chosen: Doc, members: list[Doc]) -> Doc:
    """`chosen`, or another reading of the same text that a scanner misread less: OCR
    misreads function words as often as any ("tbe", "aud"), so of two readings of one
    text the better keeps more of them (the commonest words of every text)."""
    if len(members) < 2 or chosen.size < MISREAD_WORDS:
        return chosen  # (one-line items differ in a name or two: the forms of many)
    from ..ingest.body import STOPWORDS

    def intact(doc: Doc) -> int:
        return sum(map(STOPWORDS.__contains__, doc.tokens))

    best, most = chosen, intact(chosen)
    least = max(most * MORE_INTACT, most + 3)
    for doc in members:
        if doc is chosen or abs(doc.size - chosen.size) > SAME_LENGTH * chosen.size:
            continue
        kept = intact(doc)
        if kept >= least and kept > most:
            if Indel.normalized_similarity(doc.tokens, chosen.tokens) >= SAME_TEXT:
                best, most = doc, kept
    return best


def story_of(members: list[Doc]) -> Story:
    # Of versions equally complete (the same text twice), the first by file and line:
    # the same one whatever order the members come in (a refresh brings them otherwise).
    by_place = sorted(members, key=lambda d: (d.version.source, d.version.lines))
    canonical_doc = _cleaner_reading(max(by_place, key=_completeness), by_place)
    canonical = canonical_doc.version
    for doc in members:
        v = doc.version
        v.canonical = doc is canonical_doc
        v.similarity = (
            1.0 if v.canonical else Indel.normalized_similarity(doc.tokens, canonical_doc.tokens)
        )
    for doc in members:
        doc.version.kind = _kind(doc.version, canonical)
        doc.light()  # its words are not needed again: held for every story, hundreds of MB
    members.sort(
        key=lambda d: (d.version.date or "9999", -d.size, d.version.source, d.version.lines)
    )
    earliest = min(members, key=lambda d: (d.version.date or "9999", d.key))
    title = _best_title([d.version for d in members], canonical)
    return Story(id=earliest.key[:12], title=title, versions=[d.version for d in members])


def assign_ids(versions: list[Version]) -> None:
    # A source is printable, but a name kept as bytes must not break the hash either.
    for v in versions:
        seed = f"{v.source}:{v.lines[0]}-{v.lines[1]}".encode("utf-8", "surrogateescape")
        v.id = hashlib.blake2b(seed, digest_size=5).hexdigest()


def cluster(
    versions: list[Version],
    progress: Callable[[int, int], None] | None = None,
    fingerprinting: Callable[[int, int], None] | None = None,
    docs: list[Doc] | None = None,
) -> list[Story]:
    """Stories from versions; each version lands in exactly one story.

    `progress` is told the candidate pairs verified, `fingerprinting` the versions
    fingerprinted before (a step of its own: seconds at 100,000 versions), unless
    their `docs` (`doc_of` each) were made where they were read."""
    assign_ids(versions)
    docs = docs if docs is not None else _fingerprinted(versions, fingerprinting)
    for doc in docs:
        doc.version.shingles, doc.version.key = doc.shingles, doc.key
    # Identical texts are one group from the start, and one entry in the index.
    by_key: dict[str, int] = {}
    uf = UnionFind(len(docs))
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
    join_corrections([d.version for d in docs], docs.__getitem__, uf.union)
    groups: dict[int, list[Doc]] = defaultdict(list)
    for i, doc in enumerate(docs):
        groups[uf.find(i)].append(doc)
    stories = [story_of(members) for members in groups.values()]
    _unique_ids(stories)
    stories.sort(key=lambda s: (s.date or "0000", s.title.casefold(), s.id), reverse=False)
    return stories


def _fingerprinted(
    versions: list[Version], progress: Callable[[int, int], None] | None
) -> list[Doc]:
    docs = []
    for n, version in enumerate(versions):
        if progress and n % 500 == 0:
            progress(n, len(versions))
        docs.append(doc_of(version))
    if progress:
        progress(len(versions), len(versions))
    return docs


def _unique_ids(stories: list[Story]) -> None:
    seen: Counter[str] = Counter()
    for story in sorted(stories, key=lambda s: (s.id, s.versions[0].source)):
        seen[story.id] += 1
        if seen[story.id] > 1:
            story.id = f"{story.id}-{seen[story.id]}"
