"""The data layer of copydesk: read, segment, clean and cluster news text.

Nothing in this package imports Textual or Rich; it takes plain paths and returns
plain dataclasses.
"""

from .model import Corpus, Skipped, Story, Version
from .pipeline import load_corpus

__all__ = ["Corpus", "Skipped", "Story", "Version", "load_corpus"]
