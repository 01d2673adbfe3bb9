"""The reading screen: the story sidebar, the text pane and the differences panel.

The screen keeps the layout and the actions; what is loaded and worked out off the UI
thread (the corpus, the search index, refreshing, long stories' differences and
quotes) belongs to its `ReadingSession`, whose workers post their results here as
messages. Keys work from the first frame. Every action has a binding with an id (so it
can be remapped) and a command in the palette. The search, quotes and versions screens
are imported when first opened: the list shows sooner without them.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker

from ...corpus import Corpus, Story, Version
from ..listing import SORT_LABELS
from ..session import ReadingSession
from ..state import Place, State
from ..widgets.article import ArticleView
from ..widgets.blocks import BlockView
from ..widgets.diff_panel import DiffPanel
from ..widgets.opening import OpeningView
from ..widgets.story_list import StoryList
from .actions import ACTIONS, SidebarActions
from .keys import PANE_KEYS, KeyRules, needs_story

if TYPE_CHECKING:
    from ...corpus import SearchEngine
    from .search import SearchChoice
    from .versions import VersionChoice

__all__ = ["ACTIONS", "ReaderScreen"]

NARROW = 90  # below this many columns the sidebar hides while reading, the panel goes below
CROWDED = 150  # below this, the sidebar makes way while the differences panel is open
SKIPPED_NOTICE_DELAY = 0.2  # seconds after the list is shown that the skipped files are told


class ReaderScreen(KeyRules, SidebarActions, Screen[None]):
    """Stories on the left, the open version on the right, differences beside or below."""

    BINDINGS: ClassVar[list[BindingType]] = [*ACTIONS, *PANE_KEYS]

    def __init__(
        self,
        paths: list[str],
        state: State,
        *,
        index_path: Path | None = None,
        follow_links: bool = False,
        watch_seconds: float | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.state = state
        self.session = ReadingSession(
            self,
            paths,
            state,
            index_path=index_path,
            follow_links=follow_links,
            watch_seconds=watch_seconds,
        )
        self.story: Story | None = None
        self.version: Version | None = None
        self.compared: Version | None = None  # None with the panel on: against all versions
        self.diff_mode = "pair"
        self.filter_text = ""
        self.last_query = ""
        self.hit_paragraphs: list[int] = []

    @property
    def corpus(self) -> Corpus | None:
        """What the session knows, as the app and the tests read it from the screen."""
        return self.session.corpus

    @property
    def index(self) -> SearchEngine | None:
        return self.session.index

    @property
    def indexing(self) -> bool:
        return self.session.indexing

    def _start_index(self) -> None:
        self.session.start_index()

    def recover(self, cause: str) -> None:
        """The index was found damaged: have it set aside and rebuilt."""
        self.session.recover(cause)

    # -- layout --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Container(id="body"):
            with Vertical(id="sidebar"):
                yield StoryList(id="stories")
            with Container(id="reading"):
                yield OpeningView(self.paths, id="opening")
                yield ArticleView(id="article")
                yield DiffPanel(id="diff")
        yield self.key_bar()

    def on_mount(self) -> None:
        self.query_one("#diff").display = False
        self.query_one("#article").display = False  # the opening pane stands in for it
        self.query_one(StoryList).focus()
        self._update_sidebar_title()
        # A saved index of up to QUICK_LISTING stories is listed at once, in the first frame;
        # else the load runs beside it: the list shows sooner (the frame a little later)
        # than if the load waited for the frame.
        loaded = self.session.load_stored()
        if loaded is None:
            self.session.load(True)
        else:
            self.post_message(loaded)  # handled next, before the frame (and seen by the app)

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")
        self.fit_footer()

    # -- what the session posts ---------------------------------------------------

    def on_reading_session_progress(self, message: ReadingSession.Progress) -> None:
        self._progress(message.stage, message.n, message.total)

    def _progress(self, stage: str, n: int, total: int) -> None:
        self.query_one(StoryList).show_progress(stage, n, total)
        if self.corpus is None:  # a refresh does not take the main pane
            self.query_one(OpeningView).report(stage, n, total)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A first load that ended without a corpus: the opening pane says it stopped."""
        if event.worker.group == "load" and event.worker.is_finished and self.corpus is None:
            self.query_one(OpeningView).finish("Stopped: the corpus was not opened; r tries again.")

    def on_reading_session_note(self, message: ReadingSession.Note) -> None:
        self.copydesk.notify(message.text, severity=message.severity, timeout=message.timeout)

    def on_reading_session_loaded(self, message: ReadingSession.Loaded) -> None:
        self.session.adopt(message)
        corpus = message.corpus
        stories = self.query_one(StoryList)
        stories.read = set(self.state.corpus.read)
        stories.empty_text = "No stories found."
        self._refresh_list(keep=self.state.corpus.last_story)
        self.query_one(OpeningView).make_way(self.query_one(ArticleView))
        self.query_one(ArticleView).show_welcome(corpus)
        if corpus.warnings:  # once the list is up: each toast mounts widgets of its own,
            # a layout and a frame that would hold up the keys pressed as the list comes
            self.set_timer(SKIPPED_NOTICE_DELAY, partial(self._tell_skipped, corpus))
        last = self.state.corpus.last_story
        story = next((s for s in corpus.stories if s.id == last), None) if last else None
        if story is not None:
            self.open_story(story, focus=False)
        self.session.settle()

    def _tell_skipped(self, corpus: Corpus) -> None:
        if corpus is not self.corpus:  # another load came first: it tells its own
            return
        for warning in corpus.warnings[:3]:
            self.app.notify(f"skipped {warning.source}: {warning.reason}", severity="warning")
        if len(corpus.warnings) > 3:
            self.app.notify(f"{len(corpus.warnings)} files skipped in all", severity="warning")

    def on_reading_session_changes_seen(self, message: ReadingSession.ChangesSeen) -> None:
        count = message.count
        self.app.notify(
            f"{count:,} file{'s' if count > 1 else ''} added, changed or deleted since the index "
            "was saved: refreshing",
            timeout=3,
        )
        self.session.load()

    def on_reading_session_index_ready(self, message: ReadingSession.IndexReady) -> None:
        if not self.session.index_ready(message):
            return
        from .search import SearchScreen  # imported when first opened

        for screen in self.app.screen_stack:
            if isinstance(screen, SearchScreen):
                screen.set_index(message.index, message.building)

    def on_reading_session_filtered(self, message: ReadingSession.Filtered) -> None:
        if message.query == self.filter_text:
            self._refresh_list(None, message.stories)

    def on_reading_session_compared(self, message: ReadingSession.Compared) -> None:
        self.session.compared(message)
        if message.story is not self.story or message.this is not self.version:
            return
        wanted = None if self.diff_mode == "all" else self._comparison_target()
        if message.other is wanted:  # still what is asked for: show it
            self._refresh_diff()

    def on_reading_session_aligned(self, message: ReadingSession.Aligned) -> None:
        if message.story is self.story and message.this is self.version:
            self.show_version(message.target, message.paragraph)

    def on_reading_session_quotes_gathered(self, message: ReadingSession.QuotesGathered) -> None:
        if self.app.screen is self:
            self._show_quotes(message.story, message.quotes)

    def action_refresh(self) -> None:
        """Read what changed in the corpus folders since it was opened (through the index)."""
        if self.session.loading():
            return
        self.app.notify("Refreshing: reading new and changed files…", timeout=2)
        self.session.load()

    # -- the list ------------------------------------------------------------

    def _refresh_list(self, keep: str | None = None, stories: list[Story] | None = None) -> None:
        """List `stories` (default: the listing in the current order and filter), cursor kept."""
        listing = self.session.listing
        if listing is None:
            return
        story_list = self.query_one(StoryList)
        current = keep or (story_list.highlighted.id if story_list.highlighted else None)
        if stories is None:
            stories = listing.view(self.state.corpus.sort, self.filter_text)
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
        stories = self.session.filtered(event.value)  # None: a long list, filtered in a thread
        if stories is not None:
            self._refresh_list(None, stories)

    # -- opening -------------------------------------------------------------

    def open_story(self, story: Story, focus: bool = True) -> None:
        if not self.session.readable(story):
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
            self.copydesk.state_changed()

    @on(BlockView.CurrentChanged, "#article")
    def _reading_moved(self, event: BlockView.CurrentChanged) -> None:
        diff_panel = self.query_one(DiffPanel)
        if diff_panel.display and event.key is not None:
            diff_panel.scroll_to_key(event.key)
        self._remember()

    # -- versions ------------------------------------------------------------

    @needs_story("[ and ] move between its versions")
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
        """Open `target` at the paragraph that corresponds to the one being read (for a
        long story, once the session has aligned the two in a thread)."""
        assert self.story is not None and self.version is not None
        paragraph: int | None = self.query_one(ArticleView).current_key or 0
        if target is not self.version and paragraph:
            paragraph = self.session.corresponding(self.story, self.version, target, paragraph)
            if paragraph is None:
                return  # `Aligned` opens it
        self.show_version(target, paragraph)

    @needs_story("v lists its versions")
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

        from .versions import VersionsScreen  # imported when first opened

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
            return
        target: Version | None = None
        if self.diff_mode != "all":
            target = self._comparison_target()
            assert target is not None
            self.compared = target
        result: Any = self.session.differences(self.story, self.version, target)
        if result is None:  # a long story: `Compared` shows them
            panel.show_working(self.story, target)
        elif target is None:
            panel.show_all(self.story, self.version, paragraph, result)
        else:
            panel.show_pair(self.story, self.version, target, paragraph, result)

    @needs_story("d shows its differences")
    def action_toggle_diff(self) -> None:
        if self.story:
            self._show_diff(not self.query_one(DiffPanel).display)

    @needs_story("D compares it with its next version")
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

    @needs_story("a compares it with all its versions")
    def action_all_versions(self) -> None:
        if self.story:
            self.diff_mode = "pair" if self.diff_mode == "all" else "all"
            self._show_diff(True)

    # -- search and quotes ---------------------------------------------------

    def action_search(self) -> None:
        if self.corpus is None:
            self.app.notify(
                "Still reading the corpus: search opens once the stories are listed.", timeout=3
            )
            return
        from .search import SearchScreen  # imported when first opened

        self.session.start_index()
        index = self.session.current_index()
        screen = SearchScreen(index, self.corpus.stories, self.last_query, building=self.indexing)
        self.app.push_screen(screen, self._open_choice)

    def action_quotes(self) -> None:
        story = self.quotes_story()
        if story is None or self.corpus is None or not self.session.readable(story):
            return
        quotes = self.session.quotes(story)  # None: a long story, `QuotesGathered` shows them
        if quotes is not None:
            self._show_quotes(story, quotes)

    def _show_quotes(self, story: Story, quotes: list[Any]) -> None:
        if self.corpus is None:
            return
        try:
            index = self.corpus.stories.index(story)
        except ValueError:  # the corpus was refreshed while a long story's quotes were gathered
            return
        from .quotes import QuotesScreen  # imported when first opened

        self.app.push_screen(QuotesScreen(story, index, quotes), self._open_choice)

    def _open_choice(self, choice: SearchChoice | None) -> None:
        """Open a search hit or quote: its story, version and paragraph, the matches lit."""
        if choice is None or self.corpus is None:
            return
        story = self.corpus.stories[choice.story]
        self.last_query = choice.query
        self.open_story(story)
        version = story.versions[choice.version] if choice.version >= 0 else story.canonical
        where = story.versions.index(version)
        highlights = self.session.highlights(choice.story, where, choice.query)
        article = self.query_one(ArticleView)
        article.highlights = highlights
        self.hit_paragraphs = sorted(highlights)
        self.show_version(version, choice.paragraph)
        count = len(self.hit_paragraphs)
        if count > 1:
            self.app.notify(f"{count} paragraphs match here: n and N step through them", timeout=3)
