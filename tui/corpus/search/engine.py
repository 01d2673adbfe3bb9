"""Fuzzy search over every unit of a corpus, with an fzf-like query language.

Units (search_units) are story titles, version titles, bylines, paragraphs,
subheads, captions and quotes, each pointing to its story, version and paragraph. A
query (see query.py for its syntax) is terms that must all match one unit.

Candidates come from an inverted word index with the vocabulary expanded fuzzily
(rapidfuzz ratio) and by prefix; a unit scores the likeness of the best vocabulary
word it holds, and those words are what is highlighted. Case, accents and curly or
straight quotes are folded away on both sides.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import compress

from rapidfuzz import fuzz, process

from ..text import WORD, fold
from .backend import Backend
from .hits import Hit, StoryHits, merge_spans, snippet
from .query import Term, parse
from .units import KINDS, SearchUnit

__all__ = ["KINDS", "Hit", "SearchEngine", "StoryHits", "Term", "SearchUnit", "parse", "snippet"]

FIELD_KINDS = {"title": {"title", "version-title"}, "by": {"byline", "quote"}, "quote": {"quote"}}
MAX_EXPANSIONS = 40
BROAD_UNITS = 50_000  # a term found in more units than this lists the first of them only
SET_BUDGET = 4_000_000  # unit ids kept in the posting sets of recent words (~40 bytes each)


class SearchEngine(Backend):
    """The matching and ranking over a corpus's units, whatever keeps them (a `Backend`)."""

    # -- matching ------------------------------------------------------------

    def expand(self, word: str) -> dict[str, float]:
        """Vocabulary words a typed word may mean, with a 0-100 likeness."""
        found: dict[str, float] = {}
        if self._has(word):
            found[word] = 100.0
        vocabulary = self.vocabulary
        start = bisect.bisect_left(vocabulary, word)
        reach = (
            MAX_EXPANSIONS if len(word) > 2 else 10 * len(word)
        )  # "o" must not mean every o-word
        for candidate in vocabulary[start : start + reach]:
            if not candidate.startswith(word):
                break
            found.setdefault(candidate, 90.0)
        if len(word) >= 4:
            cutoff = 80 if len(word) <= 6 else 75
            for candidate, score, _ in process.extract(
                word, vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff, limit=MAX_EXPANSIONS
            ):
                found.setdefault(candidate, score)
        return found

    # Each term maps to {unit id: score 0-100}. A fuzzy term's score is the likeness
    # of the best vocabulary word the unit holds, so no unit text is compared at all;
    # once a term has narrowed the units, later terms are checked on those units only.

    def _words_pattern(self, words: Iterable[str]) -> re.Pattern[str]:
        ordered = sorted(set(words), key=len, reverse=True)
        return (
            re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b")
            if ordered
            else re.compile(r"(?!)")
        )

    def _term_words(self, term: Term) -> dict[str, float]:
        """Vocabulary words (with likeness) that satisfy a word-level term."""
        words = WORD.findall(term.text)
        if not words:
            return {}
        if term.mode == "fuzzy":
            return self.expand(words[-1]) if len(words) == 1 else {w: 100.0 for w in words}
        # exact or start: whole words give the candidates and the text is checked after;
        # only a lone, partly typed word is looked up by prefix.
        whole = {w: 100.0 for w in words[:-1] if self._has(w)}
        if whole:
            return {min(whole, key=self._count): 100.0}
        last = words[-1]
        vocabulary = self.vocabulary
        start = bisect.bisect_left(vocabulary, last)
        reach = len(vocabulary) if len(last) > 2 else 10 * len(last)
        found: dict[str, float] = {}
        for candidate in vocabulary[start : start + reach]:
            if not candidate.startswith(last):
                break
            found[candidate] = 100.0
        return found

    @staticmethod
    def _index_decides(term: Term) -> bool:
        """Whether holding one of the term's vocabulary words is enough to match it.

        True for one fuzzy word, and for one exact word (every vocabulary word it was
        expanded to starts with it, so the unit holds it); otherwise the unit is checked.
        """
        words = WORD.findall(term.text)
        if term.scope or len(words) != 1:
            return False
        return term.mode == "fuzzy" or (term.mode == "exact" and words[0] == term.text)

    def _needs_text(self, term: Term) -> bool:
        """Whether checking `term` on a unit reads the unit's text."""
        if term.alternatives:
            return any(self._needs_text(option) for option in term.alternatives)
        return term.scope != "date" and (term.mode != "fuzzy" or term.scope == "by")

    def _verify(self, term: Term, uid: int, folded: str | None) -> float | None:
        """Check a term on one unit directly (used once the candidates are few)."""
        if term.alternatives:
            scores = [self._verify(option, uid, folded) for option in term.alternatives]
            return max((x for x in scores if x is not None), default=None)
        if term.scope == "date":
            date = self._date(uid)
            return 100.0 if date and date.startswith(term.text) else None
        kind = self._kind_of(uid)
        if term.scope in FIELD_KINDS and kind not in FIELD_KINDS[term.scope]:
            return None
        if term.scope == "by":  # a word of the speaker's or the byline's name matches
            names = WORD.findall(
                fold((self._speaker(uid) or "") if kind == "quote" else self._text(uid))
            )
            best = (
                process.extractOne(term.text, names, scorer=fuzz.ratio, score_cutoff=80.0)
                if names
                else None
            )
            return best[1] if best else None
        if term.mode == "exact":
            return 100.0 if folded is not None and term.text in folded else None
        if term.mode == "start":
            return 100.0 if folded is not None and folded.startswith(term.text) else None
        for word, likeness in self._ranked(term):  # best first: most units stop at the first word
            if uid in self._posting_set(word):
                return likeness
        return None

    def _check(self, term: Term, scores: dict[int, float]) -> dict[int, float]:
        """`scores` kept for the units `term` holds on, each with the term's own score."""
        texts = self._folded_texts(scores) if self._needs_text(term) else {}
        out = {}
        for uid in scores:
            score = self._verify(term, uid, texts.get(uid))
            if score is not None:
                out[uid] = score
        return out

    def _ranked(self, term: Term) -> list[tuple[str, float]]:
        key = (term.text, "ranked")
        if key not in self._ranked_cache:
            self._ranked_cache[key] = sorted(
                self._expansions(term).items(), key=lambda item: -item[1]
            )
        return self._ranked_cache[key]

    def _posting_set(self, word: str) -> set[int] | frozenset[int]:
        """The units holding `word`, as a set (kept for the words queried most recently)."""
        found = self._sets.get(word)
        if found is None:
            found = frozenset(self._postings(word))
            if self._dead:
                found -= self._dead
            self._sets[word] = found
            self._set_size += len(found)
            while len(self._sets) > 1 and (len(self._sets) > 512 or self._set_size > SET_BUDGET):
                self._set_size -= len(self._sets.pop(next(iter(self._sets))))
        return found

    def _expansions(self, term: Term) -> dict[str, float]:
        key = (term.text, term.mode)
        if key not in self._cache:
            self._cache[key] = self._term_words(term)
        return self._cache[key]

    def _estimate(self, term: Term) -> int:
        if term.alternatives:
            return sum(self._estimate(o) for o in term.alternatives)
        if term.scope == "by":
            return sum(len(uids) for uids in self.names.values())
        if term.scope == "date" or not WORD.findall(term.text):
            return len(self)
        return sum(self._count(w) for w in self._expansions(term))

    def _gather(self, term: Term) -> dict[int, float]:
        """Every unit that satisfies a term, with its score (from the index, not the texts)."""
        if term.alternatives:
            out: dict[int, float] = {}
            for option in term.alternatives:
                for uid, score in self._gather(option).items():
                    if out.get(uid, -1) < score:
                        out[uid] = score
            return out
        if term.scope == "by":  # each distinct name is matched once, then all its units follow
            out = {}
            for name, uids in self.names.items():
                best = process.extractOne(
                    term.text, WORD.findall(name), scorer=fuzz.ratio, score_cutoff=80.0
                )
                if best:
                    out.update(dict.fromkeys(uids, best[1]))
            return out
        if term.scope == "date" or not WORD.findall(term.text):
            return self._check(term, dict.fromkeys(self._live(), 0.0))
        scores: dict[int, float] = {}
        dead = self._dead
        for word, likeness in self._ranked(term):
            if len(scores) >= BROAD_UNITS:
                break  # a word in most of a huge corpus: enough to show, no need to list them all
            for uid in self._postings(word)[:BROAD_UNITS]:
                if uid not in scores and uid not in dead:
                    scores[uid] = likeness
        if not self._index_decides(term):
            kept = self._check(term, scores)
            scores = {uid: scores[uid] for uid in kept}
        return scores

    def _match(
        self, query: str, stories: Iterable[int] | None = None
    ) -> tuple[list[Term], dict[int, float]]:
        """The parsed terms and every matching unit with its mean score."""
        if len(self._cache) > 4096:  # expansions are kept across keystrokes: typing repeats words
            self._cache.clear()
            self._patterns.clear()
            self._ranked_cache.clear()
        terms = parse(query)
        positive = sorted((t for t in terms if not t.negate), key=self._estimate)
        negative = [t for t in terms if t.negate]
        if not positive:
            return terms, {}
        totals = self._gather(positive[0])
        if stories is not None:
            allowed = set(stories)
            story_of = self._story
            totals = {uid: s for uid, s in totals.items() if story_of[uid] in allowed}
        for term in positive[1:]:
            if term.scope in ("date", "by") or term.alternatives or not WORD.findall(term.text):
                scored = self._check(term, totals)
            else:  # set intersections (in C) against the units still in the running
                current = set(totals)
                scored = {}
                for word, likeness in self._ranked(term):
                    for uid in current & self._posting_set(word):
                        if uid not in scored:
                            scored[uid] = likeness
                if not self._index_decides(term):
                    kept = self._check(term, scored)
                    scored = {uid: scored[uid] for uid in kept}
            totals = {uid: totals[uid] + score for uid, score in scored.items()}
        for term in negative:
            if (
                not term.scope
                and term.mode != "start"
                and self._index_decides(Term(term.text, "exact"))
            ):
                # one word: the units holding a word that starts with it (from the index)
                current, held = set(totals), set()
                for word in self._expansions(Term(term.text, "exact")):
                    held |= current & self._posting_set(word)
                totals = {uid: s for uid, s in totals.items() if uid not in held}
                continue
            texts = self._folded_texts(totals) if term.scope != "date" else {}
            totals = {
                uid: s
                for uid, s in totals.items()
                if not self._excluded(term, uid, texts.get(uid, ""))
            }
        n = len(positive)
        return terms, {uid: total / n for uid, total in totals.items()}

    def _spans(self, terms: list[Term], uid: int, folded: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for term in terms:
            options = term.alternatives or [term]
            for option in options:
                if option.negate or option.scope in ("date", "by"):
                    continue
                if option.mode == "start" and folded.startswith(option.text):
                    spans.append((0, len(option.text)))
                elif option.mode == "exact":
                    at = folded.find(option.text)
                    if at >= 0:
                        spans.append((at, at + len(option.text)))
                else:  # the words closest to what was typed (not every expansion)
                    words = self._expansions(option)
                    key = (option.text, "pattern")
                    if key not in self._patterns:
                        self._patterns[key] = self._words_pattern(words)
                    found = list(self._patterns[key].finditer(folded))
                    top = max((words[m.group()] for m in found), default=0)
                    spans.extend(m.span() for m in found if words[m.group()] == top)
        return merge_spans(spans)

    def _excluded(self, term: Term, uid: int, folded: str) -> bool:
        if term.scope == "date":
            date = self._date(uid)
            return bool(date and date.startswith(term.text))
        if term.mode == "start":
            return folded.startswith(term.text)
        return term.text in folded

    def _sort_key(self, uid: int, score: float) -> tuple[float, int, int, int, int]:
        return (-score, self._kind[uid], self._story[uid], self._version[uid], self._paragraph[uid])

    def _hits(self, terms: list[Term], chosen: list[tuple[int, float]]) -> list[Hit]:
        texts = self._folded_texts(uid for uid, _ in chosen)
        out = []
        for uid, score in chosen:
            unit = self.unit(uid)
            spans = [
                (a, b)
                for a, b in self._spans(terms, uid, texts.get(uid, ""))
                if b <= len(unit.text)
            ]
            out.append(Hit(unit, score, spans))
        return out

    def search(
        self, query: str, limit: int = 200, stories: Iterable[int] | None = None
    ) -> list[Hit]:
        """Units matching every term, best first (`limit` 0: all of them)."""
        with self._snapshot():
            terms, scores = self._match(query, stories)
            items = scores.items()
            best = (
                heapq.nsmallest(limit, items, key=lambda i: self._sort_key(*i))
                if limit
                else sorted(items, key=lambda i: self._sort_key(*i))
            )
            return self._hits(terms, best)

    def search_stories(self, query: str, limit: int = 50, per_story: int = 5) -> list[StoryHits]:
        """Matching stories, best first, each with its best hits and how many versions match."""
        with self._snapshot():
            terms, scores = self._match(query)
            # In C where it can be: a common word's units number tens of thousands.
            uids, values = list(scores), list(scores.values())
            stories = list(map(self._story.__getitem__, uids))
            # each story's best score: set in rising order of score, the highest stays
            rising = sorted(range(len(uids)), key=values.__getitem__)
            best = dict(
                zip(map(stories.__getitem__, rising), map(values.__getitem__, rising), strict=True)
            )
            ranked_ids = heapq.nsmallest(limit, best, key=lambda story: (-best[story], story))
            chosen = set(ranked_ids)  # only the stories shown need their units listed
            per: dict[int, list[tuple[int, float]]] = defaultdict(list)
            for uid, score, story in compress(
                zip(uids, values, stories, strict=True), map(chosen.__contains__, stories)
            ):
                per[story].append((uid, score))
            out = []
            for story in ranked_ids:
                items = per[story]
                versions = {self._version[u] for u, _ in items}
                total = self.version_counts[story]
                count = total if -1 in versions else len(versions)
                top = heapq.nsmallest(per_story, items, key=lambda i: self._sort_key(*i))
                out.append(StoryHits(story, self._hits(terms, top), count, total))
            return out
