"""Read a corpus: walk folders, decode each file, and skip bad input with a reason.

Nothing here ever writes to the corpus. Every problem becomes a `Skipped` entry
naming the file and the reason; no exception escapes for a single bad file.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .model import Skipped, SourceText
from .text import sanitize_line

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_LINE_CHARS = 200_000
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class CorpusFile:
    """A file found under a root: where it is and the name it goes by in the corpus."""

    path: str
    source: str


def _human(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} bytes"  # pragma: no cover


def discover(paths: Iterable[str | os.PathLike], skipped: list[Skipped]) -> list[CorpusFile]:
    """Every file under the given folders (recursively) or named directly, sorted.

    Hidden files and folders (a leading dot) are passed over. Broken links and
    link loops become `skipped` entries.
    """
    found: list[CorpusFile] = []
    for raw in paths:
        root = Path(raw)
        if root.is_dir():
            found.extend(_walk(root, skipped))
        elif root.is_symlink() and not root.exists():
            skipped.append(Skipped(str(root), _link_problem(root)))
        elif root.exists():
            found.append(CorpusFile(str(root), root.name))
        else:
            skipped.append(Skipped(str(root), "no such file or folder"))
    found.sort(key=lambda f: f.source)
    return found


def _link_problem(path: Path) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        return "broken symbolic link (its target does not exist)"
    return "unreadable link"


def _walk(root: Path, skipped: list[Skipped]) -> Iterator[CorpusFile]:
    seen_dirs: set[str] = set()

    def onerror(exc: OSError) -> None:
        name = os.path.relpath(exc.filename, root) if exc.filename else str(root)
        skipped.append(Skipped(name, f"folder not readable: {exc.strerror or exc}"))

    for folder, dirs, files in os.walk(root, followlinks=True, onerror=onerror):
        real = os.path.realpath(folder)
        if real in seen_dirs:
            dirs[:] = []
            skipped.append(Skipped(os.path.relpath(folder, root), "symbolic link loop (folder already read)"))
            continue
        seen_dirs.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        prefix = os.path.relpath(folder, root)  # once per folder, not per file
        prefix = "" if prefix == "." else prefix + os.sep
        for name in sorted(files):
            if name.startswith("."):
                continue
            yield CorpusFile(os.path.join(folder, name), prefix + name)


def decode(data: bytes) -> tuple[str, str]:
    """Bytes to text: BOM-marked UTF-8/UTF-16/UTF-32, else UTF-8, else cp1252/latin-1."""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))


def _looks_binary(sample: bytes) -> bool:
    """Many NUL bytes, or mostly control codes: a stray NUL in text is not enough."""
    if not sample:
        return False
    nuls = sample.count(0)
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return nuls > 1 + len(sample) // 1000 or controls > 0.3 * len(sample)


def _has_bom(data: bytes) -> bool:
    return data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def read_file(file: CorpusFile, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText | Skipped:
    """Read and decode one file, or say why it cannot be read."""
    try:
        info = os.stat(file.path)
    except OSError as exc:
        if os.path.islink(file.path):
            return Skipped(file.source, _link_problem(Path(file.path)))
        return Skipped(file.source, f"not readable: {exc.strerror or exc}")
    if not stat.S_ISREG(info.st_mode):
        return Skipped(file.source, "not a regular file")
    if info.st_size == 0:
        return Skipped(file.source, "empty file")
    if info.st_size > max_bytes:
        return Skipped(file.source, f"too large ({_human(info.st_size)}; the limit is {_human(max_bytes)})")
    try:
        with open(file.path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return Skipped(file.source, f"not readable: {exc.strerror or exc}")
    if not _has_bom(data) and _looks_binary(data[:65536]):
        return Skipped(file.source, "binary file (NUL bytes and control codes, not text)")
    text, encoding = decode(data)
    if not text.strip():
        return Skipped(file.source, "no text (only white space)")
    lines = _LINE_BREAK.split(text)
    longest = max(map(len, lines))
    if longest > MAX_LINE_CHARS:
        return Skipped(
            file.source,
            f"a line of {longest:,} characters; not article text (the limit is {MAX_LINE_CHARS:,} per line)",
        )
    clean = [sanitize_line(line) for line in lines]
    if not any(clean):
        return Skipped(file.source, "no printable text")
    return SourceText(file.source, file.path, clean, encoding)


def read_all(
    paths: Iterable[str | os.PathLike],
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[SourceText], list[Skipped]]:
    """Read every file under `paths`; return the texts and the skipped files."""
    skipped: list[Skipped] = []
    texts: list[SourceText] = []
    files = list(discover(paths, skipped))
    for n, file in enumerate(files):
        if progress and n % 250 == 0:
            progress(n, len(files))
        result = read_file(file, max_bytes)
        if isinstance(result, Skipped):
            skipped.append(result)
        else:
            texts.append(result)
    return texts, skipped
