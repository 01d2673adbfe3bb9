"""Recognisers for the parts of a news page: dates, bylines, datelines, credits,
captions, page chrome. Each works from general patterns of news text, never from
any one corpus's strings.
"""

from __future__ import annotations

import re
from itertools import islice

from ..text import ends_sentence, fold, word_count

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\b")
_DATE_MDY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_DATE_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.I)
_DATE_WIRE = re.compile(rf"\b(\d{{1,2}})-({_MONTH})-(\d{{4}})\b", re.I)
_DATE_LEFTOVER = re.compile(
    r"\b(?:date[ds]?|published|updated|last|posted|modified|on|at|time|am|pm|gmt|utc|edt|est|"
    r"bst|cet|mon|tue|wed|thu|fri|sat|sun|\w+day)\b|\d{1,2}:\d{2}(?::\d{2})?|[\[\](),:|.\-–—/]",
    re.I,
)
_DATE_PREFIX = re.compile(
    r"^\s*(?:(?:date|published|posted|updated)\s*:?\s*)?"
    r"(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)\s+(?=\S)",
    re.I,
)

_BYLINE = re.compile(r"^\s*By\s+(?P<name>[A-Z][\w.'’\-]*(?:[ ,]+[\w.'’\-&]+){0,7})\s*$")
_AFFILIATION = re.compile(
    r",\s*(?:the\s+)?(?:associated press|reuters|afp|staff|correspondent|special to).*$", re.I
)

# "CITY, Region (AP) —", "CITY, STATE., March 11 -", "CITY —" and "City, July 10:".
_DATELINE_AGENCY = re.compile(
    r"^(?P<d>[A-Z][A-Z.'’\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30}){0,2}"
    r"\s*\([A-Z][A-Za-z]{1,12}\))\s*[—–-]+\s*"
)
_DATELINE_WIRE = re.compile(
    r"^(?P<d>[A-Z][A-Z.'’\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30}){0,2}"
    rf",\s*{_MONTH}\.?\s+\d{{1,2}})\s+[—–-]+\s+"
)
_DATELINE_CAPS = re.compile(r"^(?P<d>[A-Z][A-Z.'’\-]{2,}(?: [A-Z.'’\-]{2,}){0,3})\s+[—–]\s+")
_DATELINE_COLON = re.compile(
    rf"^(?P<d>[A-Z][A-Za-z.'’\-]+(?: [A-Z][A-Za-z.'’\-]+){{0,3}},\s*{_MONTH}\.?\s+\d{{1,2}}):\s+"
)

_PHOTO_CREDIT = re.compile(
    r"\((?=[^()]*(?:photo|pool|getty|images|\bvia\b|courtesy|\bfile\b|credit|/))[^()]{2,90}\)\s*$",
    re.I,
)
_PHOTO_WORDS = re.compile(r"\b(?:photo|photograph|pictured|picture|image)\b", re.I)
_CREDIT = re.compile(
    r"\b(?:contributed(?: reporting)? to (?:this|the) (?:report|story|article)"
    r"|contributed reporting|"
    r"reporting by|editing by|writing by|additional reporting|compiled by|produced by)\b",
    re.I,
)
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b", re.I)
_URL = re.compile(r"https?://|www\.\w|\b\w+\.(?:com|org|net|co\.uk)/\S", re.I)
_RELATED = re.compile(
    r"^(?:recommended|related|read more|more from|more stories|you may also like"
    r"|you might also like|"
    r"most read|most popular|most viewed|trending|also read|see also|more on this|latest news"
    r"|top stories|"
    r"more news|what to read next|read next|up next|sponsored)\b",
    re.I,
)
UI_WORDS = frozenset(
    "skip to content main menu navigation facebook twitter x email e-mail share print image "
    "feature subscribe sign log in out search home newsletter cookie cookies advertisement "
    "advertising ad comments comment close open toggle listen audio video watch follow us "
    "instagram linkedin whatsapp copy link reddit pinterest save more images gallery photos "
    "next previous back top account register login sections section edition news world local "
    "sport sports opinion business".split()
)
_TOKEN = re.compile(r"[\w'’\-]+")
_AGENCY_TAIL = re.compile(
    r"(?<=[.!?”\"'])\s*\((?:[A-Z][A-Za-z]{1,8}(?:/[A-Z][A-Za-z]{1,8})?)\)\s*$"
)


_YEAR = re.compile(
    r"\d\d{3}"
)  # (not "\d{4}": a pattern opening with a repeat is tried at every character)
# What a text must hold, lower-cased, for a month's name to be in it ("ep" of "sep": an "s"
# matches "ſ" too when case is ignored).
_MONTH_HINTS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "ep", "oct", "nov", "dec")


def parse_date(text: str) -> str | None:
    """The first calendar date in `text`, as ISO 8601, or None."""
    if not _YEAR.search(text):  # every form below has a four-digit year
        return None
    lowered = text.lower()
    named = any(hint in lowered for hint in _MONTH_HINTS)
    dashed = "-" in text  # the ISO and wire forms have one
    if not named and not dashed:
        return None
    found: list[tuple[int, str]] = []
    for pattern in (_DATE_ISO, _DATE_MDY, _DATE_DMY, _DATE_WIRE):
        if not (named if pattern is _DATE_MDY or pattern is _DATE_DMY else dashed):
            continue
        match = pattern.search(text)
        if not match:
            continue
        if pattern is _DATE_ISO:
            y, m, d = int(match[1]), int(match[2]), int(match[3])
        elif pattern is _DATE_MDY:
            m, d, y = _MONTHS[match[1][:3].lower()], int(match[2]), int(match[3])
        else:
            d, m, y = int(match[1]), _MONTHS[match[2][:3].lower()], int(match[3])
        if 1 <= m <= 12 and 1 <= d <= 31 and 1800 <= y <= 2200:
            found.append((match.start(), f"{y:04d}-{m:02d}-{d:02d}"))
    return min(found)[1] if found else None


def date_unit(text: str) -> str | None:
    """The date if this unit is a date line (a date with at most labels and a time around it)."""
    if len(text) > 80:
        return None
    date = parse_date(text)
    if not date:
        return None
    rest = text
    for pattern in (_DATE_ISO, _DATE_MDY, _DATE_DMY, _DATE_WIRE):
        rest = pattern.sub(" ", rest)
    rest = _DATE_LEFTOVER.sub(" ", rest)
    left = rest.split()
    if len(left) <= 2:
        return date
    return date if _running_head(text, left) else None


# A page number as a newspaper's running head prints it: "PAGE 4", "Page 12", "P. 3".
_PAGE_NUMBER = re.compile(r"\b(?:page|p\.)\s*\d{1,3}\b", re.I)


def _running_head(text: str, left: list[str]) -> bool:
    """Whether a line with a date in it is a printed page's running head: the paper's
    name, the date and the page number ("THE EVENING HERALD, MARCH 4, 1987. PAGE 1"), as
    scanned pages repeat it at the top of each page. `left`: its words less the date's."""
    page = _PAGE_NUMBER.search(text)
    if page is None or len(left) > 8:
        return False
    name = [w for w in left if not w.isdigit() and w.lower() not in ("page", "p")]
    return 1 <= len(name) <= 5 and all(w[:1].isupper() or w.lower() in ("the", "of") for w in name)


def date_prefix(text: str) -> tuple[str, str] | None:
    """(date, remaining text) when a paragraph opens with a bare ISO date stamp."""
    match = _DATE_PREFIX.match(text)
    if not match:
        return None
    date = parse_date(match[1])
    return (date, text[match.end() :]) if date else None


def byline(text: str) -> str | None:
    """The author names of a "By ..." line, title-cased if set in capitals."""
    match = _BYLINE.match(text)
    if (
        not match
        or ends_sentence(text)
        and not text.rstrip().endswith(("Jr.", "Sr."))
        and len(text.split()) > 4
    ):
        return None
    name = _AFFILIATION.sub("", match["name"]).strip(" ,")
    if not name:
        return None
    if name.isupper():
        name = _title_case(name)
    return name


def _title_case(name: str) -> str:
    """ "MATTHEW O'NEIL-SMITH AND JO LEE" -> "Matthew O'Neil-Smith and Jo Lee"."""
    words = []
    for word in name.split():
        if word in {"AND", "&"}:
            words.append(word.lower() if word == "AND" else word)
            continue
        words.append(re.sub(r"[A-Za-z]+", lambda m: m[0].capitalize(), word.lower()))
    return " ".join(words)


def dateline(text: str, strict: bool = False) -> str | None:
    """The dateline a paragraph opens with ("KUALA LUMPUR, Malaysia (AP)"), or None.

    `strict` accepts only capitalised wire forms, the ones that can start a new story
    in the middle of a file.
    """
    patterns: tuple[re.Pattern[str], ...] = (_DATELINE_AGENCY, _DATELINE_WIRE, _DATELINE_CAPS)
    if not strict:
        patterns += (_DATELINE_COLON,)
    for pattern in patterns:
        match = pattern.match(text)
        if match:
            return match["d"].strip()
    return None


def _at_most(text: str, n: int) -> bool:
    """Whether `text` has at most `n` words, reading no further than its (n+1)th."""
    return len(text.split(None, n)) <= n


def is_caption(text: str) -> bool:
    """Photo captions end in a credit such as "(Name/Pool Photo via AP)"."""
    if not text.rstrip().endswith(")"):
        return False  # both forms end in ")" and white space at most
    words = len(text.split(None, 90))
    if words > 90:
        return False
    if _PHOTO_CREDIT.search(text):
        return True
    return words <= 40 and bool(_PHOTO_WORDS.search(text[-60:]))


# Before `_CREDIT` or `_COPYRIGHT` is tried, the lower-cased text is asked for what one of
# their forms must hold: parts of its words free of the letters that match other characters
# when case is ignored (i, s and k match "ı", "İ", "ſ" and the Kelvin sign).


def is_credit(text: str) -> bool:
    low = text.lower()
    if not (
        "contr" in low  # contributed ...
        or "ng by" in low  # reporting, editing, writing by
        or "l rep" in low  # additional reporting
        or "led by" in low  # compiled by
        or "ced by" in low  # produced by
    ):
        return False
    return _at_most(text, 30) and bool(_CREDIT.search(text))


def is_copyright(text: str) -> bool:
    if "©" not in text:
        low = text.lower()
        if not (
            "copyr" in low
            or "(c)" in low
            or "all r" in low
            and "erved" in low  # all rights reserved
        ):
            return False
    return _at_most(text, 40) and bool(_COPYRIGHT.search(text))


_LEGAL = frozenset(
    "privacy policy terms conditions cookie cookies copyright rights reserved legal disclaimer "
    "accessibility sitemap contact imprint".split()
)


def is_footer(text: str) -> bool:
    """A page's closing line: a copyright notice, or links to its legal pages
    ("Privacy | Terms")."""
    if is_copyright(text):
        return True
    tokens = re.findall(r"[\w'’]+", text.lower())
    return 0 < len(tokens) <= 20 and sum(t in _LEGAL for t in tokens) >= 0.4 * len(tokens)


# A notice addressed to the reader about their browser or data (a JavaScript, cookie or
# consent prompt): general web vocabulary, not a site's.
_NOTICE_WORDS = frozenset(
    "javascript browser browsers cookie cookies consent privacy personal data enable enabled "
    "disable disabled settings preferences accept partners third-party tracking withdraw "
    "adblock ad-blocker blocker whitelist upgrade unsupported".split()
)
_READER = frozenset("you your you're yours".split())


def is_notice(text: str) -> bool:
    """A prompt addressed to the reader about their browser or their data: it speaks to
    them ("you", "your") and uses two words or more of browsers, cookies and consent."""
    # Every word of _READER holds "you", and so does the folded text that holds one.
    if "you" not in (text.lower() if text.isascii() else fold(text)):
        return False
    tokens = {fold(t) for t in _TOKEN.findall(text)}
    return bool(tokens & _READER) and len(tokens & _NOTICE_WORDS) >= 2


def is_link_hub(text: str) -> bool:
    # every form of a link holds a "/" or "www."
    if "/" not in text and ("." not in text or "www." not in text.lower()):
        return False
    return _at_most(text, 15) and bool(_URL.search(text))


def is_related_heading(text: str) -> bool:
    return _at_most(text, 6) and not ends_sentence(text) and bool(_RELATED.match(text.strip()))


def is_chrome(text: str) -> bool:
    """Navigation, share buttons, section labels: short lines that are not prose."""
    stripped = text.strip()
    if not stripped:
        return True
    if len(stripped) > 240 and stripped.count(" ") > 12:
        return False  # far more than eight words
    # nine words say no (more than eight): the rest of a paragraph is not read
    tokens = [m[0] for m in islice(_TOKEN.finditer(stripped), 9)]
    if not tokens:
        return True  # only punctuation
    if len(tokens) <= 3 and not ends_sentence(stripped) and not stripped[0].isdigit():
        return True
    return len(tokens) <= 8 and not ends_sentence(stripped) and _ui_share(tokens) >= 0.6


def is_headline(text: str, figure_first: bool = False) -> bool:
    """A line that could head a story: short, no closing full stop, capitalised (or, with
    `figure_first`, opening with a figure: "2014: The Year ..."), not a button."""
    n = word_count(text)
    return (
        2 <= n <= 25
        and not ends_sentence(text)
        and (text[:1].isupper() or figure_first and text[:1].isdigit())
        and not text.endswith((",", ";", ":"))
        and ui_share(text) < 0.5
    )


def ui_share(text: str) -> float:
    """The share of a line's words that are the words of site navigation and buttons."""
    return _ui_share(_TOKEN.findall(text))


def _ui_share(tokens: list[str]) -> float:
    if not tokens:
        return 1.0
    # `fold` of an ASCII token is its casefold: no token holds a "`"
    folded = map(str.casefold if "".join(tokens).isascii() else fold, tokens)
    return sum(map(UI_WORDS.__contains__, folded)) / len(tokens)


def strip_agency_tail(text: str) -> str:
    """Drop a trailing agency tag such as "(AP)" after the last sentence."""
    return _AGENCY_TAIL.sub("", text).rstrip()


# A post's time stamp, as comment threads and "latest" lists print one under each entry:
# a time of day with its a.m./p.m. and a calendar date (named month and day, or figures
# such as 12/27/2014 or 12.29.14), or an age ("6 days ago"). A story tells the time of
# what it reports, seldom with the date each time, and never as an age.
_TIME_OF_DAY = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*[ap]\.?\s?m\b", re.I)
_DAY_OF_MONTH = re.compile(
    rf"\b{_MONTH}\.?\s+\d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b"
    r"|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b",
    re.I,
)
_AGE = re.compile(r"\b\d+\s+(?:minute|hour|day|week|month)s?\s+ago\b", re.I)
_DIGIT = re.compile(r"\d")


def post_stamp(text: str) -> bool:
    """Whether a unit carries a post's time stamp (see `_TIME_OF_DAY`): the stamp on a
    short line of its own (with a name, "reply", a headline), or at the end of a comment
    run into it. Not a sentence: a story's own times (a timeline's entries) are told in
    sentences."""
    if ends_sentence(text) or _DIGIT.search(text) is None:  # most units: cheap tests first
        return False
    found = _AGE.search(text) or _TIME_OF_DAY.search(text)
    if found is None:
        return False
    if found.re is _TIME_OF_DAY:
        near = text[max(0, found.start() - 40) : found.end() + 40]
        if not _DAY_OF_MONTH.search(near):
            return False
    return _at_most(text, 20) or len(text) - found.end() < 80


# A picture's credit line: "Staff photo by Jane Roe", "PHOTO: JANE ROE", "Photograph by ...".
_PICTURE_CREDIT = re.compile(
    r"^\W*(?:\w+\s+)?(?:photo(?:graph)?s?|pictures?|images?)\s*(?:by\b|:)\s*", re.I
)


def is_picture_credit(text: str) -> bool:
    """Whether a line credits a picture to someone ("Staff photo by Jane Roe", "PHOTO:
    REUTERS"): no headline, though as short and as capitalised as one."""
    low = text.lower()
    if not ("pho" in low or "pic" in low or "ima" in low) or not _at_most(text, 8):
        return False
    found = _PICTURE_CREDIT.match(text)
    if found is None:
        return False
    return text[found.end() : found.end() + 1].isupper() and not ends_sentence(text)


# A newspaper's jump line, where an article runs on to or from another page.
_JUMP = re.compile(
    r"^\W*(?:(?:please\s+)?(?:continued|cont(?:'d|\.)|see|turn\s+to|jump)\b)"
    r"[^.!?]{0,60}?\b(?:page|pg\.?|p\.)\s*[A-Z]?-?\d{1,3}\W*$",
    re.I,
)


def is_jump_line(text: str) -> bool:
    """Whether a line sends the reader to another page or takes them up from one
    ("Continued on Page 4", "(See RAIL, Page A6)", "Continued from Page 1")."""
    low = text.lower()
    if "pag" not in low and "pg" not in low and "p." not in low:
        return False
    return _at_most(text, 10) and bool(_JUMP.match(text.strip()))
