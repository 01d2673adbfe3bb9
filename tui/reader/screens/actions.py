"""The reading screen's keys (`ACTIONS`, each with an id so it can be remapped) and its
small actions on the sidebar, the list and the text: filter, sort, hide, mark read,
captions, copying and stepping through search hits.

`SidebarActions` is a mixin for `ReaderScreen`; the few things of the screen it uses
are declared below, so they are type-checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.css.query import NoMatches
from textual.widgets import Input

from ...corpus import Story, Version
from ..listing import SORT_LABELS, SORTS
from ..state import State
from ..widgets.article import ArticleView, plain_text
from ..widgets.story_list import StoryList
from .keys import needs_story

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..app import CopydeskApp

    _Base = Screen[None]
else:
    _Base = object

ACTIONS = [
    Binding("left_square_bracket", "version(-1)", "Prev version", id="reader.prev_version"),
    Binding("right_square_bracket", "version(1)", "Next version", id="reader.next_version"),
    Binding("v", "versions", "Versions", id="reader.versions"),
    Binding("d", "toggle_diff", "Diff", id="reader.toggle_diff"),
    Binding("D", "cycle_compare", "Compare with next", show=False, id="reader.cycle_compare"),
    Binding("a", "all_versions", "Against all", show=False, id="reader.all_versions"),
    # priority: taken before the keys typed right after it reach the list, so they go to the
    # search field
    Binding("slash", "search", "Search", id="reader.search", priority=True),
    Binding("n", "next_hit(1)", "Next hit", show=False, id="reader.next_hit"),
    Binding("N", "next_hit(-1)", "Previous hit", show=False, id="reader.previous_hit"),
    Binding("Q", "quotes", "Quotes", id="reader.quotes"),
    Binding("f", "filter", "Filter list", show=False, id="reader.filter"),
    Binding("o", "sort", "Sort", show=False, id="reader.sort"),
    Binding("c", "captions", "Captions", show=False, id="reader.captions"),
    Binding("s", "toggle_sidebar", "Sidebar", show=False, id="reader.sidebar"),
    Binding("y", "copy_paragraph", "Copy ¶", show=False, id="reader.copy_paragraph"),
    Binding("Y", "copy_story", "Copy story", show=False, id="reader.copy_story"),
    Binding("u", "toggle_read", "Read/unread", show=False, id="reader.toggle_read"),
    Binding("r", "refresh", "Refresh", show=False, id="reader.refresh"),
    Binding("escape", "back", "Back", show=False, id="reader.back"),
]


class SidebarActions(_Base):
    """`f`, `o`, `s`, `escape`, `u`, `c`, `y`, `Y`, `n` and `N`."""

    state: State
    story: Story | None
    version: Version | None
    hit_paragraphs: list[int]

    @property
    def copydesk(self) -> CopydeskApp:
        """The app, as the copydesk app it is (for its state)."""
        from ..app import CopydeskApp

        app = self.app
        assert isinstance(app, CopydeskApp)
        return app

    def _refresh_list(self, keep: str | None = None, stories: list[Story] | None = None) -> None:
        raise NotImplementedError  # the screen's

    # -- sidebar, filter, sort -------------------------------------------------

    def _filter_field(self) -> Input | None:
        try:
            return self.query_one("#filter", Input)
        except NoMatches:
            return None

    async def action_filter(self) -> None:
        """Show the filter line above the list (made on first use) and type into it."""
        field = self._filter_field()
        if field is None:
            field = Input(placeholder="filter stories by title", id="filter")
            await self.query_one("#sidebar").mount(field, before=self.query_one(StoryList))
        field.display = True
        self.remove_class("-hide-sidebar")
        field.focus()

    def action_sort(self) -> None:
        corpus_state = self.state.corpus
        corpus_state.sort = (
            SORTS[(SORTS.index(corpus_state.sort) + 1) % len(SORTS)]
            if corpus_state.sort in SORTS
            else SORTS[0]
        )
        self._refresh_list()
        self.query_one(StoryList).cursor = 0  # the top of the new order
        self.copydesk.state_changed()
        self.app.notify(f"Stories sorted {SORT_LABELS[corpus_state.sort]}", timeout=2)

    def action_toggle_sidebar(self) -> None:
        self.remove_class("-sidebar-made-way")
        self.toggle_class("-hide-sidebar")
        if self.has_class("-hide-sidebar"):
            if self.story:
                self.query_one(ArticleView).focus()
        else:
            self.query_one(StoryList).focus()

    def action_back(self) -> None:
        field = self._filter_field()
        if field is not None and field.has_focus:
            field.value = ""
            field.display = False
            self.query_one(StoryList).focus()
        elif self.has_class("-hide-sidebar"):
            self.action_toggle_sidebar()
        elif self.focused is not self.query_one(StoryList):
            self.query_one(StoryList).focus()

    def action_toggle_read(self) -> None:
        stories = self.query_one(StoryList)
        story = stories.highlighted if stories.has_focus or not self.story else self.story
        if story is None:
            return
        read = story.id not in self.state.corpus.read
        (self.state.corpus.read.add if read else self.state.corpus.read.discard)(story.id)
        stories.mark_read(story.id, read)
        self.copydesk.state_changed()

    def action_captions(self) -> None:
        article = self.query_one(ArticleView)
        article.show_captions = not article.show_captions
        article.rebuild()

    # -- copying -------------------------------------------------------------
    # The terminal is asked to put the text on the clipboard (OSC 52); whether it does,
    # the app cannot know (tmux needs `set -g set-clipboard on`), so the note says so.

    @needs_story("y copies the paragraph being read")
    def action_copy_paragraph(self) -> None:
        article = self.query_one(ArticleView)
        text = article.paragraph_text(article.current_key)
        if text and article.current_key is not None:
            self.app.copy_to_clipboard(text)
            self.app.notify(
                f"Sent paragraph {article.current_key + 1} ({len(text.split())} words) "
                f"{_CLIPBOARD}",
                timeout=3,
            )

    @needs_story("Y copies it")
    def action_copy_story(self) -> None:
        if self.story and self.version:
            self.app.copy_to_clipboard(plain_text(self.story, self.version))
            self.app.notify(
                f"Sent the story ({self.version.word_count:,} words) {_CLIPBOARD}", timeout=3
            )

    # -- search hits -----------------------------------------------------------

    @needs_story("n and N step through its search hits")
    def action_next_hit(self, step: int) -> None:
        if not self.hit_paragraphs:
            self.app.notify("No search hits in this story: / searches the corpus.", timeout=3)
            return
        article = self.query_one(ArticleView)
        current = article.current_key if article.current_key is not None else -1
        if step > 0:
            target = next((p for p in self.hit_paragraphs if p > current), self.hit_paragraphs[0])
        else:
            target = next(
                (p for p in reversed(self.hit_paragraphs) if p < current), self.hit_paragraphs[-1]
            )
        article.scroll_to_key(target)


_CLIPBOARD = "to the terminal's clipboard (OSC 52; in tmux: set -g set-clipboard on)"
