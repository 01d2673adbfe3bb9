"""Cut a file into stories where the split model is sure another document starts.

`places` (in `places.py`) finds the places between two runs of article text where a
story could start and reckons the evidence for each; a logistic model over it
(`reading_model.json`, "split") scores each place, and the places it is sure of are
cut here, each cut put where the new story's header starts. A place at a wire
dateline that the rule there marks (`Place.wire`) is cut even below the model's
threshold.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Unit
from . import signals
from .evidence import UnitEvidence
from .places import Place, places
from .weights import Logistic

BARE = 2  # a side with at most this many units around its article text is a bare text, not a page


def cut_at(units: Sequence[Unit], place: Place, evidence: Sequence[UnitEvidence]) -> int:
    """Where the new story starts, between the two article units of `place`.

    After the first story's trailing captions and credits, what lies between is the
    first page's footer or the next page's header. A bare text (an extraction, a
    wire item) has neither: a story that starts its part bare ends at its last
    line, and one that runs bare to the end of its part starts with its own header
    lines (headline, date, byline). Between two pages, the units between go with the
    side whose other versions hold them too, where other files tell; among the places
    that agree best with that, the first page ends at its footer, if one is seen, else
    the new story starts with its header lines.
    """

    def side(i: int) -> int:
        files = evidence[i].files
        left, right = bool(files & place.left_files), bool(files & place.right_files)
        return 1 if left and not right else -1 if right and not left else 0

    lo, hi = place.left + 1, place.right
    # What the first story's versions hold, before the first of the second's, is still the first's.
    last_left = None
    for i in range(place.right, place.end):
        found = side(i)
        if found < 0:
            if last_left is not None:
                hi = last_left + 1
            break
        if found > 0:
            last_left = i
    if place.lead <= BARE:
        return _after_trail(units, lo, hi)
    if place.tail <= BARE:
        return _header_start(units, lo, hi)
    # Units before the cut that belong left and after it that belong right, less the others.
    agree = 0
    sides = []
    for i in range(lo, hi):
        sides.append(side(i))
        agree += sides[-1] < 0
    scores = [agree]
    for belongs in sides:
        agree += (belongs > 0) - (belongs < 0)
        scores.append(agree)
    best = max(scores)
    first = _after_trail(units, lo + scores.index(best), hi)
    last = max(first, lo + len(scores) - 1 - scores[::-1].index(best))
    head = _header_start(units, first, last)
    footer = [i for i in range(first, head) if signals.is_footer(units[i].text)]
    return footer[-1] + 1 if footer else head


def _after_trail(units: Sequence[Unit], first: int, last: int) -> int:
    """The first unit from `first` (up to `last`) that is not a trailing caption or credit."""
    while first < last and units[first].kind in ("caption", "credit"):
        first += 1
    return first


def _header_start(units: Sequence[Unit], first: int, last: int) -> int:
    """Where the header lines (up to four) that end at `last` start, not before `first`."""
    head = last
    while head > first and last - head < 4 and _headerish(units[head - 1]):
        head -= 1
    return head


def _headerish(unit: Unit) -> bool:
    """Could this unit be a story's header line (headline, kicker, date, byline)? A page's
    footer, buttons and rules are not."""
    if unit.kind in ("date", "byline"):
        return True
    return (
        unit.kind in ("body", "chrome")
        and signals.is_headline(unit.text)
        and not signals.is_footer(unit.text)
    )


def cuts(
    units: Sequence[Unit],
    tokens: Sequence[Sequence[str]],
    evidence: Sequence[UnitEvidence],
    probabilities: Sequence[float],
    widths: Sequence[tuple[float, int]],
    model: Logistic,
) -> list[int]:
    """Unit indices where new stories start.

    The surest place at or above the model's threshold is cut first (each side keeps
    MIN_STORY_WORDS of article text, see `places`); the places on either side are then scored
    again with what each side reads kept within its own part, and so on.
    """
    scored: dict[tuple[int, int], list[tuple[float, Place]]] = {}
    pending = [(0, len(units))]
    found: list[int] = []
    while True:
        for part in pending:
            scored[part] = [
                (
                    max(model.probability(p.features), model.threshold)
                    if p.wire
                    else model.probability(p.features),
                    p,
                )
                for p in places(units, tokens, evidence, probabilities, widths, *part, model=model)
            ]
        pending = []
        best: tuple[float, Place, tuple[int, int]] | None = None
        for part, items in scored.items():
            for score, place in items:
                if score >= model.threshold and (best is None or score > best[0]):
                    best = (score, place, part)
        if best is None:
            break
        _, place, (lo, hi) = best
        at = cut_at(units, place, evidence)
        if not lo < at < hi:  # no room for a story on one side: this place is no cut
            scored[(lo, hi)] = [item for item in scored[(lo, hi)] if item[1] is not place]
            continue
        del scored[(lo, hi)]
        pending = [(lo, at), (at, hi)]
        found.append(at)
    return sorted(found)
