"""Fuzzy search over every unit of a corpus, with an fzf-like query language.

Units are story titles, version titles, bylines, paragraphs, subheads and captions,
each pointing to its story, version and paragraph. A query is space-separated terms
that must all match one unit:

    word        fuzzy: typos and missing letters allowed ("distracton")
    'word       exact word or substring          "exact phrase"   the phrase as typed
    ^word       at the start of the unit         !word            the unit must not hold it
    a|b         either                           title: by: date:2025-07   narrow the field

Candidates come from an inverted word index with the vocabulary expanded fuzzily
(rapidfuzz ratio) and by prefix; only they are re-ranked with rapidfuzz's
partial_ratio, whose alignment gives the span to highlight. Case, accents and curly
or straight quotes are folded away on both sides.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .model import Story
from .quotes import story_quotes
from .text import WORD, fold

KINDS = ("title", "version-title", "quote", "byline", "subhead", "paragraph", "caption")
FIELD_KINDS = {"title": {"title", "version-title"}, "by": {"byline", "quote"}, "quote": {"quote"}}
MAX_EXPANSIONS = 40


@dataclass(frozen=True)
class Unit:
    """One searchable piece of text and where it lives."""

    kind: str
    story: int  # index into the corpus's stories
    version: int  # index into the story's versions (-1: the story title)
    paragraph: int  # index into the version's paragraphs (-1: not a paragraph)
    text: str
    date: str | None = None
    speaker: str | None = None  # for quotes: who said it


@dataclass
class Term:
    """One parsed query term."""

    text: str
    mode: str = "fuzzy"  # fuzzy, exact, start
    negate: bool = False
    scope: str | None = None  # title, by, date, quote
    alternatives: list[Term] = field(default_factory=list)


@dataclass
class Hit:
    unit: Unit
    score: float
    spans: list[tuple[int, int]]  # character spans in unit.text to highlight


@dataclass
class StoryHits:
    """Hits in one story: the best first, and how many of its versions have one."""

    story: int
    hits: list[Hit]
    versions_hit: int
    versions: int

    @property
    def best(self) -> Hit:
        return self.hits[0]


def parse(query: str) -> list[Term]:
    """Terms of a query (see the module docstring for the syntax)."""
    terms: list[Term] = []
    for token in re.findall(r'(?:\w+:)?"[^"]*"?|\S+', query.strip()):
        options = [_parse_one(part) for part in token.split("|") if part and part != "!"]
        options = [o for o in options if o.text]
        if not options:
            continue
        if len(options) == 1:
            terms.append(options[0])
        else:
            terms.append(Term("|".join(o.text for o in options), alternatives=options))
    return terms


def _parse_one(token: str) -> Term:
    negate = token.startswith("!")
    token = token[1:] if negate else token
    field_name = None
    match = re.match(r"(title|by|date|quote):(.*)", token, re.I)
    if match:
        field_name, token = match.group(1).lower(), match.group(2)
    mode = "fuzzy"
    if token.startswith('"'):
        mode, token = "exact", token.strip('"')
    elif token.startswith("'"):
        mode, token = "exact", token[1:]
    elif token.startswith("^"):
        mode, token = "start", token[1:]
    return Term(fold(token).strip(), mode, negate, field_name)


class SearchIndex:
    """Every unit of a corpus, an inverted word index and the sorted vocabulary."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.folded: list[str] = []
        self.postings: dict[str, list[int]] = defaultdict(list)
        self._vocabulary: list[str] | None = None

    @classmethod
    def build(cls, stories: list[Story]) -> SearchIndex:
        index = cls()
        for n, story in enumerate(stories):
            index.add_story(n, story)
        return index

    def add_story(self, n: int, story: Story) -> None:
        self._add(Unit("title", n, -1, -1, story.title, story.date))
        for v, version in enumerate(story.versions):
            if version.title and version.title != story.title:
                self._add(Unit("version-title", n, v, -1, version.title, version.date))
            if version.byline:
                self._add(Unit("byline", n, v, -1, version.byline, version.date))
            subheads = set(version.subheads)
            for p, paragraph in enumerate(version.paragraphs):
                self._add(Unit("subhead" if p in subheads else "paragraph", n, v, p, paragraph, version.date))
            for caption in version.captions:
                self._add(Unit("caption", n, v, -1, caption, version.date))
        for quote in story_quotes(story):
            for occurrence in quote.occurrences:
                version = story.versions[occurrence.version]
                self._add(Unit("quote", n, occurrence.version, occurrence.paragraph, occurrence.text, version.date,
                               quote.speaker))
        self._vocabulary = None

    def _add(self, unit: Unit) -> None:
        uid = len(self.units)
        self.units.append(unit)
        folded = fold(unit.text)
        self.folded.append(folded)
        for word in set(WORD.findall(folded)):
            self.postings[word].append(uid)

    @property
    def vocabulary(self) -> list[str]:
        if self._vocabulary is None:
            self._vocabulary = sorted(self.postings)
        return self._vocabulary

    # -- matching ------------------------------------------------------------

    def expand(self, word: str) -> dict[str, float]:
        """Vocabulary words a typed word may mean, with a 0-100 likeness."""
        found: dict[str, float] = {}
        if word in self.postings:
            found[word] = 100.0
        vocabulary = self.vocabulary
        start = bisect.bisect_left(vocabulary, word)
        for candidate in vocabulary[start:start + MAX_EXPANSIONS]:
            if not candidate.startswith(word):
                break
            found.setdefault(candidate, 90.0)
        if len(word) >= 4:
            cutoff = 80 if len(word) <= 6 else 75
            for candidate, score, _ in process.extract(word, vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff,
                                                       limit=MAX_EXPANSIONS):
                found.setdefault(candidate, score)
        return found

    def _candidates(self, term: Term) -> set[int] | None:
        """Units that may match `term` (None: any unit may)."""
        if term.alternatives:
            out: set[int] = set()
            for option in term.alternatives:
                found = self._candidates(option)
                if found is None:
                    return None
                out |= found
            return out
        words = WORD.findall(term.text)
        if not words or term.scope == "by":  # speakers are not in the word index
            return None
        sets = []
        for word in words:
            if term.mode == "fuzzy":
                ids: set[int] = set()
                for candidate in self.expand(word):
                    ids.update(self.postings[candidate])
            else:
                ids = set()
                vocabulary = self.vocabulary
                start = bisect.bisect_left(vocabulary, word)
                for candidate in vocabulary[start:]:
                    if not candidate.startswith(word):
                        break
                    ids.update(self.postings[candidate])
            sets.append(ids)
        sets.sort(key=len)
        return set.intersection(*sets) if sets else None

    def _score(self, term: Term, uid: int) -> tuple[float, list[tuple[int, int]]] | None:
        """How well unit `uid` matches a positive term, and where; None if it does not."""
        unit, folded = self.units[uid], self.folded[uid]
        if term.alternatives:
            best = None
            for option in term.alternatives:
                result = self._score(option, uid)
                if result and (best is None or result[0] > best[0]):
                    best = result
            return best
        if term.scope == "date":
            return (100.0, []) if unit.date and unit.date.startswith(term.text) else None
        if term.scope in FIELD_KINDS and unit.kind not in FIELD_KINDS[term.scope]:
            return None
        if term.scope == "by" and unit.kind == "quote":  # a word of the speaker's name matches
            names = WORD.findall(fold(unit.speaker or ""))
            best = process.extractOne(term.text, names, scorer=fuzz.ratio, score_cutoff=80.0) if names else None
            return (best[1], []) if best else None
        if term.mode == "exact":
            at = folded.find(term.text)
            return (100.0, [(at, at + len(term.text))]) if at >= 0 else None
        if term.mode == "start":
            return (100.0, [(0, len(term.text))]) if folded.startswith(term.text) else None
        cutoff = 100.0 if len(term.text) < 3 else 70.0
        alignment = fuzz.partial_ratio_alignment(term.text, folded, score_cutoff=cutoff)
        if alignment is None:
            return None
        return alignment.score, [_whole_words(folded, alignment.dest_start, alignment.dest_end)]

    def _excluded(self, term: Term, uid: int) -> bool:
        unit, folded = self.units[uid], self.folded[uid]
        if term.scope == "date":
            return bool(unit.date and unit.date.startswith(term.text))
        if term.mode == "start":
            return folded.startswith(term.text)
        return term.text in folded

    def search(self, query: str, limit: int = 200, stories: Iterable[int] | None = None) -> list[Hit]:
        """Units matching every term, best first."""
        terms = parse(query)
        positive = [t for t in terms if not t.negate]
        negative = [t for t in terms if t.negate]
        if not positive:
            return []
        candidates: set[int] | None = None
        for term in positive:
            if term.scope == "date":
                continue
            found = self._candidates(term)
            if found is not None:
                candidates = found if candidates is None else candidates & found
        pool = range(len(self.units)) if candidates is None else sorted(candidates)
        if stories is not None:
            allowed = set(stories)
            pool = [uid for uid in pool if self.units[uid].story in allowed]
        hits: list[Hit] = []
        for uid in pool:
            if any(self._excluded(t, uid) for t in negative):
                continue
            total, spans = 0.0, []
            for term in positive:
                result = self._score(term, uid)
                if result is None:
                    break
                total += result[0]
                spans.extend(result[1])
            else:
                hits.append(Hit(self.units[uid], total / len(positive), _merge_spans(spans)))
        hits.sort(key=lambda h: (-h.score, KINDS.index(h.unit.kind), h.unit.story, h.unit.version, h.unit.paragraph))
        return hits[:limit] if limit else hits


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to the words it touches (a fuzzy window can cut a word short)."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def group_by_story(hits: list[Hit], stories: list[Story]) -> list[StoryHits]:
    """Hits per story, stories in the order of their best hit."""
    groups: dict[int, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.unit.story, []).append(hit)
    out = []
    for story, story_hits in groups.items():
        versions = {h.unit.version for h in story_hits if h.unit.version >= 0}
        total = len(stories[story].versions)
        if any(h.unit.version < 0 for h in story_hits):  # a story-title hit speaks for every version
            versions = set(range(total))
        out.append(StoryHits(story, story_hits, len(versions), total))
    return out


def snippet(hit: Hit, width: int = 100) -> tuple[str, list[tuple[int, int]]]:
    """The unit's text cut to about `width` characters around the first match, and its spans there."""
    text = hit.unit.text
    if len(text) <= width or not hit.spans:
        return text[:width] + ("…" if len(text) > width else ""), [s for s in hit.spans if s[1] <= width]
    first = hit.spans[0][0]
    start = max(0, min(first - width // 3, len(text) - width))
    space = text.rfind(" ", 0, start + 1)
    if start and space > start - 15:
        start = space + 1
    end = min(len(text), start + width)
    prefix = "…" if start else ""
    cut = prefix + text[start:end] + ("…" if end < len(text) else "")
    shift = len(prefix) - start
    spans = [(a + shift, b + shift) for a, b in hit.spans if a >= start and b <= end]
    return cut, spans
