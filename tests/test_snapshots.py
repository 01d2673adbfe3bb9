"""Snapshots of each screen state (pytest-textual-snapshot); SVGs live in tests/__snapshots__.

Update after reviewing a deliberate change with `pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from tests.conftest import SEEDS
from tests.test_reader import _loaded
from tui.reader import CopydeskApp
from tui.reader.widgets.story_list import StoryList


@pytest.fixture
def app(tmp_path):
    return CopydeskApp(
        [str(SEEDS)],
        state_path=tmp_path / "state.json",
        config_path=tmp_path / "config.toml",
        index_path=tmp_path / "index.sqlite",
    )


async def _rubio_open(pilot) -> None:
    await _loaded(pilot)
    stories = pilot.app.screen.query_one(StoryList)
    stories.cursor = next(n for n, s in enumerate(stories.stories) if len(s.versions) > 1)
    await pilot.press("enter")
    await pilot.pause()


def test_start_screen(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_loaded)


def test_story_open(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_rubio_open)


def test_differences_against_one_version(snap_compare, app):
    assert snap_compare(app, press=["d"], terminal_size=(120, 40), run_before=_rubio_open)


def test_differences_against_all_versions(snap_compare, app):
    assert snap_compare(app, press=["d", "a"], terminal_size=(120, 40), run_before=_rubio_open)


def test_version_list(snap_compare, app):
    assert snap_compare(app, press=["v"], terminal_size=(120, 40), run_before=_rubio_open)


async def _settled(pilot):
    """Loaded, and what the load set going (the look at the files, the search index) done:
    the help screen is drawn over the pane, which must not be caught mid-update."""
    await _loaded(pilot)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_help_screen(snap_compare, app):
    assert snap_compare(app, press=["question_mark"], terminal_size=(120, 40), run_before=_settled)


def test_narrow_terminal_reading(snap_compare, app):
    assert snap_compare(app, terminal_size=(60, 20), run_before=_rubio_open)


def test_narrow_terminal_sidebar(snap_compare, app):
    assert snap_compare(app, terminal_size=(60, 20), run_before=_loaded)


async def _searched(pilot) -> None:
    await _loaded(pilot)
    screen = pilot.app.screen
    screen._start_index()
    while screen.indexing:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.press("slash", *"distracton impossble")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_search_screen(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_searched)


def test_quote_finder(snap_compare, app):
    assert snap_compare(app, press=["Q"], terminal_size=(120, 40), run_before=_rubio_open)
