"""Direct quotations and who said them, per version and gathered per story.

Quotes are found between quote marks: “…” „…“ ‘‘…’’ ``…'' ''…'' «…» »…« ‹…› and straight
double marks, with ’’ and '' also closing a quote that “ or " opened, as some sites print
it. A quote left open at a paragraph's end runs on into the next paragraph only when that
one opens with a quote mark (the wire convention for long quotes); otherwise it ends with
its paragraph. The speaker comes only from attribution in or next to the quote's own
paragraph (see `attribution` for how a clause is read):

* a speech verb and its subject just after the quote or before it in the same sentence;
* the other half of a split quote ("Part one," said X, "part two.");
* for a paragraph that is nothing but a quote, the next paragraph when it is an
  attribution line ("said Jane Doe, the mayor."), or the previous one when that ends
  with its speaker's quote or with "X said:";
* a pronoun (he/she/they) names the speaker of the previous paragraph, or of an earlier
  quote in the same paragraph, when every sentence between has that speaker as subject
  and the pronoun does not contradict the one used for them before.

Anything else is unattributed: a name further back is never borrowed, and a role ("a
spokesman said", "the minister said", "Doe's lawyer said") credits no one. Names are
widened to the one full form the story uses ("Russel" -> "Danny Russel"). Quotes shorter
than three words (scare quotes) are left out.
"""

from __future__ import annotations

import re
from collections import Counter
from copy import copy
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz

from ..model import Story, Version
from ..text import fold
from .attribution import (
    FUNCTION_WORDS,
    TITLES,
    Claim,
    LowerWords,
    attribution_line,
    claim_after,
    claim_before,
    claims_in,
    lexicon,
)
from .quote_marks import Span, has_marks, spans
from .quote_marks import masked as masked_out
from .subjects import continues, subject_of

MIN_WORDS = 3
SAME_QUOTE = 80  # rapidfuzz ratio (folded) at or above which two quotes are one quote


@dataclass(slots=True)  # every version's are kept from reading until the index is saved
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


@dataclass
class _Event:
    """An attribution in a paragraph, the quotes it names, and the speaker it came to."""

    claim: Claim
    items: list[_Item] = field(default_factory=list)
    speaker: str | None = None


@dataclass
class _Item:
    """A span of a paragraph being read: its quote (None for scare quotes) and attribution."""

    span: Span
    quote: Quote | None
    event: _Event | None = None
    after: bool = False  # whether its attribution follows it


@dataclass
class _State:
    """What a paragraph leaves for the next: whom a pronoun there may name, and whom a
    paragraph that is only a quote continues."""

    speaker: str | None = None
    bare: str | None = None


class _Reading:
    """One version read paragraph by paragraph; `quotes` holds what was found."""

    def __init__(self, paragraphs: list[str], index: int) -> None:
        self.paragraphs = paragraphs
        self.index = index
        self.common = lexicon(paragraphs)
        self.quotes: list[Quote] = []
        self.state = _State()
        self.carry: Quote | None = None  # a quote still open at the previous paragraph's end
        self.carry_state = _State()  # the state before that quote began
        self.carry_claimed = False  # whether its first paragraph attributed it (maybe to no one)
        self.pronouns: dict[str, str] = {}  # speaker -> the pronoun the text used for them
        self.named: set[str] = set()  # the speakers credited so far

    def run(self, last: int) -> list[Quote]:
        """The quotes of paragraphs 0 to `last`, the last with a quotation mark: past it
        nothing is quoted, and what the reading learns there (speakers, pronouns) could
        only serve later quotes."""
        for p, paragraph in enumerate(self.paragraphs[: last + 1]):
            self.paragraph(p, paragraph)
        return self.quotes

    def paragraph(self, p: int, paragraph: str) -> None:
        found = spans(paragraph, orphans=True)
        carry, self.carry = self.carry, None
        items: list[_Item] = []
        if carry is not None and found and not found[0].orphan:
            if not paragraph[: found[0].mark].strip():  # it opens with a quote mark: runs on
                span = found.pop(0)
                carry.text += " " + paragraph[span.start : span.end].strip()
                if not span.closed:  # the whole paragraph is inside the quote
                    self.carry = carry
                    return
                items.append(_Item(span, carry))
        continued = bool(items)
        for span in found:
            text = paragraph[span.start : span.end].strip().rstrip(",")
            quote = None
            if len(text.split()) >= MIN_WORDS:
                quote = Quote(text, None, self.index, p, span.start, span.end, span.orphan)
                self.quotes.append(quote)
            items.append(_Item(span, quote))
        masked = masked_out(paragraph, [i.span for i in items])
        events = self.events(paragraph, masked, items, continued)
        self.resolve(masked, events, items[0] if continued else None)
        _share(masked, items)
        bare = None
        if not any(c.isalnum() for c in masked) and not any(i.event for i in items):
            bare = self.bare(p, items, continued)
        before, self.state = self.state, self.leave(masked, events, items, bare)
        last = items[-1] if items else None
        if last is not None and last.quote is not None and not last.span.closed:
            self.carry, self.carry_claimed = last.quote, last.event is not None
            if not (continued and len(items) == 1):
                self.carry_state = before
        for item in items:  # an item and its event hold each other: let both go now
            item.event = None

    def events(
        self, paragraph: str, masked: str, items: list[_Item], continued: bool
    ) -> list[_Event]:
        """Each quote's own attribution, and the reported speech around them, in order."""
        events: dict[tuple[int, int], _Event] = {}
        for n, item in enumerate(items):
            if item.quote is None and not item.span.closed:
                continue  # a short quote's attribution is only for the quote it may share
            if continued and n == 0 and self.carry_claimed:
                continue  # its own paragraph said who it was, or that it could not tell
            claim = self.claim(paragraph, items, n, (continued and n == 0) or not item.quote)
            if claim is not None:
                event = events.setdefault((claim.start, claim.end), _Event(claim))
                event.items.append(item)
                item.event, item.after = event, claim.start >= item.span.close
        used = [(e.claim.start, e.claim.end) for e in events.values()]
        for claim in claims_in(masked, self.common):
            if not any(a <= claim.start < b or a < claim.end <= b for a, b in used):
                events[(claim.start, claim.end)] = _Event(claim)
        return sorted(events.values(), key=lambda e: e.claim.start)

    def claim(self, paragraph: str, items: list[_Item], n: int, after: bool) -> Claim | None:
        """A quote's attribution: the clause after it, or else (unless only `after`) the
        one before it."""
        span = items[n].span
        upto = items[n + 1].span.mark if n + 1 < len(items) else len(paragraph)
        if span.closed:
            claim = claim_after(paragraph[span.close : upto], span.close, self.common)
            if claim is not None and _fits_after(paragraph, span, claim):
                return claim
        if span.orphan or after:
            return None
        since = next((i.span.close for i in reversed(items[:n]) if i.quote is not None), 0)
        return claim_before(paragraph[since : span.mark], since, self.common)

    def resolve(self, masked: str, events: list[_Event], continued: _Item | None) -> None:
        """Give each attribution its speaker, a pronoun the one it stands for, if any."""
        done: list[_Event] = []
        for event in events:
            claim = event.claim
            if claim.kind == "name":
                event.speaker = claim.who
            elif claim.kind == "pronoun" and claim.who is not None:
                pos = min([claim.start] + [i.span.mark for i in event.items])
                lead = pos == claim.start
                if continued is not None and continued in event.items and continued.quote:
                    earlier = continued.quote.speaker or self.carry_state.speaker
                else:
                    earlier = self.antecedent(masked, done, pos, lead)
                event.speaker = self.pronoun(claim.who, earlier)
            done.append(event)
            for item in event.items:
                if item.quote is not None and item.quote.speaker is None:
                    item.quote.speaker = event.speaker

    def antecedent(self, masked: str, done: list[_Event], pos: int, lead: bool) -> str | None:
        """Whom a pronoun at `pos` stands for: the speaker of the paragraph so far, or else
        of the previous paragraph, when no one else has been the subject since (`lead`:
        the pronoun comes before its quote, so its own sentence may begin before it)."""
        prior = [e for e in done if e.claim.end <= pos]
        if prior:
            last = max(prior, key=lambda e: e.claim.end)
            speaker, between, partial = last.speaker, masked[last.claim.end : pos], True
        else:
            speaker, between, partial = self.state.speaker, masked[:pos], False
        return speaker if speaker and continues(between, speaker, partial, lead) else None

    def pronoun(self, pronoun: str, speaker: str | None) -> str | None:
        """The speaker, unless the text used another pronoun for them before."""
        if speaker is None or self.pronouns.setdefault(speaker, pronoun) != pronoun:
            return None
        return speaker

    def leave(
        self, masked: str, events: list[_Event], items: list[_Item], bare: str | None
    ) -> _State:
        """The state after a paragraph (see `_leave`). One without attribution leaves the
        speaker it is about, when every sentence has them as subject, as the story has
        already credited them with a quote ("Doe sought to calm them. He ...")."""
        self.named.update(e.speaker for e in events if e.speaker)
        if events:
            return _leave(masked, events, items)
        if bare is not None:
            return _State(bare)
        subject = subject_of(masked, self.common)
        if subject is None:
            return _State()
        known = sorted((n for n in self.named if n.split()[-1] == subject.split()[-1]), key=len)
        fullest = known[-1].split() if known else []
        if known and all(fullest[-len(n.split()) :] == n.split() for n in known):
            return _State(known[-1])  # "Rubio" and "Marco Rubio" are one person
        return _State()

    def bare(self, p: int, items: list[_Item], continued: bool) -> str | None:
        """The speaker of a paragraph that is only a quote: named by the next paragraph if
        that is an attribution line, or continued from the previous one."""
        prior = self.carry_state if continued else self.state
        line = None
        if p + 1 < len(self.paragraphs):
            line = attribution_line(self.paragraphs[p + 1], self.common)
        if line is None:
            speaker = prior.bare
        elif line.kind == "pronoun" and line.who is not None:
            speaker = self.pronoun(line.who, prior.speaker)
        else:
            speaker = line.who if line.kind == "name" else None
        for item in items:
            if item.quote is not None and item.quote.speaker is None:
                item.quote.speaker = speaker
        quoted = [i.quote.speaker for i in items if i.quote is not None]
        return quoted[-1] if quoted else None


def _fits_after(paragraph: str, span: Span, claim: Claim) -> bool:
    """Whether a clause after a quote attributes it: not when it ends in a colon (it
    introduces the next quote), nor a reported-speech sentence after a full stop."""
    rest = paragraph[claim.end :].lstrip()
    if rest.startswith(":"):
        return False
    if not paragraph[span.start : span.end].rstrip().endswith("."):
        return True
    if "," in paragraph[span.close : claim.end].rstrip(", "):
        return False  # "“... .” These days, Doe says, ...": a new sentence of reported speech
    return not rest or rest[0] in '.,;!?—–“"«»' or paragraph[claim.start :].startswith(claim.verb)


def _one_sentence(text: str) -> bool:
    """Whether nothing in `text` follows the end of a sentence."""
    return re.search(r"[.!?…]\W*\w", text) is None


def _share(masked: str, items: list[_Item]) -> None:
    """A quote without attribution next to an attributed one is the other half of a split
    quote when only that attribution lies between them ("A," said X, "B.") or when the two
    are in one sentence that the attribution ends ("A" and "B," X said.)."""
    for before, item in zip(items, items[1:], strict=False):
        event = before.event
        if item.quote is None or item.event is not None or event is None or not before.after:
            continue
        if event.claim.end <= item.span.mark and _one_sentence(
            masked[event.claim.end : item.span.mark]
        ):
            _join(item, event)
    for item, after in reversed(list(zip(items, items[1:], strict=False))):
        event = after.event
        if item.quote is None or item.event is not None or event is None or not after.after:
            continue
        if not re.search(r"[.!?…]\W*$", item.quote.text) and _one_sentence(
            masked[item.span.close : after.span.mark] + "x"
        ):
            _join(item, event)


def _join(item: _Item, event: _Event) -> None:
    item.event = event
    event.items.append(item)
    if item.quote is not None and item.quote.speaker is None:
        item.quote.speaker = event.speaker


def _leave(masked: str, events: list[_Event], items: list[_Item]) -> _State:
    """What a paragraph leaves for the next: its last speaker if no one else is the
    subject after them, and the speaker a bare quote next would continue."""
    last = max(events, key=lambda e: e.claim.end)
    tail = masked[last.claim.end :]
    if not last.speaker or not continues(tail, last.speaker, partial=True):
        return _State()
    if last.claim.trailing and not last.items:
        return _State()  # "Doe and his guards attacked ..., said Jane Roe": whom "he" means?
    if not _one_sentence(tail):
        return _State(last.speaker)
    quoted = [i.quote for i in last.items if i.quote is not None]
    asked = last.claim.verb in ("asked", "asks") or any(q.text.endswith("?") for q in quoted)
    ends = quoted and quoted[-1] is next((i.quote for i in reversed(items) if i.quote), None)
    if (ends and not asked) or (not quoted and tail.strip() == ":"):
        return _State(last.speaker, last.speaker)
    return _State(last.speaker)


def extract(version: Version, index: int = 0) -> list[Quote]:
    """The quotations in one version, speakers resolved where the text names them."""
    return _read(version.paragraphs, index)


def _read(paragraphs: list[str], index: int) -> list[Quote]:
    marked = [p for p, text in enumerate(paragraphs) if has_marks(text)]
    if not marked:
        return []  # most versions: nothing to read
    return _Reading(paragraphs, index).run(marked[-1])


def version_quotes(version: Version) -> list[Quote]:
    """`extract(version)`, found once and kept on the version (its text never changes).

    A version's quotes depend on its paragraphs alone, and a corpus often holds the same
    text more than once (a wire story as several sites ran it, a page saved twice): a
    version with the very paragraphs of one of the last few read takes copies of that
    one's quotes rather than reading them again."""
    if version.found_quotes is None:
        version.found_quotes = list(map(copy, _extracted(tuple(version.paragraphs))))
    return version.found_quotes


@lru_cache(maxsize=64)  # a file's copies are read close together: in one chunk of files
def _extracted(paragraphs: tuple[str, ...]) -> tuple[Quote, ...]:
    return tuple(_read(list(paragraphs), 0))


def _quotes_of(version: Version, index: int) -> list[Quote]:
    """The version's quotations as the `index`th version of its story (copies: the story
    widens their speakers)."""
    return [replace(q, version=index) for q in version_quotes(version)]


_FULL_NAME = re.compile(
    r"(?<![\w’'.-])(?=([A-Z][a-z]+)\s+((?:[A-Z]\.\s+)?)([A-Z][a-z]*(?:[’'-][A-Z]?[a-z]{2,})*)(?![\w]))"
)


def _full_names(story: Story, surnames: set[str]) -> dict[str, str]:
    """Surname -> the one "First Last" the story writes for it (none when it writes two),
    for the `surnames` asked about (its speakers')."""
    paragraphs = [p for version in story.versions for p in version.paragraphs]
    lower = LowerWords("\n".join(paragraphs))
    seen: dict[str, set[str]] = {}
    for paragraph in paragraphs:
        for match in _FULL_NAME.finditer(paragraph):
            first, middle, last = match.groups()
            if last not in surnames or len(last) < 2:
                continue
            if any(w in TITLES or lower(w.lower()) for w in (first, last)):
                continue
            before = paragraph[: match.start()].split()[-1:]
            word = before[0] if before else ""
            if (
                word[:1].isupper()
                and word.rstrip(".,") not in TITLES
                and word.lower() not in FUNCTION_WORDS
            ):
                continue  # "Print Email Choi": a run of capitals, not a name
            seen.setdefault(last, set()).add(f"{first} {middle}{last}")
    return {last: next(iter(full)) for last, full in seen.items() if len(full) == 1}


def _widen(speaker: str, full: dict[str, str]) -> str:
    """ "Russel" -> "Danny Russel" when the story writes that name in full."""
    words = speaker.split()
    target = full.get(words[-1])
    if target and target.split()[-len(words) :] == words:
        return target
    return speaker


def story_quotes(story: Story) -> list[StoryQuote]:
    """Each quotation of a story once, with every version that carries it."""
    order = sorted(range(len(story.versions)), key=lambda n: (not story.versions[n].canonical, n))
    found = [_quotes_of(story.versions[n], n) for n in order]
    surnames = {q.speaker.split()[-1] for quotes in found for q in quotes if q.speaker}
    full = _full_names(story, surnames) if surnames else {}
    gathered: list[StoryQuote] = []
    keys: list[str] = []
    for quotes in found:
        for quote in quotes:
            if quote.speaker:
                quote.speaker = _widen(quote.speaker, full)
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
