"""The help screen (`?`): every key, grouped by where it works, as currently mapped.

Keys come from the bindings themselves with the user's keymap applied, so the help
never disagrees with what the keys do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

ABOUT = (
    "copydesk shows each story once, whatever the number of files that carry it. "
    "Open a story from the list, move between its versions with [ and ], and "
    "toggle the differences panel with d. Mapped keys can be changed in the config "
    'file\'s "keymap" table, by binding id (shown on the right).'
)

CLOSING = "escape (or ? or q) closes this; j k move, g G go to the start and the end."


def binding_rows(
    app: App[Any], groups: Iterable[tuple[str, Iterable[BindingType]]]
) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(group title, [(keys, description, binding id)]) for the help screen."""
    keymap = getattr(app, "_keymap", {})
    out = []
    for title, bindings in groups:
        rows = []
        for binding in Binding.make_bindings(bindings):
            if not binding.description:
                continue
            keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
            shown = " ".join(
                app.get_key_display(binding.with_key(k.strip())) for k in keys.split(",")
            )
            rows.append((shown, binding.description, binding.id or ""))
        if rows:
            out.append((title, _merge(rows)))
    return out


def _merge(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """One row per binding id (its keys joined), in first-seen order."""
    seen: dict[str, tuple[str, str, str]] = {}
    for keys, description, binding_id in rows:
        name = binding_id or description
        if name in seen:
            known = seen[name][0].split(" ")
            extra = [k for k in keys.split(" ") if k not in known]
            seen[name] = (" ".join(known + extra), description, binding_id)
        else:
            seen[name] = (keys, description, binding_id)
    return list(seen.values())


class HelpScreen(ModalScreen[None]):
    """Keys and what they do."""

    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close", id="help.close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="help.up"),
        Binding("g,home", "first", "Start", show=False, id="help.first"),
        Binding("G,end", "last", "End", show=False, id="help.last"),
    ]

    def __init__(self, groups: list[tuple[str, list[tuple[str, str, str]]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(
                Content.assemble(("copydesk — keys\n", "bold"), (ABOUT, "dim")), id="help-about"
            )
            yield Static(CLOSING, id="help-closing")
            # one key column for every section, as wide as the widest keys
            width = max((len(keys) for _, rows in self.groups for keys, _, _ in rows), default=0)
            for title, rows in self.groups:
                with Vertical(classes="help-group"):
                    yield Static(Content(title).stylize("bold underline"), classes="help-title")
                    for keys, description, binding_id in rows:
                        with Horizontal(classes="help-row"):
                            key_cell = Static(Content(keys).stylize("bold"), classes="help-keys")
                            key_cell.styles.width = width + 4
                            yield key_cell
                            yield Static(Content(description), classes="help-description")
                            yield Static(Content(binding_id), classes="help-id")

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_first(self) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_home(animate=False)

    def action_last(self) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_end(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
