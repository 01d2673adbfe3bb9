"""The reader's loading: the corpus opened through its index in a thread worker, with
progress in the sidebar; refreshing (`r`, `--watch`); a damaged index set aside and
rebuilt when a story or a search finds it so. A load stops, saving nothing, once its
worker is cancelled (the reader is quitting).

A mixin for `ReaderScreen`, which holds the state it uses (paths, corpus, state) and
lists what was loaded (`_loaded`).
"""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from ...corpus import Story
from ..listing import StoryListing
from ..widgets.story_list import StoryList

STAGES = {
    "reading": "Reading files",
    "cleaning": "Cleaning text",
    "clustering": "Grouping versions",
    "saving": "Saving the index",
    "search": "Indexing words",
}


class LoadingActions:
    """Loading and refreshing the corpus, and recovering from a damaged index."""

    @work(thread=True, exclusive=True, group="load")
    def load(self, trust: bool = False, damaged: str | None = None) -> None:
        """Open the corpus through its index; with `trust`, list what the index holds at
        once and look at the files afterwards (refreshing if any changed); with `damaged`
        (why), set the index aside first and rebuild it. Stops, saving nothing, once the
        worker is cancelled (the reader is quitting)."""
        from ...corpus import Cancelled

        worker = get_current_worker()
        try:
            self._load(worker, trust, damaged)
        except Cancelled:
            return
        except (
            Exception
        ) as error:  # open_corpus copes with the index; anything else must not cost the session
            self.app.call_from_thread(
                self.app.notify,
                f"could not open the corpus ({type(error).__name__}: "
                f"{error}); press r to try again",
                severity="error",
                timeout=10,
            )

    def _load(self, worker, trust: bool, damaged: str | None) -> None:
        from ...corpus import open_corpus, pending_changes

        def progress(stage: str, n: int, total: int) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._progress, stage, n, total)

        def cancelled() -> bool:
            return worker.is_cancelled

        corpus, report = open_corpus(
            self.paths,
            self.app.index_path,
            progress=progress,
            lazy=True,
            trust=trust,
            cancel=cancelled,
            follow_links=self.app.follow_links,
            damaged=damaged,
        )
        for note in report.notes:
            self.app.call_from_thread(self.app.notify, note, severity="warning", timeout=8)
        stored = (report.path, report.generation) if report.generation else None
        listing = StoryListing(
            corpus.stories
        )  # folded titles and the first order, off the UI thread
        listing.order(self.state.corpus.sort)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._loaded, corpus, listing, stored)
        if not report.checked and not worker.is_cancelled:
            count = pending_changes(self.paths, self.app.index_path, self.app.follow_links)
            if count and not worker.is_cancelled:
                self.app.call_from_thread(self._changes_seen, count)

    def _progress(self, stage: str, n: int, total: int) -> None:
        label = STAGES.get(stage)
        if label:
            share = n / total if total else 0.0
            filled = round(share * 24)
            stories = self.query_one(StoryList)
            stories.empty_text = (
                f"{label}… {n:,} of {total:,}\n{'━' * filled}{'─' * (24 - filled)} {share:4.0%}"
            )
            stories.refresh()

    @work(thread=True, exclusive=True, group="watch")
    def look_for_changes(self) -> None:
        """With --watch: refresh when files were added, changed or deleted (not while loading)."""
        from ...corpus import pending_changes

        if self._loading():
            return
        count = pending_changes(self.paths, self.app.index_path, self.app.follow_links)
        if count:
            self.app.call_from_thread(self._changes_seen, count)

    def _changes_seen(self, count: int) -> None:
        self.app.notify(
            f"{count:,} file{'s' if count > 1 else ''} added, changed or deleted since the index was "
            "saved: refreshing",
            timeout=3,
        )
        self.load()

    def readable(self, story: Story) -> bool:
        """Whether the story's versions can be read (from a damaged index they cannot: say
        so, and have the index set aside and rebuilt)."""
        from ...corpus import IndexDamaged

        try:
            story.versions
        except IndexDamaged as error:
            self.recover(error.cause)
            return False
        return True

    def recover(self, cause: str) -> None:
        """The index was found damaged: set it aside and rebuild it (after the load under way)."""
        if self._loading():
            self.set_timer(0.5, lambda: self.recover(cause))
            return
        self.app.notify(
            f"the index is damaged ({cause}): setting it aside and rebuilding it from the files",
            severity="error",
            timeout=8,
        )
        self.load(damaged=cause)

    def action_refresh(self) -> None:
        """Read what changed in the corpus folders since it was opened (through the index)."""
        if self._loading():
            return
        self.app.notify("Refreshing: reading new and changed files…", timeout=2)
        self.load()

    def _loading(self) -> bool:
        return any(w.group == "load" and w.is_running for w in self.workers)
