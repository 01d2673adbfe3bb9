"""Search: the query language, ranking and grouping (tui.corpus.search) and `copydesk search`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEEDS
from tui.corpus.search.engine import parse, snippet
from tui.corpus.search.memory import SearchIndex


@pytest.fixture(scope="module")
def index(seeds_corpus):
    return SearchIndex.build(seeds_corpus.stories)


def _stories(index, corpus, query):
    return index.search_stories(query, limit=1000, per_story=1000)


def test_parse_the_query_language():
    terms = parse("""distracton 'exact "a phrase" ^start !not a|b title:Lavrov date:2025-07""")
    assert [(t.text, t.mode, t.negate, t.scope) for t in terms if not t.alternatives] == [
        ("distracton", "fuzzy", False, None),
        ("exact", "exact", False, None),
        ("a phrase", "exact", False, None),
        ("start", "start", False, None),
        ("not", "fuzzy", True, None),
        ("lavrov", "fuzzy", False, "title"),
        ("2025-07", "fuzzy", False, "date"),
    ]
    assert [o.text for o in next(t for t in terms if t.alternatives).alternatives] == ["a", "b"]


def test_typos_find_the_quote_in_all_five_versions(index, seeds_corpus):
    groups = _stories(index, seeds_corpus, "distracton impossble")
    assert len(seeds_corpus.stories[groups[0].story].versions) == 5
    assert groups[0].versions_hit == 5
    text, spans = snippet(groups[0].best, 100)
    assert [text[a:b] for a, b in spans] == ["distraction", "impossible"]


def test_exact_phrase_finds_exactly_the_versions_that_say_it(index, seeds_corpus):
    (group,) = _stories(index, seeds_corpus, '"123 agreement"')
    story = seeds_corpus.stories[group.story]
    found = {story.versions[h.unit.version].source[:3] for h in group.hits}
    expected = {
        v.source[:3] for v in story.versions if any("123 agreement" in p for p in v.paragraphs)
    }
    assert found == expected == {"000", "001", "003", "004"}


def test_exclusion_drops_units_naming_the_word(index):
    hits = index.search("tariff !Malaysia", limit=0)
    assert hits and all("malaysia" not in h.unit.text.lower() for h in hits)
    assert len(hits) < len(index.search("tariff", limit=0))


def test_a_name_finds_the_skating_story_first(index, seeds_corpus):
    groups = _stories(index, seeds_corpus, "malinin")
    assert "Malinin" in seeds_corpus.stories[groups[0].story].title


def test_fields_start_and_or(index, seeds_corpus):
    titles = index.search("title:lavrov", limit=0)
    assert titles and {h.unit.kind for h in titles} <= {"title", "version-title"}
    assert all(
        h.unit.date and h.unit.date.startswith("2025-07-10")
        for h in index.search("date:2025-07-10 rubio")
    )
    assert all(h.unit.text.lower().startswith("rubio") for h in index.search("^rubio"))
    either = {h.unit.text for h in index.search("malinin|lavrov", limit=0)}
    assert any("Malinin" in t for t in either) and any("Lavrov" in t for t in either)


def test_accents_case_and_quotes_fold(seeds_corpus):
    from tui.corpus.model import Story, Version

    v = Version(
        "v", "a.txt", (1, 1), None, None, None, None, ["Le président a dit « oui » à l’accord."]
    )
    index = SearchIndex.build([Story("s", "t", [v])])
    assert index.search("PRESIDENT") and index.search("l'accord") and index.search('"a dit"')


def test_cli_search_groups_hits_and_json(tmp_path):
    index = [
        "--index",
        str(tmp_path / "i.sqlite"),
    ]  # the first run makes it, the second searches it
    run = subprocess.run(
        [sys.executable, "-m", "tui", "search", "distracton impossble", str(SEEDS), *index],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0 and "in 5 of 5 versions" in run.stdout
    assert "\x1b[" not in run.stdout  # plain when piped
    run = subprocess.run(
        [sys.executable, "-m", "tui", "search", '"123 agreement"', str(SEEDS), "--json", *index],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    data = json.loads(run.stdout)
    hit = data["stories"][0]["hits"][0]
    assert data["stories"][0]["versions_hit"] == 4 and hit["lines"][0] <= hit["lines"][1]
    assert hit["text"][hit["spans"][0][0] : hit["spans"][0][1]] == "123 agreement"
    run = subprocess.run(
        [sys.executable, "-m", "tui", "search", "zzzqqqxx", str(SEEDS), "--no-index"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "nothing matches" in run.stderr


def test_quote_and_speaker_fields(index, seeds_corpus):
    hits = index.search('quote:"new and a different approach"', limit=0)
    assert (
        hits
        and {h.unit.kind for h in hits} == {"quote"}
        and {h.unit.speaker for h in hits} == {"Marco Rubio"}
    )
    russel = index.search("by:russel", limit=0)
    assert russel and all(
        h.unit.speaker == "Danny Russel" for h in russel if h.unit.kind == "quote"
    )
    assert any(h.unit.text.startswith("talking points on the China threat") for h in russel)


def test_cli_quotes_by_speaker():
    run = subprocess.run(
        [sys.executable, "-m", "tui", "quotes", str(SEEDS), "--speaker", "russel", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    data = json.loads(run.stdout)
    quotes = [q for s in data["stories"] for q in s["quotes"]]
    assert quotes and {q["speaker"] for q in quotes} == {"Danny Russel"}
    assert any(
        q["text"].startswith("talking points on the China threat") and len(q["versions"]) == 4
        for q in quotes
    )


def test_negation_of_a_word_and_a_date_scope(index):
    every = index.search("rubio", limit=0)
    without = index.search("rubio !tariff", limit=0)
    assert without and len(without) < len(every)
    assert not any("tariff" in h.unit.text.lower() for h in without)
    dated = index.search("rubio !date:2025-07-10", limit=0)
    assert all(not (h.unit.date or "").startswith("2025-07-10") for h in dated) and len(
        dated
    ) < len(every)
