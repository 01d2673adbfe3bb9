"""Join announced corrections (Reuters' "CORRECTED -" re-sends and the like) to the
items they correct, which fingerprints and the template rules often keep apart."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from datetime import date as Date

from ..model import Story, Version
from .docs import Doc, place, title_words

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


def _word_overlap(a: Doc, b: Doc) -> float:
    wa = {t for t in a.tokens if _CONTENT_WORD.match(t)}
    wb = {t for t in b.tokens if _CONTENT_WORD.match(t)}
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0


def join_corrections(
    versions: list[Version],
    doc: Callable[[int], Doc],
    union: Callable[[int, int], None],
    fresh: set[int] | None = None,
) -> None:
    """Link each announced correction to the item it corrects (`union` of the two).

    A correction may rewrite much of the text or swap every figure, so fingerprints
    and the template rules miss it; what it keeps is the dateline place, the day (or
    the days just before) and the company ticker or the people it names. The best
    such earlier item is joined, and only one. With `fresh`, only pairs that involve
    a fresh version are considered (the others were settled before).
    """
    places = {i: place(v.dateline) for i, v in enumerate(versions) if v.dateline}
    if fresh is not None:  # only places where something fresh was filed can change
        wanted = {places[i] for i in fresh if i in places}
        places = {i: where for i, where in places.items() if where in wanted}
    by_place: dict[str, list[int]] = defaultdict(list)
    for i, where in places.items():
        by_place[where].append(i)
    correction = {i: _is_correction(versions[i]) for i in places}
    for i in places:
        if correction[i]:
            best = _corrected(versions, doc, i, by_place[places[i]], correction, fresh)
            if best >= 0:
                union(i, best)


def reopened(kept: list[Story], fresh: list[Version]) -> list[bool]:
    """Which of the `kept` stories to group again from their versions now that `fresh`
    versions come: those holding a correction filed at a place where a fresh item (not a
    correction) was filed on its day or the days before. A correction joins only its best
    item, so a new item may take it from the one it was joined to, and a story kept
    whole would keep both (a cold reading joins the new one alone)."""
    days: dict[str, list[str | None]] = defaultdict(list)  # place -> fresh items' dates
    for v in fresh:
        if v.dateline and not _is_correction(v):
            days[place(v.dateline)].append(v.date)
    if not days:
        return [False] * len(kept)

    def reopens(v: Version) -> bool:
        if not v.dateline:
            return False
        dates = days.get(place(v.dateline))
        if not dates or not _is_correction(v):
            return False
        return any(_before(d, v.date) for d in dates)

    return [any(map(reopens, story.versions)) for story in kept]


def _corrected(
    versions: list[Version],
    doc: Callable[[int], Doc],
    i: int,
    candidates: list[int],
    correction: dict[int, bool],
    fresh: set[int] | None,
) -> int:
    """The item among `candidates` (filed at the same place) that correction `i`
    corrects, or -1."""
    v = versions[i]
    tickers = set(_TICKER.findall(v.title or ""))
    title = _title_stems(v.title)
    best, best_score = -1, 0.0
    for j in candidates:
        other = versions[j]
        if j == i or correction[j] or not _before(other.date, v.date):
            continue
        if fresh is not None and i not in fresh and j not in fresh:
            continue
        other_title = _title_stems(other.title)
        titles_shared = (
            len(title & other_title) / min(len(title), len(other_title))
            if title and other_title
            else 0.0
        )
        same_ticker = bool(tickers & set(_TICKER.findall(other.title or "")))
        if not (same_ticker or titles_shared >= 0.5):
            continue  # asked first: the words need the item read for clustering (doc)
        words_shared = _word_overlap(doc(i), doc(j))
        if words_shared < 0.4:
            continue
        score = words_shared + titles_shared + same_ticker
        if score > best_score:
            best, best_score = j, score
    return best


def _title_stems(title: str | None) -> frozenset[str]:
    """Headline words cut to five letters, so "Austria" meets "Austrian"."""
    return frozenset(w[:5] for w in title_words(title))


def _before(earlier: str | None, later: str | None, window: int = 3) -> bool:
    """Whether `earlier` is the same day as `later` or up to `window` days before it."""
    if not earlier or not later:
        return earlier == later
    try:
        gap = (Date.fromisoformat(later) - Date.fromisoformat(earlier)).days
    except ValueError:
        return False
    return 0 <= gap <= window
