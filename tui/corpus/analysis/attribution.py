"""Who a quotation's attribution names: the clause next to a quote, read word by word.

An attribution is a speech verb and its subject, either order: after the quote
(", said Jane Doe", ", Jane Doe said", ", the mayor, Jane Doe, said", ", he said",
", according to Jane Doe") or before it in the same sentence ("Jane Doe said: ",
"Said one official: ", "Doe added that ..."). The subject is a name, a pronoun or a
role ("a spokesman", "the minister", "Doe's lawyer"): roles are never read as the
person they are near. Names lose their titles ("Prime Minister Jane Doe" -> "Jane
Doe") and the sentence-initial words that the story also writes in lower case
("Although Doe" -> "Doe"). Text passed in here has its quotations masked out, so
no quoted word is ever read as part of an attribution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

VERBS = frozenset(
    "said says say told tells added adds asked asks noted notes stated states explained explains "
    "wrote writes insisted insists argued argues warned warns declared declares continued "
    "recalled recalls replied replies conceded concedes acknowledged acknowledges suggested "
    "suggests countered counters chimed observed observes remarked admitted admits responded "
    "responds announced announces claimed claims testified joked jokes quipped quips shouted "
    "yelled cried whispered tweeted posted cautioned complained complains predicted predicts "
    "stressed stresses emphasized emphasised offered".split()
)
PRONOUNS = frozenset({"he", "she", "they"})
# Verbs whose next word is whom they were said to: "told New Scientist" names no speaker.
_TO_WHOM = frozenset("told tells asked asks warned warns cautioned urged urges".split())
TITLES = frozenset(
    "President Secretary State Minister Foreign Prime Vice Chancellor Senator Sen Sens Rep Reps "
    "Gov Governor Mayor General Gen Chief Director Spokesman Spokeswoman Spokesperson Ambassador "
    "Premier King Queen Prince Princess Judge Justice Mr Mrs Ms Miss Mx Dr Prof Professor Sir "
    "Dame Lord Lady Rev Father Pope Bishop Archbishop Cardinal Rabbi Imam Sheikh Emir Deputy "
    "Defense Defence Trade Finance Interior Justice Health Education Labor Labour Energy "
    "Commerce Treasury Attorney Chairman Chairwoman Chair CEO CFO COO Coach Manager Captain Capt "
    "Lt Col Sgt Maj Adm Cmdr Commander Commissioner Sheriff Inspector Detective Officer Speaker "
    "Leader Congressman Congresswoman Councilman Councilwoman Councillor Assemblyman "
    "Assemblywoman Superintendent Dean Provost Principal Founder President-elect MP".split()
)
_PARTICLES = frozenset(
    "de da di del della van von der den du le la bin ibn al el ter dos das".split()
)
_PREPOSITIONS = frozenset(
    "of for at from with to in on by and or nor but than like about against after before "
    "during under over into onto near via between among behind toward towards".split()
)
NOT_SUBJECT = _PREPOSITIONS | frozenset(
    "this last that which when while as if then so yet recently earlier later yesterday today "
    "tonight".split()
)
_ADVERBS = frozenset(
    "also later then has had have would will once since previously recently earlier often "
    "again reportedly simply quickly still just even further".split()
)
_DATES = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December Today Yesterday".split()
)
_ARTICLES = frozenset({"The", "A", "An"})
# Words that open sentences and are never names, for texts too short to write them in
# lower case somewhere too (the usual test, see `lexicon`).
FUNCTION_WORDS = frozenset(
    "when while after before as if but and then so in on at the a an earlier later asked "
    "speaking meanwhile however also still yet among although though because since until "
    "unless despite during for from with without under over into of to by like unlike even "
    "only just now here there this that these those it its their his her our we you i why "
    "what who how where whether both each every all some many most several instead indeed "
    "perhaps yes no not apparently finally clearly obviously currently eventually ultimately "
    "initially originally separately similarly fortunately unfortunately interestingly "
    "notably meanwhile moreover furthermore nevertheless nonetheless otherwise afterwards "
    "first next".split()
)
_DETERMINERS = frozenset("the a an his her their its our my your this that these those".split())
_ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr St Sen Sens Rep Reps Gov Gen Lt Col Sgt Capt Prof Jr Sr Rev Adm Maj Cmdr Supt "
    "Det Mt Ft No Inc Co Corp Ltd Bros Jan Feb Aug Sept Oct Nov Dec Calif Fla Mass Wash".split()
)
SENTENCE_END = frozenset(".!?…")
_CLAUSE_END = frozenset(".!?…;:,()—–")
_TOKEN = re.compile(r"[^\W\d_](?:[\w’'.\-]*\w)?\.?|\d[\w.,:/-]*|[^\w\s]")
_BEFORE_WORD = r"(?<![\w’'.-])"  # what a word written in lower case is not preceded by
_LOWER_FORM = re.compile(r"[a-z][a-z’'-]*")  # and what it is made of
_LOWER_WORD = re.compile(_BEFORE_WORD + _LOWER_FORM.pattern)
_WORD_MARKS = "_’'.-"  # what, besides letters and digits, \w and _BEFORE_WORD exclude before
_TAIL_MARKS = "’'-"  # what, besides a-z, may go on a lower-case word
MAX_NAME_WORDS = 4


class Token(NamedTuple):
    """A word or a punctuation mark, with its place in the text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Claim:
    """An attribution: who (a name, a pronoun, or a role that names no one) and where."""

    kind: str  # "name", "pronoun" or "role"
    who: str | None  # the name, or the pronoun (lower case); None for a role
    verb: str
    start: int  # its span in the text the tokens came from
    end: int
    trailing: bool = False  # reported speech credited after the fact: "..., said Jane Doe"


def lexicon(paragraphs: list[str]) -> frozenset[str]:
    """Words the text writes in lower case: a capitalised one of these is no name."""
    return frozenset(w for p in paragraphs for w in _LOWER_WORD.findall(p))


class LowerWords:
    """Whether a text writes a word in lower case (the word is in its `lexicon`), or the
    word is a function word: for a few words asked about, each is searched for in the
    text rather than every word of it listed."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.known: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        found = self.known.get(word)
        if found is None:
            found = word in FUNCTION_WORDS or (
                _LOWER_FORM.fullmatch(word) is not None and self._written(word)
            )
            self.known[word] = found
        return found

    def _written(self, word: str) -> bool:
        """Whether the text holds `word` as a whole word (as `_LOWER_WORD` finds words):
        looked for with `str.find`, since a pattern made per word is compiled per word."""
        text, size = self.text, len(word)
        at = text.find(word)
        while at >= 0:
            before = text[at - 1] if at else " "
            after = text[at + size] if at + size < len(text) else " "
            if not (before.isalnum() or before in _WORD_MARKS) and not (
                "a" <= after <= "z" or after in _TAIL_MARKS
            ):
                return True
            at = text.find(word, at + 1)
        return False


@lru_cache(maxsize=16)
def tokens(text: str, base: int = 0) -> list[Token]:
    """Words and marks; a full stop leaves a word unless the word is an abbreviation.

    Kept for the last few texts: a paragraph is read for its claims and for its subject
    in turn (the callers never change the list)."""
    found: list[Token] = []
    append, new = found.append, tuple.__new__  # Token(...) costs a call more per word
    for match in _TOKEN.finditer(text):
        word = match.group()
        start = match.start() + base
        end = start + len(word)
        if word[-1] == "." and len(word) > 1 and not _abbreviation(word[:-1]):
            append(new(Token, (word[:-1], start, end - 1)))
            append(new(Token, (".", end - 1, end)))
        else:
            append(new(Token, (word, start, end)))
    return found


def _abbreviation(word: str) -> bool:
    return len(word) == 1 or "." in word or word in _ABBREVIATIONS


def _cap(token: Token) -> bool:
    return token.text[:1].isupper() and not _possessive(token)


def name_word(token: Token) -> bool:
    return _cap(token) and token.text not in _DATES


def _possessive(token: Token) -> bool:
    return token.text.endswith(("'s", "’s", "s'", "s’"))


def _word(token: Token) -> bool:
    return token.text[:1].isalnum() and token.text not in VERBS


def lower(token: Token) -> bool:
    return token.text[:1].islower()


def _verb(token: Token, capital: bool = False) -> bool:
    word = token.text.lower() if capital else token.text
    return word in VERBS


def sentence_start(toks: list[Token], end: int) -> int:
    """Index of the first token of the sentence that token `end` (exclusive) closes."""
    for n in range(end - 1, -1, -1):
        if toks[n].text in SENTENCE_END:
            return n + 1
    return 0


def name_of(run: list[Token], common: frozenset[str]) -> str | None:
    """A run of capitalised words as a speaker's name, or None when it is no one's name."""
    words = [t.text for t in run]
    if not words or words[0] in _ARTICLES:
        return None
    titled = [n for n, w in enumerate(words[:-1]) if w.rstrip(".") in TITLES]
    if titled:  # "Prime Minister Jane Doe" -> "Jane Doe"; "Jane King" and "King" stay
        words = words[titled[-1] + 1 :]
        if words[-1].rstrip(".") in TITLES:
            return None  # "Prime Minister": a role
    while words and (words[0].lower() in common or words[0].lower() in FUNCTION_WORDS):
        words.pop(0)
    if not words or len(words) > MAX_NAME_WORDS or any(w in _DATES for w in words):
        return None
    if words[-1] in _PARTICLES:
        return None
    return " ".join(words)


def _run_back(toks: list[Token], end: int, floor: int) -> int:
    """Start index of the run of capitalised words (particles between) that ends at `end`."""
    n = end
    while n > floor and (
        name_word(toks[n - 1])
        or (toks[n - 1].text in _PARTICLES and n < end and name_word(toks[n]))
    ):
        n -= 1
    return n


def subject_before(
    toks: list[Token], verb: int, floor: int, common: frozenset[str]
) -> tuple[str, str | None, int] | None:
    """(kind, who, start index) of the subject that ends just before token `verb`."""
    n = verb
    while n > floor and lower(toks[n - 1]) and toks[n - 1].text in _ADVERBS:
        n -= 1
    if n <= floor:
        return None
    last = toks[n - 1]
    if last.text == ",":
        return _appositive(toks, n - 1, floor, common)
    if last.text.lower() in PRONOUNS:
        return "pronoun", last.text.lower(), n - 1
    if name_word(last):
        start = _run_back(toks, n, floor)
        before = toks[start - 1] if start > floor else None
        titled = toks[start].text.rstrip(".") in TITLES
        if before is not None and before.text in _PREPOSITIONS and not titled:
            if before.text in ("of", "from", "at"):
                return _of_whom(toks, start - 1, floor, common)  # "Jane Doe of Acme Corp said"
            return None  # "a spokesman for Jane Doe said": Doe is not the one speaking
        if before is not None and _possessive(before) and before.text[:1].isupper():
            if toks[n - 1].text.rstrip(".") not in TITLES:  # a body named in full, as given
                return "name", " ".join(t.text for t in toks[start - 1 : n]), start - 1
        if before is not None and (_possessive(before) or before.text.lower() in _DETERMINERS):
            return "role", None, start  # "the Meteorological Department said", "Doe's Chief"
        name = name_of(toks[start:n], common)
        return ("name", name, start) if name else ("role", None, start)
    if lower(last) and last.text not in NOT_SUBJECT:
        return "role", None, n - 1  # "the minister said", "officials said", "Doe's aide said"
    return None


def _of_whom(
    toks: list[Token], at: int, floor: int, common: frozenset[str]
) -> tuple[str, str | None, int] | None:
    """The subject of "Jane Doe of (the) Acme Corp said", from the word "of" at `at`."""
    n = at
    if n > floor and toks[n - 1].text.lower() in _DETERMINERS:
        n -= 1
    if n <= floor or not name_word(toks[n - 1]):
        return None
    found = subject_before(toks, n, floor, common)
    return found if found is None or found[0] != "pronoun" else None


def _appositive(
    toks: list[Token], comma: int, floor: int, common: frozenset[str]
) -> tuple[str, str | None, int] | None:
    """The subject of "X, <appositive>, said": the name on either side of the appositive."""
    first = next(
        (k for k in range(comma - 1, max(floor, comma - 14) - 1, -1) if toks[k].text == ","), None
    )
    if first is None or first <= floor:
        return None
    inner = toks[first + 1 : comma]
    if any(t.text in SENTENCE_END or t.text in '“”"' for t in inner) or not inner:
        return None
    head = subject_before(toks, first, floor, common)
    if all(_cap(t) or t.text in _PARTICLES for t in inner) and _cap(inner[0]):
        name = name_of(inner, common)
        if name and head is not None and head[0] == "role":
            return "name", name, head[2]  # "the mayor, Ana Ruiz, said"
    return head  # "Ana Ruiz, the mayor, said", "Doe, 56, said"


def subject_after(
    toks: list[Token], start: int, common: frozenset[str]
) -> tuple[str, str | None, int] | None:
    """(kind, who, end index) of the subject that begins at token `start` ("said Jane Doe")."""
    end = start
    while end < len(toks) and toks[end].text not in _CLAUSE_END and toks[end].text not in '“”"«»':
        end += 1
    phrase = toks[start:end]
    if not phrase:
        return None
    head = phrase[0]
    if head.text.lower() in PRONOUNS:
        return "pronoun", head.text.lower(), start + 1
    if lower(head):
        if head.text in NOT_SUBJECT or head.text in VERBS:
            return None  # "said in a statement": no subject here
        follow = toks[end + 1 :] if end < len(toks) and toks[end].text == "," else []
        run = follow[: run_length(follow)]
        name = name_of(run, common) if run and _run_ends_phrase(follow, len(run)) else None
        if name:
            return "name", name, end + 1 + len(run)  # "said the mayor, Ana Ruiz"
        if head.text in _DETERMINERS:
            return "role", None, end  # "said the Frenchman", "said a spokesman for Doe"
        n = next((k for k, t in enumerate(phrase) if not lower(t)), len(phrase))
        if n == len(phrase) or any(t.text in NOT_SUBJECT for t in phrase[:n]):
            return "role", None, end  # "said one official", "said lawyers for Doe"
    else:
        n = 0
    while n < len(phrase):
        if not name_word(phrase[n]):
            n += 1
            continue
        length = run_length(phrase[n:])
        after = phrase[n + length] if n + length < len(phrase) else None
        if after is None or after.text in NOT_SUBJECT or after.text in ("who", "whose", "a", "an"):
            name = name_of(phrase[n : n + length], common)
            return ("name", name, start + n + length) if name else ("role", None, end)
        n += length  # "Columbus coach Ken Hitchcock": a modifier, the name comes later
    return "role", None, end


def run_length(toks: list[Token]) -> int:
    n = 0
    while n < len(toks) and (
        name_word(toks[n])
        or (toks[n].text in _PARTICLES and n + 1 < len(toks) and name_word(toks[n + 1]) and n > 0)
    ):
        n += 1
    return n


def _run_ends_phrase(toks: list[Token], length: int) -> bool:
    return length == len(toks) or toks[length].text in _CLAUSE_END or toks[length].text in '“”"'


def claim_after(text: str, base: int, common: frozenset[str]) -> Claim | None:
    """The attribution that opens `text` (what follows a closing mark), if it has one."""
    toks = tokens(text, base)
    n = 0
    while n < len(toks) and toks[n].text in ",—–-":
        n += 1
    if n >= len(toks):
        return None
    dash = n > 0 and toks[n - 1].text in "—–-"
    first = toks[n]
    if (_verb(first, capital=True) and first.text.lower() not in ("told", "tells")) or (
        first.text == "according" and n + 1 < len(toks) and toks[n + 1].text == "to"
    ):
        skip = 2 if first.text == "according" else 1
        found = subject_after(toks, n + skip, common)
        if found is None:
            return None
        kind, who, end = found
        return Claim(kind, who, first.text.lower(), toks[n].start, toks[max(end, n + 1) - 1].end)
    if dash and _cap(first):  # "... .” — Jane Doe, the mayor"
        found = subject_after(toks, n, common)
        if found and found[0] == "name":
            return Claim("name", found[1], "—", first.start, toks[found[2] - 1].end)
        return None
    limit = min(len(toks), n + 16)
    for v in range(n + 1, limit):
        if toks[v].text in SENTENCE_END or toks[v].text in '“”"«»':
            return None
        if _verb(toks[v]):
            found = subject_before(toks, v, n, common)
            if found is None:
                return None
            between = toks[n : found[2]]
            if not all(_word(t) or t.text == "," for t in between):
                return None
            if any(t.text == "," for t in between) and toks[found[2] - 1].text != ",":
                return None  # it opens the clause or follows a comma: "…” in it, Doe said"
            return Claim(found[0], found[1], toks[v].text, toks[n].start, toks[v].end)
    return None


def claim_before(text: str, base: int, common: frozenset[str]) -> Claim | None:
    """The attribution in the sentence that `text` ends, just before an opening mark."""
    toks = tokens(text, base)
    floor = sentence_start(toks, len(toks))
    n = floor
    while n < len(toks) and toks[n].text in ",—–-":
        n += 1
    first = toks[n].text.lower() if n < len(toks) else ""
    if (first in VERBS and first not in _TO_WHOM) or first == "according":
        skip = 2 if toks[n].text.lower() == "according" else 1
        found = subject_after(toks, n + skip, common)  # "Said one official: “...”"
        if found and all(t.text in ",:—–-" for t in toks[found[2] :]):
            return Claim(found[0], found[1], toks[n].text.lower(), toks[n].start, toks[-1].end)
    for v in range(len(toks) - 1, floor, -1):
        if _verb(toks[v]):
            found = subject_before(toks, v, floor, common)
            if found is not None:
                return Claim(found[0], found[1], toks[v].text, toks[found[2]].start, toks[v].end)
    return None


def claims_in(text: str, common: frozenset[str]) -> list[Claim]:
    """Reported speech outside quotations ("Doe said the plan would fail"), in order."""
    toks = tokens(text)
    found: list[Claim] = []
    for v, token in enumerate(toks):
        if not _verb(token):
            continue
        if v and toks[v - 1].text == "," and token.text not in _TO_WHOM:  # "..., said Tom Smith"
            after = subject_after(toks, v + 1, common)
            if after is not None and after[0] == "name":
                end = toks[after[2] - 1].end
                found.append(Claim(after[0], after[1], token.text, token.start, end, True))
                continue
        subject = subject_before(toks, v, sentence_start(toks, v), common)
        if subject is not None:
            start = toks[subject[2]].start
            found.append(Claim(subject[0], subject[1], token.text, start, token.end))
    return found


def attribution_line(paragraph: str, common: frozenset[str]) -> Claim | None:
    """The attribution a paragraph is made of ("said Jane Doe, the mayor."), if it is one."""
    if any(mark in paragraph for mark in '“”"«»„'):
        return None
    claim = claim_after(paragraph, 0, common)
    if claim is None:
        return None
    rest = tokens(paragraph[claim.end :])
    words = [t for t in rest if t.text[:1].isalnum()]
    ends = [n for n, t in enumerate(rest) if t.text in SENTENCE_END]
    if ends and any(t.text[:1].isalnum() for t in rest[ends[0] :]):
        return None  # a second sentence: a paragraph of its own, not an attribution line
    opening = tokens(paragraph)[0].text
    if opening.lower() in (claim.verb, "according") or opening in "—–-" or not words:
        return claim  # "said Jane Doe, the mayor, on Tuesday."
    lead = rest[0].text
    plain = lead in ",;" or lead in _PREPOSITIONS or lead in _DATES
    return claim if plain and len(words) <= 8 else None  # not "Doe said the plan would fail."
