"""The reading session: a long story's differences, corresponding paragraph and quotes are
worked out in thread workers and posted back to the screen, with the same results as a
short story's, worked out at once."""

from __future__ import annotations

import pytest

from tests.test_reader import _app, _lines, _loaded, _open_rubio
from tui.reader import session as session_module
from tui.reader.screens.quotes import QuotesScreen
from tui.reader.session import ReadingSession
from tui.reader.widgets.diff_panel import DiffPanel


async def _settled(pilot) -> None:
    for _ in range(5):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _panel_text(tmp_path, keys: list[str]) -> tuple[str, str]:
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        await _open_rubio(pilot)
        await pilot.press(*keys)
        await _settled(pilot)
        panel = pilot.app.screen.query_one(DiffPanel)
        # the blocks' text, not their wrapped lines: a panel that showed the short note
        # "Comparing…" first may wrap a column wider (the measure leaves room for the bar)
        text = "\n".join(block.text.plain for block in panel.blocks)
        return text, f"{panel.border_title} · {panel.border_subtitle}"


@pytest.mark.parametrize("keys", [["d"], ["d", "a"], ["d", "D", "D"]])
async def test_long_story_differences_come_from_a_worker_and_match(tmp_path, monkeypatch, keys):
    quick = await _panel_text(tmp_path / "quick", keys)
    monkeypatch.setattr(session_module, "LARGE_STORY_WORDS", 0)  # every story counts as long
    posted: list[ReadingSession.Compared] = []
    original = ReadingSession.compared
    monkeypatch.setattr(
        ReadingSession, "compared", lambda self, m: (posted.append(m), original(self, m))[1]
    )
    threaded = await _panel_text(tmp_path / "threaded", keys)
    assert posted, "no differences were posted from a worker"
    assert threaded == quick


async def test_long_story_shows_a_note_while_comparing(tmp_path, monkeypatch):
    monkeypatch.setattr(session_module, "LARGE_STORY_WORDS", 0)
    async with _app(tmp_path).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        await _open_rubio(pilot)
        await pilot.press("d")
        panel = pilot.app.screen.query_one(DiffPanel)
        assert panel.comparison is not None or "Comparing" in _lines(panel)
        await _settled(pilot)
        assert panel.comparison is not None


async def test_long_story_keeps_the_place_across_versions_and_gathers_quotes(tmp_path, monkeypatch):
    async def visit(path) -> tuple[list[tuple[str, int | None]], int]:
        async with _app(path).run_test(size=(120, 40)) as pilot:
            await _loaded(pilot)
            screen = await _open_rubio(pilot)
            await pilot.press("j", "j", "j")
            seen = []
            for _ in range(4):
                await pilot.press("right_square_bracket")
                await _settled(pilot)
                article = screen.query_one("#article")
                seen.append((screen.version.id, article.current_key))
            await pilot.press("Q")
            await _settled(pilot)
            assert isinstance(pilot.app.screen, QuotesScreen)
            return seen, len(pilot.app.screen.quotes)

    quick = await visit(tmp_path / "quick")
    monkeypatch.setattr(session_module, "LARGE_STORY_WORDS", 0)
    assert await visit(tmp_path / "threaded") == quick
