"""The copydesk reader: a Textual app around the reading screen.

The app owns what outlives a screen: the saved state (written atomically, a second
after the last change and on exit), the theme, the user's keymap, the help screen
and the command palette, which offers every key's action by name. Every
notification goes through `notify`, which makes it printable (no control character
from a file name or an error reaches the terminal) and never parses markup.

`q` and `ctrl+c` end it at any moment, loading included: the workers are told to
stop (a refresh being saved is rolled back), and `run_app` does not wait for a thread
still busy with one large file: the process ends with it, nothing of it committed.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer

from ..corpus import Corpus, printable
from .config import load_config
from .screens.help import HelpScreen, binding_rows
from .screens.keys import PANE_KEYS
from .screens.reader import ACTIONS, ReaderScreen
from .state import load_state
from .widgets.blocks import BlockView
from .widgets.story_list import StoryList

SAVE_DELAY = 1.0


class CopydeskApp(App[None]):
    """Read a folder of news text one story at a time."""

    TITLE = "copydesk"
    CSS_PATH = Path(__file__).parent / "copydesk.tcss"

    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding(
            "ctrl+c",
            "interrupt",
            "Quit at once (exit status 130)",
            show=False,
            priority=True,
            id="app.interrupt",
        ),
        Binding("question_mark", "help", "Help", id="app.help"),
        # Textual's own palette binding, given an id; "palette" is its label in the footer
        Binding(
            "ctrl+p",
            "command_palette",
            "palette",
            show=False,
            priority=True,
            tooltip="Open the command palette",
            id="app.command_palette",
        ),
    ]
    # as the help screen lists it
    PALETTE = Binding(
        "ctrl+p",
        "command_palette",
        "Command palette: every action, theme",
        id="app.command_palette",
    )

    def __init__(
        self,
        paths: list[str],
        state_path: Path | None = None,
        config_path: Path | None = None,
        index_path: Path | None = None,
        watch: float | None = None,
        follow_links: bool = False,
        screenshots: Path | None = None,
    ) -> None:
        super().__init__()
        # where the palette's Screenshot saves (made when first used)
        self.screenshots = screenshots or default_screenshots_dir()
        self.paths = [str(p) for p in paths]
        self.index_path = index_path  # None: the default place under the user cache dir
        # seconds between looks at the corpus folders for changes (None: never); not `watch`,
        # which would hide Textual's own `DOMNode.watch`
        self.watch_seconds = watch
        self.follow_links = follow_links  # read links that lead out of the corpus folders
        self.state, self._state_message = load_state(self.paths, state_path)
        self._config_path = config_path
        self._save_timer: Timer | None = None

    def on_mount(self) -> None:
        if self.state.theme in self.available_themes:
            self.theme = self.state.theme
        config = load_config(self._config_path)  # only the remaps that pass its checks
        if config.keymap:
            self.set_keymap(config.keymap)
        for note in filter(None, (self._state_message, *config.notifications())):
            self.notify(note, severity="warning", timeout=12, markup=False)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.push_screen(
            ReaderScreen(
                self.paths,
                self.state,
                index_path=self.index_path,
                follow_links=self.follow_links,
                watch_seconds=self.watch_seconds,
            )
        )

    @property
    def corpus(self) -> Corpus | None:
        """The corpus listed by the reading screen (None until its stories are listed)."""
        reader = self._reader()
        return reader.corpus if reader is not None else None

    def _reader(self) -> ReaderScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, ReaderScreen)), None)

    # -- state ---------------------------------------------------------------

    def state_changed(self) -> None:
        """Save the state soon (changes that come together are written once)."""
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.save_state)

    def save_state(self) -> None:
        self._save_timer = None
        try:
            self.state.save()
        except OSError as error:
            self.notify(
                f"could not save the reading state to {self.state.path}: {error}",
                severity="error",
                markup=False,
            )

    def _theme_changed(self, theme: Theme) -> None:
        self.state.theme = theme.name
        self.state_changed()
        for view in self.screen.query(BlockView):
            if hasattr(view, "rebuild"):
                view.rebuild()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A notification, made printable; markup is never parsed (names and errors are quoted)."""
        super().notify(
            printable(message),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def index_damaged(self, cause: str) -> None:
        """The index was found damaged while reading it: have it set aside and rebuilt."""
        reader = self._reader()
        if reader is not None:
            reader.recover(cause)

    def stop_work(self) -> None:
        """Tell every worker to stop (a load rolls back at its next progress report)."""
        self.workers.cancel_all()

    async def action_quit(self) -> None:
        self.stop_work()
        self.save_state()
        self.exit()

    def action_interrupt(self) -> None:
        self.stop_work()
        self.save_state()
        self.exit(return_code=130)

    def on_unmount(self) -> None:
        if self._save_timer is not None:
            self.save_state()

    # -- help and palette ----------------------------------------------------

    def help_groups(self) -> list[tuple[str, list[tuple[str, str, str]]]]:
        return binding_rows(
            self,
            [
                ("Everywhere", [*self.BINDINGS[:-1], self.PALETTE]),
                ("Reading", ACTIONS),
                ("Story list", StoryList.BINDINGS),
                ("Text and differences panes", BlockView.BINDINGS),
                ("Moving between panes", PANE_KEYS),
            ],
        )

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save an SVG of the screen in the screenshots folder (made if need be), and say
        where; or say why not."""
        folder = Path(path) if path else self.screenshots
        try:
            folder.mkdir(parents=True, exist_ok=True)
            saved = self.save_screenshot(filename, str(folder))
        except OSError as error:
            reason = error.strerror or type(error).__name__
            self.notify(
                f"No screenshot: cannot write to {folder} ({reason})",
                severity="error",
            )
            return
        self.notify(f"Screenshot saved: {saved}", timeout=4)  # notify makes names printable

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_groups()))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, ReaderScreen):
            return
        for binding in ACTIONS:
            if binding.id == "reader.back":
                continue
            keys = self._keymap.get(binding.id, binding.key) if binding.id else binding.key
            shown = ", ".join(self.get_key_display(binding.with_key(k)) for k in keys.split(","))
            yield SystemCommand(
                binding.description, f"key: {shown}", partial(screen.run_action, binding.action)
            )
        yield SystemCommand("Help", "key: ?  Every key and what it does", self.action_help)


GRACE = 0.25  # seconds a worker told to stop gets before the process ends without it


def run_app(app: CopydeskApp) -> int:
    """Run the reader and return its exit status: 0 after `q`, 130 after `ctrl+c` or SIGINT.

    Its threads come from an executor of its own, so that on the way out a thread still
    reading (one huge file, between progress reports) is not waited for: once the
    terminal is restored, it gets `GRACE` seconds to stop, then the process ends.
    """
    loop = asyncio.new_event_loop()
    executor = ThreadPoolExecutor(thread_name_prefix="copydesk")
    loop.set_default_executor(executor)
    interrupted = False

    def on_sigint() -> None:
        app.stop_work()
        app.exit(return_code=130)

    try:
        loop.add_signal_handler(signal.SIGINT, on_sigint)
    except (
        NotImplementedError,
        RuntimeError,
        ValueError,
    ):  # pragma: no cover - not the main thread, or Windows
        pass
    try:
        app.run(loop=loop)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        app.stop_work()
        executor.shutdown(wait=False, cancel_futures=True)
    code = 130 if interrupted else (app.return_code or 0)
    deadline = time.monotonic() + GRACE
    busy = [t for t in list(getattr(executor, "_threads", ())) if t.is_alive()]
    for thread in busy:
        thread.join(max(0.0, deadline - time.monotonic()))
    if any(t.is_alive() for t in busy):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)  # what it was writing is uncommitted, so SQLite drops it
    loop.close()
    return code


def default_screenshots_dir() -> Path:
    """Screenshots go under the user data folder unless `--screenshots DIR` says where."""
    import platformdirs

    return Path(platformdirs.user_data_dir("copydesk", appauthor=False)) / "screenshots"
