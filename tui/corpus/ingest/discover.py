"""Find a corpus's files: walk the folders named, name each file, apply the link rule.

A file's `source` (its name in the corpus, in every output) is its path relative to
the folder given, in the printable form of `names.shown`; its `path` keeps the name
as the file system has it. Two files with the same relative name under different
folders are both kept: each then goes by the folder as it was named, in front
(`r1/a.txt`, `r2/a.txt`).

Symbolic links are followed when their target lies inside one of the corpus folders;
a link leading out of them is skipped with the reason, unless `follow_links` (the
`--follow-links` option), and a link loop is always stopped. A link named directly on
the command line is always followed. Hidden files and folders are passed over.
"""

from __future__ import annotations

import errno
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from ..model import Skipped
from ..names import shown

# A file found: its path, its source (name in the corpus) and its directory entry if any
Found = tuple[str, str, "os.DirEntry[str] | None"]

OUTSIDE = "a symbolic link to {what} outside the corpus folder ({target}); --follow-links reads it"


@dataclass(frozen=True)
class CorpusFile:
    """A file found under a root: where it is and the name it goes by in the corpus."""

    path: str
    source: str


def link_problem(path: str | Path) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        return "broken symbolic link (its target does not exist)"
    return "unreadable link"


def _inside(target: str, roots: list[str]) -> bool:
    return any(target == root or target.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def discover(
    paths: Iterable[str | os.PathLike[str]], skipped: list[Skipped], follow_links: bool = False
) -> list[CorpusFile]:
    """Every file under the given folders (recursively) or named directly, sorted by source.

    Broken links, link loops and links out of the corpus become `skipped` entries.
    """
    return [
        CorpusFile(path, source) for path, source, _ in found_files(paths, skipped, follow_links)
    ]


def found_files(
    paths: Iterable[str | os.PathLike[str]], skipped: list[Skipped], follow_links: bool = False
) -> list[Found]:
    """What `discover` finds, as (path, source, directory entry) sorted by source: the
    entry (None for a file named directly) answers `stamp` without another lookup."""
    given = [os.fspath(raw) for raw in paths]
    roots, seen = [], set()
    for raw in given:  # a folder named twice is read once
        real = os.path.realpath(raw)
        if real not in seen:
            seen.add(real)
            roots.append(raw)
    inside = [os.path.realpath(r) for r in roots]
    per_root: list[tuple[str, list[Found]]] = []
    for raw in roots:
        root = Path(raw)
        if root.is_dir():
            per_root.append((raw, list(_walk(root, skipped, inside, follow_links))))
        elif root.is_symlink() and not root.exists():
            skipped.append(Skipped(shown(raw), link_problem(root)))
        elif root.exists():
            per_root.append((raw, [(str(root), shown(root.name), None)]))
        else:
            skipped.append(Skipped(shown(raw), "no such file or folder"))
    found = _told_apart(per_root)
    found.sort(key=itemgetter(1))
    return found


def stamp(found: Found) -> tuple[int, int]:
    """A file's size and modification time (nanoseconds), its target's for a link;
    (-1, -1) if it cannot be looked at."""
    path, _, entry = found
    try:
        info = os.stat(path) if entry is None else entry.stat()
    except OSError:
        return (-1, -1)
    return (info.st_size, info.st_mtime_ns)


def _told_apart(per_root: list[tuple[str, list[Found]]]) -> list[Found]:
    """All the files, those whose source is found under several roots named with their root."""
    if len(per_root) == 1:  # one root: each source is found once
        return per_root[0][1]
    roots_of: dict[str, set[int]] = defaultdict(set)
    for n, (_, files) in enumerate(per_root):
        for _, source, _ in files:
            roots_of[source].add(n)
    out: list[Found] = []
    for raw, files in per_root:
        label = shown(os.path.normpath(raw))
        is_file = not os.path.isdir(raw)
        for path, source, entry in files:
            if len(roots_of[source]) > 1:
                source = label if is_file else f"{label}{os.sep}{source}"
            out.append((path, source, entry))
    return out


def _walk(
    root: Path, skipped: list[Skipped], inside: list[str], follow_links: bool
) -> Iterator[Found]:
    """The files under `root`, a folder's own files before its subfolders' (in name order).

    With an explicit stack (a deep tree cannot exhaust the recursion limit) and
    `os.scandir`, whose entries say without another system call which are links.
    """
    seen_dirs: set[str] = set()

    def outside(path: str, what: str) -> bool:
        """A link leading out of the corpus, not to be followed: say so."""
        if follow_links:
            return False
        target = os.path.realpath(path)
        if _inside(target, inside) or not os.path.exists(target):
            return False
        skipped.append(
            Skipped(
                shown(os.path.relpath(path, root)), OUTSIDE.format(what=what, target=shown(target))
            )
        )
        return True

    stack = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        real = os.path.realpath(folder)
        if real in seen_dirs:
            skipped.append(
                Skipped(
                    shown(os.path.relpath(folder, root)), "symbolic link loop (folder already read)"
                )
            )
            continue
        seen_dirs.add(real)
        try:
            with os.scandir(folder) as listing:
                entries = sorted(
                    (e for e in listing if not e.name.startswith(".")), key=lambda e: e.name
                )
        except OSError as exc:
            name = os.path.relpath(exc.filename, root) if exc.filename else str(root)
            skipped.append(Skipped(shown(name), f"folder not readable: {exc.strerror or exc}"))
            continue
        folders = []
        for entry in entries:
            if _is_dir(entry):
                folders.append(entry)
            elif not (entry.is_symlink() and outside(entry.path, "a file")):
                yield (entry.path, shown(prefix + entry.name), entry)
        folders = [e for e in folders if not (e.is_symlink() and outside(e.path, "a folder"))]
        stack.extend((e.path, prefix + e.name + os.sep) for e in reversed(folders))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
