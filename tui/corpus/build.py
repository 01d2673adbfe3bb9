"""The whole data path in memory, in one call: read, reflow, segment, clean, cluster
(what `open_corpus` runs when asked for no index, and what tests use)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from .analysis.quotes import version_quotes
from .grouping.cluster import cluster
from .grouping.docs import Doc, doc_of
from .ingest.discover import discover
from .ingest.files import DEFAULT_MAX_BYTES
from .ingest.workers import read_corpus
from .model import Corpus, Skipped, Version
from .progress import Progress, checked, gc_paused, staged


def read_further(version: Version) -> Doc:
    """What later stages need of one version, found where it is read (on a worker): its
    quotations (kept on it) and its fingerprints (its `Doc`, for clustering: light, its
    words read again only where a story of several versions needs them)."""
    version_quotes(version)
    return doc_of(version).light()


def load_corpus(
    paths: Iterable[str | os.PathLike[str]],
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    follow_links: bool = False,
    cancel: Callable[[], bool] | None = None,
    jobs: int | None = None,
) -> Corpus:
    """Read `paths` (folders or files) and return their stories and warnings.

    `follow_links`: read links that lead out of the folders too (see `discover`);
    `cancel`: asked at each progress report, `Cancelled` raised once it says so;
    `jobs`: the processes that read (default: one per core; the result is the same).
    """
    roots = [str(p) for p in paths]
    progress = checked(progress, cancel)
    with gc_paused():
        skipped: list[Skipped] = []
        files = discover(roots, skipped, follow_links)
        reading = read_corpus(
            files, skipped, progress, max_bytes=max_bytes, jobs=jobs, then=read_further
        )
        stories = cluster(reading.versions, staged(progress, "clustering"), docs=reading.then)
    if progress:
        progress("done", len(stories), len(stories))
    return Corpus(roots=roots, stories=stories, warnings=skipped, files=reading.files)
