"""A version's date when no date line sits next to its body: a dated line further up its
header (a byline with a date, "Published ..."), a numeric date (19/01/2008), or the
/yyyy/mm/dd/ stamp of a link to the page. General date forms only."""

from __future__ import annotations

import re

from ..model import Unit
from . import signals

_NUMERIC = re.compile(r"(?<![\d/.])([0-3]?\d)([/.])([0-3]?\d)\2((?:19|20)\d{2})(?![\d/.])")
_URL_STAMP = re.compile(r"/((?:19|20)\d{2})/([01]?\d)/([0-3]?\d)(?=/|[^\w]|$)")
_LONGEST_STAMP_LINE = 120  # characters: a dated header line, not a paragraph that names a date


def _iso(y: int, m: int, d: int) -> str | None:
    return f"{y:04d}-{m:02d}-{d:02d}" if 1 <= m <= 12 and 1 <= d <= 31 else None


def numeric_date(text: str) -> str | None:
    """A d/m/yyyy or m/d/yyyy date (day first when the first figure can only be a day,
    month first otherwise), as ISO 8601."""
    match = _NUMERIC.search(text)
    if not match:
        return None
    a, b, y = int(match[1]), int(match[3]), int(match[4])
    return _iso(y, b, a) if a > 12 else _iso(y, a, b)


def url_stamp(text: str) -> str | None:
    """The date of a /yyyy/mm/dd/ stamp in a link."""
    match = _URL_STAMP.search(text)
    return _iso(int(match[1]), int(match[2]), int(match[3])) if match else None


def line_date(text: str) -> str | None:
    """The date a short header line carries, in any of the forms above."""
    if len(text) > _LONGEST_STAMP_LINE:
        return None
    return signals.parse_date(text) or numeric_date(text) or url_stamp(text)


def header_date(units: list[Unit], lead: int, reach: int) -> str | None:
    """The date of the lines above the body (the nearest first, up to `reach` units up,
    and the top three of the body), else of a URL stamp anywhere in `units`."""
    near = [*reversed(units[max(0, lead - reach) : lead]), *units[lead : lead + 3]]
    for unit in near:
        if unit.kind in ("body", "chrome", "date", "byline", "credit", "caption"):
            found = line_date(unit.text)
            if found:
                return found
    return next((found for u in units if (found := url_stamp(u.text))), None)
