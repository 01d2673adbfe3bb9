"""The version list (`v`): every version of the story, to open one or compare with it.

Each row shows the version's number, source file, date, length, similarity to the
canonical version and what kind of version it is. `enter` opens the highlighted
version; `d` makes it the one the differences panel compares against.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...corpus import Story, Version
from ..widgets.article import short_source
from .list_modal import ListModal


@dataclass(frozen=True)
class VersionChoice:
    """What the user chose in the version list."""

    action: str  # "open" or "compare"
    index: int


def version_row(
    story: Story, version: Version, current: Version, compared: Version | None
) -> Content:
    number = story.versions.index(version) + 1
    mark = "▶" if version is current else ("≠" if version is compared else " ")
    similarity = (
        "canonical" if version.canonical else f"{round(version.similarity * 100):>3}% alike"
    )
    words = f"{version.word_count:,} words"
    title = f"  “{version.title}”" if version.title and version.title != story.title else ""
    return Content.assemble(
        (f"{mark} {number:>2}  ", "bold"),
        (f"{short_source(version.source, 28):<28}", ""),
        (f"  {version.date or '—':<10}  {words:>12}  {similarity:>10}  ", "dim"),
        ("" if version.canonical else version.kind, "italic"),
        (title, "dim"),
    )


class VersionsScreen(ListModal[VersionChoice | None]):
    """A modal list of the story's versions."""

    BINDINGS = [
        Binding("escape,v,q", "close", "Close", id="versions.close"),
        Binding("d", "compare", "Compare with", id="versions.compare"),
    ]

    def __init__(self, story: Story, current: Version, compared: Version | None) -> None:
        super().__init__()
        self.story = story
        self.current = current
        self.compared = compared

    def compose(self) -> ComposeResult:
        with Vertical(id="versions-box"):
            yield Label(Content(f"Versions of “{self.story.title}”"), id="versions-title")
            options = [
                Option(version_row(self.story, v, self.current, self.compared), id=str(n))
                for n, v in enumerate(self.story.versions)
            ]
            yield OptionList(*options, id="versions-list")
            yield Label(
                Content("enter open · d compare the open version with this one · escape close"),
                id="versions-help",
            )

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        option_list.highlighted = self.story.versions.index(self.current)
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(VersionChoice("open", event.option_index))

    def action_compare(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self.dismiss(VersionChoice("compare", index))
