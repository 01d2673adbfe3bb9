"""The data layer of copydesk: read, clean, group, analyse and search news text.

Nothing in this package imports Textual or Rich; it takes plain paths and returns
plain dataclasses. This module is its public face: open a corpus (`open_corpus`,
through the index, or read in memory with `index=False`; as its index last saved it,
quickly, with `open_stored`), the model types, the
errors, search, a story's differences and quotes, and the helpers that show names
and text safely. The stages behind it are sub-packages:

* `ingest`: files to clean versions (reflow, evidence, body, splitting, segments);
* `grouping`: fingerprints and the rules that make versions into stories;
* `analysis`: paragraph alignment, word differences, quotations;
* `search`: the query language, the engine and its stored backend;
* `index`: the database of files, versions and stories, and refreshing it.

Names are imported on first use, so the reader can paint before the pipeline loads.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .model import Corpus, Skipped, Story, Version

if TYPE_CHECKING:
    from .analysis import diff
    from .analysis.quotes import StoryQuote, story_quotes
    from .build import load_corpus
    from .bundled import seeds_path
    from .index.faults import IndexUnwritable
    from .index.paths import corpus_key, default_index_path
    from .index.refresh import (
        IndexReport,
        index_counts,
        open_corpus,
        open_stored,
        pending_changes,
    )
    from .index.store import IndexDamaged
    from .ingest.files import NotRegularFile, read_regular
    from .names import printable, shown, unshown
    from .progress import Cancelled, Progress
    from .search.engine import SearchEngine
    from .search.hits import Hit, StoryHits, snippet
    from .search.memory import SearchIndex
    from .search.quote_table import KeptQuote, kept_quotes, stored_quotes
    from .search.stored import IndexChanged, SearchIndexError, StoredSearchIndex
    from .text import fold, sanitize_line

_WHERE = {
    "diff": ".analysis.diff",
    "StoryQuote": ".analysis.quotes",
    "story_quotes": ".analysis.quotes",
    "load_corpus": ".build",
    "seeds_path": ".bundled",
    "IndexUnwritable": ".index.faults",
    "corpus_key": ".index.paths",
    "default_index_path": ".index.paths",
    "IndexReport": ".index.refresh",
    "index_counts": ".index.refresh",
    "open_corpus": ".index.refresh",
    "open_stored": ".index.refresh",
    "pending_changes": ".index.refresh",
    "IndexDamaged": ".index.store",
    "NotRegularFile": ".ingest.files",
    "read_regular": ".ingest.files",
    "printable": ".names",
    "shown": ".names",
    "unshown": ".names",
    "Cancelled": ".progress",
    "Progress": ".progress",
    "SearchEngine": ".search.engine",
    "Hit": ".search.hits",
    "StoryHits": ".search.hits",
    "snippet": ".search.hits",
    "SearchIndex": ".search.memory",
    "IndexChanged": ".search.stored",
    "SearchIndexError": ".search.stored",
    "StoredSearchIndex": ".search.stored",
    "KeptQuote": ".search.quote_table",
    "kept_quotes": ".search.quote_table",
    "stored_quotes": ".search.quote_table",
    "fold": ".text",
    "sanitize_line": ".text",
}

__all__ = [
    "Corpus",
    "Skipped",
    "Story",
    "Version",
    "diff",
    "StoryQuote",
    "story_quotes",
    "load_corpus",
    "seeds_path",
    "IndexUnwritable",
    "corpus_key",
    "default_index_path",
    "IndexReport",
    "index_counts",
    "open_corpus",
    "open_stored",
    "pending_changes",
    "IndexDamaged",
    "NotRegularFile",
    "read_regular",
    "printable",
    "shown",
    "unshown",
    "Cancelled",
    "Progress",
    "Hit",
    "SearchEngine",
    "SearchIndex",
    "StoryHits",
    "snippet",
    "IndexChanged",
    "SearchIndexError",
    "StoredSearchIndex",
    "KeptQuote",
    "kept_quotes",
    "stored_quotes",
    "fold",
    "sanitize_line",
]


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(where, __name__)
    return (
        module if name == "diff" else getattr(module, name)
    )  # looked up each time: patchable where defined
