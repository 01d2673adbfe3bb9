"""The reading screen: the story sidebar, the text pane and the differences panel.

The corpus loads in a thread worker that reports its progress in the sidebar
(`loading.py`); keys work from the first frame. Every action here has a binding with an id (so it can be
remapped) and a command in the palette.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Input
from textual.worker import get_current_worker

from ...corpus import Corpus, SearchIndex, Story, Version
from ..listing import SORT_LABELS, SORTS, StoryListing
from ..state import Place, State
from ..widgets.article import ArticleView, plain_text
from ..widgets.blocks import BlockView
from ..widgets.diff_panel import DiffPanel
from ..widgets.story_list import StoryList
from .loading import LoadingActions
from .searching import SearchActions
from .versions import VersionChoice, VersionsScreen

NARROW = 90  # below this many columns the sidebar hides while reading, the panel goes below
AUTO_INDEX_VERSIONS = 50_000  # without a stored index, above this it is built on the first `/` only
CROWDED = 150  # below this, the sidebar makes way while the differences panel is open


ACTIONS = [
    Binding("left_square_bracket", "version(-1)", "Prev version", id="reader.prev_version"),
    Binding("right_square_bracket", "version(1)", "Next version", id="reader.next_version"),
    Binding("v", "versions", "Versions", id="reader.versions"),
    Binding("d", "toggle_diff", "Diff", id="reader.toggle_diff"),
    Binding("D", "cycle_compare", "Compare with next", show=False, id="reader.cycle_compare"),
    Binding("a", "all_versions", "Against all", show=False, id="reader.all_versions"),
    # priority: taken before the keys typed right after it reach the list, so they go to the search field
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


class ReaderScreen(LoadingActions, SearchActions, Screen):
    """Stories on the left, the open version on the right, differences beside or below."""

    BINDINGS = ACTIONS

    def __init__(self, paths: list[str], state: State) -> None:
        super().__init__()
        self.paths = paths
        self.state = state
        self.corpus: Corpus | None = None
        self.listing: StoryListing | None = None
        self.story: Story | None = None
        self.version: Version | None = None
        self.compared: Version | None = None  # None with the panel on: against all versions
        self.diff_mode = "pair"
        self.filter_text = ""
        self.index: SearchIndex | None = None
        self.index_of: Corpus | None = None  # the corpus the search index was built from
        self.indexing = False
        self.stored_index: tuple[Path, str] | None = (
            None  # the database and state the corpus came from
        )
        self.watching = False
        self.last_query = ""
        self.hit_paragraphs: list[int] = []

    # -- layout --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Container(id="body"):
            with Vertical(id="sidebar"):
                yield StoryList(id="stories")
            with Container(id="reading"):
                yield ArticleView(id="article")
                yield DiffPanel(id="diff")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#diff").display = False
        self.query_one(StoryList).focus()
        self.query_one(ArticleView).show_welcome(None)
        self._update_sidebar_title()
        # Paint first, then load: the worker's thread would otherwise compete for the
        # interpreter with the first frame.
        self.call_after_refresh(self.load, True)

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    def _loaded(
        self, corpus: Corpus, listing: StoryListing, stored: tuple[Path, str] | None = None
    ) -> None:
        self.corpus = corpus
        self.stored_index = stored
        self.listing = listing
        stories = self.query_one(StoryList)
        stories.read = set(self.state.corpus.read)
        stories.empty_text = "No stories found."
        self._refresh_list(keep=self.state.corpus.last_story)
        self.query_one(ArticleView).show_welcome(corpus)
        for warning in corpus.warnings[:3]:
            self.app.notify(f"skipped {warning.source}: {warning.reason}", severity="warning")
        if len(corpus.warnings) > 3:
            self.app.notify(f"{len(corpus.warnings)} files skipped in all", severity="warning")
        last = self.state.corpus.last_story
        story = next((s for s in corpus.stories if s.id == last), None) if last else None
        if story is not None:
            self.open_story(story, focus=False)
        self.app.corpus_loaded(corpus)
        # The search index opens once the list is on screen and has settled: its thread
        # would otherwise hold the interpreter while the first rows are drawn.
        if stored or sum(s.version_count for s in corpus.stories) <= AUTO_INDEX_VERSIONS:
            self.set_timer(0.3, self._start_index)
        if self.app.watch_seconds and stored and not self.watching:
            self.watching = True
            self.set_interval(self.app.watch_seconds, self.look_for_changes)

    # -- the list ------------------------------------------------------------

    def _refresh_list(self, keep: str | None = None, stories: list[Story] | None = None) -> None:
        """List `stories` (default: the listing in the current order and filter), cursor kept."""
        if self.listing is None:
            return
        story_list = self.query_one(StoryList)
        current = keep or (story_list.highlighted.id if story_list.highlighted else None)
        if stories is None:
            stories = self.listing.view(self.state.corpus.sort, self.filter_text)
        story_list.set_stories(stories, keep=current)
        self._update_sidebar_title()

    def _update_sidebar_title(self) -> None:
        sidebar = self.query_one("#sidebar")
        shown = len(self.query_one(StoryList).stories)
        total = len(self.corpus.stories) if self.corpus else 0
        count = f"{shown:,}" if shown == total else f"{shown:,} of {total:,}"
        sidebar.border_title = Content(f"Stories {count}" if self.corpus else "Stories")
        sidebar.border_subtitle = Content(SORT_LABELS.get(self.state.corpus.sort, ""))

    @on(StoryList.Selected)
    def _selected(self, event: StoryList.Selected) -> None:
        self.open_story(event.story)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        if self.listing is not None and len(self.listing.stories) > 20_000:
            self._filter_in_background(event.value)  # a keystroke must never wait for 100k titles
        else:
            self._refresh_list()

    @work(thread=True, exclusive=True, group="filter")
    def _filter_in_background(self, query: str) -> None:
        assert self.listing is not None
        stories = self.listing.view(self.state.corpus.sort, query)
        if not get_current_worker().is_cancelled and query == self.filter_text:
            self.app.call_from_thread(self._refresh_list, None, stories)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(StoryList).focus()

    # -- opening -------------------------------------------------------------

    def open_story(self, story: Story, focus: bool = True) -> None:
        if not self.readable(story):
            return
        if not story.versions:  # re-indexed by another copydesk since the list was read
            self.app.notify(
                "This story changed in the index since the list was read: press r to refresh.",
                severity="warning",
                timeout=4,
            )
            return
        place = self.state.corpus.places.get(story.id, Place())
        version = next((v for v in story.versions if v.id == place.version), story.canonical)
        if story is not self.story:
            self.hit_paragraphs = []
            self.query_one(ArticleView).highlights = {}
        self.story = story
        self.compared = None
        self.show_version(version, place.paragraph)
        self.state.corpus.last_story = story.id
        self.state.corpus.read.add(story.id)
        self.query_one(StoryList).mark_read(story.id)
        if self.size.width < NARROW:
            self.add_class("-hide-sidebar")
        if focus:
            self.query_one(ArticleView).focus()

    def show_version(self, version: Version, paragraph: int | None = None) -> None:
        assert self.story is not None
        self.version = version
        if self.compared is version:
            self.compared = None
        article = self.query_one(ArticleView)
        article.show(self.story, version, paragraph)
        self._remember()
        self._refresh_diff()

    def _remember(self) -> None:
        if self.story and self.version:
            paragraph = self.query_one(ArticleView).current_key or 0
            self.state.corpus.places[self.story.id] = Place(self.version.id, paragraph)
            self.app.state_changed()

    @on(BlockView.CurrentChanged, "#article")
    def _reading_moved(self, event: BlockView.CurrentChanged) -> None:
        diff_panel = self.query_one(DiffPanel)
        if diff_panel.display and event.key is not None:
            diff_panel.scroll_to_key(event.key)
        self._remember()

    # -- versions ------------------------------------------------------------

    def action_version(self, step: int) -> None:
        if not self.story or not self.version:
            return
        versions = self.story.versions
        if len(versions) < 2:
            self.app.notify("This story has one version.", timeout=2)
            return
        index = versions.index(self.version) + step
        if not 0 <= index < len(versions):
            index %= len(versions)
            self.app.notify(f"Back to version {index + 1} of {len(versions)}", timeout=1.5)
        self.go_to_version(versions[index])

    def go_to_version(self, target: Version) -> None:
        assert self.version is not None
        paragraph = self.query_one(ArticleView).current_key or 0
        if target is not self.version and paragraph:
            from ...corpus import (
                diff,  # rapidfuzz is loaded after the first paint, not before
            )

            paragraph = diff.corresponding(diff.compare(self.version, target), paragraph)
        self.show_version(target, paragraph)

    def action_versions(self) -> None:
        if not self.story or not self.version:
            return

        def chosen(choice: VersionChoice | None) -> None:
            if choice is None or self.story is None:
                return
            version = self.story.versions[choice.index]
            if choice.action == "open":
                self.go_to_version(version)
            elif version is not self.version:
                self.compared = version
                self.diff_mode = "pair"
                self._show_diff(True)

        self.app.push_screen(
            VersionsScreen(self.story, self.version, self._comparison_target()), chosen
        )

    # -- differences ---------------------------------------------------------

    def _comparison_target(self) -> Version | None:
        if not self.story or not self.version or len(self.story.versions) < 2:
            return None
        if self.compared is not None and self.compared is not self.version:
            return self.compared
        canonical = self.story.canonical
        if canonical is not self.version:
            return canonical
        return next(v for v in self.story.versions if v is not self.version)

    def _show_diff(self, on: bool) -> None:
        panel = self.query_one(DiffPanel)
        if (
            on
            and not panel.display
            and self.size.width < CROWDED
            and not self.has_class("-hide-sidebar")
        ):
            self.add_class("-hide-sidebar", "-sidebar-made-way")
            if self.query_one(StoryList).has_focus:
                self.query_one(ArticleView).focus()
        elif not on and self.has_class("-sidebar-made-way"):
            self.remove_class("-hide-sidebar", "-sidebar-made-way")
        panel.display = on
        self._refresh_diff()

    def _refresh_diff(self) -> None:
        panel = self.query_one(DiffPanel)
        if not panel.display or not self.story or not self.version:
            return
        paragraph = self.query_one(ArticleView).current_key
        if len(self.story.versions) < 2:
            panel.show_single()
        elif self.diff_mode == "all":
            panel.show_all(self.story, self.version, paragraph)
        else:
            target = self._comparison_target()
            assert target is not None
            self.compared = target
            panel.show_pair(self.story, self.version, target, paragraph)

    def action_toggle_diff(self) -> None:
        if self.story:
            self._show_diff(not self.query_one(DiffPanel).display)

    def action_cycle_compare(self) -> None:
        """The next other version to compare with; after the last, all versions at once."""
        if not self.story or not self.version:
            return
        others = [v for v in self.story.versions if v is not self.version]
        if not others:
            self.diff_mode = "all"
        elif self.diff_mode == "all":
            self.diff_mode, self.compared = "pair", others[0]
        else:
            current = self._comparison_target()
            position = others.index(current) if current in others else -1
            if position + 1 < len(others):
                self.compared = others[position + 1]
            else:
                self.diff_mode = "all"
        self._show_diff(True)

    def action_all_versions(self) -> None:
        if self.story:
            self.diff_mode = "pair" if self.diff_mode == "all" else "all"
            self._show_diff(True)

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
        self.app.state_changed()
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
        self.app.state_changed()

    def action_captions(self) -> None:
        article = self.query_one(ArticleView)
        article.show_captions = not article.show_captions
        article.rebuild()

    # -- copying -------------------------------------------------------------

    def action_copy_paragraph(self) -> None:
        article = self.query_one(ArticleView)
        text = article.paragraph_text(article.current_key)
        if text:
            self.app.copy_to_clipboard(text)
            self.app.notify(
                f"Copied paragraph {article.current_key + 1} ({len(text.split())} words)", timeout=2
            )

    def action_copy_story(self) -> None:
        if self.story and self.version:
            self.app.copy_to_clipboard(plain_text(self.story, self.version))
            self.app.notify(f"Copied the story ({self.version.word_count:,} words)", timeout=2)
