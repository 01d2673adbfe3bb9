"""The data layer of copydesk: read, segment, clean and cluster news text.

Nothing in this package imports Textual or Rich; it takes plain paths and returns
plain dataclasses. `load_corpus` (the whole pipeline) is imported on first use, so
the reader can start painting before the pipeline's modules are loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import Corpus, Skipped, Story, Version

if TYPE_CHECKING:
    from .pipeline import load_corpus

__all__ = ["Corpus", "Skipped", "Story", "Version", "load_corpus"]


def __getattr__(name: str) -> Any:
    if name == "load_corpus":
        from .pipeline import load_corpus

        return load_corpus
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
