"""Where the bundled seed corpus lives, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path


def seeds_path() -> Path:
    """The folder of seed files that `copydesk` opens when given no path."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "seeds", package.parent / "seeds"):
        if candidate.is_dir() and any(candidate.glob("*.txt")):
            return candidate
    return package.parent / "seeds"
