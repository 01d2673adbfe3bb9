"""Where a corpus's index lives: a stable key for a set of roots, and the file it names."""

from __future__ import annotations

import hashlib
from pathlib import Path

import platformdirs


def corpus_key(roots: list[str]) -> str:
    """A stable key for a set of corpus roots, whatever order or spelling they came in."""
    resolved = sorted(str(Path(r).expanduser().resolve()) for r in roots)
    return hashlib.blake2b("\n".join(resolved).encode(), digest_size=8).hexdigest()


def default_index_path(roots: list[str]) -> Path:
    """The index file for `roots`, under the user cache dir."""
    return (
        Path(platformdirs.user_cache_dir("copydesk", appauthor=False))
        / f"{corpus_key(roots)}.sqlite"
    )
