"""Direct quotations and who said them, per version and gathered per story.

Quotes are found between curly or straight quote marks (a straight mark opens after
a space or at the start, and closes otherwise); a quote left open at a paragraph's end
runs on into the next paragraph when that one opens with a quote mark, as wire style
does for long quotes. The speaker comes from the attribution around the quote: after
it ("…," Rubio said / said Danny Russel), before it (Rubio told reporters: “…” / Rubio
added that … “…”), the other half of a split quote, or a pronoun ("he told them")
resolved to the last named speaker. Names are widened to the fullest form the story
uses ("Russel" -> "Danny Russel"). Quotes shorter than three words (scare quotes) are
left out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..model import Story, Version
from ..text import fold

MIN_WORDS = 3
SAME_QUOTE = 80  # rapidfuzz ratio (folded) at or above which two quotes are one quote

_VERBS = (
    r"said|says|told|tells|added|adds|asked|noted|notes|stated|explained|wrote|writes|insisted|"
    r"argued|warned|declared|continued|recalled|replied|conceded|acknowledged|suggested"
)
_NAME = r"(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*[\w]"
_AFTER_NAME_VERB = re.compile(rf"^[\s,;:—–-]*(?P<name>{_NAME}|he|she|they)\s+(?:{_VERBS})\b")
_AFTER_VERB_NAME = re.compile(rf"^[\s,;:—–-]*(?:{_VERBS})\s+(?P<name>{_NAME})")
_BEFORE = re.compile(
    rf"(?P<name>{_NAME}|\b[Hh]e|\b[Ss]he)\s+(?:{_VERBS})\b[^.“”\"]*?(?:that\s|:\s*|,\s*)?$"
)
_LEADING = frozenset(
    "When While After Before As If But And Then So In On At The A An Earlier Later Asked Speaking "
    "Meanwhile However Also Still Yet".split()
)
_TITLES = frozenset(
    "President Secretary State Minister Foreign Prime Vice Chancellor Senator Sen Rep Gov "
    "Governor Mayor General Gen Chief Director Spokesman Spokeswoman Ambassador Premier King "
    "Queen Judge Mr Mrs Ms Dr U.S. US UN EU Deputy Defense Trade Finance Interior".split()
)
_PRONOUNS = frozenset({"he", "she", "they"})


@dataclass
class Quote:
    """One quotation in one version."""

    text: str
    speaker: str | None
    version: int  # index into the story's versions
    paragraph: int
    start: int  # character span in the paragraph (of its first part)
    end: int
    orphan: bool = False  # closed but never opened: where it starts is a guess


@dataclass
class StoryQuote:
    """One quotation as the story's versions carry it."""

    text: str  # its wording in the most complete version that has it
    speaker: str | None
    occurrences: list[Quote] = field(default_factory=list)

    @property
    def versions(self) -> list[int]:
        return sorted({q.version for q in self.occurrences})

    @property
    def variants(self) -> list[str]:
        """Distinct wordings, most common first (one item when every version agrees)."""
        counts = Counter(q.text for q in self.occurrences)
        seen: dict[str, str] = {}
        for text, _ in counts.most_common():
            seen.setdefault(fold(text).rstrip(".,;:!? "), text)
        return list(seen.values())


def _spans(paragraph: str, orphans: bool = False) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of quoted text in a paragraph, quote marks excluded.

    With `orphans`, a closing mark that nothing opened (an edit dropped the opening
    one) yields a span from the start of its sentence, negated: (-start, end, True).
    """
    spans: list[tuple[int, int, bool]] = []
    start = None
    last_close = 0
    for n, ch in enumerate(paragraph):
        if ch not in '“”"':
            continue
        before = paragraph[n - 1] if n else " "
        opens = ch == "“" or (ch == '"' and (before.isspace() or before in "([—–-"))
        if start is None and opens:
            start = n + 1
        elif start is not None and not opens:
            spans.append((start, n, True))
            start = None
            last_close = n + 1
        elif start is None and orphans and n > last_close:
            sentence = max(paragraph.rfind(". ", last_close, n) + 2, last_close, 1)
            spans.append((-sentence, n, True))
            last_close = n + 1
    if start is not None:
        spans.append((start, len(paragraph), False))
    return spans


def _clean_name(name: str) -> str | None:
    words = name.split()
    while words and words[0] in _LEADING:
        words.pop(0)
    while len(words) > 2 and words[0].rstrip(".") in _TITLES:  # "Mayor Jane Doe" -> "Jane Doe"
        words.pop(0)
    if not words:
        return None
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return words[0].lower()
    return " ".join(words).strip(".,") or None


def _attribution(paragraph: str, start: int, end: int) -> str | None:
    after = paragraph[end + 1 : end + 120]
    for pattern in (_AFTER_NAME_VERB, _AFTER_VERB_NAME):
        match = pattern.match(after)
        if match:
            return _clean_name(match["name"])
    before = paragraph[max(0, start - 160) : max(0, start - 1)]
    match = _BEFORE.search(before)
    return _clean_name(match["name"]) if match else None


def extract(version: Version, index: int = 0) -> list[Quote]:
    """The quotations in one version, speakers resolved where the text names them."""
    quotes: list[Quote] = []
    last_speaker: str | None = None
    carry: Quote | None = None  # a quote still open at the end of the previous paragraph
    for p, paragraph in enumerate(version.paragraphs):
        spans = _spans(paragraph, orphans=True)
        if carry is not None:
            if spans and spans[0][0] <= 1:
                start, end, closed = spans.pop(0)
                carry.text += " " + paragraph[start:end].strip()
                if not closed:
                    continue
                speaker = _attribution(paragraph, start, end)
                if speaker and carry.speaker is None:
                    carry.speaker = _resolve(speaker, last_speaker)
            carry = None
        found: list[Quote] = []
        for start, end, closed in spans:
            orphan = start < 0
            start = abs(start)
            text = paragraph[start:end].strip().rstrip(",")
            if len(text.split()) < MIN_WORDS:
                continue
            speaker = _attribution(paragraph, start, end)
            resolved = _resolve(speaker, last_speaker) if speaker else None
            found.append(Quote(text, resolved, index, p, start, end, orphan))
            if not closed:
                carry = found[-1]
        named = [q.speaker for q in found if q.speaker]
        for quote in found:  # the other half of a split quote shares its speaker
            if quote.speaker is None and named and _only_quotes_and_attribution(paragraph):
                quote.speaker = named[0]
        if found and not named and last_speaker and paragraph.lstrip()[:1] in '“"':
            for quote in found:  # a paragraph that is all quote carries on the last speaker
                quote.speaker = last_speaker
        if named:
            last_speaker = named[-1]
        quotes.extend(found)
    return quotes


def _only_quotes_and_attribution(paragraph: str) -> bool:
    outside = paragraph
    for start, end, _ in reversed(_spans(paragraph)):
        outside = outside[: max(0, start - 1)] + outside[end + 1 :]
    return len(outside.split()) <= 25


def _resolve(speaker: str, last: str | None) -> str | None:
    return last if speaker in _PRONOUNS else speaker


def _full_names(story: Story) -> dict[str, str]:
    """Surname -> the fullest "First Last" the story writes for it."""
    names: dict[str, str] = {}
    pattern = re.compile(r"(?=\b([A-Z][a-z’'-]+)\s+([A-Z][a-z’'-]+)\b)")
    for version in story.versions:
        for paragraph in version.paragraphs:
            for first, last in pattern.findall(paragraph):
                if first not in _TITLES and first not in _LEADING and last not in _TITLES:
                    names.setdefault(last, f"{first} {last}")
    return names


def story_quotes(story: Story) -> list[StoryQuote]:
    """Each quotation of a story once, with every version that carries it."""
    full = _full_names(story)
    gathered: list[StoryQuote] = []
    keys: list[str] = []
    order = sorted(range(len(story.versions)), key=lambda n: (not story.versions[n].canonical, n))
    for n in order:
        for quote in extract(story.versions[n], n):
            if (
                quote.speaker
            ):  # "Rubio" and "Skating CEO Matt Farrell" -> "Marco Rubio", "Matt Farrell"
                quote.speaker = full.get(quote.speaker.split()[-1], quote.speaker)
            key = fold(quote.text)
            if quote.orphan:
                match = _trim_orphan(quote, keys)
                if match is None:
                    continue  # where it starts cannot be told without another version
                key = fold(quote.text)
            else:
                match = next(
                    (i for i, k in enumerate(keys) if fuzz.ratio(key, k) >= SAME_QUOTE), None
                )
            if match is None:
                keys.append(key)
                gathered.append(StoryQuote(quote.text, quote.speaker, [quote]))
            else:
                target = gathered[match]
                target.occurrences.append(quote)
                if target.speaker is None and quote.speaker:
                    target.speaker = quote.speaker
    for item in gathered:
        speakers = Counter(q.speaker for q in item.occurrences if q.speaker)
        if speakers:
            item.speaker = speakers.most_common(1)[0][0]
    return gathered


def _trim_orphan(quote: Quote, keys: list[str]) -> int | None:
    """Cut an orphan quote to the part another version quotes, and say which quote that is."""
    folded = fold(quote.text)
    best, best_score, window = None, 0.0, (0, len(folded))
    for i, key in enumerate(keys):
        if len(key) > len(folded) + 20:
            continue
        alignment = fuzz.partial_ratio_alignment(key, folded, score_cutoff=SAME_QUOTE)
        if alignment and alignment.score > best_score:
            best, best_score, window = (
                i,
                alignment.score,
                (alignment.dest_start, alignment.dest_end),
            )
    if best is None:
        return None
    start, end = window
    while start > 0 and not folded[start - 1].isspace():
        start -= 1
    while end < len(folded) and not folded[end].isspace():
        end += 1
    quote.start += start
    quote.text = quote.text[start:end].strip()
    return best
