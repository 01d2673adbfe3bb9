"""Story titles are headlines of the story, and dates are found where the text carries one.

Hand-made pages test each rule; the dev set test (skipped when ../shared/devset is absent)
measures both with `tui.tools.title_score`, whose rules are these:

* a truth title is judged only if it is a headline of its page: not the site's name (the
  site's main label, letters only, is not in it; "Headline | Site" parts that name the
  site are dropped first), not shared by two stories of one site, printed in the story's
  own text (fuzzy >= 90) and about its body (a third of its words of four letters or more
  are in the reference text). A story's title is *not a headline* when its truth title is
  judged and the two do not match (rapidfuzz token-set or, over 20 characters, partial
  score below 70);
* a story's text *carries a date* when a line of a segment's header (the lines before its
  first reference paragraph) holds a full date (month name with day and year, ISO,
  d/m/yyyy) or any line holds a /yyyy/mm/dd/ URL stamp; it *lacks a date* when it carries
  one and the story has none.
"""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tui.corpus import load_corpus
from tui.corpus.grouping.cluster import _best_title
from tui.corpus.ingest.dates import numeric_date, url_stamp
from tui.corpus.model import Version

DEVSET = ROOT.parent / "shared" / "devset"

LEDE = [
    "The city council voted on Tuesday to rebuild the old harbour bridge, ending a dispute over "
    "the crossing that had run for more than a decade and split the town's merchants.",
    "The bridge, closed to lorries since a crack was found in one of its piers, will be replaced "
    "by a wider span with a lane for bicycles and a footpath on either side of the road.",
    "Work is expected to start in the spring and to take two years, the council said, and a ferry "
    "will carry foot passengers across the harbour while the crossing is shut.",
]
MENU = ["Home", "Local", "Weather", "Traffic", "Events", "Contact"]


def _read(tmp_path, lines):
    (tmp_path / "page.txt").write_text("\n".join(lines) + "\n", "utf-8")
    (story,) = load_corpus([tmp_path]).stories
    return story


def _body():
    return sum(([p, ""] for p in LEDE), [])


def test_a_headline_may_open_with_a_figure(tmp_path):
    # Before: a first line opening with a figure was not taken as the headline of a
    # body-only version; it stayed the first paragraph, and the title was made from it.
    story = _read(tmp_path, ["2024: The Year the Harbour Bridge Came Down", "", *_body()])
    (version,) = story.versions
    assert version.title == story.title == "2024: The Year the Harbour Bridge Came Down"
    assert version.paragraphs[0] == LEDE[0]


def test_a_headline_of_button_words_is_kept_when_it_is_about_the_lede(tmp_path):
    # "Back", "in" and "business" are the words of buttons and sections; before, a line
    # made mostly of them was never a headline, however much it said about the story.
    lines = [*MENU, "", "Harbour bridge back in business", "By Jo Lee", "", *_body()]
    assert _read(tmp_path, lines).title == "Harbour bridge back in business"


def test_the_headline_not_the_standfirst_under_it(tmp_path):
    # Before, of the two headline-like lines above the body the nearer one won: here the
    # standfirst, as long as the headline or longer.
    lines = [
        *MENU,
        "",
        "Council votes to rebuild harbour bridge",
        "",
        "The old crossing will make way for a wider span with a lane for bicycles",
        "",
        "By Jo Lee",
        "",
        *_body(),
    ]
    assert _read(tmp_path, lines).title == "Council votes to rebuild harbour bridge"


def test_a_headline_may_end_in_initials_but_a_row_of_tags_is_none(tmp_path):
    # Before, a headline ending in "U.S." was taken for a sentence, and a row of tags
    # that repeats a word could be picked over it.
    lines = [
        *MENU,
        "",
        "Bridge Bridges Bridge Repair Bridge News",
        "",
        "Harbour bridge rebuild to cost more than any in the U.S.",
        "",
        *_body(),
    ]
    assert (
        _read(tmp_path, lines).title == "Harbour bridge rebuild to cost more than any in the U.S."
    )


def test_a_photo_credit_is_not_the_headline(tmp_path):
    lines = [*MENU, "", "Photo by Sam Reed", "", *_body()]
    assert _read(tmp_path, lines).title != "Photo by Sam Reed"


def test_a_headline_does_not_end_in_a_word_that_needs_more(tmp_path):
    # Before, the first line of a wrapped caption ("... in this / June 3, 2007, file
    # photo.") was the headline: about the lede, and the page repeats it.
    caption = "Council member Jo Lee walks over the harbour bridge, in this"
    lines = [
        *MENU,
        "",
        "Harbour bridge to be rebuilt",
        "",
        "The Harbour Gazette",
        "",
        caption,
        "March 3, 2021, file photo.",
        caption,
        "March 3, 2021, file photo.",
        "",
        *_body(),
    ]
    (tmp_path / "a").mkdir()
    assert _read(tmp_path / "a", lines).title == "Harbour bridge to be rebuilt"
    # A whole word only: a name may end in "D'Or" or a letter.
    for i, headline in enumerate(
        ["HARBOUR FIRM BUYS STAKE IN LION D'OR", "Harbour trust gets grade A"]
    ):
        (tmp_path / str(i)).mkdir()
        lines = [*MENU, "", headline, "By Jo Lee", "", *_body()]
        assert _read(tmp_path / str(i), lines).title == headline


def test_the_by_of_a_byline_on_the_headlines_line_is_not_the_headlines(tmp_path):
    # Before, the "by" of the line under it, joined to the headline, stayed in it.
    lines = [*MENU, "", "Harbour bridge to be rebuilt", "by", "The Harbour Gazette", *_body()]
    assert _read(tmp_path, lines).title == "Harbour bridge to be rebuilt"


def test_a_headline_set_as_a_sentence_that_the_page_title_opens_with(tmp_path):
    # Before, a line ending in a full stop was never a headline, and the last of a list of
    # links above it was taken instead.
    headline = "Harbour bridge to be rebuilt, council says."
    lines = [
        f"{headline} | The Harbour Gazette",
        "",
        *sum(([name, ""] for name in MENU), []),
        "Ferry fares to rise in the new year",
        "",
        "Museum opens its doors after repairs",
        "",
        headline,
        "",
        "9th March 2021",
        "",
        *_body(),
    ]
    (tmp_path / "a").mkdir()
    assert _read(tmp_path / "a", lines).title == headline
    # It is one only when the page's title opens with it: not a standfirst.
    lines = [
        "Harbour bridge to be rebuilt | The Harbour Gazette",
        "",
        *sum(([name, ""] for name in MENU), []),
        "Harbour bridge to be rebuilt",
        "",
        "The crossing will close for two years.",
        "",
        "9th March 2021",
        "",
        *_body(),
    ]
    (tmp_path / "b").mkdir()
    assert _read(tmp_path / "b", lines).title == "Harbour bridge to be rebuilt"


NOTICE = [
    "For the full experience of this site, please enable JavaScript in your browser. Here "
    "is how to turn it on in the settings of your browser.",
    "",
    "Welcome to the Harbour Gazette",
    "",
    "We and our partners use cookies to store and read personal data about your visit, to "
    "show you content you may like. You can withdraw your consent at any time.",
    "",
]


def test_a_notice_to_the_reader_is_no_story_but_an_article_on_cookies_is(tmp_path):
    # Before, a page that holds only a JavaScript and cookie prompt (a consent wall) was
    # read as a story, titled with the prompt. The rule is of a body of notices only: a
    # story on the same words is kept.
    (tmp_path / "wall.txt").write_text("\n".join(NOTICE) + "\n", "utf-8")
    article = [
        "Regulators tighten rules on cookies",
        "",
        "Regulators said on Tuesday that sites must ask before they store cookies in your "
        "browser, and that personal data may not be kept without your consent.",
        "",
        "The rules, which take effect in the spring, apply to every site that serves readers "
        "in the country, the regulator said in a statement.",
        "",
    ]
    (tmp_path / "page.txt").write_text("\n".join(article) + "\n", "utf-8")
    stories = load_corpus([tmp_path]).stories
    assert [s.title for s in stories] == ["Regulators tighten rules on cookies"]


def _version(title, near, paragraphs):
    version = Version("", "a.txt", (1, 9), title, None, None, None, paragraphs)
    version.title_near = near
    return version


def test_the_story_takes_the_headline_about_it_not_the_canonical_versions_prompt():
    # Before, the canonical (longest) version's title won, here a prompt picked up far
    # above its body; a shorter version carries the headline just above its text.
    canonical = _version("Thanks for signing up!", False, [*LEDE, "More text of the page."])
    other = _version("Council votes to rebuild harbour bridge", True, LEDE)
    assert _best_title([canonical, other], canonical) == "Council votes to rebuild harbour bridge"
    assert _best_title([canonical], canonical) == "Thanks for signing up!"


def test_numeric_dates_and_url_stamps():
    assert numeric_date("Posted 19/01/2008 4:52:15 PM") == "2008-01-19"
    assert numeric_date("Published 01/08/2008 - 10:07 a.m.") == "2008-01-08"
    assert numeric_date("Score 3/4 in 2008") is None
    assert url_stamp("https://news.example.com/2019/11/20/bridge-vote/") == "2019-11-20"
    assert url_stamp("https://news.example.com/2019/13/40/x") is None


def test_a_date_further_up_the_header_is_the_versions_date(tmp_path):
    # Before, only the twelve units above the body were looked at for a date line.
    sections = "Home Local Weather Traffic Events Contact Sport Arts Books Film Music Travel Food"
    menu = sum(([name, ""] for name in sections.split()), [])
    lines = [
        "Tuesday 15 January 2008",
        "",
        *menu,
        "",
        "Council votes to rebuild bridge",
        "",
        *_body(),
    ]
    assert _read(tmp_path, lines).date == "2008-01-15"


def test_a_numeric_date_line_is_the_versions_date(tmp_path):
    lines = ["Council votes to rebuild bridge", "Posted 19/01/2008 4:52 PM", "", *_body()]
    assert _read(tmp_path, lines).date == "2008-01-19"


def test_a_url_stamp_gives_the_date_when_nothing_else_does(tmp_path):
    lines = [
        "Council votes to rebuild bridge",
        "",
        *_body(),
        "Link: https://news.example.com/2019/11/20/bridge-vote/",
    ]
    assert _read(tmp_path, lines).date == "2019-11-20"


# The goal is at most 10% of each. Reached on the main set (titles 10/125, dates
# 8/108; 34/124 and 14/117 on the chrome-only one) and kept as ceilings, so that later work
# does not lose ground.
CEILINGS = {"corpus": (0.10, 0.09), "chrome/corpus": (0.28, 0.125)}


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.skipif(not (DEVSET / "truth.json").exists(), reason="the dev set is not present")
@pytest.mark.parametrize("corpus", sorted(CEILINGS))
def test_dev_set_titles_are_headlines_and_dated_texts_give_dates(corpus):
    from tui.tools.title_score import report, score

    folder = DEVSET / corpus
    result = score(folder, folder.parent / "truth.json")
    title_ceiling, date_ceiling = CEILINGS[corpus]
    assert result.judged >= 100 and result.dated_text >= 100, report(result)
    assert result.title_error <= title_ceiling, report(result, 30)
    assert result.date_error <= date_ceiling, report(result, 30)
