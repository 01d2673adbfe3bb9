"""The sidebar's dates keep a four-digit year however narrow the list is."""

from __future__ import annotations

import re

from tui.reader.widgets.story_list import short_date


def test_dates_never_shorten_to_two_digit_years():
    assert short_date("2025-07-10", 60) == "2025-07-10"
    assert short_date("2025-07-10", 35) == "Jul 2025"
    assert short_date("1987-10-20", 25) == "1987"
    for width in range(10, 80):
        for date in ("2025-07-10", "1987-10-20", "2019-11-20", "2020"):
            shown = short_date(date, width)
            assert re.search(r"\b\d{4}\b", shown), (date, width, shown)
            assert not re.fullmatch(r"\d{2}-\d{2}-\d{2}", shown)
