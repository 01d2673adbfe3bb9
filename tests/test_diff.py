"""Paragraph alignment and word changes between versions (tui.corpus.analysis.diff)."""

from __future__ import annotations

from tui.corpus.analysis import diff
from tui.corpus.model import Story, Version


def _v(vid: str, paragraphs: list[str]) -> Version:
    return Version(
        id=vid,
        source=f"{vid}.txt",
        lines=(1, len(paragraphs)),
        title=None,
        byline=None,
        date=None,
        dateline=None,
        paragraphs=paragraphs,
    )


def _rows(comparison):
    return [(r.status, r.this, r.other) for r in comparison.rows]


def test_seeds_004_has_the_trump_quote_only(rubio):
    v = {x.source[:3]: x for x in rubio.versions}
    rows = diff.compare(v["004"], v["000"]).rows
    only = [v["004"].paragraphs[r.this] for r in rows if r.status == diff.ONLY_THIS]
    assert any(p.startswith("“Putin is not, he’s not treating human beings right,”") for p in only)


def test_seeds_000_letters_paragraph_is_missing_from_003(rubio):
    v = {x.source[:3]: x for x in rubio.versions}
    rows = diff.compare(v["000"], v["003"]).rows
    only = [v["000"].paragraphs[r.this] for r in rows if r.status == diff.ONLY_THIS]
    assert any(p.startswith("“These letters that are going out") for p in only)


def test_seeds_000_against_004_word_changes(rubio):
    v = {x.source[:3]: x for x in rubio.versions}
    comparison = diff.compare(v["000"], v["004"])
    by_this = {r.this: r for r in comparison.rows if r.this is not None}
    resumption = next(
        i
        for i, p in enumerate(v["000"].paragraphs)
        if p.startswith("The resumption comes as Russia")
    )
    row = by_this[resumption]
    assert row.status == diff.CHANGED
    assert row.inserted == ["U.S. President Donald"] and row.deleted == []
    subhead = v["000"].paragraphs.index("Majority of ASEAN members face major tariff hikes")
    row = by_this[subhead]
    assert (
        row.status == diff.CHANGED
        and v["004"].paragraphs[row.other] == "8 of ASEAN's 10 members face major tariff hikes"
    )
    assert row.deleted == ["Majority", "ASEAN"] and row.inserted == ["8", "ASEAN's 10"]


def test_moved_paragraph_is_a_move_not_delete_and_insert():
    a = _v(
        "a",
        [
            "One alpha beta gamma delta.",
            "Two epsilon zeta eta theta.",
            "Three iota kappa lambda mu.",
            "Four nu xi omicron pi.",
        ],
    )
    b = _v(
        "b",
        [
            "One alpha beta gamma delta.",
            "Three iota kappa lambda mu.",
            "Four nu xi omicron pi.",
            "Two epsilon zeta eta theta.",
        ],
    )
    rows = _rows(diff.compare(a, b))
    assert (diff.MOVED, 1, 3) in rows
    assert not [r for r in rows if r[0] in (diff.ONLY_THIS, diff.ONLY_OTHER)]


def test_rows_cover_both_versions_in_reading_order():
    a = _v(
        "a",
        [
            "Shared opening words of the story here.",
            "Only in a, nothing like the rest at all.",
            "Shared closing words of the story here.",
        ],
    )
    b = _v(
        "b",
        [
            "Shared opening words of the story here.",
            "Only in b, another sentence entirely new.",
            "Shared closing words of the story here, changed.",
        ],
    )
    rows = _rows(diff.compare(a, b))
    assert rows == [
        (diff.SAME, 0, 0),
        (diff.ONLY_THIS, 1, None),
        (diff.ONLY_OTHER, None, 1),
        (diff.CHANGED, 2, 2),
    ]


def test_word_runs_mark_replacements_deletion_first():
    runs = diff.word_runs("the quick brown fox", "the slow brown fox jumps")
    assert [(r.op, r.text) for r in runs] == [
        ("equal", "the"),
        ("delete", "quick"),
        ("insert", "slow"),
        ("equal", "brown fox"),
        ("insert", "jumps"),
    ]


def test_curly_and_straight_quotes_are_the_same_word():
    assert [r.op for r in diff.word_runs("he said “yes” today", 'he said "yes" today')] == ["equal"]


def test_corresponding_paragraph_follows_the_alignment():
    a = _v(
        "a",
        [
            "Intro words that are only here in a.",
            "Body one alpha beta gamma.",
            "Body two delta epsilon.",
        ],
    )
    b = _v("b", ["Body one alpha beta gamma.", "Body two delta epsilon."])
    comparison = diff.compare(a, b)
    assert diff.corresponding(comparison, 2) == 1
    assert diff.corresponding(comparison, 0) == 0


def test_coverage_counts_versions_and_marks_varying_words(rubio):
    v = {x.source[:3]: x for x in rubio.versions}
    cover = diff.coverage(rubio, v["000"])
    assert len(cover) == len(v["000"].paragraphs)
    resumption = next(
        i
        for i, p in enumerate(v["000"].paragraphs)
        if p.startswith("The resumption comes as Russia")
    )
    item = cover[resumption]
    assert len(item.carried_by) == 4 and item.total == 5
    assert [r.text for r in item.runs if r.op == "insert"] == ["U.S. President Donald"]
    letters = next(i for i, p in enumerate(v["000"].paragraphs) if p.startswith("“These letters"))
    assert v["003"].id not in cover[letters].carried_by


def test_single_story_coverage_is_just_this_version():
    a = _v("a", ["Only paragraph of a story."])
    item = diff.coverage(Story("s", "t", [a]), a)[0]
    assert item.carried_by == ["a"] and [r.op for r in item.runs] == ["equal"]
