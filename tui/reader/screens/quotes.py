"""The quote finder (`Q`): every quotation of the story once, who said it, where.

Each row gives the speaker, the quote, how many versions carry it and which; when
versions word it differently, the other wordings follow with the changed words
marked `[-…-]{+…+}`. `enter` opens the first version that carries the quote, at it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...corpus import Story, StoryQuote, diff, sanitize_line
from .list_modal import ListModal
from .search import SearchChoice

MARKS = {"delete": ("[-", "-]", "red strike"), "insert": ("{+", "+}", "green underline")}


def variant_content(base: str, variant: str) -> Content:
    """`variant` against `base`, changed words marked and coloured."""
    parts: list[str | tuple[str, str]] = ["      also: “"]
    for n, run in enumerate(diff.word_runs(base, variant)):
        if n:
            parts.append(" ")
        if run.op == "equal":
            parts.append(sanitize_line(run.text))
        else:
            start, end, style = MARKS[run.op]
            parts.append((start + sanitize_line(run.text) + end, style))
    parts.append("”")
    return Content.assemble(*parts)


class QuotesScreen(ListModal[SearchChoice | None]):
    """A modal list of the story's quotations."""

    BINDINGS = [
        Binding("escape,Q,q", "close", "Close", id="quotes.close"),
    ]

    def __init__(self, story: Story, story_index: int, quotes: list[StoryQuote]) -> None:
        super().__init__()
        self.story = story
        self.story_index = story_index
        self.quotes = quotes

    def compose(self) -> ComposeResult:
        total = len(self.story.versions)
        with Vertical(id="quotes-box"):
            yield Label(
                Content(f"Quotes in “{sanitize_line(self.story.title)}” ({len(self.quotes)})"),
                id="quotes-title",
            )
            options = []
            for n, quote in enumerate(self.quotes):
                numbers = ", ".join(str(v + 1) for v in quote.versions)
                head = Content.assemble(
                    (f"{sanitize_line(quote.speaker or 'unattributed')}: ", "bold"),
                    f"“{sanitize_line(quote.text)}”",
                    (f"  in {len(quote.versions)} of {total} (version {numbers})", "dim"),
                )
                for variant in quote.variants:
                    if variant != quote.text:
                        head = head + Content("\n") + variant_content(quote.text, variant)
                options.append(Option(head, id=str(n)))
            if not options:
                options.append(
                    Option(Content("No direct quotations found in this story."), disabled=True)
                )
            yield OptionList(*options, id="quotes-list")
            yield Label(
                Content("enter open the first version that carries it · escape close"),
                id="quotes-help",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        quote = self.quotes[int(event.option.id or 0)]
        first = min(quote.occurrences, key=lambda q: q.version)
        self.dismiss(
            SearchChoice(self.story_index, first.version, first.paragraph, f'"{quote.text[:40]}"')
        )
