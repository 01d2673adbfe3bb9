"""The reader's search: the search index (opened from the index database or built),
the search screen and the quote finder, and stepping through the hits of a search.

A mixin for `ReaderScreen`, which holds the state it uses (corpus, index, story).
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.widgets import Input
from textual.worker import get_current_worker

from ...corpus import Corpus, SearchIndex, Story
from ..widgets.article import ArticleView
from ..widgets.story_list import StoryList
from .quotes import QuotesScreen
from .search import SearchChoice, SearchScreen


class SearchActions:
    """`/`, `Q`, `n` and `N`, and the search index behind them."""

    # -- the search index ------------------------------------------------------

    def _start_index(self) -> None:
        if self.corpus is not None and self.index_of is not self.corpus:
            self.index_of, self.indexing = self.corpus, True
            self.open_index(self.corpus, self.stored_index)

    @work(thread=True, exclusive=True, group="index")
    def open_index(self, corpus: Corpus, stored: tuple[Path, str] | None) -> None:
        """The search index: read from the index database, or built here a story at a time."""
        from ...corpus import IndexDamaged, StoredSearchIndex

        worker = get_current_worker()
        found = StoredSearchIndex.open(*stored) if stored else None
        if found is not None:
            self.app.call_from_thread(self._index_ready, corpus, found, False)
            return
        index = SearchIndex()  # searches meanwhile see the stories already in
        self.app.call_from_thread(self._index_ready, corpus, index, True)
        for n, story in enumerate(corpus.stories):
            if worker.is_cancelled:
                return
            with index.lock:
                try:
                    index.add_story(n, story)
                except IndexDamaged:  # said when the story is opened; its title is still found
                    index.add_story(n, Story(story.id, story.title, []))
        self.app.call_from_thread(self._index_ready, corpus, index, False)

    def _index_ready(self, corpus: Corpus, index: SearchIndex, building: bool) -> None:
        if corpus is not self.corpus:
            return
        if self.index is not None and self.index is not index:
            self.index.close()
        self.index, self.indexing = index, building
        for screen in self.app.screen_stack:
            if isinstance(screen, SearchScreen):
                screen.set_index(index, building)
        if not building:
            self.app.search_ready()

    # -- search and quotes ---------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search" and isinstance(self.focused, Input):
            return False  # "/" typed into the title filter is a character
        return True

    def action_search(self) -> None:
        if self.corpus is None:
            self.app.notify(
                "Still reading the corpus: search opens once the stories are listed.", timeout=3
            )
            return
        self._start_index()
        index = self.index if self.index_of is self.corpus else None
        screen = SearchScreen(index, self.corpus.stories, self.last_query, building=self.indexing)
        self.app.push_screen(screen, self._open_choice)

    def action_quotes(self) -> None:
        story = self.story or self.query_one(StoryList).highlighted
        if story is None or self.corpus is None or not self.readable(story):
            return
        from ...corpus import story_quotes

        self.app.push_screen(
            QuotesScreen(story, self.corpus.stories.index(story), story_quotes(story)),
            self._open_choice,
        )

    def _open_choice(self, choice: SearchChoice | None) -> None:
        """Open a search hit or quote: its story, version and paragraph, the matches lit."""
        if choice is None or self.corpus is None:
            return
        story = self.corpus.stories[choice.story]
        self.last_query = choice.query
        self.open_story(story)
        version = story.versions[choice.version] if choice.version >= 0 else story.canonical
        highlights = self._highlights(choice.story, story.versions.index(version), choice.query)
        article = self.query_one(ArticleView)
        article.highlights = highlights
        self.hit_paragraphs = sorted(highlights)
        self.show_version(version, choice.paragraph)
        count = len(self.hit_paragraphs)
        if count > 1:
            self.app.notify(f"{count} paragraphs match here: n and N step through them", timeout=3)

    def _highlights(self, story: int, version: int, query: str) -> dict[int, list[tuple[int, int]]]:
        from ...corpus import SearchIndexError

        if self.index is None or self.index_of is not self.corpus:
            return {}
        try:
            hits = self.index.search(query, limit=0, stories=[story])
        except SearchIndexError:  # the search screen said why
            return {}
        out: dict[int, list[tuple[int, int]]] = {}
        for hit in hits:
            unit = hit.unit
            if unit.version == version and unit.kind in ("paragraph", "subhead") and hit.spans:
                out[unit.paragraph] = hit.spans
        return out

    def action_next_hit(self, step: int) -> None:
        if not self.hit_paragraphs:
            self.app.bell()
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
