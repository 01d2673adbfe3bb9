"""The seeds' expected reading, asserted exactly (the spec by example)."""

from __future__ import annotations

import re

from tests.conftest import SEEDS

RUBIO = "Rubio says US and Russia have exchanged new ideas for Ukraine peace talks"
BOILERPLATE = re.compile(
    r"Skip to Content|More Images|to top of second column|^\|$|^_+$|All rights reserved|copyright|"
    r"Recommended Articles|^\.\.\.$|https?://|Last Updated|^News$",
    re.I,
)


def test_exactly_two_stories(seeds_corpus):
    assert len(seeds_corpus.stories) == 2
    assert seeds_corpus.warnings == []


def test_rubio_story_has_one_version_per_file(rubio, by_file):
    assert rubio.title == RUBIO
    assert sorted(by_file) == ["000", "001", "002", "003", "004"]
    assert len(rubio.versions) == 5


def test_versions_ordered_by_date_then_completeness(rubio):
    dates = [v.date or "9999" for v in rubio.versions]
    assert dates == sorted(dates)
    assert rubio.versions[0].source.startswith("004")


def test_001_rubio_segment_lines(by_file):
    first, last = by_file["001"].lines
    assert first == 1 and 101 <= last <= 125


def test_titles(by_file):
    assert by_file["004"].title == "Rubio to meet Russia's Lavrov with Ukraine tensions high"
    assert by_file["000"].title == RUBIO
    assert by_file["001"].title == RUBIO
    assert by_file["003"].title is None


def test_figure_skating_story(seeds_corpus):
    skating = next(s for s in seeds_corpus.stories if len(s.versions) == 1)
    (version,) = skating.versions
    assert version.source.startswith("001")
    assert version.lines[0] == 127
    assert "Malinin" in version.paragraphs[0]
    assert version.dateline == "ST. LOUIS (AP)"
    assert len(version.captions) == 5
    assert all("AP Photo" in c for c in version.captions)
    assert "Malinin" in skating.title


def test_dates(by_file):
    assert by_file["000"].date == "2025-07-11"
    assert by_file["001"].date == "2025-07-11"
    assert by_file["002"].date == "2025-07-11"
    assert by_file["004"].date == "2025-07-10"
    assert by_file["003"].date is None


def test_bylines(by_file):
    assert by_file["000"].byline == "Matthew Lee"
    assert by_file["004"].byline == "Matthew Lee"
    assert by_file["003"].byline is None


def test_datelines(by_file):
    for key in ("000", "001", "003", "004"):
        assert by_file[key].dateline == "KUALA LUMPUR, Malaysia (AP)"
    assert by_file["002"].dateline == "Kuala Lumpur, July 10"
    assert by_file["002"].paragraphs[0].startswith("Kuala Lumpur, July 10: US Secretary")


def test_no_boilerplate_in_any_body(seeds_corpus):
    for story in seeds_corpus.stories:
        for version in story.versions:
            for paragraph in version.paragraphs:
                assert not BOILERPLATE.search(paragraph), (version.source, paragraph)
                assert not paragraph.endswith("(AP)"), (version.source, paragraph)


def test_no_caption_in_a_body(seeds_corpus):
    captions = {c for s in seeds_corpus.stories for v in s.versions for c in v.captions}
    assert captions
    for story in seeds_corpus.stories:
        for version in story.versions:
            for paragraph in version.paragraphs:
                assert "Pool Photo" not in paragraph and "AP Photo" not in paragraph
                assert paragraph not in captions


def test_captions_each_once(by_file):
    captions = by_file["001"].captions
    assert len(captions) == len(set(captions)) == 6
    assert len(by_file["000"].captions) == 1
    assert by_file["000"].captions[0].endswith("(Mandel Ngan/Pool Photo via AP)")


def test_no_paragraph_repeated_within_a_version(seeds_corpus):
    for story in seeds_corpus.stories:
        for version in story.versions:
            assert len(version.paragraphs) == len(set(version.paragraphs)), version.source


def test_000_paragraphs_match_003_lines():
    lines = {
        " ".join(line.split())
        for line in (SEEDS / "003_0fad9a114cb273cf.txt").read_text("utf-8").splitlines()
    }
    from tui.corpus import load_corpus

    corpus = load_corpus([SEEDS])
    v000 = next(v for s in corpus.stories for v in s.versions if v.source.startswith("000"))
    equal = [p for p in v000.paragraphs if " ".join(p.split()) in lines]
    assert len(equal) >= 28
    assert len(v000.paragraphs) == 32


def test_subheads_marked(by_file):
    v = by_file["000"]
    heads = [v.paragraphs[i] for i in v.subheads]
    assert heads == [
        "US diplomatic push could be overshadowed by tariff threats",
        "Majority of ASEAN members face major tariff hikes",
    ]
    v4 = by_file["004"]
    assert [v4.paragraphs[i] for i in v4.subheads] == [
        "A US diplomatic push could be overshadowed by tariff threats",
        "8 of ASEAN's 10 members face major tariff hikes",
    ]


def test_credits_out_of_body(by_file):
    assert by_file["000"].credits == ["Eileen Ng contributed to this report."]
    assert by_file["003"].credits == ["Eileen Ng contributed to this report."]
    assert by_file["003"].paragraphs[-1].startswith("Those agreements allow")


def test_canonical_and_similarity(rubio, by_file):
    canon = [v for v in rubio.versions if v.canonical]
    assert len(canon) == 1 and canon[0].similarity == 1.0
    assert canon[0].source[:3] in ("000", "001")
    assert by_file["003"].similarity > 0.9
    assert by_file["002"].similarity < by_file["004"].similarity < by_file["003"].similarity
    assert "condensed" in by_file["002"].kind
    assert "different headline" in by_file["004"].kind


def test_004_trump_quote_is_its_own_paragraph(by_file):
    quote = [
        p
        for p in by_file["004"].paragraphs
        if "Putin is not, he’s not treating human beings right" in p
    ]
    assert len(quote) == 1 and quote[0].startswith("“Putin is not")


def test_ids_stable_and_independent_of_order(tmp_path, seeds_corpus):
    import shutil

    from tui.corpus import load_corpus

    # Same content under other names, read in another order: same story ids.
    for i, path in enumerate(sorted(SEEDS.glob("*.txt"), reverse=True)):
        shutil.copy(path, tmp_path / f"{i:02d}-{path.name[4:]}")
    again = load_corpus([tmp_path])
    assert sorted(s.id for s in again.stories) == sorted(s.id for s in seeds_corpus.stories)
    assert sorted(s.title for s in again.stories) == sorted(s.title for s in seeds_corpus.stories)
