"""The search screen (`/`): type a query, see hits grouped by story, open one.

Each keystroke starts a search in a thread worker and cancels the one before, so
typing never waits. A story row shows its best hit's snippet with the matched words
highlighted and how many versions match; `right` (or `space`) expands it to the hit
in each version. `enter` opens the highlighted hit; `escape` goes back unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ...corpus import (
    Hit,
    SearchEngine,
    Story,
    StoryHits,
    printable,
    sanitize_line,
    snippet,
)
from ..widgets.article import short_source

HELP = (
    'fuzzy words · \'exact · "a phrase" · ^start · !not · a|b · title: by: quote: date:2025-07'
    "   ↓ results · → expand · enter open · esc back"
)


@dataclass(frozen=True)
class SearchChoice:
    """A hit to open: which story, version and paragraph, and the query that found it."""

    story: int
    version: int
    paragraph: int
    query: str


def hit_content(hit: Hit, width: int, prefix: str = "") -> Content:
    text, spans = snippet(hit, width)
    content = Content(prefix + sanitize_line(text))
    for start, end in spans:
        content = content.stylize("bold reverse", start + len(prefix), end + len(prefix))
    return content


class SearchScreen(ModalScreen[SearchChoice | None]):
    """Search everything; results grouped by story."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="search.close"),
        Binding("down", "results", "Results", show=False, id="search.results"),
        Binding("right,space", "expand", "Expand", id="search.expand"),
    ]

    def __init__(
        self,
        index: SearchEngine | None,
        stories: list[Story],
        query: str = "",
        building: bool = False,
    ) -> None:
        super().__init__()
        self.index = index  # None while the reader still opens it
        self.stories = stories
        self.query_text = query
        self.building = building
        self.results: list[StoryHits] = []
        self.expanded: set[int] = set()
        self._rows: list[tuple[int, Hit]] = []  # option index -> (story, hit)
        self._typed_early = ""  # keys typed before the field could take them

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Input(
                value=self.query_text,
                placeholder="search titles, paragraphs, quotes, captions, bylines",
                id="search-input",
            )
            yield Label(Content(HELP), id="search-help")
            yield OptionList(id="search-results")
            yield Label(Content(""), id="search-status")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = False
        field.focus()
        if self._typed_early:  # Input.Changed runs the search
            field.insert_text_at_cursor(self._typed_early)
            self._typed_early = ""
        elif self.query_text:
            self.run_search(self.query_text)

    def on_key(self, event: events.Key) -> None:
        """Keys typed right after `/`, before the field has focus, still go into it."""
        if self.focused is None and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            if self.is_mounted:
                field = self.query_one(Input)
                field.focus()
                field.insert_text_at_cursor(event.character)
            else:
                self._typed_early += event.character

    # -- searching -----------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.run_search(event.value)

    def set_index(self, index: SearchEngine, building: bool) -> None:
        """The index is ready (or a newer one is): search again with it."""
        self.index, self.building = index, building
        self.run_search(self.query_text)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        from ...corpus import IndexChanged, SearchIndexError

        index = self.index
        if index is None:
            self.app.call_from_thread(self._show, query, [], "opening the search index…")
            return
        try:
            results = index.search_stories(query, limit=50, per_story=50) if query.strip() else []
        except IndexChanged:
            note = "another copydesk refreshed the index: press escape, then r to reload"
            self.app.call_from_thread(self._show, query, [], note)
            return
        except SearchIndexError as error:
            cause = str(error.__cause__ or error)
            note = (
                f"the search index is damaged ({cause}): it is being set aside and rebuilt; "
                "search again soon"
            )
            self.app.call_from_thread(self._show, query, [], note)
            from ..app import CopydeskApp  # here: the app imports this module

            if isinstance(self.app, CopydeskApp):
                self.app.call_from_thread(self.app.index_damaged, cause)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, query, results)

    def _show(self, query: str, results: list[StoryHits], note: str | None = None) -> None:
        if query != self.query_text:
            return
        self.results = results
        self.expanded.clear()
        self._render_results()
        if note is None:
            note = (
                f"{len(results)} stor{'y' if len(results) == 1 else 'ies'}" if query.strip() else ""
            )
            if self.building:
                note += " · still indexing: more may come"
        self.query_one("#search-status", Label).update(Content(printable(note)))

    def _render_results(self, keep: int | None = None) -> None:
        results_list = self.query_one(OptionList)
        width = max(30, results_list.size.width - 6 or 100)
        options: list[Option] = []
        self._rows = []
        for n, group in enumerate(self.results):
            story = self.stories[group.story]
            best = group.best
            plural = "s" if group.versions > 1 else ""
            head = Content.assemble(
                (sanitize_line(story.title), "bold"),
                (
                    f"  in {group.versions_hit} of {group.versions} version{plural} · "
                    f"{self._where(story, best)}",
                    "dim",
                ),
            )
            options.append(
                Option(head + Content("\n") + hit_content(best, width, "  "), id=f"s{n}")
            )
            self._rows.append((group.story, best))
            if n in self.expanded:
                for hit in group.per_version()[1:]:
                    line = Content.assemble(
                        (f"    {self._where(story, hit)}: ", "dim")
                    ) + hit_content(hit, width - 4)
                    options.append(Option(line))
                    self._rows.append((group.story, hit))
        results_list.set_options(options)
        if keep is not None and options:
            results_list.highlighted = min(keep, len(options) - 1)

    def _where(self, story: Story, hit: Hit) -> str:
        if hit.unit.version < 0:
            return "story title"
        version = story.versions[hit.unit.version]
        return " ".join(x for x in (short_source(version.source, 24), version.date or "") if x)

    # -- choosing ------------------------------------------------------------

    def action_results(self) -> None:
        results_list = self.query_one(OptionList)
        if self._rows:
            results_list.focus()
            if results_list.highlighted is None:
                results_list.highlighted = 0

    def action_expand(self) -> None:
        results_list = self.query_one(OptionList)
        index = results_list.highlighted
        if index is None or not results_list.has_focus:
            return
        option = results_list.get_option_at_index(index)
        if option.id and option.id.startswith("s"):
            n = int(option.id[1:])
            self.expanded ^= {n}
            self._render_results(keep=index)

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        story, hit = self._rows[event.option_index]
        version = hit.unit.version if hit.unit.version >= 0 else -1
        self.dismiss(SearchChoice(story, version, max(hit.unit.paragraph, 0), self.query_text))

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        if self._rows:
            story, hit = self._rows[0]
            self.dismiss(
                SearchChoice(story, hit.unit.version, max(hit.unit.paragraph, 0), self.query_text)
            )

    def action_close(self) -> None:
        self.dismiss(None)
