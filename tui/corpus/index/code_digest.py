"""Which reading made an index: a digest of the data layer's own code and data files.

The files' stamps tell that a file changed, not that the code reading it did (a new
copydesk, or a change being made to it): an index read by other code would go on
showing the old reading. So the index keeps this digest, and one made by other code
is built again (`store.IndexStore.open`).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from ... import __version__

_ROOT = Path(__file__).resolve().parent.parent  # the data layer, tui/corpus
_KINDS = (".py", ".json")  # its code, and the reading models' weights


@lru_cache(maxsize=1)
def reading_digest() -> str:
    """A digest of every code and data file of the data layer (its version alone, if
    the files cannot be read: then only a new version rebuilds the index)."""
    digest = hashlib.blake2b(__version__.encode(), digest_size=12)
    try:
        for path in sorted(_ROOT.rglob("*")):
            if path.suffix in _KINDS and "__pycache__" not in path.parts:
                digest.update(path.relative_to(_ROOT).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    except OSError:
        return __version__
    return digest.hexdigest()
