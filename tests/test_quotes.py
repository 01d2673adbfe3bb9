"""Quotations and their speakers (tui.corpus.analysis.quotes)."""

from __future__ import annotations

from tui.corpus.analysis.quotes import extract, story_quotes
from tui.corpus.model import Story, Version


def _v(paragraphs, vid="v", canonical=True):
    return Version(
        vid, f"{vid}.txt", (1, 1), None, None, None, None, paragraphs, canonical=canonical
    )


def test_split_quote_shares_its_speaker_and_pronoun_resolves():
    version = _v(
        [
            "“We will not back down from this fight,” Mayor Jane Doe told reporters. “Not now and "
            "not ever.”",
            "“The budget is balanced for the first time in years,” she said on Tuesday.",
            "The council later voted on the plan, said Tom Smith, who chairs the finance "
            "committee.",
        ]
    )
    quotes = extract(version)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("We will not back down from this fight", "Jane Doe"),
        ("Not now and not ever.", "Jane Doe"),
        ("The budget is balanced for the first time in years", "Jane Doe"),
    ]


def test_said_name_after_the_quote_and_straight_marks():
    quotes = extract(
        _v(['"Prices will keep rising this winter," said Maria Lopez, an economist at the bank.'])
    )
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Prices will keep rising this winter", "Maria Lopez")
    ]


def test_multi_paragraph_quote_runs_on():
    quotes = extract(
        _v(
            [
                "“The first thing we did was count the damage in every street of the town,",
                "“and then we started to rebuild the houses one by one,” the mayor, Ana Ruiz, "
                "said.",
            ]
        )
    )
    assert (
        len(quotes) == 1
        and quotes[0].text.startswith("The first thing")
        and "one by one" in quotes[0].text
    )


def test_scare_quotes_are_not_quotations():
    assert (
        extract(
            _v(["The so-called “reform” passed on Tuesday after a long debate in the chamber."])
        )
        == []
    )


def test_story_quotes_gather_versions_and_wording(by_file, rubio):
    quotes = story_quotes(rubio)
    flexibility = next(q for q in quotes if "more flexibility" in q.text)
    assert flexibility.speaker == "Marco Rubio"
    assert any("there’s not been more flexibility" in v for v in flexibility.variants)
    assert any("there hasn’t been more flexibility" in v for v in flexibility.variants)
    russel = next(q for q in quotes if q.text.startswith("talking points on the China threat"))
    assert russel.speaker == "Danny Russel" and len(russel.versions) == 4
    approach = next(q for q in quotes if "new and a different approach" in q.text)
    assert approach.speaker == "Marco Rubio"
    trump = next(q for q in quotes if q.text.startswith("Putin is not"))
    assert trump.speaker == "Donald Trump"
    assert [rubio.versions[n].source[:3] for n in trump.versions] == ["004"]


def test_each_quote_once_per_story():
    a = _v(["“We are ready to talk at any time,” the minister, Paul Berg, said."], "a")
    b = _v(
        ["“We are ready to talk at any time,” said Paul Berg.", "Nothing else was said."],
        "b",
        canonical=False,
    )
    (quote,) = story_quotes(Story("s", "t", [a, b]))
    assert quote.versions == [0, 1] and quote.speaker == "Paul Berg" and len(quote.variants) == 1
