"""Left-over markup in extracted text (tui.corpus.ingest.markup): HTML entities and
Markdown marks go when files are read; the line ranges still point into the file."""

from __future__ import annotations

from tui.corpus import load_corpus
from tui.corpus.ingest.markup import plain

BODY = (
    "The council agreed on Monday to spend &#163;1.8m &amp; more on the town's roads, "
    "a decision that officials said would take years to carry out in full.\n\n"
    "Residents said the **new plan** was _long overdue_ and that the old one had been "
    "left to gather dust for a decade while the potholes grew deeper every winter.\n"
)


def test_plain_decodes_entities_and_drops_markdown_marks():
    assert plain("Costs &#163;1.8m &amp; more") == "Costs £1.8m & more"
    assert plain("&#x2014; a dash &mdash; two") == "— a dash — two"
    assert plain("## Council backs road plan") == "Council backs road plan"
    assert plain("a **bold** and __strong__ word, an _emphasised_ one") == (
        "a bold and strong word, an emphasised one"
    )
    assert plain("a&nbsp;b") == "a b"


def test_plain_leaves_text_that_only_looks_like_markup():
    for text in (
        "snake_case_name stays",
        "AT&T and R&D; fine",
        "c**p",
        "* a list item",
        "#hashtag",
        "5 * 3 * 2",
    ):
        assert plain(text) == text


def test_a_read_file_shows_no_entity_or_markdown_mark(tmp_path):
    (tmp_path / "a.txt").write_text("## Council backs road plan\n\n" + BODY, "utf-8")
    version = load_corpus([tmp_path]).stories[0].versions[0]
    text = "\n".join([version.title or "", *version.paragraphs])
    assert "£1.8m & more" in text and "new plan was long overdue" in text
    assert "&#" not in text and "**" not in text and "## " not in text
    assert version.title == "Council backs road plan"
    assert version.paragraph_lines[0] == (3, 3)  # still the file's own line numbers


def test_a_print_button_or_a_timestamp_is_no_headline(tmp_path):
    """Lines above the body that are buttons, timestamps or credits are passed over."""
    from tui.corpus.ingest.clean import _headline_like

    for line in (
        "[printer.gif] Print this article",
        "By Ashley Burns • 12.29.14",
        "2 days ago at 10:30",
        "Maimane Phiri © Gallo Images",
        "* Go to permalink",
        "<a href='http://ads.example.com/click'>",
    ):
        assert not _headline_like(line), line
    for line in (
        "Council backs road plan",
        "<ACME CORP> YEAR NET",
        "(CORRECTED) - FOO BAR",
        "CBT 12:20 EDT WHEAT",
        "Oil demand up 2 pct from year ago",
    ):
        assert _headline_like(line), line
    page = "Council backs road plan\n\n[printer.gif] Print this article\n\n" + BODY
    (tmp_path / "a.txt").write_text(page, "utf-8")
    assert load_corpus([tmp_path]).stories[0].title == "Council backs road plan"
