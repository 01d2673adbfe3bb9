"""Timing probe for `copydesk bench --reader`: how soon an app paints, headless.

    python -m tui.tools.probe bare              a bare Textual app showing one Static
    python -m tui.tools.probe reader [PATH...]  the copydesk reader (index: $COPYDESK_PROBE_INDEX,
                                                 else a fresh one, so a cold open)

Prints one JSON line with wall-clock times (time.time()) of the first paint and, for
the reader, of the moment the sidebar lists the stories and of the moment the search
index is open, with peak memory at both; the parent subtracts the time it started the
process, so imports and interpreter start-up count too.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App


def _report(app: App[None], **marks: float) -> None:
    print(json.dumps(marks), flush=True)
    app.exit()


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("hello")

        def on_mount(self) -> None:
            self.call_after_refresh(lambda: _report(self, painted=time.time()))

    Bare().run(headless=True, size=(120, 40))


def reader(paths: list[str]) -> None:
    from ..corpus import seeds_path
    from ..reader.app import CopydeskApp
    from ..reader.session import ReadingSession

    marks: dict[str, float] = {}

    class Probe(CopydeskApp):
        """Marks the moments from the session's messages, which bubble up to the app: the
        production app has no hook for the probe."""

        def on_mount(
            self,
        ) -> None:  # Textual runs CopydeskApp.on_mount too (handlers follow the MRO)
            self.call_after_refresh(lambda: marks.setdefault("painted", time.time()))

        def on_reading_session_loaded(self, message: ReadingSession.Loaded) -> None:
            marks["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            self.call_after_refresh(lambda: marks.setdefault("interactive", time.time()))
            # no search index coming: report anyway
            self.set_timer(300, lambda: _report(self, **marks))

        def on_reading_session_index_ready(self, message: ReadingSession.IndexReady) -> None:
            if message.building or message.corpus is not self.corpus:
                return
            marks["search_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            self.call_after_refresh(lambda: _report(self, searchable=time.time(), **marks))

    with tempfile.TemporaryDirectory() as tmp:
        index = os.environ.get("COPYDESK_PROBE_INDEX") or Path(tmp) / "index.sqlite"
        app = Probe(
            paths or [str(seeds_path())],
            state_path=Path(tmp) / "state.json",
            config_path=Path(tmp) / "config.json",
            index_path=Path(index),
        )
        app.run(headless=True, size=(120, 40))


if __name__ == "__main__":
    if sys.argv[1:2] == ["bare"]:
        bare()
    else:
        reader(sys.argv[2:])
