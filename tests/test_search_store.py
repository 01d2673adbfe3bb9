"""The search index kept in the index database (tui.corpus.search.persist and .stored).

Whatever the database went through (a cold index, files added, changed and deleted,
word lists merged), searching it must give exactly what an index built in memory
from the same corpus gives.
"""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import SEEDS
from tui.corpus.index.refresh import open_corpus
from tui.corpus.search import persist as search_store
from tui.corpus.search.memory import SearchIndex
from tui.corpus.search.stored import IndexChanged, StoredSearchIndex

QUERIES = [
    "distracton impossble",
    "tariff !Malaysia",
    "title:lavrov",
    "date:2025-07-10 rubio",
    "^rubio",
    "malinin|lavrov",
    'quote:"new and a different approach"',
    "by:russel",
    '"123 agreement"',
    "ru",
    "'tarif",
    "floods nairobi",
    "kenya !rubio",
]

NEW_STORY = (
    "Floods in Nairobi\n\nNAIROBI, Kenya (AP) — Heavy rains have flooded parts of the "
    "Kenyan capital, "
    "forcing thousands from their homes, the Red Cross said on Monday.\n\n"
    "\u201cWe have never seen water like this,\u201d said Grace Wanjiku, a trader.\n"
)


OTHER_STORY = (
    "Harvest begins early in Burgundy\n\nDIJON, France (AP) — Winemakers in Burgundy began picking "
    "grapes two weeks earlier than usual this year after a hot, dry summer, growers said "
    "on Tuesday.\n"
)


def _hits(index: SearchIndex, query: str) -> list:
    return sorted((repr(h.unit), round(h.score, 3), h.spans) for h in index.search(query, limit=0))


def _groups(index: SearchIndex, query: str) -> list:
    return [
        (g.story, g.versions_hit, g.versions, [(repr(h.unit), h.spans) for h in g.hits])
        for g in index.search_stories(query, limit=100, per_story=100)
    ]


def _same_as_in_memory(corpus, report) -> StoredSearchIndex:
    stored = StoredSearchIndex.open(report.path, report.generation)
    assert stored is not None
    fresh = SearchIndex.build(corpus.stories)
    assert len(stored) == len(fresh) and stored.vocabulary == fresh.vocabulary
    for query in QUERIES:
        assert _hits(stored, query) == _hits(fresh, query), query
        assert _groups(stored, query) == _groups(fresh, query), query
    return stored


def test_a_cold_index_searches_like_one_built_in_memory(tmp_path):
    corpus, report = open_corpus([SEEDS], tmp_path / "i.sqlite")
    stored = _same_as_in_memory(corpus, report)
    best = stored.search_stories("distracton impossble")[0]
    assert best.versions_hit == 5 and best.best.unit.text  # texts come from the database


@pytest.mark.parametrize("halves_from", [10**9, 1])  # a cold index of one batch, or two
@pytest.mark.parametrize("merge_every", [100, 1])
def test_refreshes_keep_it_exact(tmp_path, monkeypatch, merge_every, halves_from):
    monkeypatch.setattr(search_store, "MERGE_BATCHES", merge_every)
    monkeypatch.setattr(search_store, "HALVES_FROM", halves_from)
    root = tmp_path / "corpus"
    shutil.copytree(SEEDS, root)
    (root / "other.txt").write_text(
        OTHER_STORY, "utf-8"
    )  # shares nothing with the rest: kept throughout
    path = tmp_path / "i.sqlite"
    open_corpus([root], path)
    (root / "new.txt").write_text(NEW_STORY, "utf-8")  # a new story
    _same_as_in_memory(*open_corpus([root], path))
    edited = root / "003_0fad9a114cb273cf.txt"  # a changed version
    edited.write_text(edited.read_text("utf-8").replace("Rubio", "Mr. Rubio"), "utf-8")
    _same_as_in_memory(*open_corpus([root], path))
    (root / "004_ef2da63387aa98ac.txt").unlink()  # a story loses a version
    (root / "new.txt").unlink()  # a story goes
    corpus, report = open_corpus([root], path)
    stored = _same_as_in_memory(corpus, report)
    assert not stored.search("nairobi", limit=0)
    assert stored.db.execute("SELECT count(*) FROM dead").fetchone()[0] > 0


def test_a_search_after_another_process_refreshed_asks_to_reopen(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(SEEDS, root)
    path = tmp_path / "i.sqlite"
    corpus, report = open_corpus([root], path)
    stored = StoredSearchIndex.open(path, report.generation)
    assert stored.search("rubio")
    (root / "new.txt").write_text(NEW_STORY, "utf-8")
    open_corpus([root], path)
    with pytest.raises(IndexChanged):
        stored.search("rubio")
    assert (
        StoredSearchIndex.open(path, report.generation) is None
    )  # not the state the corpus came from
    assert StoredSearchIndex.open(path).search("nairobi")


def test_a_damaged_search_index_says_so_instead_of_failing(tmp_path):
    import sqlite3

    from tui.corpus.search.stored import SearchIndexError

    corpus, report = open_corpus([SEEDS], tmp_path / "i.sqlite")
    stored = StoredSearchIndex.open(report.path, report.generation)
    with sqlite3.connect(report.path) as db:
        db.execute("UPDATE postings SET uids = x'010203' WHERE word = 'rubio'")  # not whole uint32s
    with pytest.raises(SearchIndexError, match="damaged.*--rebuild"):
        stored.search("rubio")
    assert stored.search("malinin")  # the rest still answers
    with sqlite3.connect(report.path) as db:
        db.execute("UPDATE unit_batches SET owners = 'not json'")
    assert (
        StoredSearchIndex.open(report.path, report.generation) is None
    )  # the reader builds one in memory
