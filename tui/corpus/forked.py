"""Work done in a forked copy of this process, beside what this process does meanwhile.

After the reading, the worker processes are gone and one core would sit idle while
the main process builds the search index. `Beside` starts a function in a fork, which
sees this process's data as it is (nothing is sent to it), and its `result` waits for
what the function gave (pickled back through a pipe). A fork is only made where it is
safe and pays: on Linux-like systems, with no other thread running here (a fork copies
only the thread that made it, and locks other threads held), and with a second core.
Elsewhere the function runs here, when its result is asked for.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable
from typing import Any


def cores() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether `Beside` would run its function in a fork."""
    return hasattr(os, "fork") and threading.active_count() == 1 and cores() > 1


class ForkFailed(RuntimeError):
    """The forked work failed or died; the message holds its traceback."""


class Beside:
    """`work` running in a fork, or to be run here; `result` waits for it (once).
    A caller that gives up on the result (an exception) calls `stop`."""

    def __init__(self, work: Callable[[], Any]) -> None:
        self._work = work
        self._pid = 0
        self._read = -1
        if can_fork():
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the fork: work, send what came of it, and leave at once
            os.close(read)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # ctrl+c is the main process's
            try:
                try:
                    message = pickle.dumps(("ok", self._work()), protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException:
                    message = pickle.dumps(("error", traceback.format_exc()))
                with os.fdopen(write, "wb") as out:
                    out.write(message)
            finally:
                os._exit(0)  # no atexit, no finalizers: the parent's files are its own
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> Any:
        """The work's result (run here now if no fork was made); raises if it failed."""
        if not self._pid:
            return self._work()
        try:
            with os.fdopen(self._read, "rb") as pipe:
                self._read = -1
                # unpickled as it comes: the whole pickle is never held beside what it makes
                status, value = pickle.load(pipe)
        except (EOFError, pickle.UnpicklingError):
            raise ForkFailed("the forked work stopped unexpectedly") from None
        finally:
            self.stop()
        if status != "ok":
            raise ForkFailed(f"the forked work failed:\n{value}")
        return value

    def stop(self) -> None:
        """Kill the fork (if it still runs) and reap it; nothing more comes of it."""
        if self._read >= 0:
            os.close(self._read)
            self._read = -1
        if self._pid:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(self._pid, 0)
            except ChildProcessError:
                pass
            self._pid = 0
