"""The main pane while a corpus opens: how far the build has got, stage by stage.

The stage under way is named in plain words with its count done of its total, a
bar, the rate and the time left; a stage that cannot count (one long SQL statement)
gets a block sliding to and fro and its seconds so far instead of a bar at 0%. The
stages done are listed above it with the time each took. The reports come from the
data layer's `Progress` callback (see `corpus.progress`); `clock` tells the time, so
that a test can hold it still. File names are shown through `shown` and drawn as
plain text, never as markup.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget

from ...corpus import shown

# each stage the data layer reports: what it is called here, and what it counts
STAGES: dict[str, tuple[str, str]] = {
    "reading": ("Reading files", "files"),
    "classifying": ("Classifying lines", "files"),
    "evidence": ("Comparing files", "files"),  # what each file shares with the others
    "cleaning": ("Cleaning text", "files"),  # each file cut into stories, each cleaned
    "fingerprints": ("Fingerprinting versions", "versions"),
    "clustering": ("Grouping versions into stories", "pairs"),
    "search": ("Indexing words", "stories"),
    "search-save": ("Saving the search index", "rows"),
    "search-merge": ("Merging the search index", "rows"),
    "saving": ("Saving the index", "rows"),
    "commit": ("Writing the index to disk", ""),
    "listing": ("Putting the stories in order", ""),  # the reader's own, after the build
}
TICK = 0.25  # seconds between two redraws while a stage is under way
BAR = 40  # cells of the bar, at most
RATE_AFTER = 0.5  # seconds into a stage before its rate and time left are told
QUIET = 2.0  # seconds without a new count before the pane says how long it has been
LABEL, COUNT = 31, 23  # the widths of the stage's name and of its count, given room
ROOM = 4 + LABEL + COUNT + 13  # the room that takes, with the marker and a stage's time


@dataclass
class StageSeen:
    """One stage as reported so far."""

    name: str
    n: int
    total: int
    started: float
    first: int  # the count at its first report (the rate counts from there)
    moved: float  # when the count last went up
    ended: float | None = None

    @property
    def label(self) -> str:
        return STAGES[self.name][0]

    @property
    def unit(self) -> str:
        return STAGES[self.name][1]


def seconds(value: float) -> str:
    """ "0.4 s", "12 s", "2 min 05 s"."""
    if value < 10:
        return f"{value:.1f} s"
    if value < 60:
        return f"{value:.0f} s"
    minutes, rest = divmod(round(value), 60)
    return f"{minutes} min {rest:02d} s"


def rate_text(per_second: float) -> str:
    return f"{per_second:,.0f}" if per_second >= 10 else f"{per_second:.1f}"


class OpeningView(Widget):
    """What opening the corpus is doing now, and what it has done."""

    COMPONENT_CLASSES = {
        "opening--title",
        "opening--done",
        "opening--stage",
        "opening--bar",
        "opening--muted",
    }

    def __init__(self, roots: Sequence[str] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.roots = list(roots)
        self.clock: Callable[[], float] = time.monotonic
        self.began = self.clock()
        self.stages: list[StageSeen] = []
        self.note = ""  # why the opening stopped, if it did
        self._ticker: Timer | None = None

    def on_mount(self) -> None:
        self.border_title = Content("copydesk")
        self.began = self.clock()
        self._tick(True)

    def _tick(self, on: bool) -> None:
        """Redraw every `TICK` seconds (the times and the sliding block move) while `on`."""
        if on and self._ticker is None:
            self._ticker = self.set_interval(TICK, self.refresh)
        elif not on and self._ticker is not None:
            self._ticker.stop()
            self._ticker = None

    # -- what it is told -------------------------------------------------------------

    def report(self, stage: str, n: int, total: int) -> None:
        """A progress report: `n` of `total` of `stage` done (stages not known are let by)."""
        if stage not in STAGES:
            return
        now = self.clock()
        self.note = ""
        if self.is_mounted:
            self._tick(True)
        current = self.current
        if current is not None and current.name == stage and n >= current.n:
            if n > current.n:
                current.moved = now
            current.n, current.total = n, total
        else:
            if current is not None:
                current.ended = now
            self.stages.append(StageSeen(stage, n, total, now, n, now))
        self.refresh()

    def finish(self, note: str = "") -> None:
        """The opening is over (`note`: why, if it stopped short); the stage under way ends."""
        current = self.current
        if current is not None:
            current.ended = self.clock()
        self.note = note
        self._tick(False)
        self.refresh()

    def make_way(self, pane: Widget) -> None:
        """The corpus is listed: this pane, if still shown, gives its place to `pane`."""
        if self.display:
            self.finish()
            self.display = False
            pane.display = True

    @property
    def current(self) -> StageSeen | None:
        return self.stages[-1] if self.stages and self.stages[-1].ended is None else None

    # -- drawing ---------------------------------------------------------------------

    def render(self) -> Text:
        now = self.clock()
        style = self.get_component_rich_style
        muted = style("opening--muted")
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append("Opening the corpus", style("opening--title"))
        if self.roots:
            out.append("  " + ", ".join(shown(r) for r in self.roots), muted)
        out.append("\n\n")
        for stage in self.stages:
            if stage.ended is not None:
                self._done_line(out, stage, style("opening--done"), muted)
        current = self.current
        if current is not None:
            self._current_lines(out, current, now)
        elif not self.stages and not self.note:
            out.append("  Looking at the files…\n", muted)
        if self.note:
            out.append("\n" + self.note + "\n", style("opening--stage"))
        out.append(f"\n{seconds(max(0.0, now - self.began))} in all", muted)
        return out

    def _columns(self, label: str, count: str) -> tuple[str, str]:
        """The stage's name and count, padded into columns when there is room."""
        if self.size.width >= ROOM:
            return f"{label:<{LABEL}}", f"{count:>{COUNT}}"
        return label, f"  {count}"

    def _done_line(self, out: Text, stage: StageSeen, done: Style, muted: Style) -> None:
        assert stage.ended is not None
        count = f"{stage.n:,} {stage.unit}".rstrip() if stage.total else ""
        out.append("  ✓ ", done)
        out.append("".join(self._columns(stage.label, count)), done)
        out.append(f"   {seconds(stage.ended - stage.started)}\n", muted)

    def _current_lines(self, out: Text, stage: StageSeen, now: float) -> None:
        style = self.get_component_rich_style
        muted, bar = style("opening--muted"), style("opening--bar")
        elapsed = max(0.0, now - stage.started)
        width = max(10, min(BAR, self.size.width - 12))
        out.append("  › ", style("opening--stage"))
        if stage.total <= 0:  # cannot count: a block sliding to and fro
            out.append(stage.label, style("opening--stage"))
            out.append("\n    ")
            block = max(3, width // 6)
            span = width - block
            step = round(elapsed * 8) % (2 * span) if span else 0
            left = step if step <= span else 2 * span - step
            out.append("─" * left, muted)
            out.append("━" * block, bar)
            out.append("─" * (width - left - block), muted)
            out.append(f"\n    this step cannot be counted; {seconds(elapsed)} so far\n", muted)
            return
        count = f"{stage.n:,} of {stage.total:,} {stage.unit}".rstrip()
        label, count = self._columns(stage.label, count)
        out.append(label, style("opening--stage"))
        out.append(count + "\n")
        share = min(1.0, stage.n / stage.total)
        filled = int(share * width)
        out.append("    ")
        out.append("━" * filled, bar)
        out.append("─" * (width - filled), muted)
        out.append(f" {share:4.0%}\n", muted)
        done = stage.n - stage.first
        if elapsed >= RATE_AFTER and done > 0:
            per_second = done / elapsed
            remaining = seconds((stage.total - stage.n) / per_second)
            told = f"{rate_text(per_second)} {stage.unit} a second · about {remaining} left"
        else:
            told = "working out the rate…"
        out.append(f"    {told} · {seconds(elapsed)} so far\n", muted)
        if now - stage.moved >= QUIET:  # a part of the stage that does not count
            out.append(f"    no new count for {seconds(now - stage.moved)}\n", muted)
