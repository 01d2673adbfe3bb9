"""Places where another story could start inside a file, and their split features.

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

`places` finds such places and reckons these features (SPLIT_FEATURES) for the split
model; `split.cuts` decides which are cut. One rule is reckoned here too, for wire
copy: prose that opens with a wire dateline ("ST. LOUIS (AP) —"), whose words the
text before it hardly uses, held elsewhere by other files than that text (or by
none while it is, or only by files holding that text too: copies of the page),
starts a story (`Place.wire`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import median

from ..model import Unit
from . import signals
from .body import STOPWORDS
from .evidence import UnitEvidence
from .weights import Logistic

CONTENT = 0.5  # a unit at least this likely to be article text counts as such here
WINDOW_WORDS = 250  # article words read on each side of a place
MIN_STORY_WORDS = 40  # article words each side of a cut must hold
WIRE_WORDS = 80  # ... and for a cut at a wire dateline that the model alone would not make
# At most this likeness of words (cosine) across such a cut (stories apart: median 0.03).
WIRE_VOCABULARY = 0.12

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
_I = {name: i for i, name in enumerate(SPLIT_FEATURES)}
_VOCABULARY = _I["vocabulary"]
_UNRELATED = _I["unrelated"]
_RANGES = [
    (0.0, 2.0)
    if name.endswith(("_words", "_units"))
    else (0.0, 3.0)
    if name.endswith("_change")
    else (0.0, 1.0)
    for name in SPLIT_FEATURES
]  # what each feature can be


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
    # Units before the part's first article unit (a page's header; a bare text has none).
    lead: int = 0
    tail: int = 0  # units after the part's last article unit (a page's footer)
    end: int = 0  # the end of the part
    wire: bool = False  # a wire story starts here, by the rule in the module docstring


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
    part = _Part(
        units, tokens, evidence, widths, lo, hi, content, gaps, median(gaps) if gaps else 0
    )
    before_words = [0]
    for i in content:
        before_words.append(before_words[-1] + len(tokens[i]))
    total = before_words[-1]
    found = []
    for n in range(len(content) - 1):
        before, after = before_words[n + 1], total - before_words[n + 1]
        if before < min_words or after < min_words:
            continue  # no story could be cut off here
        place = part.place(n, before, after, model)
        if place is not None:
            found.append(place)
    return found


class _Part:
    """What `places` reads of units[lo:hi], with what it keeps of the units met there."""

    def __init__(
        self,
        units: Sequence[Unit],
        tokens: Sequence[Sequence[str]],
        evidence: Sequence[UnitEvidence],
        widths: Sequence[tuple[float, int]],
        lo: int,
        hi: int,
        content: list[int],
        gaps: list[int],
        usual: float,
    ) -> None:
        self.units, self.tokens, self.evidence, self.widths = units, tokens, evidence, widths
        self.lo, self.hi = lo, hi
        self.content = content  # the article units
        self.gaps = gaps  # blank lines after each unit of the file
        self.usual = usual  # the file's usual gap
        self.bags: dict[int, Counter[str]] = {}
        self.footers: dict[int, bool] = {}

    def place(self, n: int, before: int, after: int, model: Logistic | None) -> Place | None:
        """The place after the `n`th article unit (`before` and `after` article words on
        each side), or None where `model` could not reach its threshold there."""
        content, tokens, units = self.content, self.tokens, self.units
        j, k = content[n], content[n + 1]
        left = _side(content[n::-1], tokens)
        right = _side(content[n + 1 :], tokens)
        # Reckoned cheapest first; with a model, a place that cannot reach its threshold
        # whatever the features not yet reckoned is passed over there and then.
        known = {
            _I["gap_wide"]: float(max(self.gaps[j:k]) > self.usual),
            _I["between_words"]: math.log1p(sum(len(tokens[i]) for i in range(j + 1, k))) / 6,
            _I["between_units"]: math.log1p(k - j - 1) / 4,
            _I["left_words"]: math.log1p(before) / 8,
            _I["right_words"]: math.log1p(after) / 8,
            _I["left_density"]: _density(left),
            _I["right_density"]: _density(right),
        }
        if model is not None and not _reachable(model, known, True):
            return None
        ml, mr = _matches(left, self.evidence, tokens), _matches(right, self.evidence, tokens)
        different = _add_evidence(known, ml, mr)
        # Files holding one side only with the other, when other files hold that other side
        # alone, are copies of this page (another scan, another save, a little changed):
        # they tell no more than no file at all would. (Where the same files hold both
        # sides, nothing holds either alone: other renderings of one page, say.)
        copies = bool(ml) and bool(mr) and (mr < ml or ml < mr)
        wire = (
            (different or copies)
            and min(before, after) >= WIRE_WORDS
            and signals.dateline(units[k].text, strict=True) is not None
        )
        if model is not None and not wire and not _reachable(model, known, different):
            return None
        self._add_layout(known, j, k, left, right)
        features = [known.get(i, 0.0) for i in range(len(SPLIT_FEATURES))]
        if model is not None and not wire and not _hopeful(model, features, different):
            return None
        wide = _side(content[n::-1], tokens, 3 * WINDOW_WORDS)
        bags = self.bags
        vocabulary = _cosine(_vocabulary(wide, bags, tokens), _vocabulary(right, bags, tokens))
        features[_VOCABULARY] = vocabulary
        features[_UNRELATED] = (1 - min(1.0, 5 * vocabulary)) * different
        wire = wire and vocabulary < WIRE_VOCABULARY and _density(right) >= 0.7
        lo, hi = self.lo, self.hi
        return Place(
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

    def _add_layout(
        self, known: dict[int, float], j: int, k: int, left: list[int], right: list[int]
    ) -> None:
        """The footer, header and layout features of the place between units j and k."""
        units, widths = self.units, self.widths
        lw = [widths[i] for i in left[:5]]
        rw = [widths[i] for i in right[:5]]
        known.update(
            {
                _I["footer"]: float(any(self._footer(i) for i in range(max(j - 2, self.lo), k))),
                _I["header"]: float(
                    signals.dateline(units[k].text, strict=True) is not None
                    or any(
                        units[i].kind in ("date", "byline") or signals.is_headline(units[i].text)
                        for i in range(max(j + 1, k - 3), k)
                    )
                ),
                _I["line_length_change"]: abs(_mean(w[0] for w in lw) - _mean(w[0] for w in rw))
                / 80,
                _I["width_change"]: abs(max(w[1] for w in lw) - max(w[1] for w in rw)) / 80,
            }
        )

    def _footer(self, i: int) -> bool:
        footers = self.footers
        if i not in footers:
            unit = self.units[i]
            footers[i] = unit.kind == "credit" or signals.is_copyright(unit.text)
        return footers[i]


def _add_evidence(known: dict[int, float], ml: set[int], mr: set[int]) -> bool:
    """The features of the files that hold each side elsewhere (`ml`, `mr`); whether
    that evidence tells the sides apart (it is one-sided or disjoint)."""
    union = ml | mr
    one_sided = bool(ml) != bool(mr)
    disjoint = bool(ml) and bool(mr) and not ml & mr
    known.update(
        {
            _I["left_matched"]: float(bool(ml)),
            _I["right_matched"]: float(bool(mr)),
            _I["one_sided"]: float(one_sided),
            _I["shared_matches"]: len(ml & mr) / len(union) if union else 1.0,
            _I["disjoint"]: float(disjoint),
        }
    )
    return one_sided or disjoint


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


def _mean(values: Iterable[float]) -> float:
    found = list(values)
    return sum(found) / len(found) if found else 0.0


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
