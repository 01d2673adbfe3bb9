"""The app keeps Textual's own methods: no attribute of ours hides one of theirs."""

from __future__ import annotations

from textual.dom import DOMNode

from tests.conftest import SEEDS
from tui.reader import CopydeskApp


def _app(tmp_path, **options) -> CopydeskApp:
    return CopydeskApp(
        [str(SEEDS)],
        state_path=tmp_path / "state.json",
        config_path=tmp_path / "config.toml",
        index_path=tmp_path / "index.sqlite",
        **options,
    )


def test_watch_seconds_does_not_hide_domnode_watch(tmp_path):
    app = _app(tmp_path, watch=5.0)
    assert app.watch_seconds == 5.0
    assert callable(app.watch)
    assert app.watch.__func__ is DOMNode.watch  # a bound method, not a number


def test_no_instance_attribute_hides_a_textual_method(tmp_path):
    app = _app(tmp_path, watch=5.0, follow_links=True)
    hidden = [
        name
        for name, value in vars(app).items()
        if not name.startswith("_")
        and callable(getattr(type(app), name, None))
        and not callable(value)
    ]
    assert not hidden, hidden


async def test_textual_watch_works_on_the_running_app(tmp_path):
    seen: list[str] = []
    async with _app(tmp_path, watch=5.0).run_test(size=(120, 40)) as pilot:
        pilot.app.watch(pilot.app, "theme", lambda theme: seen.append(theme), init=False)
        pilot.app.theme = "textual-light" if pilot.app.theme != "textual-light" else "nord"
        await pilot.pause()
    assert seen
