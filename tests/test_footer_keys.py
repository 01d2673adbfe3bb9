"""The reader as a newcomer meets it: the footer at any width, keys that cannot run now,
sorting, the title filter and the help screen (Pilot and snapshots, on the seeds)."""

from __future__ import annotations

import pytest
from textual.binding import Binding

from tests.conftest import SEEDS
from tests.test_reader import _loaded
from tui.reader import CopydeskApp
from tui.reader.screens.help import HelpScreen
from tui.reader.screens.keys import PANE_KEYS
from tui.reader.screens.list_modal import ListModal
from tui.reader.screens.quotes import QuotesScreen
from tui.reader.screens.reader import ACTIONS
from tui.reader.screens.search import SearchScreen
from tui.reader.screens.versions import VersionsScreen
from tui.reader.widgets.blocks import BlockView
from tui.reader.widgets.key_bar import KeyBar
from tui.reader.widgets.story_list import StoryList


def _app(tmp_path) -> CopydeskApp:
    return CopydeskApp(
        [str(SEEDS)],
        state_path=tmp_path / "state.json",
        config_path=tmp_path / "config.toml",
        index_path=tmp_path / "index.sqlite",
    )


@pytest.fixture
def app(tmp_path):
    return _app(tmp_path)


def _footer_keys(app) -> list[str]:
    return [key.key for key in app.screen.query_one(KeyBar).shown()]


# -- the footer --------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (40, 12)])
async def test_the_footer_keeps_search_help_and_quit_at_any_width(tmp_path, size):
    async with _app(tmp_path).run_test(size=size) as pilot:
        await _loaded(pilot)
        await pilot.pause()
        keys = _footer_keys(pilot.app)
        assert keys[:3] == ["slash", "question_mark", "q"]
        bar = pilot.app.screen.query_one(KeyBar)
        # none cut: the last key shown ends inside the screen, whole
        spots = bar._spots
        assert spots and spots[-1].end <= size[0]
        line = bar.render().plain
        assert all(spot.key.description in line[spot.start : spot.end] for spot in spots)


def test_footer_at_80_columns(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_loaded)


def test_footer_at_60_columns(snap_compare, app):
    assert snap_compare(app, terminal_size=(60, 20), run_before=_loaded)


# -- keys that need a story ----------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "d",
        "v",
        "right_square_bracket",
        "left_square_bracket",
        "a",
        "D",
        "n",
        "N",
        "y",
        "Y",
    ],
)
async def test_a_key_that_needs_a_story_says_so_when_none_is_open(tmp_path, key):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        assert pilot.app.screen.story is None
        await pilot.press(key)
        await pilot.pause()
        messages = [str(n.message) for n in pilot.app._notifications]
        assert any("Open a story first" in m for m in messages), messages


async def test_quotes_before_the_stories_are_listed_says_so(tmp_path):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        screen.query_one(StoryList).stories = []  # as before the load ends
        screen.action_quotes()
        await pilot.pause()
        messages = [str(n.message) for n in pilot.app._notifications]
        assert any("Q finds quotes" in m for m in messages), messages


# -- the list: sort and filter --------------------------------------------------


async def test_sorting_puts_the_cursor_on_the_top_of_the_new_order(tmp_path):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        stories = pilot.app.screen.query_one(StoryList)
        for _ in range(4):  # every order, and back
            stories.cursor = 1
            await pilot.press("o")
            await pilot.pause()
            assert stories.cursor == 0


async def test_one_enter_in_the_title_filter_opens_the_match(tmp_path):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        await pilot.press("f", *"Malinin")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert screen.story is not None and "Malinin" in screen.story.title


# -- help ---------------------------------------------------------------------


async def _help(pilot) -> HelpScreen:
    await _loaded(pilot)
    await pilot.press("question_mark")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, HelpScreen)
    return screen


async def test_help_G_goes_to_the_end_and_g_to_the_start(tmp_path):
    async with _app(tmp_path).run_test(size=(80, 24)) as pilot:
        screen = await _help(pilot)
        box = screen.query_one("#help-box")
        assert box.max_scroll_y > 0
        await pilot.press("G")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert box.scroll_y == 0


async def test_help_says_escape_closes_it(tmp_path):
    async with _app(tmp_path).run_test(size=(80, 24)) as pilot:
        screen = await _help(pilot)
        text = " ".join(str(s.render()) for s in screen.query("Static"))
        assert "escape" in text and "closes" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, HelpScreen)


async def test_help_has_one_key_column_width_and_ids_wrap_at_60_columns(tmp_path):
    async with _app(tmp_path).run_test(size=(60, 20)) as pilot:
        screen = await _help(pilot)
        widths = {cell.size.width for cell in screen.query(".help-keys")}
        assert len(widths) == 1, widths
        box = screen.query_one("#help-box")
        right = box.content_region.right
        ids = list(screen.query(".help-id"))
        assert ids
        for cell in ids:
            binding_id = str(cell.render())
            assert cell.region.right <= right
            # the whole id is laid out: wrapped onto as many lines as it needs
            assert cell.content_size.width * cell.size.height >= len(binding_id)
            assert cell.content_size.width >= 1


def test_help_at_60_columns(snap_compare, app):
    async def run_before(pilot) -> None:
        await _loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(60, 20), run_before=run_before)


# -- ids ----------------------------------------------------------------------


def test_every_binding_has_an_id():
    groups = [
        CopydeskApp.BINDINGS,
        ACTIONS,
        PANE_KEYS,
        StoryList.BINDINGS,
        BlockView.BINDINGS,
        HelpScreen.BINDINGS,
        ListModal.BINDINGS,
        QuotesScreen.BINDINGS,
        SearchScreen.BINDINGS,
        VersionsScreen.BINDINGS,
    ]
    missing = [
        binding.key
        for group in groups
        for binding in Binding.make_bindings(group)
        if not binding.id
    ]
    assert not missing
    assert any(b.key == "ctrl+p" and b.id for b in Binding.make_bindings(CopydeskApp.BINDINGS))


async def test_every_help_row_has_an_id(tmp_path):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        rows = [row for _, rows in pilot.app.help_groups() for row in rows]
        assert all(binding_id for _, _, binding_id in rows), [r for r in rows if not r[2]]
        keys = [keys for keys, _, _ in rows]
        assert "tab" in keys and "shift+tab" in keys and "^p" in keys


async def test_the_footer_follows_the_focus_without_mounting_anything(tmp_path):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        await pilot.pause()
        bar = pilot.app.screen.query_one(KeyBar)
        assert _footer_keys(pilot.app)[:3] == ["slash", "question_mark", "q"]  # ready at once
        assert not bar.children
        before = _shown_keys(pilot.app)
        footer_before = _footer_keys(pilot.app)
        assert set(footer_before) - {"ctrl+p"} <= before
        await pilot.press("enter")  # a story opens in the article pane, which takes the focus
        await pilot.pause()
        await pilot.pause()
        after = _shown_keys(pilot.app)
        assert after != before  # the article's keys
        assert set(_footer_keys(pilot.app)) - {"ctrl+p"} <= after
        assert _footer_keys(pilot.app) != footer_before
        assert _footer_keys(pilot.app)[:3] == ["slash", "question_mark", "q"]
        assert _footer_keys(pilot.app)[-1] == "ctrl+p"  # the palette's, at the right
        spot = bar._spots[-1]
        assert spot.end == 120 and "palette" in bar.render().plain[spot.start :]


async def test_a_click_on_a_footer_key_presses_it(tmp_path):
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        await pilot.pause()
        bar = pilot.app.screen.query_one(KeyBar)
        help_spot = next(spot for spot in bar._spots if spot.key.key == "question_mark")
        await pilot.click(KeyBar, offset=(help_spot.start + 1, 0))
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)


def _shown_keys(app) -> set[str]:
    """The keys the screen's bindings put in a footer (the palette's aside)."""
    return {binding.key for _, binding, _, _ in app.screen.active_bindings.values() if binding.show}


async def test_a_footer_made_narrow_is_compact_from_the_start(tmp_path):
    async with _app(tmp_path).run_test(size=(60, 20)) as pilot:
        await _loaded(pilot)
        bar = pilot.app.screen.query_one(KeyBar)
        assert bar.compact and not bar.show_palette
        assert "ctrl+p" not in _footer_keys(pilot.app)
