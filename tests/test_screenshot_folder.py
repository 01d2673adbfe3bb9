"""The palette's Screenshot saves into a folder it makes, and says where (or why not)."""

from __future__ import annotations

from tests.conftest import SEEDS
from tests.test_reader import _app, _loaded


async def test_screenshot_makes_its_folder_and_names_the_file(tmp_path):
    app = _app(tmp_path, [SEEDS])
    app.screenshots = tmp_path / "not" / "yet" / "there"
    async with app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot)
        app.action_screenshot()
        await pilot.pause()
        saved = list(app.screenshots.glob("*.svg"))
        assert len(saved) == 1
        said = [n.message for n in app._notifications]
        assert any(str(saved[0]) in m for m in said), said


async def test_a_folder_that_cannot_be_made_is_named_with_the_reason(tmp_path):
    (tmp_path / "file").write_text("x", "utf-8")
    app = _app(tmp_path, [SEEDS])
    app.screenshots = tmp_path / "file" / "shots"  # under a file: cannot be made
    async with app.run_test(size=(100, 30)) as pilot:
        await _loaded(pilot)
        app.action_screenshot()
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any("cannot write to" in m and "shots" in m for m in said), said
