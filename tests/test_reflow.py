"""Reflowing hard-wrapped, indented and one-line-per-paragraph layouts."""

from __future__ import annotations

import textwrap

from tui.corpus.ingest.reflow import reflow, split_soft

PARAS = [
    "The council met on Tuesday to discuss the budget for the coming year, which has been delayed "
    "twice.",
    "Members said the delay was caused by a dispute over road repairs.",
    "Short subhead about roads",
    "Repairs will start in the spring, officials said, and will last until the autumn of next "
    "year at least.",
]


def _texts(units):
    return [u.text for u in units]


def test_one_paragraph_per_line():
    assert _texts(reflow(PARAS)) == PARAS


def test_blank_separated_paragraphs():
    lines = []
    for p in PARAS:
        lines += [p, ""]
    assert _texts(reflow(lines)) == PARAS


def test_hard_wrapped_column_is_reflowed():
    lines = []
    for p in PARAS:
        lines += textwrap.wrap(p, 40)
    assert _texts(reflow(lines)) == PARAS


def test_column_that_narrows_part_way():
    lines = []
    for p in PARAS[:2]:
        lines += textwrap.wrap(p, 44)
    lines.append("")
    for p in PARAS[2:]:
        lines += textwrap.wrap(p, 36)
    assert _texts(reflow(lines)) == PARAS


def test_indented_paragraphs_wire_style():
    lines = textwrap.wrap(PARAS[0], 50)
    for p in (PARAS[1], PARAS[3]):
        wrapped = textwrap.wrap(p, 50)
        lines += ["    " + wrapped[0], *wrapped[1:]]
    lines.append(" Reuter")
    assert _texts(reflow(lines)) == [PARAS[0], PARAS[1], PARAS[3], "Reuter"]


def test_hyphenated_compound_rejoined():
    units = reflow(["It was a face-to-", "face meeting that lasted an hour and a", "half."])
    assert units[0].text == "It was a face-to-face meeting that lasted an hour and a half."


def test_line_numbers_are_kept():
    lines = ["Headline", "", *textwrap.wrap(PARAS[0], 40), "", PARAS[1]]
    units = reflow(lines)
    assert [(u.first, u.last) for u in units] == [(1, 1), (3, 5), (7, 7)]


def test_separators_and_markers_are_their_own_units():
    units = reflow(["Text of a paragraph that ends here.", "___", "[to top of next page]", "|"])
    assert _texts(units) == [
        "Text of a paragraph that ends here.",
        "___",
        "[to top of next page]",
        "|",
    ]


def test_table_rows_kept_as_preformatted_block():
    lines = ["Prices were as follows -", "  Wheat   2.64   2.40", "  Corn    1.40   1.92", "Reuter"]
    units = reflow(lines)
    assert (
        units[1].kind == "table" and units[1].text == "  Wheat   2.64   2.40\n  Corn    1.40   1.92"
    )


def test_soft_break_marked_and_split():
    # The paragraph ends on a nearly full line: the next word would not have fitted.
    lines = [
        "The first paragraph of this story goes on for a",
        "while and then ends with a long last line here.",
        "Afterwards a second paragraph begins and goes",
        "on.",
    ]
    (unit,) = reflow(lines)
    assert unit.soft, "a sentence ending at a full line is a possible paragraph end"
    offset, line = unit.soft[0]
    assert unit.text[offset:].startswith("Afterwards") and line == 3
    first, second = split_soft(unit, [unit.soft[0]])
    assert first.text.endswith("here.") and (first.first, first.last) == (1, 2)
    assert second.text.startswith("Afterwards") and (second.first, second.last) == (3, 4)
