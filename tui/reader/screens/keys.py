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

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

from ...corpus import Story
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


class ReaderFooter(Footer):
    """A footer that leaves out the keys it has no room for rather than cut the last one,
    and composes again only when what it would show changed.

    Made `ready`, it shows the screen's keys from its first compose (Textual's waits for
    the first change of bindings, and composes again after the next frame: at start, one
    more layout and paint before the screen settles). The reading screen mounts it so once
    the list has the focus.
    """

    _fitted: tuple[int, bool, bool] | None = None  # the width and modes last composed for
    _shown: tuple[object, ...] | None = None  # what it last composed (`_showing`)

    def __init__(self, *, ready: bool = False, width: int | None = None) -> None:
        """`width`: the screen's, if known (below `NARROW`, compact, no palette key)."""
        narrow = width is not None and width < NARROW
        super().__init__(compact=narrow, show_command_palette=not narrow)
        self._bindings_ready = ready

    def _showing(self) -> tuple[object, ...]:
        """What composing now would show: the keys, their state, the width and modes."""
        room = self.screen.size.width or self.app.size.width
        keys = tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )
        return (room, self.compact, self.show_command_palette, keys)

    def compose(self) -> ComposeResult:
        room = self.screen.size.width or self.app.size.width
        self._fitted = (room, self.compact, self.show_command_palette)
        self._shown = self._showing() if self._bindings_ready else None
        kept = []
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                need = cell_len(widget.key_display) + cell_len(widget.description)
                need += 2 if self.compact else 3
                if widget.has_class("-command-palette"):
                    need += 2
                if need > room:
                    continue
                room -= need
            kept.append(widget)
        self.styles.grid_size_columns = len(kept)
        yield from kept

    _queued = False  # a recompose waits for the next refresh

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """As Textual's footer does, compose again after the next refresh; but once for
        however many changes come before it (a focus move and a screen pushed at start),
        and not at all if the keys shown are the same, since each composing mounts every
        key anew, and each key restyles as it mounts."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._queued:
            self._queued = True
            self.call_after_refresh(self._compose_again)

    async def _compose_again(self) -> None:
        self._queued = False
        if self.is_attached and self._showing() != self._shown:
            await self.recompose()

    def on_resize(self) -> None:
        # composed for this width already (the first resize, at mount): keys are not
        # made again, each of which restyles the screen's nodes when mounted
        room = self.screen.size.width or self.app.size.width
        if self._fitted != (room, self.compact, self.show_command_palette):
            self.refresh(recompose=True)


class KeyRules(_Base):
    """The footer's order and width, `/` in the filter field, and the title filter's enter."""

    story: Story | None

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return essentials_first(super().active_bindings)

    def fit_footer(self) -> None:
        """Compact, and no palette key, below `NARROW` columns."""
        for footer in self.query(Footer):
            footer.compact = self.size.width < NARROW
            footer.show_command_palette = self.size.width >= NARROW

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
