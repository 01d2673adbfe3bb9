"""Find a version's main prose block: which units are the article, which are page chrome.

Each unit gets shallow features in the spirit of Boilerpipe and jusText: how many
words and how densely they fill their lines, sentence-final punctuation, stopword
density, capitals, digits, list and separator marks, the unit's kind, what other
files say about it (`evidence`), and the same figures for the units on either side.
A logistic model (weights shipped as data in `reading_model.json`, fitted by
`python -m tui.tools.fit_reading` on a labelled corpus) turns them into the probability that the unit is article
text. The body is then the one run of units that gains most, each unit counting
(probability - threshold) x sqrt(words): a run of prose is kept whole with the
short leads, subheads, quotes and list items inside it, while menus, teaser lists,
consent prompts and footers around it are left out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from . import weights
from .evidence import UnitEvidence
from .model import Unit
from .text import TERMINAL
from .weights import Logistic

# A general English stoplist (function words), and the words of page furniture that any
# site uses (buttons, consent and sign-up prompts, legal notices): general, not a site's.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
    on once only or other our ours ourselves out over own same she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves said says also""".split()
)
FURNITURE_WORDS = frozenset(
    """privacy policy terms cookies cookie subscribe subscription subscribers newsletter newsletters sign account
    register login log email e-mail advertisement advertise advertising sponsored copyright rights reserved agreement
    comments comment share shares follow click download app notifications consent accept settings password username
    conditions disclaimer contact menu search home navigation skip print facebook twitter instagram linkedin
    whatsapp pinterest reddit rss feed tweet video photos gallery more""".split()
)
_RAW_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+")
_LIST_MARK = re.compile(r"^\s*(?:[*•·\-–—+>»]|\d{1,3}[.)])\s")
_SEPARATOR = re.compile(r"\s[|•·»›/]\s|\s\|\s*$|^\s*\|")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'’”)]?\s+[A-Z\"“‘(]")
_KINDS = ("chrome", "date", "byline", "caption", "credit", "related", "table")

LOCAL_FEATURES = (
    "words_log", "density", "long", "short", "terminal", "stopwords", "capitals", "digits", "commas",
    "list_mark", "separator", "bracketed", "upper", "sentences", "furniture_words",
    *(f"kind_{k}" for k in _KINDS),
    "copies", "furniture", "matched", "no_partner",
)
FILE_FEATURES = ("file_prose", "file_units")
FEATURES = (
    *LOCAL_FEATURES,
    *FILE_FEATURES,
    *(f"prev_{f}" for f in LOCAL_FEATURES),
    *(f"next_{f}" for f in LOCAL_FEATURES),
)


def local_features(unit: Unit, tokens: Sequence[str], evidence: UnitEvidence) -> list[float]:
    """The unit's own features, in the order of LOCAL_FEATURES."""
    text = unit.text
    n = len(tokens)
    raw = _RAW_WORD.findall(text)
    alpha = [t for t in raw if not t.isdigit()]
    n_alpha = len(alpha) or 1
    lines = unit.last - unit.first + 1
    kind = unit.kind
    return [
        math.log1p(n) / 5,
        min(n / max(1, lines), 30) / 30,
        float(n >= 20),
        float(n <= 4),
        float(bool(TERMINAL.search(text))),
        sum(1 for t in tokens if t in STOPWORDS) / (n or 1),
        sum(1 for t in alpha if t[0].isupper()) / n_alpha,
        (len(raw) - len(alpha)) / (len(raw) or 1),
        min((text.count(",") + text.count(";") + text.count(":")) / (n or 1), 0.3) / 0.3,
        float(bool(_LIST_MARK.match(text))),
        float(bool(_SEPARATOR.search(text))),
        float(text[:1] in "[(" and text[-1:] in "])"),
        float(text.isupper()),
        min(len(_SENTENCE_BREAK.findall(text)), 3) / 3,
        sum(1 for t in tokens if t in FURNITURE_WORDS) / (n or 1),
        *(float(kind == k) for k in _KINDS),
        min(evidence.copies, 5) / 5,
        min(evidence.furniture, 3) / 3,
        min(len(evidence.matched), 5) / 5,
        float(not evidence.matched),
    ]


def feature_rows(units: Sequence[Unit], tokens: Sequence[Sequence[str]],
                 evidence: Sequence[UnitEvidence]) -> list[list[float]]:
    """Every unit's features (its own, then its neighbours'), in the order of FEATURES."""
    own = [local_features(u, t, e) for u, t, e in zip(units, tokens, evidence)]
    whole = file_features(units, tokens)
    blank = [0.0] * len(LOCAL_FEATURES)
    rows = []
    for i, row in enumerate(own):
        rows.append(row + whole + (own[i - 1] if i else blank) + (own[i + 1] if i + 1 < len(own) else blank))
    return rows


def file_features(units: Sequence[Unit], tokens: Sequence[Sequence[str]]) -> list[float]:
    """What the whole file is like: the share of its words in prose units (a body-only
    extraction is nearly all prose, a whole page much less), and how many units it has."""
    total = sum(len(t) for t in tokens) or 1
    prose = sum(len(t) for u, t in zip(units, tokens) if len(t) >= 12 and TERMINAL.search(u.text))
    return [prose / total, math.log1p(len(units)) / 7]


def content_probabilities(units: Sequence[Unit], tokens: Sequence[Sequence[str]],
                          evidence: Sequence[UnitEvidence], fitted: Logistic | None = None) -> list[float]:
    """The probability that each unit is article text."""
    fitted = fitted or weights.body()
    return [fitted.probability(row) for row in feature_rows(units, tokens, evidence)]


def gains(probabilities: Sequence[float], tokens: Sequence[Sequence[str]], threshold: float) -> list[float]:
    """What each unit adds to a run: (probability - threshold) x sqrt(words)."""
    return [(p - threshold) * math.sqrt(max(1, len(t))) for p, t in zip(probabilities, tokens)]


def best_run(values: Sequence[float], start: int = 0, end: int | None = None) -> tuple[int, int, float]:
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
