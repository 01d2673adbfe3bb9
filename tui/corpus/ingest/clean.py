"""Turn one segment of a file into a clean `Version`: header fields out, chrome and
captions out of the body, subheads marked, repeats dropped."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter

from ..model import Unit, Version
from ..text import ends_sentence, fingerprint_words, fold, word_count, words
from . import dates, signals
from .body import FURNITURE_WORDS, STOPWORDS
from .segment import Segment

_MAX_SUBHEAD_WORDS = 14


def tokens_key(tokens: list[str]) -> str:
    """A hash of a version's words: the same text gives the same key, however laid out."""
    return hashlib.blake2b(" ".join(tokens).encode(), digest_size=8).hexdigest()


def _lead_index(units: list[Unit]) -> int | None:
    for i, unit in enumerate(units):
        if unit.kind != "body":
            continue
        if signals.dateline(unit.text) or signals.date_prefix(unit.text):
            return i
        if word_count(unit.text) >= 12 and ends_sentence(unit.text):
            return i
    for i, unit in enumerate(units):
        if unit.kind in ("body", "table") and word_count(unit.text) >= 8:
            return i
    # Short items (a results table, a one-line brief) are stories too.
    return next((i for i, unit in enumerate(units) if unit.kind in ("body", "table")), None)


_NOT_HEADLINE = re.compile(
    r"^[^\w'\"\u2018\u201c<(]|(?-i:^<[a-z/!])|^(?:https?://|www\.)|©|^by\s|\[[A-Za-z][\w .'-]*\]$"
    r"|\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b"
    r"|^(?:updated|published|posted)\b|^\(.*\)$|@\w"
    r"|^(?:photo(?:graph)?(?:er)?s?|images?|pictures?|credits?)\s*(?:by\b|:)"
    r"|(?-i:^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}\s?/\s?[A-Z][A-Za-z]+\b)",  # Name/Agency
    re.I,
)


def _headline_like(text: str) -> bool:
    """Whether a line could be a headline: not a byline, a timestamp, a credit, a link,
    markup or a list item (a line that opens with a mark, not a word)."""
    if _NOT_HEADLINE.search(text):
        return False
    tokens = text.split()
    wordy = sum(sum(c.isalpha() for c in t) >= 2 for t in tokens)
    if len(tokens) >= 4 and wordy * 2 < len(tokens):
        return False  # a row of marks and single letters ("_ A A A _ Email _")
    return signals.byline(text) is None and signals.parse_date(text) is None


# Words that say nothing of what a story is about: function words, and the words of the
# buttons, prompts and labels of any site (general vocabulary, not a site's own).
_MINOR = (
    STOPWORDS
    | FURNITURE_WORDS
    | signals.UI_WORDS
    | frozenset(
        "new says say view see try join buy now available thanks thank again later related "
        "story stories article articles permalink supported page pages full size image here "
        "read watch week today yesterday latest update updated".split()
    )
)


def _stem(word: str) -> str:
    """A crude stem, enough to match "Argentina's" to "Argentine", "threat" to "threaten"."""
    return word.replace("’", "'").removesuffix("'s")[:6]


def about_lede(text: str, lede: set[str]) -> bool:
    """Whether a headline candidate is about the story: it has two content words or more
    (three letters or more, function and button words aside) and a third of them are in
    the lede's words (by crude stem). A menu item, a button or a prompt ("Sign up for our
    newsletter", "Report this comment") has fewer, or shares none or few."""
    return _Lede(lede).about(text)


_FIRST_SIX = itemgetter(slice(0, 6))


class _Lede:
    """A segment's lede words, and what the headline search reads of each candidate
    text, kept: the same texts are asked about again (`about_lede`, `_candidate_words`)."""

    def __init__(self, lede: set[str]) -> None:
        self.words = lede
        # `_stem` of a word with no apostrophe is its first six letters
        quoted = {w for w in lede if "'" in w or "’" in w}
        self.stems = set(map(_FIRST_SIX, lede.difference(quoted) if quoted else lede))
        self.stems.update(map(_stem, quoted))
        self._words: dict[str, list[str]] = {}
        self._own: dict[str, set[str]] = {}

    def words_of(self, text: str) -> list[str]:
        found = self._words.get(text)
        if found is None:
            found = self._words[text] = words(text)
        return found

    def own(self, text: str) -> set[str]:
        """The stems of the text's content words (three letters or more, not `_MINOR`)."""
        found = self._own.get(text)
        if found is None:
            found = self._own[text] = {
                _stem(w) for w in self.words_of(text) if len(w) > 2 and w not in _MINOR
            }
        return found

    def about(self, text: str) -> bool:
        """Whether `text` is about the lede (see `about_lede`)."""
        own = self.own(text)
        return len(own) >= 2 and len(own & self.stems) * 3 >= len(own)


def _pick_title(
    header: list[Unit], repeats: Counter[str], lede: _Lede, page: str = ""
) -> tuple[str, int] | None:
    """The headline among the header units, and its position there: one about the lede
    first, then one that is not a standfirst (a line at least as long as the headline of
    five words or more about the lede right above it, dates and bylines aside), one the
    file repeats (a page's title, heading and crumb; a line seen more than three times is
    a button under each comment), one next to a date or byline, the longer, the nearer
    the body. `page`: the segment's first line, folded (see `_titled_sentence`)."""
    best: tuple[tuple[bool, bool, int, bool, bool, int], str, int] | None = None
    above = 0  # the words of the headline about the lede just above, if any
    for i, unit in enumerate(header):
        n = _candidate_words(unit, lede, page)
        if n is None:
            if unit.kind not in _META:
                above = 0
            continue
        neighbours = header[i + 1 : i + 3]
        next_to_meta = any(u.kind in ("date", "byline") for u in neighbours)
        about = lede.about(unit.text)
        standfirst = above >= 5 and n >= above
        above = n if about else 0
        seen = repeats[fold(unit.text)]
        score = (about, not standfirst, seen if seen <= 3 else 0, next_to_meta, n >= 4, i)
        if best is None or score > best[0]:
            best = (score, _drop_by(unit.text), i)
    return (best[1], best[2]) if best else None


def _candidate_words(unit: Unit, lede: _Lede, page: str = "") -> int | None:
    """The number of words of a unit that could be a headline, None if it cannot."""
    if unit.kind not in ("body", "chrome"):
        return None
    text = _drop_by(unit.text)
    n = word_count(text)
    if not 2 <= n <= 30 or text.endswith((",", ";", ":")):
        return None
    if text.endswith(".") and not _initials_end(text) and not _titled_sentence(text, page):
        return None  # a sentence, not a headline ending in "U.S." or "N.Y.C."
    if _CUT_SHORT.search(text):
        return None  # a line cut short: a wrapped caption or teaser ("... in Los Angeles, in this")
    if signals.is_picture_credit(text):
        return None  # "STAFF PHOTO BY JANE ROE": capitalised as a headline, and no headline
    found = lede.words_of(text)
    if len(found) - len(set(found)) >= 2:  # else no word is there three times
        top = max(Counter(w for w in found if w not in STOPWORDS).values(), default=0)
        if top >= 3 and top * 3 >= n:
            return None  # a row of tags ("Privacy & Technology Consumer Privacy ...")
    if not _headline_like(text) or not lede.own(text):
        return None  # (a line of only function and button words: "See all", "Supported by")
    if signals.ui_share(text) >= 0.5 and not (lede.words and lede.about(text)):
        return None  # a row of buttons (a headline of this story may share their words)
    return n


def _titled_sentence(text: str, page: str) -> bool:
    """Whether a line ending in a full stop is a headline set as a sentence: one short
    sentence, capitalised, that the page's title line (the first line of a whole-page
    rendering, "Headline | Site") opens with, `page` being that line, folded."""
    return (
        word_count(text) <= _MAX_SUBHEAD_WORDS
        and text[:1].isupper()
        and not re.search(r"[.!?]\s", text)
        and len(page) > len(text)
        and page.startswith(fold(text))
    )


def _find_title(segment: Segment, lead: int, header: list[Unit]) -> tuple[str | None, bool]:
    """The version's headline, and whether it sits just above the body: the best of the
    header units; if none of them is about the lede, one that is, further up the page."""
    units = segment.units
    opening = units[lead : lead + LEDE_UNITS]
    known = (
        segment.tokens[lead : lead + LEDE_UNITS]
        if segment.tokens
        else map(words, (u.text for u in opening))
    )
    lede = _Lede(set(chain.from_iterable(known)))
    page = fold(units[0].text)
    picked = _pick_title(header, segment.repeats, lede, page)
    if (picked is None or not lede.about(picked[0])) and lead > len(header):
        above = units[max(0, lead - TITLE_REACH) : lead - len(header)]
        further = _pick_title(above, segment.repeats, lede, page)
        if further and lede.about(further[0]):
            return further[0], False
    if picked is None:
        return None, True
    return picked[0], _title_near(header, picked[1])


_INITIALS_END = re.compile(r"\b(?:[A-Z]\.){2,}$")
# A headline does not end in a word that needs more after it: an article, a determiner, a
# conjunction or a preposition that English headlines do not end with ("for", "in", "to",
# "on" may: "What to look for", "Sign in"), a whole word ("Cote D'Or", "Hepatitis A" end none).
_CUT_SHORT = re.compile(
    r"\s(?:(?i:an|the|this|these|those|its|their|his|her|our|your|my|and|or|nor|of|at|from"
    r"|with|than)|a)$"
)
_BY_END = re.compile(r"\s+by$", re.I)  # the "by" of a byline set on the headline's line


def _drop_by(text: str) -> str:
    """`text` without the "by" it ends in; `_BY_END` (tried at every character) only if
    "by" is in its last three."""
    return _BY_END.sub("", text) if "by" in text[-3:].lower() else text


def _initials_end(text: str) -> bool:
    """Whether `text` ends in initials ("U.S."): a "." in its last two characters first."""
    return "." in text[-2:] and _INITIALS_END.search(text) is not None


_META = frozenset(("date", "byline", "caption", "credit"))


def _title_near(header: list[Unit], at: int) -> bool:
    """Whether the headline at `at` sits just above the body: at most one line of other
    text (a standfirst) between them, dates, bylines and captions aside. A title picked
    further up is likely a menu item or another story's, too weak for clustering's rules."""
    between = [u for u in header[at + 1 :] if u.kind not in _META]
    return len(between) <= 1


def _is_subhead(text: str) -> bool:
    n = word_count(text)
    return (
        3 <= n <= _MAX_SUBHEAD_WORDS
        and len(text) <= 100
        and not ends_sentence(text)
        and not text.endswith((",", ";", ":", "-", "—"))
        and (text[0].isupper() or text[0].isdigit())
    )


def _real_subheads(candidates: list[int], paragraphs: list[str]) -> list[int]:
    """Keep lone short lines between prose; a run of them is a list or table, not headings.

    A heading at the very end, with nothing under it, is dropped from `paragraphs`.
    """
    marked = set(candidates)
    lone = [i for i in candidates if i - 1 not in marked and i + 1 not in marked and i > 0]
    if lone and lone[-1] == len(paragraphs) - 1 and len(paragraphs) > 1:
        paragraphs.pop()
        lone.pop()
    return lone


HEADER_UNITS = 12  # how far above the main block a headline, date or byline is looked for
DATE_REACH = 30  # how far above it a dated line is looked for when none is that near
TITLE_REACH = 20  # how far above it a headline about the lede is looked for when none is near
LEDE_UNITS = 4  # the units of the body a headline is expected to share words with


def _heads(unit: Unit, following: Unit) -> bool:
    """Whether `unit` is a headline over the prose paragraph that follows it (one may
    open with a figure: "2014: The Year ...", or end in initials: "... in the U.S.")."""
    text = unit.text
    if _initials_end(text):
        text = text[:-1]
    return (
        unit.kind in ("body", "chrome")
        and signals.is_headline(text, figure_first=True)
        and not signals.dateline(unit.text)
        and following.kind == "body"
        and word_count(following.text) >= 12
        and ends_sentence(following.text)
    )


def _main_block(segment: Segment) -> tuple[int, int] | None:
    """The units [lead, end) that hold the article: the segment's main block if it has one
    with text in it, else what follows the first prose-like unit (short items, tables)."""
    units = segment.units
    if segment.body is not None:
        lead, end = segment.body
        if any(u.kind in ("body", "table") for u in units[lead:end]):
            return lead, end
    found = _lead_index(units)
    return None if found is None else (found, len(units))


@dataclass
class _Body:
    """The article text of a segment's main block, paragraph by paragraph, and what
    was set apart from it."""

    paragraphs: list[str] = field(default_factory=list)
    words_of: list[Sequence[str]] = field(default_factory=list)  # each paragraph's folded words
    spans: list[tuple[int, int]] = field(default_factory=list)  # each one's 1-based line range
    subheads: list[int] = field(default_factory=list)  # candidates, see `_real_subheads`
    captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    stamp: str | None = None  # the date a "2024-03-01 ..." prefix of the first paragraph gives


def build_version(segment: Segment) -> Version | None:
    """The clean reading of a segment, or None if it holds no article text."""
    units = segment.units
    span = _main_block(segment)
    if span is None:
        return None
    lead, end = span
    if lead < end - 1 and _heads(units[lead], units[lead + 1]):
        lead += 1  # a headline that opens the run heads the story; it is not its first paragraph
    header = units[max(0, lead - HEADER_UNITS) : lead]
    title, title_near = _find_title(segment, lead, header)
    near = [
        *reversed(header),
        *units[lead : lead + 3],
    ]  # header lines just above the body, or at its top
    date = next((signals.date_unit(u.text) for u in near if u.kind == "date"), None)
    author = next((signals.byline(u.text) for u in near if u.kind == "byline"), None)
    body = _read_body(segment, lead, end, title)
    paragraphs, words_of, spans = body.paragraphs, body.words_of, body.spans
    subheads = _real_subheads(body.subheads, paragraphs)
    del spans[len(paragraphs) :], words_of[len(paragraphs) :]
    if not paragraphs or _only_notices(paragraphs):
        return None
    last = signals.strip_agency_tail(paragraphs[-1]) or paragraphs[-1]
    if last != paragraphs[-1]:
        paragraphs[-1], words_of[-1] = last, words(last)
    version = Version(
        id="",
        source=segment.source,
        lines=(segment.first, segment.last),
        title=title,
        byline=author,
        date=date or body.stamp or dates.header_date(units, lead, DATE_REACH),
        dateline=signals.dateline(paragraphs[0]),
        paragraphs=paragraphs,
        subheads=subheads,
        captions=body.captions,
        credits=body.credits,
        paragraph_lines=spans,
    )
    version.title_near = title_near
    _set_tokens(version, words_of)
    return version


def _only_notices(paragraphs: list[str]) -> bool:
    """Whether a body is a notice to the reader and no article: a JavaScript, cookie or
    consent prompt, with at most short lines (a greeting, a button) beside it."""
    notices = list(map(signals.is_notice, paragraphs))
    return any(notices) and all(
        notice or word_count(text) < 12 for text, notice in zip(paragraphs, notices, strict=True)
    )


def _read_body(segment: Segment, lead: int, end: int, title: str | None) -> _Body:
    """The paragraphs of units[lead:end] (each text once, the title's too), and the
    captions and credits of the whole segment."""
    body = _Body()
    paragraphs, words_of, spans, subheads = (
        body.paragraphs,
        body.words_of,
        body.spans,
        body.subheads,
    )
    captions, credits = body.captions, body.credits
    seen: set[str] = set()
    if title:
        seen.add(fold(title))
    caption_keys: set[str] = set()
    for index, unit in enumerate(segment.units):
        kind, text = unit.kind, unit.text
        if kind == "caption":
            key = fold(text)
            if key not in caption_keys:
                caption_keys.add(key)
                captions.append(text)
            continue
        if kind == "credit":
            if text not in credits:
                credits.append(text)
            continue
        if kind not in ("body", "table") or not lead <= index < end:
            continue
        unit_words = segment.tokens[index] if segment.tokens else None
        if not paragraphs and kind == "body":
            stamp = signals.date_prefix(text)
            if stamp:
                body.stamp = body.stamp or stamp[0]
                text, unit_words = stamp[1], None
        key = fold(text)
        if key in seen:
            continue
        seen.add(key)
        if kind == "body" and _is_subhead(text):
            subheads.append(len(paragraphs))
        paragraphs.append(text)
        words_of.append(unit_words if unit_words is not None else words(text))
        spans.append((unit.first, unit.last))
    return body


def _set_tokens(version: Version, words_of: list[Sequence[str]]) -> None:
    """The version's words, and the words its fingerprints are made of (the same, but
    for paragraphs with a hyphen inside a word)."""
    paragraphs = version.paragraphs
    version.tokens = list(chain.from_iterable(words_of))
    hyphened = list(map(_inner_hyphen, paragraphs))  # one look per paragraph
    if any(hyphened):
        version.fingerprint_tokens = list(
            chain.from_iterable(
                fingerprint_words(text) if joined else found
                for text, found, joined in zip(paragraphs, words_of, hyphened, strict=True)
            )
        )
    else:
        version.fingerprint_tokens = version.tokens


_HYPHENS = ("-", "\u2010", "\u2011")


def _inner_hyphen(text: str) -> bool:
    """`has_inner_hyphen(text)`, each hyphen found with `str.find` (a word character of a
    pattern is one that `isalnum`, or "_"), no pattern tried at every character."""
    if "\u00ad" in text:
        return True
    last = len(text) - 1
    for hyphen in _HYPHENS:
        i = text.find(hyphen, 1, last)
        while i != -1:
            before, after = text[i - 1], text[i + 1]
            if (before.isalnum() or before == "_") and (after.isalnum() or after == "_"):
                return True
            i = text.find(hyphen, i + 1, last)
    return False
