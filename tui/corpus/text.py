"""Small text helpers shared by every stage: sanitising, folding for comparison, tokens."""

from __future__ import annotations

import re
import unicodedata

# ANSI/VT escape sequences (CSI, OSC, and two-byte escapes) are removed whole, so no
# fragment such as "[31m" survives; then every remaining C0/C1 control goes too.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x1b[@-_]?"  # other escapes (or a lone ESC)
)
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)

WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
TERMINAL = re.compile(r"""[.!?…]['"’”)\]]*$""")


def sanitize_line(line: str) -> str:
    """Drop escape sequences and control characters; tabs and odd spaces become spaces."""
    if "\x1b" in line or "\x9b" in line:
        line = _ESCAPES.sub("", line)
    line = line.replace("\t", "    ")
    line = _CONTROLS.sub("", line)
    return line.rstrip()


def squash(text: str) -> str:
    """Collapse runs of white space to one space and trim."""
    if "  " not in text and "\t" not in text and text.isascii():
        return text.strip()  # nothing to collapse (most lines)
    return _SPACES.sub(" ", text).strip()


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


# The same mapping as pairs: `str.replace` for each one present is many times quicker than
# `str.translate` with a table, which looks up every character of a non-ASCII text.
_QUOTE_PAIRS = tuple((chr(a), b) for a, b in _QUOTES.items())


def fold(text: str) -> str:
    """Case-, accent- and quote-insensitive form of a text, for comparison and search."""
    if text.isascii():  # of the quotes, only ` is ASCII
        return text.replace("`", "'").casefold()
    # each mark becomes an ASCII one that is no mark itself, so one after another is as
    # one translation
    for mark, plain in _QUOTE_PAIRS:
        if mark in text:
            text = text.replace(mark, plain)
    return strip_accents(text).casefold()


def words(text: str) -> list[str]:
    """Folded word tokens of a text."""
    return WORD.findall(fold(text))


_INNER_HYPHEN = re.compile("\\w[-\u2010\u2011]\\w|\u00ad")


def has_inner_hyphen(text: str) -> bool:
    """Whether a hyphen joins two word characters (or a soft hyphen is there): whether
    `fingerprint_words` would differ from `words`."""
    return _INNER_HYPHEN.search(text) is not None


def fingerprint_words(text: str) -> list[str]:
    """Folded word tokens with hyphens inside words dropped, for fingerprints only.

    A word broken at a line end ("Ber-" / "ne") is joined keeping its hyphen, so two
    layouts of one text differ there; "Ber-ne" and "Berne" both give "berne" here (and
    "face-to-face" gives "facetoface" wherever it is written so). Hyphens are no word
    characters, so dropping every one changes only the words they join.
    """
    for hyphen in ("-", "\u00ad", "\u2010", "\u2011"):
        if hyphen in text:
            text = text.replace(hyphen, "")
    return words(text)


def ends_sentence(text: str) -> bool:
    """Whether `text` ends a sentence (a full stop, ?, ! or …, maybe inside closing quotes)."""
    return bool(TERMINAL.search(text, max(0, len(text) - 12)))


def word_count(text: str) -> int:
    return len(text.split())
