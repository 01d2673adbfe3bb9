"""Recognisers for dates, bylines, datelines, captions, credits and chrome."""

from __future__ import annotations

from tui.corpus.ingest import signals


def test_dates():
    assert signals.date_unit("[July 11, 2025]") == "2025-07-11"
    assert signals.date_unit("2025-07-11 09:44 Last Updated At:09:50") == "2025-07-11"
    assert signals.date_unit("Published 3 March 2024, 10:02 GMT") == "2024-03-03"
    assert signals.date_unit("1987-03-11") == "1987-03-11"
    assert signals.date_unit("26-FEB-1987 15:01:01.79") == "1987-02-26"
    assert (
        signals.date_unit("The vote on July 11, 2025 was close and the count went on all night.")
        is None
    )
    assert signals.date_prefix("date 2025-07-11 Kuala Lumpur, July 10: text") == (
        "2025-07-11",
        "Kuala Lumpur, July 10: text",
    )


def test_bylines():
    assert signals.byline("By MATTHEW LEE") == "Matthew Lee"
    assert signals.byline("By Jane Doe and John O'NEIL") == "Jane Doe and John O'NEIL"
    assert (
        signals.byline("By SEAN O'NEIL AND ANA DIAZ, Associated Press")
        == "Sean O'Neil and Ana Diaz"
    )
    assert signals.byline("By the time the votes were counted, the polls had long closed.") is None


def test_datelines():
    assert (
        signals.dateline("KUALA LUMPUR, Malaysia (AP) — U.S. Secretary")
        == "KUALA LUMPUR, Malaysia (AP)"
    )
    assert signals.dateline("ST. LOUIS (AP) — World champions") == "ST. LOUIS (AP)"
    assert (
        signals.dateline("BROOKFIELD, WIS., March 11 - Rexnord Inc said")
        == "BROOKFIELD, WIS., March 11"
    )
    assert signals.dateline("WASHINGTON — The Senate voted") == "WASHINGTON"
    assert signals.dateline("Kuala Lumpur, July 10: US Secretary") == "Kuala Lumpur, July 10"
    assert signals.dateline("Kuala Lumpur, July 10: US Secretary", strict=True) is None
    assert signals.dateline("The U.S. said on Monday") is None


def test_captions_and_credits():
    assert signals.is_caption("A man walks past a shop, Friday, Jan. 9, 2026. (AP Photo/Jane Roe)")
    assert signals.is_caption("Leaders meet in Rome. (REUTERS/John Smith)")
    assert not signals.is_caption(
        "Rubio will likely meet China's foreign minister in Kuala Lumpur. (AP)"
    )
    assert signals.is_credit("Eileen Ng contributed to this report.")
    assert signals.is_credit("Reporting by Jane Roe; Editing by Tim Poe")
    assert not signals.is_credit("The report said the economy grew by 2%.")


def test_chrome():
    for text in (
        "News",
        "More Images",
        "Skip to Content Facebook Feature Image",
        "|",
        "Share this article",
    ):
        assert signals.is_chrome(text), text
    for text in ("Majority of ASEAN members face major tariff hikes", "He said no."):
        assert not signals.is_chrome(text), text
    assert signals.is_related_heading("Recommended Articles")
    assert signals.is_link_hub("AP Olympics: https://apnews.com/hub/milan")
    assert signals.is_copyright(
        "All contents © copyright 2025 Associated Press. All rights reserved |"
    )
    assert (
        signals.strip_agency_tail("during his visit in Kuala Lumpur. (AP)")
        == "during his visit in Kuala Lumpur."
    )


def test_post_stamps_are_the_time_stamps_of_comments_and_latest_lists():
    stamped = [
        "Posted by Jane Roe on March 3, 2024 5:15 PM",
        "Posted By: reader42 | January 16 2008 at 03:16 PM",
        "Report this Comment On December 23, 2014, at 10:07 PM, argus wrote:",
        "Sam (6 days ago) reply",
        "12.29.14 at 8:09 pm",
        "19/01/2008 4:52:15 PM",
        "2 hours ago - Council approves the budget for next year",
        "The new line will not be enough, they never are Posted by Tom on Jan 10, 2008 5:15 PM "
        "Report this comment",
    ]
    for text in stamped:
        assert signals.post_stamp(text), text
    told = [
        "At 5:15 p.m. on March 3, police arrived at the scene.",  # a sentence of the story
        "March 3, 9:15 a.m.: the first call reaches the fire station.",
        "The meeting began at 10 a.m. and ran until the evening",  # no date with the time
        "Published March 3, 2024",  # a date alone
        "Updated 5:15 PM",
        "Three days ago the fire began",  # an age in words, not figures
        "5:15 PM, March 3, 2024: "  # the stamp opens a long paragraph, far from its end
        + " ".join(["the council met again and talked for a long time about the plan"] * 4),
    ]
    for text in told:
        assert not signals.post_stamp(text), text


def test_a_picture_credit_is_no_headline():
    credits = ("STAFF PHOTO BY JANE ROE", "Photo by Jane Roe", "PHOTO: REUTERS", "Photograph: AP")
    for text in credits:
        assert signals.is_picture_credit(text), text
    for text in (
        "Photos: the day in pictures",  # no name follows
        "Photo finish decides the race",
        "Photo by the river at dawn.",
        "Images of the week",
    ):
        assert not signals.is_picture_credit(text), text


def test_a_running_head_is_a_date_line():
    assert signals.date_unit("THE EVENING HERALD, MARCH 4, 1987.   PAGE 1") == "1987-03-04"
    assert signals.date_unit("PAGE 4 THE TIMES, TUESDAY, JULY 1, 1930") == "1930-07-01"
    assert signals.date_unit("The Daily News, Monday, March 3, 1924 Page 5") == "1924-03-03"
    assert signals.date_unit("Page 2 of the report was released on March 4, 1987") is None
    assert signals.date_unit("The vote on July 11, 2025 was close, page 4") is None


def test_jump_lines_send_the_reader_to_another_page():
    for text in (
        "(Continued on Page 4)",
        "Continued from Page 1",
        "See RAIL, Page A6",
        "Please turn to Page 12",
    ):
        assert signals.is_jump_line(text), text
    for text in (
        "He continued on page 4 of the report.",
        "See page 4 for the full results table, which lists every constituency.",
        "Turn to the sports pages",
    ):
        assert not signals.is_jump_line(text), text
