"""The search query language: a query string to terms.

    word        fuzzy: typos and missing letters allowed ("distracton")
    'word       exact word or substring          "exact phrase"   the phrase as typed
    ^word       at the start of the unit         !word            the unit must not hold it
    a|b         either                           title: by: quote: date:2025-07   narrow the field

Terms are folded (case, accents, curly quotes) like the index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import fold


@dataclass
class Term:
    """One parsed query term."""

    text: str
    mode: str = "fuzzy"  # fuzzy, exact, start
    negate: bool = False
    scope: str | None = None  # title, by, date, quote
    alternatives: list[Term] = field(default_factory=list)


def parse(query: str) -> list[Term]:
    """Terms of a query (see the module docstring for the syntax)."""
    terms: list[Term] = []
    for token in re.findall(r'(?:\w+:)?"[^"]*"?|\S+', query.strip()):
        options = [_parse_one(part) for part in token.split("|") if part and part != "!"]
        options = [o for o in options if o.text]
        if not options:
            continue
        if len(options) == 1:
            terms.append(options[0])
        else:
            terms.append(Term("|".join(o.text for o in options), alternatives=options))
    return terms


def _parse_one(token: str) -> Term:
    negate = token.startswith("!")
    token = token[1:] if negate else token
    field_name = None
    match = re.match(r"(title|by|date|quote):(.*)", token, re.I)
    if match:
        field_name, token = match.group(1).lower(), match.group(2)
    mode = "fuzzy"
    if token.startswith('"'):
        mode, token = "exact", token.strip('"')
    elif token.startswith("'"):
        mode, token = "exact", token[1:]
    elif token.startswith("^"):
        mode, token = "start", token[1:]
    return Term(fold(token).strip(), mode, negate, field_name)
