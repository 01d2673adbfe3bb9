"""The opening pane: while the corpus opens, the main pane names each stage with its
count, rate and time left, and lists the stages done with their times."""

from __future__ import annotations

import threading
import time

import pytest

from tests.test_progress import write_corpus
from tests.test_reader import _loaded
from tui.reader import CopydeskApp
from tui.reader.session import ReadingSession
from tui.reader.widgets.article import ArticleView
from tui.reader.widgets.opening import OpeningView


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _app(tmp_path, corpus) -> CopydeskApp:
    return CopydeskApp(
        [str(corpus)],
        state_path=tmp_path / "state.json",
        config_path=tmp_path / "config.json",
        index_path=tmp_path / "index.sqlite",
    )


def _text(view: OpeningView) -> str:
    return view.render().plain


async def test_the_main_pane_shows_the_stage_count_rate_and_time_left(tmp_path, monkeypatch):
    """The build is held part-way through saving the index, and the pane read then."""
    from tui.corpus.index import refresh as indexing

    corpus = tmp_path / "news"
    write_corpus(corpus, 60)
    reached, release = threading.Event(), threading.Event()
    real = indexing.open_corpus

    def held(paths, index_path=None, *args, progress=None, **kwargs):
        def report(stage: str, n: int, total: int) -> None:
            if stage == "saving" and 0 < n < total and not reached.is_set():
                time.sleep(0.1)  # past the session's spacing of reports, so this one shows
                progress(stage, n, total)
                reached.set()
                assert release.wait(30)
                return
            progress(stage, n, total)

        return real(paths, index_path, *args, progress=report, **kwargs)

    monkeypatch.setattr(indexing, "open_corpus", held)
    app = _app(tmp_path, corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        view = screen.query_one(OpeningView)
        clock = view.clock = Clock()
        assert view.display and not screen.query_one(ArticleView).display
        try:
            for _ in range(3000):
                current = view.current
                if reached.is_set() and current and current.name == "saving" and current.n:
                    break
                clock.now += 0.01
                await pilot.pause(0.01)
            else:
                pytest.fail("the save's count never reached the pane")
            clock.now += 2.0  # two seconds into the stage: a rate and a time left are told
            text = _text(view)
        finally:
            release.set()
        assert "Opening the corpus" in text and "news" in text
        for done in ("✓ Reading files", "✓ Cleaning text", "✓ Grouping versions"):
            assert done in text
        assert "✓ Reading files" in text and "120 files" in text
        line = next(line for line in text.splitlines() if "› Saving the index" in line)
        n, total = current.n, current.total
        assert f"{n:,} of {total:,} rows" in line and 0 < n < total
        assert "rows a second" in text and "left" in text and "so far" in text
        assert "%" in text
        await _loaded(pilot)
        assert not view.display and screen.query_one(ArticleView).display


async def test_a_stage_that_cannot_count_slides_and_a_quiet_one_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(ReadingSession, "load", lambda self, *a, **k: None)
    app = _app(tmp_path, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        view = screen.query_one(OpeningView)
        clock = view.clock = Clock()
        screen._progress("search", 0, 1000)
        clock.now += 1.0
        screen._progress("search", 400, 1000)
        clock.now += 3.0  # three seconds with no new count
        text = _text(view)
        assert "400 of 1,000 stories" in text and "40%" in text
        assert "100 stories a second" in text and "about 6.0 s left" in text
        assert "no new count for 3.0 s" in text
        screen._progress("commit", 0, 0)
        clock.now += 2.5
        text = _text(view)
        assert "✓ Indexing words" in text and "400 stories" in text
        commit = text[text.index("› Writing the index to disk") :]
        assert "cannot be counted; 2.5 s so far" in commit and "%" not in commit
        clock.now += 0.5
        assert _text(view) != text  # the block slides
        await pilot.pause()


def _held_still(pilot) -> None:
    """The opening pane part-way, from fixed reports at fixed times."""
    screen = pilot.app.screen
    view = screen.query_one(OpeningView)
    clock = view.clock = Clock(50.0)
    view.began, view.roots = 50.0, ["news"]
    for stage, n, total, at in (
        ("reading", 0, 2000, 50.0),
        ("reading", 2000, 2000, 50.4),
        ("classifying", 0, 2000, 50.4),
        ("classifying", 2000, 2000, 52.9),
        ("evidence", 0, 2000, 52.9),
        ("evidence", 2000, 2000, 53.4),
        ("cleaning", 0, 2000, 53.4),
        ("cleaning", 2000, 2000, 56.1),
        ("clustering", 0, 1128, 56.1),
        ("clustering", 1128, 1128, 56.3),
        ("search", 0, 909, 56.3),
        ("search", 500, 909, 57.3),
    ):
        clock.now = at
        screen._progress(stage, n, total)
    clock.now = 57.5


async def _opening_held(pilot) -> None:
    await pilot.pause()
    _held_still(pilot)
    await pilot.pause()


def test_opening_pane_snapshot(snap_compare, tmp_path, monkeypatch):
    monkeypatch.setattr(ReadingSession, "load", lambda self, *a, **k: None)
    app = _app(tmp_path, tmp_path)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_opening_held)
