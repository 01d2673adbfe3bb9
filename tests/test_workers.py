"""Reading on every core (`tui.corpus.ingest.workers`): the same versions, in the same
order, whatever the number of worker processes; failures and cancelling handled."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS
from tui.corpus import Cancelled, load_corpus, open_corpus
from tui.corpus.ingest import workers
from tui.corpus.ingest.discover import discover

DEVSET = ROOT.parent / "shared" / "devset" / "corpus"


def _corpus(folder: Path) -> Path:
    """The seeds three times over in several layouts, with files that cannot be read."""
    for n, seed in enumerate(sorted(SEEDS.glob("*.txt"))):
        text = seed.read_text("utf-8")
        (folder / f"a{n}.txt").write_text(text, "utf-8")
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        wrapped = "\n\n".join(textwrap.fill(" ".join(p.split()), 64) for p in paragraphs)
        (folder / f"b{n}.txt").write_text(wrapped, "utf-8")
        half = paragraphs[: max(1, len(paragraphs) // 2)]
        (folder / f"c{n}.txt").write_text("\n\n".join(half), "utf-8")
    (folder / "empty.txt").write_text("", "utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "menu.txt").write_text("Home\nWorld\nSport\n", "utf-8")
    return folder


def _export(corpus) -> str:
    return json.dumps(
        {
            "stories": [s.to_dict() for s in corpus.stories],
            "warnings": [(w.source, w.reason) for w in corpus.warnings],
            "files": corpus.files,
        },
        sort_keys=True,
    )


@pytest.fixture
def many_chunks(monkeypatch):
    """Workers for any number of files, a few files per chunk (so every worker has some)."""
    monkeypatch.setattr(workers, "MIN_FILES", 0)
    monkeypatch.setattr(workers, "CHUNK", 2)


def test_two_workers_read_what_one_process_reads(tmp_path, many_chunks):
    folder = _corpus(tmp_path)
    alone = load_corpus([folder], jobs=1)
    shared = load_corpus([folder], jobs=2)
    assert _export(shared) == _export(alone)
    assert {w.source for w in alone.warnings} >= {"empty.txt", "binary.txt", "menu.txt"}
    assert alone.files == 16  # 15 seed copies and the menu page (read, but no article in it)


def test_the_index_is_the_same_made_by_one_process_or_two(tmp_path, many_chunks):
    (tmp_path / "corpus").mkdir()
    folder = _corpus(tmp_path / "corpus")
    one, report_one = open_corpus([folder], tmp_path / "one.db", jobs=1)
    two, report_two = open_corpus([folder], tmp_path / "two.db", jobs=2)
    assert report_one.saved and report_two.saved
    assert _export(two) == _export(one)
    # a refresh after a change reads the changed file on workers too, to the same result
    shutil.copy(folder / "a1.txt", folder / "d1.txt")
    again_one, _ = open_corpus([folder], tmp_path / "one.db", jobs=1)
    again_two, report = open_corpus([folder], tmp_path / "two.db", jobs=2)
    assert report.read >= 1 and report.reused > 0
    assert _export(again_two) == _export(again_one)


def test_progress_counts_every_file_in_order(tmp_path, many_chunks):
    folder = _corpus(tmp_path)
    seen: dict[str, list[tuple[int, int]]] = {}
    load_corpus([folder], jobs=2, progress=lambda s, n, t: seen.setdefault(s, []).append((n, t)))
    files = len(discover([folder], []))
    assert seen["reading"][-1] == (files, files)
    for stage in ("classifying", "evidence", "cleaning"):  # the 16 files read, each step
        counts = [n for n, _ in seen[stage]]
        assert counts == sorted(counts) and seen[stage][-1] == (16, 16), stage


def _boom(works, chunk, payload):
    raise ValueError("a bug in a step")


def test_a_step_failing_in_a_worker_is_raised_with_its_traceback(
    tmp_path, many_chunks, monkeypatch
):
    folder = _corpus(tmp_path)
    monkeypatch.setitem(workers._STEPS, "finish", _boom)  # forked workers inherit the patch
    with pytest.raises(workers.WorkerFailed, match="a bug in a step"):
        load_corpus([folder], jobs=2)
    assert not multiprocessing.active_children()


def test_cancelling_stops_the_workers_at_once(tmp_path, many_chunks):
    folder = _corpus(tmp_path)
    started = time.monotonic()
    with pytest.raises(Cancelled):
        load_corpus([folder], jobs=2, cancel=lambda: time.monotonic() - started > 0.01)
    assert not multiprocessing.active_children()


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.skipif(not DEVSET.exists(), reason="the dev set is not present")
def test_the_dev_set_reads_the_same_on_two_workers():
    assert _export(load_corpus([DEVSET], jobs=2)) == _export(load_corpus([DEVSET], jobs=1))


class _CaughtOutput:
    """What Textual puts in sys.stderr while it runs: it takes text, but has no file."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        return -1


def test_workers_start_beside_other_threads_with_stderr_caught(tmp_path, many_chunks, monkeypatch):
    """As in the reader: a build on a thread of its own (workers from a fork server) while
    sys.stderr is an object with no file descriptor."""
    import sys
    import threading

    folder = _corpus(tmp_path)
    monkeypatch.setattr(sys, "stderr", _CaughtOutput())
    found: list = []
    thread = threading.Thread(target=lambda: found.append(load_corpus([folder], jobs=2)))
    thread.start()
    thread.join(120)
    assert found and _export(found[0]) == _export(load_corpus([folder], jobs=1))
    assert isinstance(sys.stderr, _CaughtOutput)  # put back


def test_a_large_corpus_is_read_on_every_core_by_default(tmp_path, many_chunks, monkeypatch):
    """Each worker holds at most a budget of files between steps (`held`), so a corpus of
    any size is read on every core unless asked otherwise."""
    folder = _corpus(tmp_path)
    monkeypatch.setattr(workers, "default_jobs", lambda: 2)
    started: list[int] = []
    pool = workers._Pool

    def counted(jobs):
        started.append(jobs)
        return pool(jobs)

    monkeypatch.setattr(workers, "_Pool", counted)
    shared = load_corpus([folder])
    assert started == [2]
    assert _export(load_corpus([folder], jobs=1)) == _export(shared) and started == [2]


_READ_FOREVER = (
    "import sys; from tui.corpus import load_corpus; from tui.corpus.ingest import workers\n"
    "workers.MIN_FILES, workers.CHUNK = 1, 2  # workers even for a few files\n"
    "while True: load_corpus([sys.argv[1]], jobs=2)\n"
)


def test_workers_go_when_their_reader_is_killed(tmp_path):
    # Before, a worker of a reader killed part way waited for its next task forever: the
    # pipe never said the reader was gone, since the worker forked after it held the
    # reader's end of it too.
    folder = _corpus(tmp_path)
    child = subprocess.Popen([sys.executable, "-c", _READ_FOREVER, str(folder)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while len(_children(child.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers_of = _children(child.pid)
        assert len(workers_of) >= 2
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers_of) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers_of)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
