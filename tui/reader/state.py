"""The reader's saved state: where you were in each corpus, what you have read, your theme.

One JSON file (under platformdirs' user state dir unless a path is given) holds the
theme and one entry per corpus, keyed by the corpus's resolved root paths. Writes are
atomic (a temporary file in the same folder, flushed, then renamed over the old one).
A file that cannot be read is moved aside and reported, never fatal. The state file
must be a regular file: anything else (a FIFO, a device) is reported and the defaults
used, without waiting on it, and a state path that is not a regular file is never
written over. (The config file, the key remaps, is read by `config`.)
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from ..corpus import NotRegularFile, corpus_key, read_regular, shown

STATE_VERSION = 1
MAX_FILE_BYTES = 64 * 1024 * 1024  # a state file larger than this is not one


def default_state_path() -> Path:
    return Path(platformdirs.user_state_dir("copydesk", appauthor=False)) / "state.json"


@dataclass
class Place:
    """Where the reader was in one story: which version and which paragraph."""

    version: str | None = None
    paragraph: int = 0


@dataclass
class CorpusState:
    """The reader's state for one corpus."""

    last_story: str | None = None
    places: dict[str, Place] = field(default_factory=dict)
    read: set[str] = field(default_factory=set)
    sort: str = "date"

    def to_dict(self) -> dict[str, Any]:
        return {
            "last_story": self.last_story,
            "places": {
                k: {"version": p.version, "paragraph": p.paragraph} for k, p in self.places.items()
            },
            "read": sorted(self.read),
            "sort": self.sort,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CorpusState:
        places = {
            str(k): Place(v.get("version"), int(v.get("paragraph") or 0))
            for k, v in (data.get("places") or {}).items()
            if isinstance(v, dict)
        }
        return cls(
            last_story=data.get("last_story"),
            places=places,
            read={str(x) for x in data.get("read") or []},
            sort=str(data.get("sort") or "date"),
        )


@dataclass
class State:
    """Everything in the state file; `corpus` is the entry for the corpus being read."""

    path: Path
    key: str
    roots: list[str]
    theme: str | None = None
    corpus: CorpusState = field(default_factory=CorpusState)
    _others: dict[str, Any] = field(default_factory=dict, repr=False)
    writable: bool = True  # False: the path is not a regular file (a FIFO...), never written over

    def save(self) -> None:
        if not self.writable:
            return
        entry = self.corpus.to_dict()
        entry["roots"] = self.roots
        document = {
            "version": STATE_VERSION,
            "theme": self.theme,
            "corpora": {**self._others, self.key: entry},
        }
        write_atomic(self.path, json.dumps(document, ensure_ascii=False, indent=1))


def load_state(roots: list[str], path: Path | None = None) -> tuple[State, str | None]:
    """The saved state for the corpus at `roots`, and a message if the file was set aside."""
    path = Path(path) if path else default_state_path()
    key = corpus_key(roots)
    state = State(path=path, key=key, roots=[str(r) for r in roots])
    try:
        raw = _read(path)
    except FileNotFoundError:
        return state, None
    except NotRegularFile as problem:
        state.writable = False
        return (
            state,
            f"the state file {shown(path)} is {problem}; using the defaults, "
            "and not saving the state there",
        )
    except OSError as error:
        return (
            state,
            f"could not read the state file {shown(path)}: {error.strerror or error}; "
            "starting fresh",
        )
    try:
        document = json.loads(raw)
        if not isinstance(document, dict) or not isinstance(document.get("corpora", {}), dict):
            raise ValueError("not a copydesk state file")
        if document.get("version") != STATE_VERSION:
            raise ValueError(f"unknown state version {document.get('version')!r}")
        others = dict(document.get("corpora") or {})
        entry = others.pop(key, None)
        state.theme = document.get("theme") if isinstance(document.get("theme"), str) else None
        state._others = others
        if isinstance(entry, dict):
            state.corpus = CorpusState.from_dict(entry)
    except (ValueError, TypeError, AttributeError) as error:
        aside = _set_aside(path)
        where = f"moved aside to {shown(aside)}" if aside else "left in place"
        return (
            state,
            f"the state file {shown(path)} was unreadable ({error}); {where}, starting fresh",
        )
    return state, None


def _read(path: Path) -> bytes:
    """A state file's bytes (JSON decodes them): a regular file only, opened
    without waiting on it; one over the size limit is cut short, and so fails to parse."""
    return read_regular(path, MAX_FILE_BYTES)


def _set_aside(path: Path) -> Path | None:
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        os.replace(path, aside)
    except OSError:
        return None
    return aside


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a reader sees the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
