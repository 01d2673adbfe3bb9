"""A corpus from the index whose list of stories is read only when first used: until
then, `story(id)` reads the one story asked for (`copydesk show` needs no other of the
18,822 stories of Reuters). Made by `IndexStore.load_lazy` with `listed` False."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Corpus, Skipped, Story

STORIES = "SELECT id, title, date, versions FROM stories"
ORDER = "ORDER BY position"


def storable(text: str) -> bool:
    """Whether `text` can be stored (a lone surrogate from an undecodable argument cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class UnlistedCorpus(Corpus):
    """A corpus from the index whose list of stories is read when first used; until then
    `story` reads the one story asked for (`IndexStore.load_lazy` with `listed` False)."""

    def __init__(
        self,
        roots: list[str],
        warnings: list[Skipped],
        files: int,
        listing: Callable[[], list[Story]],
        find: Callable[[str], Story | None],
    ) -> None:
        self._listing, self._find = listing, find
        super().__init__(roots=roots, stories=[], warnings=warnings, files=files)
        self._stories: list[Story] | None = None  # the dataclass's __init__ set []

    @property
    def stories(self) -> list[Story]:
        if self._stories is None:
            self._stories = self._listing()
        return self._stories

    @stories.setter
    def stories(self, value: list[Story]) -> None:
        self._stories = value

    def story(self, story_id: str) -> Story | None:
        return self._find(story_id) if self._stories is None else super().story(story_id)
