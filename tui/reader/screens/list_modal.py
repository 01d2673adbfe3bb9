"""A modal screen around one OptionList: `j`/`k` move, escape closes with no choice."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList

Result = TypeVar("Result")


class ListModal(ModalScreen[Result], Generic[Result]):
    """Shared keys of the version list and the quote finder."""

    BINDINGS = [
        Binding("j", "down", "Down", show=False, id="list_modal.down"),
        Binding("k", "up", "Up", show=False, id="list_modal.up"),
    ]

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
