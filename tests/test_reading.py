"""Reading stages on small hand-made cases: evidence across files, the main block, splits,
header fields, fingerprints (tui.corpus.evidence, body, split, clean, text)."""

from __future__ import annotations

import textwrap

import pytest

from tui.corpus import load_corpus
from tui.corpus.ingest.evidence import NOTHING, Evidence, FileKeys, unit_keys
from tui.corpus.ingest.files import read_all
from tui.corpus.ingest.pipeline import prepare
from tui.corpus.text import fingerprint_words, words

ARTICLE = [
    "BERLIN (AP) — Germany's parliament on Thursday approved a plan to rebuild the country's rail "
    "network over the "
    "next decade, after a debate that ran late into the night and split the governing coalition.",
    "The plan sets aside 40 billion euros for new tracks, bridges and signals, and promises to "
    "end the delays that "
    "have made the national railway a byword for late trains across the country.",
    "Critics said the money would not be enough to replace lines that were built more than a "
    "century ago, and that "
    "the work itself would snarl traffic for years before passengers saw any benefit at all.",
    "“We are finally doing what should have been done twenty years ago,” the transport minister "
    "told lawmakers, "
    "to applause from his own benches and jeers from the opposition.",
    "The upper house is expected to vote on the measure next month, and the first contracts could "
    "be signed before "
    "the end of the year, officials said.",
]
MENU = ["Skip to content", "Home", "World", "Business", "Sport", "Sign in", "Subscribe", "Search"]
FOOTER = [
    "Share on Facebook",
    "Share on X",
    "Most read",
    "Copyright © 2024 Example Media. All rights reserved.",
    "Privacy policy | Terms of use | Cookie settings",
]
OTHER = [
    "LIMA, Peru (AP) — Fishermen along Peru's northern coast say warmer waters have driven away "
    "the anchovy shoals "
    "their towns depend on, and many boats have stayed in port for weeks this season.",
    "Scientists at the national marine institute said the change was linked to a strong El Niño "
    "pattern that is "
    "expected to last into next year, raising fears for the country's fishmeal exports.",
    "The government has promised emergency payments to families who rely on fishing, but union "
    "leaders say the "
    "money has been slow to arrive in the smaller villages along the coast.",
]


def _write(folder, name, lines):
    (folder / name).write_text("\n".join(lines) + "\n", "utf-8")


def _page(title, paragraphs, menu=MENU, footer=FOOTER):
    return [
        *menu,
        "",
        title,
        "By Anna Schmidt",
        "March 14, 2024",
        "",
        *sum(([p, ""] for p in paragraphs), []),
        *footer,
    ]


def _ready(folder):
    texts, _ = read_all([folder])
    return prepare(texts)


def test_evidence_sees_copies_matches_and_furniture(tmp_path):
    _write(tmp_path, "page.txt", _page("Rail plan approved", ARTICLE))
    _write(
        tmp_path, "plain.txt", textwrap.wrap(" ".join(ARTICLE), 66)
    )  # the same text, wrapped: no unit alike
    _write(
        tmp_path, "other.txt", _page("Fishermen wait for anchovies", OTHER)
    )  # same site, another story
    ready = _ready(tmp_path)
    units = ready.units["page.txt"]
    evidence = ready.evidence.of("page.txt")
    plain, other = ready.evidence.numbers["plain.txt"], ready.evidence.numbers["other.txt"]
    lead = next(i for i, u in enumerate(units) if u.text.startswith("BERLIN"))
    assert plain in evidence[lead].matched  # held by its 5-grams, whatever the layout
    menu = next(i for i, u in enumerate(units) if u.text == "World")
    assert evidence[menu].copies == 1 and other in evidence[menu].holders
    assert evidence[menu].furniture == 1  # the other file shares no paragraph with this one
    assert not evidence[lead].furniture


def test_evidence_numbers_do_not_depend_on_file_order():
    line = words("one two three four five six seven eight nine")
    tokens = {"a": [line], "b": [line, words("and something else")]}
    forward, backward = Evidence(tokens), Evidence(dict(reversed(list(tokens.items()))))
    assert forward.of("a")[0].copies == backward.of("a")[0].copies == 1
    assert forward.of("a")[0].holders == {forward.numbers["b"]}
    assert backward.of("a")[0].holders == {backward.numbers["b"]}


def test_units_without_words_get_no_evidence_in_their_place():
    line = words(" ".join(f"word{n}" for n in range(40)))  # long: matched by its 5-grams
    other = words("a notice that both files carry at their foot")
    tokens = {"a": [[], line, [], other], "b": [line, other, []]}
    evidence = Evidence(tokens)
    found = evidence.of("a")
    assert len(found) == 4 and found[0] is NOTHING and found[2] is NOTHING
    b = evidence.numbers["b"]
    assert found[1].holders == {b} and b in found[1].matched
    assert found[3].holders == {b}
    keys = evidence.shown("a")
    assert list(keys.blanks) == [0, 2] and len(keys.whole_keys) == 2
    # what the index keeps of a file leaves out where its blank units stood
    assert keys == FileKeys(keys.digest, keys.whole_keys, keys.gram_keys, keys.sizes)


def test_evidence_takes_no_file_once_asked_for():
    line = words("one two three four five six seven eight nine")
    evidence = Evidence({"a": [line], "b": [line, words("and more")]})
    assert evidence.of("a")[0].copies == 1
    with pytest.raises(RuntimeError):
        evidence.add("c", FileKeys.packed([unit_keys(line)]))


def test_main_block_is_the_article_of_a_whole_page(tmp_path):
    _write(tmp_path, "page.txt", _page("Rail plan approved", ARTICLE))
    (version,) = load_corpus([tmp_path]).stories[0].versions
    assert version.paragraphs == ARTICLE
    assert version.title == "Rail plan approved"
    assert version.byline == "Anna Schmidt" and version.date == "2024-03-14"


def test_short_lead_subhead_and_list_inside_the_body_are_kept(tmp_path):
    body = [
        ARTICLE[0],
        ARTICLE[1],
        "What the plan pays for",
        ARTICLE[2],
        "New tracks: 18 billion euros",
        "Bridges: 12 billion euros",
        "Signals: 10 billion euros",
        ARTICLE[3],
        ARTICLE[4],
    ]
    _write(tmp_path, "page.txt", _page("Rail plan approved", body))
    (version,) = load_corpus([tmp_path]).stories[0].versions
    assert version.paragraphs == body
    assert version.paragraphs[version.subheads[0]] == "What the plan pays for"


def test_a_table_of_figures_after_the_text_stays_with_it(tmp_path):
    rows = [
        "Shr 30 cts vs 12 cts",
        "Net 727,000 vs 266,000",
        "Revs 27.8 mln vs 21.1 mln",
        "Nine mths",
        "Shr 59 cts vs 48 cts",
        "Net 1,355,000 vs 1,098,000",
    ]
    _write(
        tmp_path,
        "r.txt",
        [
            "ACME LTD 3RD QTR NET",
            "1987-03-23",
            "",
            "TORONTO, March 23 - Acme Ltd said",
            *("    " + r for r in rows),
            "",
            " Reuter",
        ],
    )
    (version,) = load_corpus([tmp_path]).stories[0].versions
    assert version.paragraphs[1:] == rows and version.title == "ACME LTD 3RD QTR NET"


def test_a_menu_item_is_never_the_title(tmp_path):
    menu = ["Politics", "Economy", "Breaking news from around the world", "Markets"]
    _write(
        tmp_path, "page.txt", _page("Germany approves a decade of rail repairs", ARTICLE, menu=menu)
    )
    (version,) = load_corpus([tmp_path]).stories[0].versions
    assert version.title == "Germany approves a decade of rail repairs"


def test_related_heading_and_teasers_do_not_start_a_story(tmp_path):
    teasers = [
        "Related stories",
        "Rail strike called off after talks",
        "Ticket prices to rise in January",
        "New high-speed line opens in the south",
    ]
    _write(tmp_path, "page.txt", _page("Rail plan approved", ARTICLE, footer=teasers + FOOTER))
    corpus = load_corpus([tmp_path])
    assert len(corpus.stories) == 1 and corpus.stories[0].versions[0].paragraphs == ARTICLE


def test_two_pages_glued_part_where_the_second_page_starts(tmp_path):
    first = _page("Rail plan approved", ARTICLE)
    second = _page("Fishermen wait for anchovies", OTHER)
    _write(tmp_path, "glued.txt", first + ["", ""] + second)
    _write(
        tmp_path, "rail.txt", ["Rail plan approved", "", *ARTICLE]
    )  # each story told elsewhere too
    _write(tmp_path, "fish.txt", ["Fishermen wait for anchovies", "", *OTHER])
    corpus = load_corpus([tmp_path])
    glued = sorted(
        (v for s in corpus.stories for v in s.versions if v.source == "glued.txt"),
        key=lambda v: v.lines,
    )
    assert [v.paragraphs for v in glued] == [ARTICLE, OTHER]
    assert (
        glued[0].lines == (1, len(first)) and glued[1].lines[0] == len(first) + 3
    )  # after the first footer
    assert glued[1].title == "Fishermen wait for anchovies"
    assert sorted(sorted(v.source for v in s.versions) for s in corpus.stories) == [
        ["fish.txt", "glued.txt"],
        ["glued.txt", "rail.txt"],
    ]


def _openings(corpus, name):
    """The first five letters of each story read from file `name`, sorted."""
    return sorted(
        v.paragraphs[0][:5] for s in corpus.stories for v in s.versions if v.source == name
    )


def test_a_glued_file_saved_twice_is_still_cut(tmp_path):
    glued = ["Rail plan approved", "", *ARTICLE, "", *OTHER]
    _write(tmp_path, "glued.txt", glued)
    _write(tmp_path, "glued copy.txt", glued)  # the very same bytes: no evidence either way
    _write(tmp_path, "rail.txt", ["Rail plan approved", "", *ARTICLE])
    corpus = load_corpus([tmp_path])
    for name in ("glued.txt", "glued copy.txt"):
        assert _openings(corpus, name) == ["BERLI", "LIMA,"]


def test_a_glued_file_saved_again_a_little_changed_is_still_cut(tmp_path):
    # Another scan of the page, its words a little misread: it holds the second story only
    # with the first, as this file does, and tells no more than the very same bytes would.
    glued = ["Rail plan approved", "", *ARTICLE, "", *OTHER]
    misread = [line.replace("the ", "tbe ", 2) for line in glued]
    _write(tmp_path, "glued.txt", glued)
    _write(tmp_path, "glued scan.txt", misread)
    _write(tmp_path, "rail.txt", ["Rail plan approved", "", *ARTICLE])
    corpus = load_corpus([tmp_path])
    for name in ("glued.txt", "glued scan.txt"):
        assert _openings(corpus, name) == ["BERLI", "LIMA,"]
    assert len(corpus.stories) == 2


def test_line_end_hyphens_do_not_keep_two_layouts_apart(tmp_path):
    text = " ".join(ARTICLE)
    hyphenated = textwrap.wrap(text, 38, break_on_hyphens=False)
    for i in range(len(hyphenated) - 1):  # a long word that opens a line starts on the line before
        word, _, rest = hyphenated[i + 1].partition(" ")
        if len(word) >= 8 and word.isalpha():
            hyphenated[i] += " " + word[:4] + "-"
            hyphenated[i + 1] = word[4:] + (" " + rest if rest else "")
    assert any(line.endswith("-") for line in hyphenated)
    _write(tmp_path, "narrow.txt", ["Rail plan approved", "", *hyphenated])
    _write(tmp_path, "wide.txt", ["Rail plan approved", "", *ARTICLE])
    corpus = load_corpus([tmp_path])
    assert len(corpus.stories) == 1
    narrow_version = next(v for v in corpus.stories[0].versions if v.source == "narrow.txt")
    assert any(
        "-" in p and "- " not in p for p in narrow_version.paragraphs
    )  # the text keeps its hyphens
    assert fingerprint_words("Ber-ne and face-to-face") == ["berne", "and", "facetoface"]


COMMENTS = [
    "Another big plan that will be late and over budget, like all the others before it. "
    "The last time they promised new tracks, my line was closed for two summers and the "
    "trains were no faster once it opened again, so forgive me if I do not cheer.",
    "My train was cancelled twice this week, so I will believe it when I see it running. "
    "Forty billion sounds like a lot until you remember how many bridges are falling apart "
    "and how long each one takes to rebuild while everyone waits on the platform.",
    "Good news at last for everyone who has to travel across the country for work. I have "
    "spent more hours on delayed trains than I care to count, and any money that goes into "
    "signals rather than new logos for the stations is money well spent in my view.",
    "They said the same ten years ago and nothing changed for the people in my town. The "
    "station still has one platform, the timetable still has gaps of two hours, and the "
    "minister who promised all of it has long since moved on to another job.",
]


def _thread(stamp_first: bool) -> list[str]:
    """A comment thread: each comment with its stamp line before or after it."""
    lines = ["Comments (4)", ""]
    for n, text in enumerate(COMMENTS):
        stamp = f"Posted by reader{n} on March {14 + n // 2}, 2024 {n + 2}:1{n} PM"
        lines += [stamp, "", text, ""] if stamp_first else [text, "", stamp, ""]
    return lines


def test_a_comment_thread_after_the_article_is_not_read_as_its_last_paragraphs(tmp_path):
    page = _page("Rail plan approved", ARTICLE, footer=[])
    _write(tmp_path, "page.txt", [*page, *_thread(stamp_first=True), *FOOTER])
    (version,) = load_corpus([tmp_path]).stories[0].versions
    assert version.paragraphs == ARTICLE


def test_a_comment_thread_longer_than_the_article_is_not_taken_for_it(tmp_path):
    thread = _thread(stamp_first=True)
    long_thread = [*thread, *_thread(stamp_first=True)[2:], *_thread(stamp_first=True)[2:]]
    page = _page("Rail plan approved", ARTICLE[:3], footer=[])
    _write(tmp_path, "page.txt", [*page, *long_thread, *FOOTER])
    (version,) = load_corpus([tmp_path]).stories[0].versions
    assert version.paragraphs == ARTICLE[:3]


def test_a_timeline_told_in_sentences_is_kept_whole(tmp_path):
    timeline = [
        ARTICLE[0],
        "March 13, 9:15 p.m.: The debate opens with the transport minister's speech to a full "
        "chamber.",
        "March 13, 11:40 p.m.: The opposition asks for the vote to be put off until the morning.",
        "March 14, 1:05 a.m.: Lawmakers approve the plan by a margin of 31 votes.",
        "March 14, 2:30 a.m.: The minister thanks the chamber and leaves without taking questions.",
        ARTICLE[4],
    ]
    _write(tmp_path, "page.txt", _page("Rail plan approved", timeline))
    (version,) = load_corpus([tmp_path]).stories[0].versions
    assert version.paragraphs == timeline


def test_a_picture_credit_above_the_byline_is_not_the_headline(tmp_path):
    lines = [
        *MENU,
        "",
        "Full steam ahead",
        "",
        "STAFF PHOTO BY JANE ROE",
        "By Anna Schmidt",
        "March 14, 2024",
        "",
        *sum(([p, ""] for p in ARTICLE), []),
        *FOOTER,
    ]
    _write(tmp_path, "page.txt", lines)
    (version,) = load_corpus([tmp_path]).stories[0].versions
    assert version.title == "Full steam ahead"
    assert version.paragraphs == ARTICLE


def test_a_scanned_pages_running_head_gives_the_date_and_is_no_paragraph(tmp_path):
    head = "THE EVENING HERALD, THURSDAY, MARCH 14, 2024.        PAGE 3"
    _write(
        tmp_path,
        "scan.txt",
        [head, "", "RAIL PLAN APPROVED", "", *sum(([p, ""] for p in ARTICLE), [])],
    )
    (version,) = load_corpus([tmp_path]).stories[0].versions
    assert version.paragraphs == ARTICLE
    assert version.title == "RAIL PLAN APPROVED" and version.date == "2024-03-14"


def test_a_jump_line_is_no_paragraph_of_the_story(tmp_path):
    lines = ["RAIL PLAN APPROVED", "", ARTICLE[0], "", ARTICLE[1], "", "(Continued on Page 4)", ""]
    lines += ["Continued from Page 1", "", *sum(([p, ""] for p in ARTICLE[2:]), [])]
    _write(tmp_path, "scan.txt", lines)
    (version,) = load_corpus([tmp_path]).stories[0].versions
    assert version.paragraphs == ARTICLE
