"""The story list as the sidebar shows it: sorted one of three ways, filtered by a query.

Filtering is case-, accent- and quote-insensitive: every space-separated term must
occur in the title; when no title holds them all, the closest titles by rapidfuzz's
partial ratio are offered instead, so a typo still finds something.
"""

from __future__ import annotations

from ..corpus import Story, fold

SORTS = ("date", "versions", "title")
SORT_LABELS = {"date": "newest first", "versions": "most versions first", "title": "by title"}
FUZZY_CUTOFF = 75
FUZZY_LIMIT = 200


class StoryListing:
    """Stories in sidebar order; orders and folded titles are computed once and kept."""

    def __init__(self, stories: list[Story]) -> None:
        self.stories = stories
        self._folded = [fold(s.title) for s in stories]
        self._orders: dict[str, list[int]] = {}

    def order(self, sort: str) -> list[int]:
        """Indexes into `stories` in the given order."""
        if sort not in self._orders:
            stories = self.stories
            indexes = range(len(stories))
            if sort == "versions":
                key = lambda n: (-stories[n].version_count, self._folded[n])  # noqa: E731
            elif sort == "title":
                key = lambda n: (self._folded[n], n)  # noqa: E731
            else:  # newest first, undated last
                key = lambda n: (-_day_number(stories[n].date), self._folded[n])  # noqa: E731
            self._orders[sort] = sorted(indexes, key=key)
        return self._orders[sort]

    def view(self, sort: str = "date", query: str = "") -> list[Story]:
        """The stories to list for `sort` and `query`."""
        order = self.order(sort)
        terms = fold(query).split()
        if not terms:
            return [self.stories[n] for n in order]
        folded = self._folded
        hits = [n for n in order if all(t in folded[n] for t in terms)]
        if hits:
            return [self.stories[n] for n in hits]
        from rapidfuzz import fuzz, process  # the fallback only: it takes a while to load

        found = process.extract(
            " ".join(terms),
            folded,
            scorer=fuzz.partial_ratio,
            processor=None,
            score_cutoff=FUZZY_CUTOFF,
            limit=FUZZY_LIMIT,
        )
        return [self.stories[n] for _, _, n in found]


def _day_number(date: str | None) -> int:
    if not date:
        return -1
    digits = date[:10].replace("-", "")
    return int(digits) if digits.isdigit() else -1
