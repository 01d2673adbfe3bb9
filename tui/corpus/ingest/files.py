"""Read a corpus: walk folders, decode each file, and skip bad input with a reason.

Nothing here ever writes to the corpus. Every problem becomes a `Skipped` entry
naming the file and the reason; no exception escapes for a single bad file.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Callable, Iterable

from ..model import Skipped, SourceText
from ..text import sanitize_line
from .discover import CorpusFile, discover, link_problem

__all__ = [
    "CorpusFile",
    "DEFAULT_MAX_BYTES",
    "MAX_LINE_CHARS",
    "NotRegularFile",
    "decode",
    "discover",
    "read_all",
    "read_file",
    "read_regular",
]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_LINE_CHARS = 200_000
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _human(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} bytes"  # pragma: no cover


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
            return data[len(bom) :].decode(name, errors="replace"), name
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


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    return f"not a regular file ({kind})"


class NotRegularFile(ValueError):
    """The path names a FIFO, device, socket or folder; the message says which."""


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """Up to `limit` bytes of a regular file; OSError if it cannot be read,
    `NotRegularFile` (with the reason) if it is not a regular file.

    Opened without blocking and checked on the open file, so a FIFO, device or socket
    put in its place between a look and the read is refused, never waited on.
    """
    fd = os.open(path, _OPEN_FLAGS)
    with open(fd, "rb", buffering=0) as handle:  # closes fd
        problem = _not_regular(os.fstat(fd).st_mode)
        if problem:
            raise NotRegularFile(problem)
        chunks, size = [], 0
        while size < limit:
            chunk = handle.read(min(limit - size, 1 << 24))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)


_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f-\x9f\ufffd]"
)  # ESC and FF are seen in text
MIN_PRINTABLE = 0.95


def _noise(text: str) -> str | None:
    """Why a decoded text is not text: too many control codes or undecodable bytes."""
    sample = text[:65536]
    bad = len(_UNPRINTABLE.findall(sample))
    if bad > (1 - MIN_PRINTABLE) * len(sample):
        return (
            f"binary data, not text ({bad / len(sample):.0%} of its characters are control "
            f"codes or undecodable; text has under {1 - MIN_PRINTABLE:.0%})"
        )
    return None


def read_file(file: CorpusFile, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText | Skipped:
    """Read and decode one file, or say why it cannot be read."""
    try:
        info = os.stat(file.path)
    except OSError as exc:
        if os.path.islink(file.path):
            return Skipped(file.source, link_problem(file.path))
        return Skipped(file.source, f"not readable: {exc.strerror or exc}")
    problem = _not_regular(info.st_mode)
    if problem:
        return Skipped(file.source, problem)
    if info.st_size == 0:
        return Skipped(file.source, "empty file")
    if info.st_size > max_bytes:
        return Skipped(
            file.source, f"too large ({_human(info.st_size)}; the limit is {_human(max_bytes)})"
        )
    try:
        data = read_regular(file.path, max_bytes + 1)
    except NotRegularFile as exc:
        return Skipped(file.source, str(exc))
    except OSError as exc:
        return Skipped(file.source, f"not readable: {exc.strerror or exc}")
    if len(data) > max_bytes:  # grew since it was looked at
        return Skipped(file.source, f"too large (over {_human(max_bytes)}, the limit)")
    if not data:
        return Skipped(file.source, "empty file")
    if not _has_bom(data) and _looks_binary(data[:65536]):
        return Skipped(file.source, "binary file (NUL bytes and control codes, not text)")
    text, encoding = decode(data)
    if not text.strip():
        return Skipped(file.source, "no text (only white space)")
    problem = _noise(text)
    if problem:
        return Skipped(file.source, problem)
    lines = _LINE_BREAK.split(text)
    longest = max(map(len, lines))
    if longest > MAX_LINE_CHARS:
        return Skipped(
            file.source,
            f"a line of {longest:,} characters; not article text "
            f"(the limit is {MAX_LINE_CHARS:,} per line)",
        )
    clean = [sanitize_line(line) for line in lines]
    if not any(clean):
        return Skipped(file.source, "no printable text")
    return SourceText(file.source, file.path, clean, encoding)


def read_all(
    paths: Iterable[str | os.PathLike[str]],
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[int, int], None] | None = None,
    follow_links: bool = False,
) -> tuple[list[SourceText], list[Skipped]]:
    """Read every file under `paths`; return the texts and the skipped files."""
    skipped: list[Skipped] = []
    texts: list[SourceText] = []
    files = list(discover(paths, skipped, follow_links))
    for n, file in enumerate(files):
        if progress and n % 250 == 0:
            progress(n, len(files))
        result = read_file(file, max_bytes)
        if isinstance(result, Skipped):
            skipped.append(result)
        else:
            texts.append(result)
    return texts, skipped
