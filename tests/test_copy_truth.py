"""Copying says what happened: the text went to the terminal (OSC 52), which may or may
not put it on the clipboard; never "Copied" as if the app could know."""

from __future__ import annotations

from tests.conftest import SEEDS
from tests.test_reader import _app, _loaded


async def test_copy_says_it_asked_the_terminal(tmp_path):
    async with _app(tmp_path, [SEEDS]).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        await pilot.press("enter")
        await pilot.pause()
        for key in ("y", "Y"):
            await pilot.press(key)
            await pilot.pause()
        said = [n.message for n in pilot.app._notifications]
        copies = [m for m in said if "clipboard" in m]
        assert len(copies) == 2, said
        assert all("OSC 52" in m and "set-clipboard on" in m for m in copies)
        assert not any(m.startswith("Copied") for m in said)
