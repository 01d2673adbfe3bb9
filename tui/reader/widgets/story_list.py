"""The sidebar: one row per story, drawn on demand so 100,000 stories cost nothing.

A `ScrollView` whose `render_line` draws only the rows on screen: an unread marker,
the title (cut to fit), the number of versions and the date. No widget per row.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...corpus import Story, sanitize_line
from .opening import STAGES


class StoryList(ScrollView, can_focus=True):
    """Stories, one per line, with a cursor."""

    BINDINGS = [
        Binding("j,down", "cursor(1)", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor(-1)", "Up", show=False, id="list.up"),
        Binding("g,home", "first", "First", show=False, id="list.first"),
        Binding("G,end", "last", "Last", show=False, id="list.last"),
        Binding("space,pagedown", "page(1)", "Page down", show=False, id="list.page_down"),
        Binding("b,pageup", "page(-1)", "Page up", show=False, id="list.page_up"),
        Binding("enter", "open", "Open", id="list.open"),
    ]

    COMPONENT_CLASSES = {
        "story-list--cursor",
        "story-list--unread",
        "story-list--meta",
        "story-list--empty",
    }

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        def __init__(self, story: Story | None) -> None:
            super().__init__()
            self.story = story

    class Selected(Message):
        def __init__(self, story: Story) -> None:
            super().__init__()
            self.story = story

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stories: list[Story] = []
        self.read: set[str] = set()
        self.empty_text = "Loading stories…"

    # -- content -------------------------------------------------------------

    def set_stories(self, stories: list[Story], keep: str | None = None) -> None:
        """Show `stories`, keeping the cursor on the story with id `keep` if listed."""
        self.stories = stories
        self.virtual_size = Size(0, len(stories))  # rows fit the width as drawn: no sideways
        index = next((n for n, s in enumerate(stories) if s.id == keep), 0) if keep else 0
        self.cursor = index
        self.refresh()

    @property
    def highlighted(self) -> Story | None:
        return self.stories[self.cursor] if 0 <= self.cursor < len(self.stories) else None

    def show_progress(self, stage: str, n: int, total: int) -> None:
        """While the list is empty, how far loading has got: the stage, a count and a bar
        (for a stage that cannot count, its name alone)."""
        if stage not in STAGES:
            return
        label = STAGES[stage][0]
        if total <= 0:
            self.empty_text = f"{label}…"
        else:
            share = min(1.0, n / total)
            filled = int(share * 24)
            self.empty_text = (
                f"{label}… {n:,} of {total:,}\n{'━' * filled}{'─' * (24 - filled)} {share:4.0%}"
            )
        self.refresh()

    def mark_read(self, story_id: str, read: bool = True) -> None:
        (self.read.add if read else self.read.discard)(story_id)
        self.refresh()

    # -- movement ------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.stories) - 1)) if self.stories else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._follow_cursor()
        # Rows set a moment ago may not be scrollable until the next layout: try again then.
        self.call_after_refresh(self._follow_cursor)
        self.refresh()
        self.post_message(self.Highlighted(self.highlighted))

    def _follow_cursor(self) -> None:
        height = self.scrollable_content_region.height or 1
        if self.cursor < self.scroll_y:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= self.scroll_y + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.cursor += step

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.stories) - 1

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, (self.scrollable_content_region.height or 1) - 1)

    def action_open(self) -> None:
        story = self.highlighted
        if story is not None:
            self.post_message(self.Selected(story))

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_y) + event.y
        if 0 <= row < len(self.stories):
            self.cursor = row
            self.action_open()

    # -- drawing -------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = round(self.scroll_y) + y
        if not self.stories:
            notes = self.empty_text.split("\n")
            if y < len(notes):
                note = Text(
                    notes[y], style=self.get_component_rich_style("story-list--empty"), end=""
                )
                note.truncate(width, overflow="ellipsis")
                return (
                    Strip(list(note.render(self.app.console)))
                    .extend_cell_length(width, base)
                    .apply_style(base)
                )
            return Strip.blank(width, base)
        if row >= len(self.stories):
            return Strip.blank(width, base)
        story = self.stories[row]
        meta_style = self.get_component_rich_style("story-list--meta")
        count = story.version_count
        date = story.date or ""
        meta = f" {count:>3}" + (f" {short_date(date, width)}" if date else "")
        unread = story.id not in self.read
        marker = Segment(
            "● " if unread else "  ", self.get_component_rich_style("story-list--unread")
        )
        title_width = max(1, width - 2 - len(meta))
        title = Text(
            sanitize_line(story.title), style="bold" if unread else "", no_wrap=True, end=""
        )
        title.truncate(title_width, overflow="ellipsis", pad=True)
        segments = [marker, *title.render(self.app.console), Segment(meta, meta_style)]
        strip = Strip(segments).adjust_cell_length(width)
        if row == self.cursor:
            strip = strip.apply_style(self.get_component_rich_style("story-list--cursor"))
        return strip.apply_style(base)

    def on_mount(self) -> None:
        # The scrollbar, hidden until needed, made now: made in the first layout (when a
        # long list needs it), its mounting would lay the screen out again, a frame more.
        self.vertical_scrollbar  # noqa: B018 (the property makes it)


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def short_date(date: str, width: int) -> str:
    """A story's ISO date as the list has room for it, the year always in four digits:
    "2025-07-10" from 40 columns, "Jul 2025" from 30, else "2025"."""
    if width >= 40 or len(date) < 7 or not date[5:7].isdigit():
        return date if width >= 40 else date[:4]
    month = int(date[5:7])
    if width >= 30 and 1 <= month <= 12:
        return f"{_MONTHS[month - 1]} {date[:4]}"
    return date[:4]
