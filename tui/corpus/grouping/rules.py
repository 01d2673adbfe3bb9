"""Whether a candidate pair of versions tells the same story.

A pair is verified by containment (the share of the shorter text's fingerprints
found in the longer) and, between the sure and the hopeless, by paragraph
alignment. Pairs that differ mainly in their figures, days or names are recurring
template reports (the same wording about another week, company or place) and are
kept apart, however much of their wording they share.
"""

from __future__ import annotations

from collections import Counter
from datetime import date as Date

from ..text import fingerprint_words
from .docs import HAS_DIGIT, Doc, place, title_words
from .fingerprint import print_ids, shingles

MIN_CONTAINMENT = 0.25  # below this share of the shorter text, never the same story
SURE_CONTAINMENT = 0.5  # at or above it, the same story (unless a template report)


def _days_apart(a: str | None, b: str | None) -> int:
    if not a or not b:
        return 0
    try:
        return abs((Date.fromisoformat(a) - Date.fromisoformat(b)).days)
    except ValueError:
        return 0


def template_pair(a: Doc, b: Doc, containment: float) -> bool:
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
    if min(a.size, b.size) >= 120:
        return False
    # Short items that share a formula ("X said it is raising its prime rate to ...",
    # "Qtly div 17 cts vs 17 cts prior") are about different companies or places
    # unless they name the same ones: in the dateline, the headline and the lead.
    va, vb = a.version, b.version
    if va.dateline and vb.dateline and place(va.dateline) != place(vb.dateline):
        return True
    ta, tb = title_words(va.title), title_words(vb.title)
    if ta and tb and va.title_near and vb.title_near and len(ta & tb) < 0.4 * min(len(ta), len(tb)):
        return True
    if a.names and b.names:
        return len(a.names & b.names) < 0.5 * min(len(a.names), len(b.names))
    return False


def _aligned_paragraphs(small: Doc, large: Doc) -> tuple[int, int]:
    """How many of the shorter text's paragraphs are mostly found in the longer one."""
    hits = total = 0
    theirs = set(large.shingles)
    for paragraph in small.version.paragraphs:
        sh = shingles(print_ids(fingerprint_words(paragraph)))
        if len(sh) < 4:
            continue
        total += 1
        if len(sh & theirs) >= 0.5 * len(sh):
            hits += 1
    return hits, total


def may_be_one(shared: int, smaller: int, larger: int | None = None) -> bool:
    """Whether two texts sharing `shared` fingerprints, the shorter having `smaller` (the
    longer `larger`, if known), may be one story at all (what `same_story` asks first: it
    needs no more of them)."""
    if smaller <= 0:
        return False
    share = shared / smaller
    if share >= MIN_CONTAINMENT:
        return True
    return larger is not None and share >= NOISY_CONTAINMENT and smaller >= NOISY_SIZES * larger


def same_story(a: Doc, b: Doc, shared: int) -> bool:
    """Whether `a` and `b`, with `shared` fingerprints in common, tell the same story."""
    small, large = (a, b) if len(a.shingles) <= len(b.shingles) else (b, a)
    if not may_be_one(shared, len(small.shingles), len(large.shingles)):
        return False
    containment = shared / len(small.shingles)
    if template_pair(a, b, containment):
        return False
    if containment >= SURE_CONTAINMENT:
        return True
    if containment >= MIN_CONTAINMENT:
        hits, total = _aligned_paragraphs(small, large)
        if hits >= 2 and hits >= 0.3 * total:
            return True
    return _read_twice(small, large)


# A text read twice, misread throughout (a scanned page's OCR drops, adds and changes
# letters here and there): its word 5-grams mostly broken, down to this share of the
# other's, the two of about one length, and their letters nearly all alike.
NOISY_CONTAINMENT = 0.1
NOISY_SIZES = 0.85
NOISY_LIKENESS = 85.0  # rapidfuzz's ratio of their words (100: the same)
NOISY_FIGURES = 0.1  # at most this share of their words figures: prose, no table
NOISY_WORDS = 25  # and at least this many words
NOISY_SAME_FIGURES = 0.85  # of the figures of the one that gives fewer, the share both give


def _read_twice(small: Doc, large: Doc) -> bool:
    """Whether two texts of about one length are one text read twice, with misreadings:
    their letters nearly all alike, and their figures and the names their leads give
    mostly the same (a report of the same form, the same table an hour later, or the same
    notice for another fund differs in just those, and its letters are alike too)."""
    if len(small.shingles) < NOISY_SIZES * len(large.shingles):
        return False
    if min(small.size, large.size) < NOISY_SIZES * max(small.size, large.size):
        return False
    if small.size < NOISY_WORDS:
        return False  # a one-line item: the form of many ("X said it will offer notes")
    if not _mostly_shared(small.numbers, large.numbers):
        return False
    if any(sum(d.numbers.values()) > NOISY_FIGURES * d.size for d in (small, large)):
        return False  # a table, a market report: the same form with other figures
    ta, tb = _figures(small.version.title), _figures(large.version.title)
    if ta and tb and ta != tb:
        return False  # "CBT 11:20" and "CBT 12:20": the same report at another hour
    if small.names and large.names:  # (names are misread too)
        if len(small.names & large.names) < 0.5 * min(len(small.names), len(large.names)):
            return False
    from rapidfuzz.fuzz import ratio  # here: most corpora never get this far

    return ratio(" ".join(small.tokens), " ".join(large.tokens)) >= NOISY_LIKENESS


def _mostly_shared(a: Counter[str], b: Counter[str]) -> bool:
    """Whether two texts give mostly the same figures (each as often), or neither gives any."""
    least = min(sum(a.values()), sum(b.values()))
    if not least:
        return not a and not b
    return sum((a & b).values()) >= NOISY_SAME_FIGURES * least


def _figures(title: str | None) -> set[str]:
    """The figures of a headline ("12:20", "1.50")."""
    return set(filter(HAS_DIGIT.search, (title or "").split()))
