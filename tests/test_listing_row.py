"""The list of stories kept as one row (`index.listing`): a warm open reads it instead of
the stories and files tables, and gets the very corpus those give, after a cold build,
after a refresh, and when the row is missing or does not hold together."""

from __future__ import annotations

import shutil
import sqlite3

from tests.conftest import SEEDS
from tui.corpus.index.listing import read_listing
from tui.corpus.index.refresh import open_corpus
from tui.corpus.index.store import IndexStore


def _listed(index):
    """What a warm open lists: each story's id, title, date and count, the skipped
    files and the count of files read."""
    store = IndexStore.open(index)
    try:
        corpus = store.load_lazy(["x"])
        stories = [(s.id, s.title, s.date, s.version_count) for s in corpus.stories]
        return stories, corpus.warnings, corpus.files
    finally:
        store.close()


def _without_row(index):
    with sqlite3.connect(index) as db:
        db.execute("DELETE FROM listing")
    return _listed(index)


def _corpus(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "menu.txt").write_text("Home\nNews\nSport\nWeather\n", "utf-8")  # skipped
    return corpus


def test_the_row_lists_what_the_tables_do(tmp_path):
    corpus = _corpus(tmp_path)
    index = tmp_path / "i.sqlite"
    full, _ = open_corpus([corpus], index)
    with sqlite3.connect(index) as db:
        row = read_listing(db)
    assert row is not None and row.ids == [s.id for s in full.stories]
    assert row.skipped == full.warnings and full.warnings  # the menu page
    from_row = _listed(index)
    assert from_row[0] == [(s.id, s.title, s.date, len(s.versions)) for s in full.stories]
    assert from_row[1:] == (full.warnings, full.files)
    assert _without_row(index) == from_row


def test_a_refresh_writes_the_row_again(tmp_path):
    corpus = _corpus(tmp_path)
    index = tmp_path / "i.sqlite"
    open_corpus([corpus], index)
    (corpus / "late.txt").write_text(
        "Late story\n\nA paragraph filed after the first index was made, long enough.\n", "utf-8"
    )
    (corpus / "menu.txt").unlink()
    refreshed, report = open_corpus([corpus], index)
    assert not report.warm
    from_row = _listed(index)
    assert [s[0] for s in from_row[0]] == [s.id for s in refreshed.stories]
    assert from_row[1] == refreshed.warnings == []  # the menu page is gone
    assert _without_row(index) == from_row


def test_a_row_that_does_not_hold_together_is_passed_over(tmp_path):
    corpus = _corpus(tmp_path)
    index = tmp_path / "i.sqlite"
    open_corpus([corpus], index)
    expected = _listed(index)
    for damage in (
        "UPDATE listing SET titles = titles || char(0) || 'one too many'",
        "UPDATE listing SET counts = substr(counts, 1, 3)",
        "UPDATE listing SET counts = x''",
    ):
        open_corpus([corpus], index, rebuild=True)
        with sqlite3.connect(index) as db:
            db.execute(damage)
            assert read_listing(db) is None, damage
        assert _listed(index) == expected, damage
