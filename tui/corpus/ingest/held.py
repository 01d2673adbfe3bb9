"""The files a process holds between the reading steps, by chunk: in memory up to a
budget, beyond it in a temporary file.

Between reading a file and cleaning it, each file's units and their words wait for the
corpus-wide steps. They take several times the file's text in Python objects (25,000
generated files of 10 KB held 943 MB once read, before their words were added). Past
`BUDGET` characters of text held, a chunk is written out instead, compactly pickled
and compressed (less than half the files' size, words included), and read back when
its next step comes. What is read back equals what was
written, so where a chunk waits changes nothing but the memory taken.
"""

from __future__ import annotations

import pickle
import tempfile
import zlib
from array import array
from typing import IO, Any

from ..model import Unit
from .pipeline import FileWork
from .soft_breaks import FileBreaks

# Characters of text held in memory before chunks go to the temporary file: at about
# eight bytes of objects per character, some 250 MB (a Reuters corpus's 27 MB of text,
# on one or two processes, never goes out).
BUDGET = 32_000_000


class Held:
    """Chunks of files between steps: each keeps its place (memory or file) once given."""

    def __init__(self, budget: int | None = None) -> None:
        self.budget = BUDGET if budget is None else budget
        self.chars = 0  # text held in memory
        self._memory: dict[int, tuple[list[FileWork], int]] = {}
        self._written: dict[int, tuple[int, int]] = {}  # chunk -> offset, length
        self._file: IO[bytes] | None = None
        self.full = False  # the temporary folder could not take a chunk: memory from then on

    def put(self, chunk: int, works: list[FileWork]) -> None:
        """Hold `works` (again, after a step changed them) until `take`."""
        chars = sum(sum(w.lengths) for w in works)
        if chunk in self._written or self.chars + chars > self.budget:
            if self._spill(chunk, works):
                return
            self._written.pop(chunk, None)
        self._memory[chunk] = (works, chars)
        self.chars += chars

    def _spill(self, chunk: int, works: list[FileWork]) -> bool:
        """Write the chunk out; False (and nothing more written) if the temporary folder
        cannot take it (full, read-only): then memory, not the reading, gives."""
        if self.full:
            return False
        blob = zlib.compress(pickle.dumps([_parts(w) for w in works], 5), 1)
        try:
            if self._file is None:
                self._file = tempfile.TemporaryFile(prefix="copydesk-")  # gone once closed
            self._file.seek(0, 2)
            at = self._file.tell()
            self._file.write(blob)
            self._file.flush()
        except OSError:
            self.full = True
            return False
        self._written[chunk] = (at, len(blob))
        return True

    def take(self, chunk: int) -> list[FileWork]:
        """The chunk's files, let go here."""
        if chunk in self._memory:
            works, chars = self._memory.pop(chunk)
            self.chars -= chars
            return works
        offset, length = self._written[chunk]  # kept: put back, it goes out again
        assert self._file is not None
        self._file.seek(offset)
        return [_work(*parts) for parts in pickle.loads(zlib.decompress(self._file.read(length)))]

    def clear(self) -> None:
        """Let everything go (and the temporary file)."""
        self._memory.clear()
        self._written.clear()
        self.chars = 0
        if self._file is not None:
            self._file.close()
            self._file = None


def _parts(work: FileWork) -> tuple[Any, ...]:
    """A file's work as plain values (tuples, not objects: quicker to pickle and load).
    Its breaks went to the main process when it was read and are not needed again."""
    units = [(u.first, u.last, u.text, u.kind, u.soft) for u in work.units]
    return (work.source, work.lengths.tobytes(), units, work.tokens)


def _work(source: str, lengths: bytes, units: list[Any], tokens: list[list[str]]) -> FileWork:
    widths = array("I")
    widths.frombytes(lengths)
    return FileWork(source, widths, [Unit(*u) for u in units], FileBreaks(), tokens)
