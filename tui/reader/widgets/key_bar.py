"""The footer: the screen's keys on one line, drawn by one widget.

Textual's `Footer` mounts a widget per key and mounts them all anew whenever the
bindings change (a focus move, a screen opened), each restyling as it mounts: at start
that was about 50 ms of a 400 ms open. `KeyBar` draws the same line itself, so a change
of bindings is a repaint. It shows one key per action, in the screen's order (the
reading screen puts the essential ones first), leaves out the keys it has no room for
rather than cut one, and puts the command palette's key at the right; `compact` packs
the keys closer and `show_palette` can leave the palette's out. A click presses the key
under the mouse; hovering shows its tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

EDGE = "▏"  # left of the palette's key


@dataclass(frozen=True)
class Key:
    """One key the bar offers."""

    key: str  # as Textual names it ("slash"): what a click presses
    display: str  # as shown ("/")
    description: str
    enabled: bool = True
    tooltip: str = ""
    palette: bool = False

    def width(self, compact: bool) -> int:
        """Cells it takes, with the space that parts it from the next."""
        if not self.description:
            return cell_len(self.display) + (1 if compact else 0)
        cells = cell_len(self.display) + cell_len(self.description)
        if self.palette:  # an edge, then packed as when compact, and a space at the end
            return cells + 3
        return cells + 2 if compact else cells + 3


@dataclass(frozen=True)
class Spot:
    """Where a key is drawn: cells `start` to `end` of the line."""

    start: int
    end: int
    key: Key


def fit(keys: list[Key], palette: Key | None, room: int, compact: bool) -> list[Key]:
    """The keys that fit in `room` cells, in order; one that does not is left out whole
    (a later, shorter one may still fit). The palette's key comes last, if it fits."""
    kept = []
    for key in [*keys, *([palette] if palette else [])]:
        need = key.width(compact)
        if need <= room:
            kept.append(key)
            room -= need
    return kept


class KeyBar(Widget, can_focus=False):
    """The screen's keys, docked at the bottom (styled in copydesk.tcss)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--edge",
        "key-bar--hover",
    }

    compact = reactive(False)
    show_palette = reactive(True)

    def __init__(
        self, *, compact: bool = False, show_palette: bool = True, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.set_reactive(KeyBar.compact, compact)
        self.set_reactive(KeyBar.show_palette, show_palette)
        self._spots: list[Spot] = []
        self._mouse_x: int | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if screen is self.screen:
            self.refresh()

    # -- what it shows -----------------------------------------------------------

    def keys(self) -> tuple[list[Key], Key | None]:
        """The screen's shown keys, one per action, and the palette's (None: not shown)."""
        app = self.app
        active = self.screen.active_bindings
        keys: list[Key] = []
        actions: set[str] = set()
        for _, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            display = app.get_key_display(binding)
            keys.append(Key(binding.key, display, binding.description, enabled, tooltip))
        palette = None
        found = active.get(app.COMMAND_PALETTE_BINDING)
        if self.show_palette and app.ENABLE_COMMAND_PALETTE and found is not None:
            _, binding, enabled, tooltip = found
            palette = Key(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                enabled,
                tooltip or binding.tooltip or binding.description,
                palette=True,
            )
        return keys, palette

    def shown(self) -> list[Key]:
        """The keys drawn at the current width, in order (the palette's last)."""
        keys, palette = self.keys()
        return fit(keys, palette, self.size.width, self.compact)

    def render(self) -> Text:
        width = self.size.width
        compact = self.compact
        base = self.rich_style
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        edge_style = self.get_component_rich_style("key-bar--edge")
        hover = self.get_component_rich_style("key-bar--hover", partial=True)
        dim = Style(dim=True)
        line = Text(style=base, no_wrap=True, overflow="crop", end="")
        spots: list[Spot] = []
        for key in self.shown():
            if key.palette:  # at the right
                line.append(" " * max(0, width - line.cell_len - key.width(compact)))
            start = line.cell_len
            over = self._mouse_x is not None and start <= self._mouse_x < start + key.width(compact)
            extra = (dim if not key.enabled else Style()) + (hover if over else Style())
            if key.palette:
                line.append(EDGE, edge_style + extra)
            if not key.description:
                line.append(key.display, key_style + extra)
                line.append(" " if compact else "", base)
            elif compact or key.palette:
                line.append(key.display, key_style + extra)
                line.append(" " + key.description, description_style + extra)
                line.append(" ", base + (extra if key.palette else Style()))
            else:
                line.append(f" {key.display} ", key_style + extra)
                line.append(key.description + " ", description_style + extra)
            spots.append(Spot(start, line.cell_len, key))
        self._spots = spots
        return line

    # -- the mouse ---------------------------------------------------------------

    def key_at(self, x: int) -> Key | None:
        """The key drawn at cell `x`, as last rendered."""
        return next((spot.key for spot in self._spots if spot.start <= x < spot.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._mouse_x = event.x
        key = self.key_at(event.x)
        self.tooltip = key.tooltip if key and key.tooltip else None
        self.refresh()

    def on_leave(self) -> None:
        self._mouse_x = None
        self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
