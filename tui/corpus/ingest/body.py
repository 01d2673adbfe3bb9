"""Find a version's main prose block: which units are the article, which are page chrome.

Each unit gets shallow features in the spirit of Boilerpipe and jusText: how many
words and how densely they fill their lines, sentence-final punctuation, stopword
density, capitals, digits, list and separator marks, the unit's kind, what other
files say about it (`evidence`), and the same figures for the units on either side.
A logistic model (weights shipped as data in `reading_model.json`, fitted by
`python -m tui.tools.fit_reading` on a labelled corpus) turns them into the
probability that the unit is article text. The body is then the one run of units
that gains most, each unit counting (probability - threshold) x sqrt(words): a run
of prose is kept whole with the short leads, subheads, quotes and list items inside
it, while menus, teaser lists, consent prompts and footers around it are left out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from operator import mul

from ..model import Unit
from ..text import ends_sentence
from . import signals, weights
from .evidence import NOTHING, UnitEvidence
from .reflow import is_separator
from .weights import Logistic

# A general English stoplist (function words), and the words of page furniture that any
# site uses (buttons, consent and sign-up prompts, legal notices): general, not a site's.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    said says also""".split()
)
FURNITURE_WORDS = frozenset(
    """privacy policy terms cookies cookie subscribe subscription subscribers newsletter newsletters
    sign account register login log email e-mail advertisement advertise advertising sponsored
    copyright rights reserved agreement comments comment share shares follow click download app
    notifications consent accept settings password username conditions disclaimer contact menu
    search home navigation skip print facebook twitter instagram linkedin whatsapp pinterest
    reddit rss feed tweet video photos gallery more""".split()
)
_LIST_MARK = re.compile(r"^\s*(?:[*•·\-–—+>»]|\d{1,3}[.)])\s")
_SEPARATOR = re.compile(r"\s[|•·»›/]\s|\s\|\s*$|^\s*\|")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'’”)]?\s+[A-Z\"“‘(]")
_KINDS = ("chrome", "date", "byline", "caption", "credit", "related", "table")

LOCAL_FEATURES = (
    "words_log",
    "density",
    "long",
    "short",
    "terminal",
    "stopwords",
    "capitals",
    "digits",
    "commas",
    "list_mark",
    "separator",
    "bracketed",
    "upper",
    "sentences",
    "furniture_words",
    *(f"kind_{k}" for k in _KINDS),
    "copies",
    "furniture",
    "matched",
    "no_partner",
)
FILE_FEATURES = ("file_prose", "file_units")
FEATURES = (
    *LOCAL_FEATURES,
    *FILE_FEATURES,
    *(f"prev_{f}" for f in LOCAL_FEATURES),
    *(f"next_{f}" for f in LOCAL_FEATURES),
)


def _separated(text: str) -> bool:
    """Whether `_SEPARATOR` is in `text`, tried only when one of its marks is."""
    return (
        "|" in text or "/" in text or "•" in text or "·" in text or "»" in text or "›" in text
    ) and _SEPARATOR.search(text) is not None


_KIND_FLAGS = {k: tuple(float(k == other) for other in _KINDS) for k in _KINDS}
_NO_KIND = (0.0,) * len(_KINDS)


_CAPITAL = re.compile(r" [\"'‘“(]?[A-ZÀ-ÖØ-Þ]")  # a capital that starts a word (after a space)
_FIGURE = re.compile(r" [\"'‘“($£€-]?\d")
_SAMPLE_WORDS = 160  # words, and characters, of a unit that its shares are read from
_SAMPLE_CHARS = 1200


def text_features(unit: Unit, tokens: Sequence[str]) -> tuple[float, ...]:
    """The features of a unit's text, kind and lines (LOCAL_FEATURES less the evidence)."""
    text = unit.text
    n = len(tokens)
    # Shares are read off the first words only: beyond them a long paragraph tells no more.
    head = tokens if n <= _SAMPLE_WORDS else tokens[:_SAMPLE_WORDS]
    opening = text if len(text) <= _SAMPLE_CHARS else text[:_SAMPLE_CHARS]
    m = len(head) or 1
    spaced = " " + opening
    figures = len(_FIGURE.findall(spaced))  # words that start with a figure
    capitals = len(_CAPITAL.findall(spaced))  # ... with a capital
    lettered = max(1, spaced.count(" ") - figures)
    lines = unit.last - unit.first + 1
    return (
        math.log1p(n) / 5,
        min(n / max(1, lines), 30) / 30,
        float(n >= 20),
        float(n <= 4),
        float(ends_sentence(text)),
        sum(map(STOPWORDS.__contains__, head)) / m,
        min(capitals / lettered, 1.0),
        min(figures / m, 1.0),
        min((opening.count(",") + opening.count(";") + opening.count(":")) / m, 0.3) / 0.3,
        float(bool(_LIST_MARK.match(text))),
        float(_separated(opening)),
        float(text[:1] in "[(" and text[-1:] in "])"),
        float(text.isupper()),
        min(len(_SENTENCE_BREAK.findall(opening)), 3) / 3,
        sum(map(FURNITURE_WORDS.__contains__, head)) / m,
        *_KIND_FLAGS.get(unit.kind, _NO_KIND),
    )


def evidence_features(evidence: UnitEvidence) -> tuple[float, ...]:
    """The features of what other files say of a unit (the rest of LOCAL_FEATURES)."""
    if evidence is NOTHING:
        return _NO_EVIDENCE
    return (
        min(evidence.copies, 5) / 5,
        min(evidence.furniture, 3) / 3,
        min(len(evidence.matched), 5) / 5,
        float(not evidence.matched),
    )


_NO_EVIDENCE = (0.0, 0.0, 0.0, 1.0)


def local_features(unit: Unit, tokens: Sequence[str], evidence: UnitEvidence) -> list[float]:
    """The unit's own features, in the order of LOCAL_FEATURES."""
    return [*text_features(unit, tokens), *evidence_features(evidence)]


def feature_rows(
    units: Sequence[Unit], tokens: Sequence[Sequence[str]], evidence: Sequence[UnitEvidence]
) -> list[list[float]]:
    """Every unit's features (its own, then its neighbours'), in the order of FEATURES."""
    own = [local_features(u, t, e) for u, t, e in zip(units, tokens, evidence, strict=False)]
    whole = file_features(units, tokens)
    blank = [0.0] * len(LOCAL_FEATURES)
    rows = []
    for i, row in enumerate(own):
        rows.append(
            row + whole + (own[i - 1] if i else blank) + (own[i + 1] if i + 1 < len(own) else blank)
        )
    return rows


def file_features(units: Sequence[Unit], tokens: Sequence[Sequence[str]]) -> list[float]:
    """What the whole file is like: the share of its words in prose units (a body-only
    extraction is nearly all prose, a whole page much less), and how many units it has."""
    total = sum(len(t) for t in tokens) or 1
    prose = sum(
        len(t)
        for u, t in zip(units, tokens, strict=False)
        if len(t) >= 12 and ends_sentence(u.text)
    )
    return [prose / total, math.log1p(len(units)) / 7]


class _Terms:
    """What each unit's text adds to its own score and to its neighbours', for one model,
    kept for texts met again (menu lines, sign-offs, rules recur in file after file)."""

    def __init__(self, fitted: Logistic) -> None:
        n_text, n_local, n_file = _N_TEXT, len(LOCAL_FEATURES), len(FILE_FEATURES)
        w = fitted.weights
        own, prev, nxt = (
            w[:n_local],
            w[n_local + n_file : 2 * n_local + n_file],
            w[2 * n_local + n_file :],
        )
        self.fitted = fitted
        self.text = (own[:n_text], prev[:n_text], nxt[:n_text])
        self.evidence = (own[n_text:], prev[n_text:], nxt[n_text:])
        self.file = w[n_local : n_local + n_file]
        self.known: dict[tuple[str, str, int], tuple[float, float, float]] = {}
        self.nothing = tuple(sum(map(mul, weights, _NO_EVIDENCE)) for weights in self.evidence)
        # the evidence terms by what `evidence_features` reads (the figures it caps)
        self.evidence_terms: dict[tuple[int, int, int], tuple[float, ...]] = {}

    def of(
        self, unit: Unit, tokens: Sequence[str], evidence: UnitEvidence
    ) -> tuple[float, float, float]:
        key = (unit.text, unit.kind, unit.last - unit.first)
        found = self.known.get(key)
        if found is None:
            row = text_features(unit, tokens)
            own, prev, nxt = self.text
            found = (sum(map(mul, own, row)), sum(map(mul, prev, row)), sum(map(mul, nxt, row)))
            if len(self.known) < _KEEP_TERMS:
                self.known[key] = found
        if evidence is NOTHING:
            a, b, c = self.nothing
        else:
            capped = (
                min(evidence.copies, 5),
                min(evidence.furniture, 3),
                min(len(evidence.matched), 5),
            )
            terms = self.evidence_terms.get(capped)
            if terms is None:
                row = evidence_features(evidence)
                terms = self.evidence_terms[capped] = tuple(
                    sum(map(mul, weights, row)) for weights in self.evidence
                )
            a, b, c = terms
        return found[0] + a, found[1] + b, found[2] + c


_N_TEXT = len(LOCAL_FEATURES) - 4
_KEEP_TERMS = 200_000
_terms: list[_Terms] = []


def _terms_for(fitted: Logistic) -> _Terms:
    if not _terms or _terms[0].fitted is not fitted:
        _terms[:] = [_Terms(fitted)]
    return _terms[0]


def content_probabilities(
    units: Sequence[Unit],
    tokens: Sequence[Sequence[str]],
    evidence: Sequence[UnitEvidence],
    fitted: Logistic | None = None,
) -> list[float]:
    """The probability that each unit is article text.

    The same as `fitted.probability` over `feature_rows`, without building the rows:
    each unit's own features meet the weights for "own", "prev" and "next" once (and
    a text met before, not even that).
    """
    fitted = fitted or weights.body()
    terms = _terms_for(fitted)
    own = [terms.of(u, t, e) for u, t, e in zip(units, tokens, evidence, strict=False)]
    base = fitted.bias + sum(map(mul, terms.file, file_features(units, tokens)))
    last = len(own) - 1
    out = []
    for i, (z, _, _) in enumerate(own):
        z += base + (own[i - 1][1] if i else 0.0) + (own[i + 1][2] if i < last else 0.0)
        out.append(0.0 if z < -40 else 1.0 / (1.0 + math.exp(-z)))
    return out


def gains(
    probabilities: Sequence[float], tokens: Sequence[Sequence[str]], threshold: float
) -> list[float]:
    """What each unit adds to a run: (probability - threshold) x sqrt(words)."""
    return [
        (p - threshold) * math.sqrt(max(1, len(t)))
        for p, t in zip(probabilities, tokens, strict=False)
    ]


def best_run(
    values: Sequence[float], start: int = 0, end: int | None = None
) -> tuple[int, int, float]:
    """The run [a, b) within [start, end) whose values add up most (Kadane), and that sum.

    An empty range gives (start, start, 0.0).
    """
    end = len(values) if end is None else end
    best, best_a, best_b = 0.0, start, start
    total, run_a = 0.0, start
    for i in range(start, end):
        if total <= 0:
            total, run_a = values[i], i
        else:
            total += values[i]
        if total > best:
            best, best_a, best_b = total, run_a, i + 1
    return best_a, best_b, best


def _row(unit: Unit, tokens: Sequence[str]) -> bool:
    """A row of a list or table of figures ("Shr 30 cts vs 12 cts", "MAY7 286 UP 1/4")."""
    if unit.kind == "table":
        return True
    if not tokens or unit.kind not in ("body", "chrome") or _furnished(tokens):
        return False
    figures = sum(1 for t in tokens if t[:1].isdigit())
    return figures > 0 and (len(tokens) <= 15 or figures >= 0.3 * len(tokens))


def widen(
    units: Sequence[Unit], tokens: Sequence[Sequence[str]], run: tuple[int, int], lo: int, hi: int
) -> tuple[int, int]:
    """The run [a, b) widened within [lo, hi) over what belongs to it though it scores low:
    the rows of a table or list of figures on either side of it (with their labels,
    "CORN", "Nine mths"), and a datelined lead paragraph just above it."""
    a, b = run
    while b < hi:
        step = _rows_at(units, tokens, b, 1, lo, hi)
        if not step:
            break
        b += step
    while a > lo:
        step = _rows_at(units, tokens, a - 1, -1, lo, hi)
        if step:
            a -= step
        elif units[a - 1].kind == "body" and signals.dateline(units[a - 1].text):
            a -= 1
        elif (
            a - 2 >= lo
            and units[a - 1].kind in ("date", "byline")
            and units[a - 2].kind == "body"
            and signals.dateline(units[a - 2].text)
        ):
            a -= 2
        else:
            break
    return a, b


def _furnished(tokens: Sequence[str]) -> bool:
    return sum(1 for t in tokens if t in FURNITURE_WORDS) >= max(1, len(tokens) / 3)


def _rows_at(
    units: Sequence[Unit],
    tokens: Sequence[Sequence[str]],
    i: int,
    step: int,
    lo: int,
    hi: int,
    depth: int = 0,
) -> int:
    """How many units from `i` (going by `step`) are one more row: a row, or a label or a
    rule line ("---") and the rows after it."""
    if _row(units[i], tokens[i]):
        return 1
    j = i + step
    if depth > 1 or not lo <= j < hi or units[i].kind not in ("body", "chrome"):
        return 0
    label = 0 < len(tokens[i]) <= 10 and not _furnished(tokens[i])
    if label or is_separator(units[i].text):
        more = _rows_at(units, tokens, j, step, lo, hi, depth + 1)
        return 1 + more if more else 0
    return 0
