"""Cut a file into stories by evidence that another document starts.

A "Related" heading or a dateline is no story boundary by itself: a page has both
inside one article. What tells a glued story is evidence on both sides of a place
between two units of article text (their `body` probabilities at least one half):

* the prose before and after is held by different files elsewhere in the corpus
  (the two stories' other versions), or by files on one side only;
* the vocabulary of the two sides has little in common;
* the layout changes (another tool, another column width);
* a page footer ends before it, a headline, date, byline or dateline starts after it,
  and blank lines wider than the file's usual gap lie between;
* enough article text lies on each side to be a story.

A logistic model over these (`reading_model.json`, "split") scores each such place; the
places it is sure of are cut, each cut put where the new story's header starts.
One rule stands beside it, for wire copy: prose that opens with a wire dateline
("ST. LOUIS (AP) —"), whose words the text before it hardly uses, held elsewhere by
other files than that text (or by none while it is), starts a story.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import median

from ..model import Unit
from ..text import ends_sentence, word_count
from . import signals
from .body import STOPWORDS
from .evidence import UnitEvidence
from .weights import Logistic

CONTENT = 0.5  # a unit at least this likely to be article text counts as such here
WINDOW_WORDS = 250  # article words read on each side of a place
MIN_STORY_WORDS = 40  # article words each side of a cut must hold
WIRE_WORDS = 80  # ... and for a cut at a wire dateline that the model alone would not make
WIRE_VOCABULARY = (
    0.12  # at most this likeness of words (cosine) across such a cut (stories apart: median 0.03)
)

SPLIT_FEATURES = (
    "gap_wide",
    "left_matched",
    "right_matched",
    "one_sided",
    "shared_matches",
    "disjoint",
    "vocabulary",
    "unrelated",
    "between_words",
    "between_units",
    "footer",
    "header",
    "line_length_change",
    "width_change",
    "left_words",
    "right_words",
    "left_density",
    "right_density",
)


@dataclass(frozen=True)
class Place:
    """A place between two runs of article text: after unit `left`, before unit `right`,
    with the files that hold each side's text elsewhere."""

    left: int
    right: int
    features: tuple[float, ...]
    left_files: frozenset[int] = frozenset()
    right_files: frozenset[int] = frozenset()
    before: int = 0  # article words on each side, within the part the place was found in
    after: int = 0
    lead: int = (
        0  # units before the part's first article unit (a page's header; a bare text has none)
    )
    tail: int = 0  # units after the part's last article unit (a page's footer)
    end: int = 0  # the end of the part
    wire: bool = False  # a wire story starts here, by the rule in `places`


def _side(
    order: Sequence[int], tokens: Sequence[Sequence[str]], limit: int = WINDOW_WORDS
) -> list[int]:
    """Article units taken in `order` until `limit` words."""
    taken, total = [], 0
    for i in order:
        taken.append(i)
        total += len(tokens[i])
        if total >= limit:
            break
    return taken


def _density(side: list[int]) -> float:
    """The share of the units a side spans that are article units (comments and teasers
    come with names, dates and buttons between them; a story is prose throughout)."""
    return len(side) / (max(side) - min(side) + 1)


def _bag(tokens: Sequence[str]) -> Counter[str]:
    """A unit's content words (longer than three letters, not stopwords or figures)."""
    return Counter(t for t in tokens if len(t) > 3 and t not in STOPWORDS and not t.isdigit())


def _vocabulary(
    units: list[int], bags: dict[int, Counter[str]], tokens: Sequence[Sequence[str]]
) -> Counter[str]:
    total: Counter[str] = Counter()
    for i in units:
        if i not in bags:
            bags[i] = _bag(tokens[i])
        total.update(bags[i])
    return total


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(v * large.get(k, 0) for k, v in small.items())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def _matches(
    side: list[int], evidence: Sequence[UnitEvidence], tokens: Sequence[Sequence[str]]
) -> set[int]:
    """Files holding a good share (by words) of this side's text."""
    votes: Counter[int] = Counter()
    total = 0
    for i in side:
        n = len(tokens[i])
        total += n
        for g in evidence[i].matched:
            votes[g] += n
    return {g for g, n in votes.items() if n >= 0.25 * total}


def is_headline(text: str) -> bool:
    """A line that could head a story: short, no closing full stop, capitalised, not a button."""
    n = word_count(text)
    return (
        2 <= n <= 25
        and not ends_sentence(text)
        and text[:1].isupper()
        and not text.endswith((",", ";", ":"))
        and signals.ui_share(text) < 0.5
    )


_VOCABULARY = SPLIT_FEATURES.index("vocabulary")
_UNRELATED = SPLIT_FEATURES.index("unrelated")


def places(
    units: Sequence[Unit],
    tokens: Sequence[Sequence[str]],
    evidence: Sequence[UnitEvidence],
    probabilities: Sequence[float],
    widths: Sequence[tuple[float, int]],
    lo: int = 0,
    hi: int | None = None,
    model: Logistic | None = None,
    min_words: int = MIN_STORY_WORDS,
) -> list[Place]:
    """The places between two article units of units[lo:hi] that could start a story,
    with their features (SPLIT_FEATURES).

    Only places with `min_words` of article text on each side are offered; with
    `model`, only those it could score at its threshold whatever the vocabulary (the
    costliest feature, reckoned last). `widths` holds each unit's mean and longest raw
    line length. What each side reads stays within [lo, hi): a story already cut off
    is no evidence.
    """
    hi = len(units) if hi is None else hi
    content = [
        i
        for i in range(lo, hi)
        if probabilities[i] >= CONTENT and units[i].kind in ("body", "table") and tokens[i]
    ]
    if len(content) < 2:
        return []
    gaps = [units[i + 1].first - units[i].last - 1 for i in range(len(units) - 1)]
    usual = median(gaps) if gaps else 0
    before_words = [0]
    for i in content:
        before_words.append(before_words[-1] + len(tokens[i]))
    total = before_words[-1]
    bags: dict[int, Counter[str]] = {}
    footers: dict[int, bool] = {}

    def footer(i: int) -> bool:
        if i not in footers:
            footers[i] = units[i].kind == "credit" or signals.is_copyright(units[i].text)
        return footers[i]

    found = []
    for n in range(len(content) - 1):
        before, after = before_words[n + 1], total - before_words[n + 1]
        if before < min_words or after < min_words:
            continue  # no story could be cut off here
        j, k = content[n], content[n + 1]
        left = _side(content[n::-1], tokens)
        right = _side(content[n + 1 :], tokens)
        # Reckoned cheapest first; with a model, a place that cannot reach its threshold
        # whatever the features not yet reckoned is passed over there and then.
        known = {
            _I["gap_wide"]: float(max(gaps[j:k]) > usual),
            _I["between_words"]: math.log1p(sum(len(tokens[i]) for i in range(j + 1, k))) / 6,
            _I["between_units"]: math.log1p(k - j - 1) / 4,
            _I["left_words"]: math.log1p(before) / 8,
            _I["right_words"]: math.log1p(after) / 8,
            _I["left_density"]: _density(left),
            _I["right_density"]: _density(right),
        }
        if model is not None and not _reachable(model, known, True):
            continue
        ml, mr = _matches(left, evidence, tokens), _matches(right, evidence, tokens)
        union = ml | mr
        one_sided = bool(ml) != bool(mr)
        disjoint = bool(ml) and bool(mr) and not ml & mr
        different = one_sided or disjoint
        wire = (
            different
            and min(before, after) >= WIRE_WORDS
            and signals.dateline(units[k].text, strict=True) is not None
        )
        known.update(
            {
                _I["left_matched"]: float(bool(ml)),
                _I["right_matched"]: float(bool(mr)),
                _I["one_sided"]: float(one_sided),
                _I["shared_matches"]: len(ml & mr) / len(union) if union else 1.0,
                _I["disjoint"]: float(disjoint),
            }
        )
        if model is not None and not wire and not _reachable(model, known, different):
            continue
        lw = [widths[i] for i in left[:5]]
        rw = [widths[i] for i in right[:5]]
        known.update(
            {
                _I["footer"]: float(any(footer(i) for i in range(max(j - 2, lo), k))),
                _I["header"]: float(
                    signals.dateline(units[k].text, strict=True) is not None
                    or any(
                        units[i].kind in ("date", "byline") or is_headline(units[i].text)
                        for i in range(max(j + 1, k - 3), k)
                    )
                ),
                _I["line_length_change"]: abs(_mean(w[0] for w in lw) - _mean(w[0] for w in rw))
                / 80,
                _I["width_change"]: abs(max(w[1] for w in lw) - max(w[1] for w in rw)) / 80,
            }
        )
        features = [known.get(i, 0.0) for i in range(len(SPLIT_FEATURES))]
        if model is not None and not wire and not _hopeful(model, features, different):
            continue
        wide = _side(content[n::-1], tokens, 3 * WINDOW_WORDS)
        vocabulary = _cosine(_vocabulary(wide, bags, tokens), _vocabulary(right, bags, tokens))
        features[_VOCABULARY] = vocabulary
        features[_UNRELATED] = (1 - min(1.0, 5 * vocabulary)) * different
        wire = wire and vocabulary < WIRE_VOCABULARY and _density(right) >= 0.7
        found.append(
            Place(
                j,
                k,
                tuple(features),
                frozenset(ml),
                frozenset(mr),
                before,
                after,
                content[0] - lo,
                hi - 1 - content[-1],
                hi,
                wire,
            )
        )
    return found


_I = {name: i for i, name in enumerate(SPLIT_FEATURES)}
_RANGES = [
    (0.0, 2.0)
    if name.endswith(("_words", "_units"))
    else (0.0, 3.0)
    if name.endswith("_change")
    else (0.0, 1.0)
    for name in SPLIT_FEATURES
]  # what each feature can be


@lru_cache(maxsize=8)
def _favours(model: Logistic) -> tuple[tuple[float, ...], float, float]:
    """Each feature's most favourable term, their sum, and the threshold as a logit."""
    best = tuple(
        max(w * low, w * high) for w, (low, high) in zip(model.weights, _RANGES, strict=False)
    )
    return best, sum(best), math.log(model.threshold / (1 - model.threshold))


def _reachable(model: Logistic, known: dict[int, float], different: bool) -> bool:
    """Whether the place could reach the model's threshold, the features not `known` yet
    taking whatever values favour it (unrelated words only where the evidence differs)."""
    best, total, needed = _favours(model)
    z = model.bias + total - (0.0 if different else best[_UNRELATED])
    weights = model.weights
    for i, value in known.items():
        z += weights[i] * value - best[i]
    return z >= needed


def _hopeful(model: Logistic, features: list[float], different: bool) -> bool:
    """Whether some vocabulary would bring the place to the model's threshold."""
    for vocabulary in (0.0, 0.2, 1.0):
        features[_VOCABULARY] = vocabulary
        features[_UNRELATED] = (1 - min(1.0, 5 * vocabulary)) * different
        if model.probability(features) >= model.threshold:
            return True
    return False


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


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
    last_left = None  # what the first story's versions hold, before the first of the second's, is still the first's
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
    agree = (
        0  # units before the cut that belong left and after it that belong right, less the others
    )
    sides = []
    for i in range(lo, hi):
        sides.append(side(i))
        agree += sides[-1] < 0
    scores = [agree]
    for side in sides:
        agree += (side > 0) - (side < 0)
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
        and is_headline(unit.text)
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
