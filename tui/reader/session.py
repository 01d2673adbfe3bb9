"""A reading session: the corpus being read and what is worked out about it off the screen.

The session holds the corpus and its listing, the index it came from, the search
index (opened from the index database or built a story at a time), the watch timer
and the refresh logic. Its work runs in thread workers of the screen it serves (its
host), and the results come back as Textual messages posted to that screen
(`ReadingSession.Loaded`, `.IndexReady`, ...), handled there on the UI thread; the
screen keeps the layout and the actions. Nothing here queries a widget.

A load stops, saving nothing, once its worker is cancelled (the reader is quitting);
a damaged index is set aside and rebuilt when a story or a search finds it so.

The differences of a large story (more than `LARGE_STORY_WORDS` words over all its
versions), the paragraph that corresponds across versions and its quotations are
worked out in thread workers too, one of each kind at a time (`exclusive`), and posted
back; a smaller story's are worked out at once on the UI thread, which is quick and
keeps what is painted the same from the first frame (the snapshots rely on it).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.notifications import SeverityLevel
from textual.worker import Worker, get_current_worker

from ..corpus import Corpus, Story, Version
from .listing import StoryListing
from .state import State

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from ..corpus import IndexReport, SearchEngine, StoryQuote

AUTO_INDEX_VERSIONS = 50_000  # without a stored index, above this it is built on the first `/` only
QUICK_LISTING = 40_000  # stories up to which a saved index is listed before the first frame
LARGE_LISTING = 20_000  # above this many stories, the title filter runs in a thread
LARGE_STORY_WORDS = 20_000  # above this many words in all versions: differences, quotes in a thread
PROGRESS_EVERY = 0.05  # seconds between two progress reports posted to the screen


def story_words(story: Story) -> int:
    return sum(v.word_count for v in story.versions)


def is_large(story: Story) -> bool:
    """Whether the story's differences and quotes are worked out off the UI thread."""
    return story_words(story) > LARGE_STORY_WORDS


class ReadingSession:
    """The corpus being read, its search index and the workers that bring them."""

    # -- what the workers post to the screen -----------------------------------

    class Progress(Message, bubble=False):
        """A loading stage moved on: `n` of `total` done."""

        def __init__(self, stage: str, n: int, total: int) -> None:
            super().__init__()
            self.stage, self.n, self.total = stage, n, total

    class Loaded(Message):
        """The corpus is read and listed (bubbles to the app, for the bench probe);
        `checked` False: it came from the index without looking at the files."""

        def __init__(
            self,
            corpus: Corpus,
            listing: StoryListing,
            stored: tuple[Path, str] | None,
            checked: bool = True,
        ) -> None:
            super().__init__()
            self.corpus, self.listing, self.stored = corpus, listing, stored
            self.checked = checked

    class Note(Message, bubble=False):
        """Something to tell the reader."""

        def __init__(
            self, text: str, severity: SeverityLevel = "information", timeout: float = 3
        ) -> None:
            super().__init__()
            self.text, self.severity, self.timeout = text, severity, timeout

    class ChangesSeen(Message, bubble=False):
        """`count` files were added, changed or deleted since the index was saved."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    class IndexReady(Message):
        """The search index is open (`building`: still being built); bubbles to the app."""

        def __init__(self, corpus: Corpus, index: SearchEngine, building: bool) -> None:
            super().__init__()
            self.corpus, self.index, self.building = corpus, index, building

    class Filtered(Message, bubble=False):
        """The stories whose titles match `query`, in the current order."""

        def __init__(self, query: str, stories: list[Story]) -> None:
            super().__init__()
            self.query, self.stories = query, stories

    class Compared(Message, bubble=False):
        """A large story's differences: `this` against `other` (None: against all)."""

        def __init__(self, story: Story, this: Version, other: Version | None, result: Any) -> None:
            super().__init__()
            self.story, self.this, self.other, self.result = story, this, other, result

    class Aligned(Message, bubble=False):
        """In a large story, `paragraph` of `target` is where reading `this` had got to."""

        def __init__(self, story: Story, this: Version, target: Version, paragraph: int) -> None:
            super().__init__()
            self.story, self.this, self.target, self.paragraph = story, this, target, paragraph

    class QuotesGathered(Message, bubble=False):
        """A large story's quotations."""

        def __init__(self, story: Story, quotes: list[StoryQuote]) -> None:
            super().__init__()
            self.story, self.quotes = story, quotes

    # -- the session -----------------------------------------------------------

    def __init__(
        self,
        host: Screen[Any],
        paths: list[str],
        state: State,
        *,
        index_path: Path | None = None,
        follow_links: bool = False,
        watch_seconds: float | None = None,
    ) -> None:
        self.host = host
        self.paths = paths
        self.state = state
        self.index_path = index_path  # None: the default place under the user cache dir
        self.follow_links = follow_links
        self.watch_seconds = watch_seconds  # None: never look for changes on its own
        self.corpus: Corpus | None = None
        self.listing: StoryListing | None = None
        self.stored: tuple[Path, str] | None = None  # the database and state the corpus came from
        self.index: SearchEngine | None = None
        self.index_of: Corpus | None = None  # the corpus the search index was built from
        self.indexing = False
        self.watch_timer: Timer | None = None
        self._unchecked = False  # the corpus listed came from the index without a look
        # a long story's differences worked out so far: (this, other) -> result
        self._known_story: Story | None = None
        self._known: dict[tuple[int, int], tuple[Version, Version | None, Any]] = {}

    def _post(self, message: Message) -> None:
        self.host.post_message(message)  # thread-safe: queued on the screen's loop

    def _run(self, work: Callable[[], None], group: str) -> Worker[None]:
        return self.host.run_worker(work, name=group, group=group, thread=True, exclusive=True)

    # -- loading ---------------------------------------------------------------

    def load(self, trust: bool = False, damaged: str | None = None) -> Worker[None]:
        """Open the corpus through its index in a thread; with `trust`, list what the index
        holds at once and look at the files afterwards (refreshing if any changed); with
        `damaged` (why), set the index aside first and rebuild it."""
        return self._run(lambda: self._load_worker(trust, damaged), "load")

    def _load_worker(self, trust: bool, damaged: str | None) -> None:
        from ..corpus import Cancelled

        try:
            self._load(get_current_worker(), trust, damaged)
        except Cancelled:
            return
        except Exception as error:  # open_corpus copes with the index; nothing else may end it
            self._post(
                self.Note(
                    f"could not open the corpus ({type(error).__name__}: "
                    f"{error}); press r to try again",
                    severity="error",
                    timeout=10,
                )
            )

    def _load(self, worker: Worker[None], trust: bool, damaged: str | None) -> None:
        from ..corpus import open_corpus

        last: list[tuple[str, float]] = [("", 0.0)]  # the stage and time of the last report

        def progress(stage: str, n: int, total: int) -> None:
            now = time.monotonic()
            if worker.is_cancelled:
                return
            if stage != last[0][0] or n >= total or now - last[0][1] >= PROGRESS_EVERY:
                last[0] = (stage, now)
                self._post(self.Progress(stage, n, total))

        corpus, report = open_corpus(
            self.paths,
            self.index_path,
            progress=progress,
            lazy=True,
            trust=trust,
            cancel=lambda: worker.is_cancelled,
            follow_links=self.follow_links,
            damaged=damaged,
        )
        for note in report.notes:
            self._post(self.Note(note, severity="warning", timeout=8))
        if not worker.is_cancelled:
            self._post(self.Progress("listing", 0, 0))  # seconds at 100,000 stories, uncounted
        loaded = self._listed(corpus, report)  # folded titles and the first order, off the UI
        if not worker.is_cancelled:
            self._post(loaded)

    def _listed(self, corpus: Corpus, report: IndexReport) -> Loaded:
        """What a load brought, with its stories listed in the reader's order."""
        listing = StoryListing(corpus.stories)
        listing.order(self.state.corpus.sort)
        stored = (report.path, report.generation) if report.generation else None
        return self.Loaded(corpus, listing, stored, report.checked)

    def load_stored(self) -> Loaded | None:
        """The corpus as its index was last saved, listed here and now (on the UI thread,
        before the first frame: a thread would share the interpreter with that frame and
        come later), if it is quick (`QUICK_LISTING`); None: `load` must bring it. The
        files are looked at afterwards, as with `load(trust=True)`."""
        from ..corpus import open_stored

        # The list makes tens of thousands of objects and no cycles: the cycle collector
        # would walk every object of the app once or twice meanwhile (20-30 ms at 18,822
        # stories). Once it is made, it and what the app made at start are kept out of
        # later collections (frozen), which would otherwise walk them at every full one.
        collecting = gc.isenabled()
        gc.disable()
        try:
            found = open_stored(self.paths, self.index_path, most=QUICK_LISTING)
            if found is None:
                return None
            loaded = self._listed(*found)  # report.checked is False: the files are looked at later
        finally:
            if collecting:
                gc.enable()
        gc.freeze()
        return loaded

    def adopt(self, loaded: Loaded) -> None:
        """Take what a load brought (on the UI thread, as the screen lists it)."""
        self.corpus, self.listing, self.stored = loaded.corpus, loaded.listing, loaded.stored
        self._known_story, self._known = None, {}
        self._unchecked = not loaded.checked

    def settle(self) -> None:
        """Once the list is on screen: look at the files if the list came from the index
        without it, open the search index soon, and start watching."""
        corpus = self.corpus
        if corpus is None:
            return
        if self._unchecked:  # after the list is drawn: its thread would hold up the frame
            self._unchecked = False
            self.host.call_after_refresh(self._run, self._check_worker, "check")
        # The search index opens once the list has settled: its thread would otherwise
        # hold the interpreter while the first rows are drawn.
        if self.stored or sum(s.version_count for s in corpus.stories) <= AUTO_INDEX_VERSIONS:
            self.host.set_timer(0.3, self.start_index)
        if self.watch_seconds and self.stored and self.watch_timer is None:
            self.watch_timer = self.host.set_interval(self.watch_seconds, self.look_for_changes)

    def loading(self) -> bool:
        return any(w.group == "load" and w.is_running for w in self.host.workers)

    def look_for_changes(self) -> None:
        """With --watch: refresh when files were added, changed or deleted (not while loading)."""
        self._run(self._look_worker, "watch")

    def _check_worker(self) -> None:
        """After a list taken from the index as it was: refresh if the files changed since."""
        from ..corpus import pending_changes

        count = pending_changes(self.paths, self.index_path, self.follow_links)
        if count and not get_current_worker().is_cancelled:
            self._post(self.ChangesSeen(count))

    def _look_worker(self) -> None:
        from ..corpus import pending_changes

        if self.loading():
            return
        count = pending_changes(self.paths, self.index_path, self.follow_links)
        if count:
            self._post(self.ChangesSeen(count))

    def readable(self, story: Story) -> bool:
        """Whether the story's versions can be read (from a damaged index they cannot: say
        so, and have the index set aside and rebuilt)."""
        from ..corpus import IndexDamaged

        try:
            story.versions  # noqa: B018  (reading them is the test)
        except IndexDamaged as error:
            self.recover(error.cause)
            return False
        return True

    def recover(self, cause: str) -> None:
        """The index was found damaged: set it aside and rebuild it (after the load under way)."""
        if self.loading():
            self.host.set_timer(0.5, lambda: self.recover(cause))
            return
        self.host.app.notify(
            f"the index is damaged ({cause}): setting it aside and rebuilding it from the files",
            severity="error",
            timeout=8,
        )
        self.load(damaged=cause)

    # -- the search index --------------------------------------------------------

    def start_index(self) -> None:
        """Open or build the search index of the corpus, unless it is already under way."""
        if self.corpus is not None and self.index_of is not self.corpus:
            self.index_of, self.indexing = self.corpus, True
            corpus, stored = self.corpus, self.stored
            self._run(lambda: self._index_worker(corpus, stored), "index")

    def _index_worker(self, corpus: Corpus, stored: tuple[Path, str] | None) -> None:
        """The search index: read from the index database, or built here a story at a time."""
        from ..corpus import IndexDamaged, SearchIndex, StoredSearchIndex

        worker = get_current_worker()
        found = StoredSearchIndex.open(*stored) if stored else None
        if found is not None:
            self._post(self.IndexReady(corpus, found, False))
            return
        index = SearchIndex()  # searches meanwhile see the stories already in
        self._post(self.IndexReady(corpus, index, True))
        for n, story in enumerate(corpus.stories):
            if worker.is_cancelled:
                return
            with index.lock:
                try:
                    index.add_story(n, story)
                except IndexDamaged:  # said when the story is opened; its title is still found
                    index.add_story(n, Story(story.id, story.title, []))
        self._post(self.IndexReady(corpus, index, False))

    def index_ready(self, ready: IndexReady) -> bool:
        """Take the search index posted, if it is still this corpus's (say whether)."""
        if ready.corpus is not self.corpus:
            return False
        if self.index is not None and self.index is not ready.index:
            self.index.close()
        self.index, self.indexing = ready.index, ready.building
        return True

    def current_index(self) -> SearchEngine | None:
        """The search index of the corpus now listed (None: not open yet)."""
        return self.index if self.index_of is self.corpus else None

    def highlights(self, story: int, version: int, query: str) -> dict[int, list[tuple[int, int]]]:
        """Where `query` matches in each paragraph of one version (paragraph: spans)."""
        from ..corpus import SearchIndexError

        index = self.current_index()
        if index is None:
            return {}
        try:
            hits = index.search(query, limit=0, stories=[story])
        except SearchIndexError:  # the search screen said why
            return {}
        out: dict[int, list[tuple[int, int]]] = {}
        for hit in hits:
            unit = hit.unit
            if unit.version == version and unit.kind in ("paragraph", "subhead") and hit.spans:
                out[unit.paragraph] = hit.spans
        return out

    # -- the list ------------------------------------------------------------------

    def filtered(self, query: str) -> list[Story] | None:
        """The stories whose titles match, in the current order; for a long list None, and
        `Filtered` posted when they are found (a keystroke must never wait for 100k titles)."""
        if self.listing is None:
            return None
        if len(self.listing.stories) <= LARGE_LISTING:
            return self.listing.view(self.state.corpus.sort, query)
        listing, sort = self.listing, self.state.corpus.sort

        def work() -> None:
            stories = listing.view(sort, query)
            if not get_current_worker().is_cancelled:
                self._post(self.Filtered(query, stories))

        self._run(work, "filter")
        return None

    # -- differences and quotes ------------------------------------------------------

    def differences(self, story: Story, this: Version, other: Version | None) -> Any:
        """`this` against `other` (a `diff.Comparison`), or against all versions (`other`
        None: a list of `diff.Coverage`). For a large story None unless known already, and
        `Compared` posted once worked out in a thread."""
        from ..corpus import diff

        if not is_large(story):
            return diff.compare(this, other) if other is not None else diff.coverage(story, this)
        known = self._known_result(story, this, other)
        if known is not None:
            return known

        def work() -> None:
            result = diff.compare(this, other) if other is not None else diff.coverage(story, this)
            if not get_current_worker().is_cancelled:
                self._post(self.Compared(story, this, other, result))

        self._run(work, "diff")
        return None

    def compared(self, message: Compared) -> None:
        """Keep a large story's differences posted, so showing them again costs nothing."""
        if message.story is not self._known_story:
            self._known_story, self._known = message.story, {}
        key = (id(message.this), id(message.other))  # the versions are kept in the value
        self._known[key] = (message.this, message.other, message.result)

    def _known_result(self, story: Story, this: Version, other: Version | None) -> Any:
        if story is not self._known_story:
            return None
        known = self._known.get((id(this), id(other)))
        return known[2] if known and known[0] is this and known[1] is other else None

    def corresponding(
        self, story: Story, this: Version, target: Version, paragraph: int
    ) -> int | None:
        """The paragraph of `target` that corresponds to `paragraph` of `this`; for a large
        story None, and `Aligned` posted once the versions are aligned in a thread."""
        from ..corpus import diff

        known = self._known_result(story, this, target)
        if known is not None:
            return diff.corresponding(known, paragraph)
        if not is_large(story):
            return diff.corresponding(diff.compare(this, target), paragraph)

        def work() -> None:
            found = diff.corresponding(diff.compare(this, target), paragraph)
            if not get_current_worker().is_cancelled:
                self._post(self.Aligned(story, this, target, found))

        self._run(work, "align")
        return None

    def quotes(self, story: Story) -> list[StoryQuote] | None:
        """The story's quotations; for a large story None, and `QuotesGathered` posted."""
        from ..corpus import story_quotes

        if not is_large(story):
            return story_quotes(story)

        def work() -> None:
            found = story_quotes(story)
            if not get_current_worker().is_cancelled:
                self._post(self.QuotesGathered(story, found))

        self._run(work, "quotes")
        return None
