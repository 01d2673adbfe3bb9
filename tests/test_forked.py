"""Work beside the main process (`tui.corpus.forked`), and the search index built in two
batches, the second in a fork: the same database, byte for byte, as built in one process,
and searched like the index built in memory."""

from __future__ import annotations

import os
import sqlite3
import threading
import time

import pytest

from tests.conftest import SEEDS
from tui.corpus import forked
from tui.corpus.index.refresh import open_corpus
from tui.corpus.search import persist
from tui.corpus.search.stored import StoredSearchIndex

needs_fork = pytest.mark.skipif(not forked.can_fork(), reason="no fork, or one core here")


@needs_fork
def test_the_work_runs_in_another_process_and_its_result_comes_back():
    work = forked.Beside(lambda: (os.getpid(), list(range(100_000))))
    pid, numbers = work.result()
    assert pid != os.getpid()
    assert numbers == list(range(100_000))


@needs_fork
def test_a_failure_in_the_fork_is_raised_here_with_its_traceback():
    def fail() -> None:
        raise ValueError("no good")

    with pytest.raises(forked.ForkFailed, match="no good"):
        forked.Beside(fail).result()


@needs_fork
def test_a_fork_given_up_on_is_killed_and_reaped():
    work = forked.Beside(lambda: time.sleep(60))
    pid = work._pid
    work.stop()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_with_another_thread_running_the_work_runs_here_when_asked():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not forked.can_fork()
        work = forked.Beside(os.getpid)
        assert work.result() == os.getpid()
    finally:
        stop.set()
        other.join()


def _hits(index: StoredSearchIndex, query: str) -> list:
    return sorted((repr(h.unit), round(h.score, 3), h.spans) for h in index.search(query, limit=0))


def _search_tables(path) -> list:
    db = sqlite3.connect(path)
    tables = ["units", "unit_batches", "postings", "vocabulary", "names", "story_quotes"]
    return [list(db.execute(f"SELECT * FROM {t} ORDER BY 1, 2")) for t in tables]


@needs_fork
def test_the_search_index_built_half_in_a_fork_is_the_one_built_here(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, seed in enumerate(sorted(SEEDS.glob("*.txt"))):  # a few stories, many times over
        for copy in range(3):
            (corpus / f"{copy}-{n}.txt").write_bytes(seed.read_bytes())
    forks = []
    real = forked.Beside._start

    def counted(self):
        forks.append(1)
        real(self)

    monkeypatch.setattr(forked.Beside, "_start", counted)
    monkeypatch.setattr(persist, "HALVES_FROM", 10**9)
    whole, report = open_corpus([corpus], tmp_path / "whole.db")
    assert not forks
    monkeypatch.setattr(persist, "HALVES_FROM", 1)
    open_corpus([corpus], tmp_path / "one.db", jobs=1)
    assert not forks  # one process asked for: no fork either
    halves, halves_report = open_corpus([corpus], tmp_path / "forked.db")
    assert forks
    assert _search_tables(tmp_path / "forked.db") == _search_tables(tmp_path / "one.db")
    batches = sqlite3.connect(tmp_path / "forked.db").execute("SELECT first FROM unit_batches")
    assert len(list(batches)) == 2
    # two batches or one: the same units, numbered alike, and the same hits
    assert _search_tables(tmp_path / "forked.db")[0] == _search_tables(tmp_path / "whole.db")[0]
    one = StoredSearchIndex.open(report.path, report.generation)
    two = StoredSearchIndex.open(halves_report.path, halves_report.generation)
    assert one is not None and two is not None and len(one) == len(two)
    for query in ("lavrov", "said the", '"water like"', "by:wanjiku", "harvst"):
        assert _hits(two, query) == _hits(one, query), query


@needs_fork
def test_a_save_given_up_while_the_fork_works_stops_the_fork(tmp_path, monkeypatch):
    from tui.corpus.progress import Cancelled

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, seed in enumerate(sorted(SEEDS.glob("*.txt"))):
        (corpus / f"{n}.txt").write_bytes(seed.read_bytes())
    started = []
    real = forked.Beside._start

    def recorded(self):
        real(self)
        started.append(self._pid)

    def progress(stage, n, total):
        if stage == "search-save":  # the first half being written, the second in the fork
            raise Cancelled

    monkeypatch.setattr(forked.Beside, "_start", recorded)
    monkeypatch.setattr(persist, "HALVES_FROM", 1)
    try:
        open_corpus([corpus], tmp_path / "i.db", progress=progress)
    except Cancelled:  # checked here, while the failed save's frames are still alive
        assert started
        for pid in started:
            with pytest.raises(ChildProcessError):  # stopped and reaped: no such child
                os.waitpid(pid, os.WNOHANG)
    else:
        pytest.fail("the save was not given up")
