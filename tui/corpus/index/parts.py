"""What the index database keeps beside the corpus: each part brings its own tables and
writes its share of every save inside the index's transaction. The store runs them
without knowing what they hold; today the one part is search's."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from typing import Protocol

from ..model import Corpus
from ..progress import Progress
from ..search.persist import SearchTables


class Part(Protocol):
    """Data kept in the index beside the files, versions and stories."""

    tables: str  # CREATE statements, run when the database is made
    stage: str  # the progress stage its saving reports (it may report others after it)

    def save(
        self,
        db: sqlite3.Connection,
        corpus: Corpus,
        sources: Collection[str],
        kept: set[str],
        fresh: set[str] | None,
        progress: Progress | None,
        jobs: int | None = None,
    ) -> None:
        """Write this part's share of a save: `corpus` as it will be stored, the `sources`
        present, the stories `kept` from before, the files read afresh (None: all), and
        the processes it may use (`jobs`; None: as many as pays)."""

    def counts(self, db: sqlite3.Connection) -> dict[str, int]:
        """What the part holds, by name (for `copydesk stats`)."""


PARTS: tuple[Part, ...] = (SearchTables(),)
