"""Which of the reading screen's keys can run now, and what the footer offers.

A key whose action needs an open story says so in a notification when pressed (or
run from the palette) with none open: nothing is silent. The footer puts the keys a
newcomer needs first (`/` search, `?` help, `q` quit), so however narrow the terminal,
those are the ones left when the rest are cut; below `NARROW` columns it is compact
and leaves out the palette's `^p`, which the help screen lists.

`KeyRules` is a mixin for `ReaderScreen`, like `SidebarActions`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from textual.binding import ActiveBinding, Binding
from textual.widgets import Input

from ...corpus import Story
from ..widgets.key_bar import KeyBar
from ..widgets.story_list import StoryList

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object

NARROW = 90  # below this many columns the footer is compact and drops the palette key

# Textual's own tab and shift+tab, given ids (so they can be remapped like the others)
PANE_KEYS = [
    Binding("tab", "app.focus_next", "Next pane", show=False, id="reader.focus_next"),
    Binding(
        "shift+tab", "app.focus_previous", "Previous pane", show=False, id="reader.focus_previous"
    ),
]

# The footer's first keys, in this order, whatever else there is
ESSENTIAL = ("reader.search", "app.help", "app.quit")

F = TypeVar("F", bound=Callable[..., Any])


def needs_story(what: str) -> Callable[[F], F]:
    """Have the action say, in a notification, that it needs an open story when none is."""

    def decorate(action: F) -> F:
        @wraps(action)
        def guarded(self: Any, *args: Any) -> Any:
            if getattr(self, "story", None) is None:
                self.app.notify(f"Open a story first (enter in the list): {what}.", timeout=3)
                return None
            return action(self, *args)

        return guarded  # type: ignore[return-value]

    return decorate


def essentials_first(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """The same bindings, those in `ESSENTIAL` first."""
    rank = {binding_id: n for n, binding_id in enumerate(ESSENTIAL)}

    def order(item: tuple[int, tuple[str, ActiveBinding]]) -> tuple[int, int]:
        n, (_, active) = item
        return (rank.get(active.binding.id or "", len(rank)), n)

    return dict(item for _, item in sorted(enumerate(bindings.items()), key=order))


class KeyRules(_Base):
    """The footer's order and width, `/` in the filter field, and the title filter's enter."""

    story: Story | None

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return essentials_first(super().active_bindings)

    def key_bar(self) -> KeyBar:
        """The footer, fitted to the terminal's width."""
        narrow = self.app.size.width < NARROW
        return KeyBar(compact=narrow, show_palette=not narrow, id="footer")

    def fit_footer(self) -> None:
        """Compact, and no palette key, below `NARROW` columns."""
        for bar in self.query(KeyBar):
            bar.compact = self.size.width < NARROW
            bar.show_palette = self.size.width >= NARROW

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search" and isinstance(self.focused, Input):
            return False  # "/" typed into the title filter is a character
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """`enter` in the title filter opens the highlighted match at once."""
        if event.input.id != "filter":
            return
        stories = self.query_one(StoryList)
        stories.focus()
        stories.action_open()

    def quotes_story(self) -> Story | None:
        """The story `Q` gathers quotes from: the open one, else the list's highlighted one."""
        story = self.story or self.query_one(StoryList).highlighted
        if story is None:
            self.app.notify("Q finds quotes once the stories are listed.", timeout=3)
        return story
