"""The index store and opening a corpus through it (tui.corpus.index)."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, SEEDS
from tui.corpus import load_corpus
from tui.corpus.index.refresh import open_corpus
from tui.corpus.index.store import IndexStore


def _copy_seeds(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    return corpus


def test_cold_then_warm_equals_reading_the_files(tmp_path):
    corpus = _copy_seeds(tmp_path)
    expected = load_corpus([corpus]).to_dict()
    cold, report = open_corpus([corpus], tmp_path / "i.sqlite")
    assert not report.warm and report.read == 5 and cold.to_dict() == expected
    warm, report = open_corpus([corpus], tmp_path / "i.sqlite")
    assert report.warm and report.read == 0 and warm.to_dict() == expected


def test_only_changed_files_are_read_and_unrelated_ids_stay(tmp_path):
    corpus = _copy_seeds(tmp_path)
    before, _ = open_corpus([corpus], tmp_path / "i.sqlite")
    (corpus / "new.txt").write_text(
        "Floods in Nairobi\n\nNAIROBI, Kenya (AP) — Heavy rains have flooded parts of the "
        "Kenyan capital, "
        "forcing thousands from their homes, the Red Cross said on Monday.\n",
        "utf-8",
    )
    after, report = open_corpus([corpus], tmp_path / "i.sqlite")
    assert report.read == 1 and report.reused == 5
    assert {s.id for s in before.stories} < {s.id for s in after.stories}
    (corpus / "004_ef2da63387aa98ac.txt").unlink()
    fewer, report = open_corpus([corpus], tmp_path / "i.sqlite")
    # the other four versions shared text with it, so what other files say of theirs
    # changed: read again
    assert report.deleted == 1 and report.read == 4
    rubio = max(fewer.stories, key=lambda s: len(s.versions))
    assert len(rubio.versions) == 4 and fewer.to_dict() == load_corpus([corpus]).to_dict()
    edited = corpus / "003_0fad9a114cb273cf.txt"
    edited.write_text(edited.read_text("utf-8").replace("Rubio", "Mr. Rubio"), "utf-8")
    changed, report = open_corpus([corpus], tmp_path / "i.sqlite")
    # the edited file, and two of the three whose text it holds (their evidence changed
    # with it; what the third's units are told by the others is the same as before)
    assert report.read == 3 and changed.to_dict() == load_corpus([corpus]).to_dict()


def test_truncated_or_foreign_database_is_set_aside_and_rebuilt(tmp_path):
    corpus = _copy_seeds(tmp_path)
    path = tmp_path / "i.sqlite"
    open_corpus([corpus], path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    for name in ("i.sqlite-wal", "i.sqlite-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    rebuilt, report = open_corpus([corpus], path)
    assert len(rebuilt.stories) == 2 and not report.warm
    assert report.notes and "moved aside" in report.notes[0]
    assert any(p.name.startswith("i.sqlite.corrupt-") for p in tmp_path.iterdir())
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE notes (x)")
    _, report = open_corpus([corpus], other)
    assert report.notes and "not a copydesk index" in report.notes[0]


def test_older_schema_is_rebuilt_not_misread(tmp_path):
    corpus = _copy_seeds(tmp_path)
    path = tmp_path / "i.sqlite"
    open_corpus([corpus], path)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 0")
    again, report = open_corpus([corpus], path)
    assert report.notes and "another version" in report.notes[0] and len(again.stories) == 2


def test_an_index_read_by_other_code_is_read_again(tmp_path, monkeypatch):
    # Before, an index kept the reading of the code that made it: with the files'
    # stamps unchanged, a changed copydesk went on showing the old reading.
    from tui.corpus.index import store

    corpus = _copy_seeds(tmp_path)
    path = tmp_path / "i.sqlite"
    _, first = open_corpus([corpus], path)
    _, warm = open_corpus([corpus], path)
    assert first.read == 5 and warm.warm
    monkeypatch.setattr(store, "reading_digest", lambda: "other code")
    again, report = open_corpus([corpus], path)
    assert not report.warm and report.read == 5 and len(again.stories) == 2
    assert report.notes and "another version" in report.notes[0]
    _, warm = open_corpus([corpus], path)
    assert warm.warm and not warm.notes


_INDEX = (
    "import sys; from tui.corpus.index.refresh import open_corpus;"
    " open_corpus([sys.argv[1]], sys.argv[2])"
)


def _big_corpus(tmp_path, copies: int):
    corpus = _copy_seeds(tmp_path)
    text = (SEEDS / "000_0cee396f89fa8bc0.txt").read_text("utf-8")
    for n in range(copies):
        (corpus / f"copy-{n:04d}.txt").write_text(text.replace("Rubio", f"Rubio{n}"), "utf-8")
    return corpus


@pytest.mark.slow
def test_a_kill_part_way_leaves_the_previous_index_usable(tmp_path):
    corpus = _copy_seeds(tmp_path)
    path = tmp_path / "i.sqlite"
    before, _ = open_corpus([corpus], path)
    text = (SEEDS / "000_0cee396f89fa8bc0.txt").read_text("utf-8")
    for n in range(300):
        (corpus / f"copy-{n:04d}.txt").write_text(text.replace("Rubio", f"Rubio{n}"), "utf-8")
    shutil.copy(
        path, tmp_path / "twin.sqlite"
    )  # what an uninterrupted refresh makes of the same index
    after, _ = open_corpus([corpus], tmp_path / "twin.sqlite")
    for delay in (0.3, 0.8, 1.5, 2.5):
        child = subprocess.Popen([sys.executable, "-c", _INDEX, str(corpus), str(path)], cwd=ROOT)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        store = IndexStore.open(path)
        assert store.note is None  # not corrupt: the previous state, or the new one in full
        state = store.load([str(corpus)])
        store.close()
        assert state.to_dict() in (before.to_dict(), after.to_dict())


@pytest.mark.slow
def test_a_second_process_while_indexing_does_not_fail(tmp_path):
    corpus = _big_corpus(tmp_path, 200)
    path = tmp_path / "i.sqlite"
    child = subprocess.Popen([sys.executable, "-c", _INDEX, str(corpus), str(path)], cwd=ROOT)
    try:
        time.sleep(0.5)
        mine, _ = open_corpus([corpus], path)  # indexes too, or waits for the other's commit
    finally:
        assert child.wait(timeout=300) == 0
    assert len(mine.stories) == len(load_corpus([corpus]).stories)
    final, report = open_corpus([corpus], path)
    assert report.warm and final.to_dict() == mine.to_dict()


def test_cli_index_and_stats(tmp_path):
    corpus = _copy_seeds(tmp_path)
    index = str(tmp_path / "i.sqlite")
    run = subprocess.run(
        [sys.executable, "-m", "tui", "index", str(corpus), "--index", index],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0 and "5 files read" in run.stdout
    run = subprocess.run(
        [sys.executable, "-m", "tui", "stats", str(corpus), "--index", index],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert (
        "stories    2 (1 with more than one version)" in run.stdout and "versions   6" in run.stdout
    )
    assert "search     230 units" in run.stdout
    assert os.path.exists(index)


def test_lazy_warm_open_reads_versions_on_first_use(tmp_path):
    corpus = _copy_seeds(tmp_path)
    full, _ = open_corpus([corpus], tmp_path / "i.sqlite")
    lazy, report = open_corpus([corpus], tmp_path / "i.sqlite", lazy=True)
    assert report.warm
    story = max(lazy.stories, key=lambda s: s.version_count)
    assert story.version_count == 5 and story._versions is None  # nothing read yet
    assert story.date == "2025-07-10"
    assert lazy.to_dict() == full.to_dict()  # reading every story gives the same corpus
    assert story._versions is not None and len(story.versions) == 5


def test_lazy_story_gone_after_another_refresh_reads_as_empty(tmp_path):
    corpus = _copy_seeds(tmp_path)
    path = tmp_path / "i.sqlite"
    open_corpus([corpus], path)
    lazy, _ = open_corpus([corpus], path, lazy=True)
    (corpus / "001_f37c53d0b554e430.txt").unlink()  # the skating story lives only here
    open_corpus([corpus], path)  # another process refreshes meanwhile
    gone = next(s for s in lazy.stories if s.version_count == 1)
    assert gone.versions == []  # the reader says "press r" instead of failing


def test_soft_breaks_settle_across_old_and_new_files(tmp_path):
    """A file already indexed is read again when a new file settles its soft breaks, and
    a new hard-wrapped file learns its hidden paragraph ends from the files indexed."""
    corpus = _copy_seeds(tmp_path)
    path = tmp_path / "i.sqlite"
    aside = tmp_path / "aside"
    aside.mkdir()
    for name in (
        "001_f37c53d0b554e430.txt",
        "003_0fad9a114cb273cf.txt",
        "004_ef2da63387aa98ac.txt",
    ):
        (corpus / name).rename(aside / name)
    first, _ = open_corpus([corpus], path)
    paragraphs = {v.source[:3]: len(v.paragraphs) for s in first.stories for v in s.versions}
    assert paragraphs["000"] == 29  # alone, 000's layout hides three paragraph ends
    (aside / "003_0fad9a114cb273cf.txt").rename(corpus / "003_0fad9a114cb273cf.txt")
    later, report = open_corpus([corpus], path)
    # 003, and 000 and 002 again: 003 shows where 000's paragraphs end, and holds text of both
    assert report.read == 3
    assert later.to_dict() == load_corpus([corpus]).to_dict()
    for name in ("001_f37c53d0b554e430.txt", "004_ef2da63387aa98ac.txt"):
        (aside / name).rename(corpus / name)
    last, report = open_corpus([corpus], path)
    # 001 and 004, and the three indexed files that share text with them, read again
    assert report.read == 5 and last.to_dict() == load_corpus([corpus]).to_dict()
    paragraphs = {v.source[:3]: len(v.paragraphs) for s in last.stories for v in s.versions}
    assert paragraphs["000"] == 32 and paragraphs["004"] == 27


def test_evidence_across_old_and_new_files_reads_as_a_full_read(tmp_path):
    """A glued page indexed later is cut by what the files kept say, and a file kept is
    read again when the files its text is held by come or go."""
    from tests.test_reading import ARTICLE, OTHER, _page

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "rail.txt").write_text(
        "\n".join(["Rail plan approved", "", *ARTICLE]) + "\n", "utf-8"
    )
    (corpus / "fish.txt").write_text(
        "\n".join(["Fishermen wait for anchovies", "", *OTHER]) + "\n", "utf-8"
    )
    path = tmp_path / "i.sqlite"
    open_corpus([corpus], path)
    glued = (
        _page("Rail plan approved", ARTICLE)
        + ["", ""]
        + _page("Fishermen wait for anchovies", OTHER)
    )
    (corpus / "glued.txt").write_text("\n".join(glued) + "\n", "utf-8")
    after, report = open_corpus([corpus], path)
    assert after.to_dict() == load_corpus([corpus]).to_dict()
    assert sum(1 for s in after.stories for v in s.versions if v.source == "glued.txt") == 2
    assert report.read == 3  # glued.txt, and the two whose text it holds
    (corpus / "fish.txt").unlink()
    fewer, report = open_corpus([corpus], path)
    assert report.read == 1 and fewer.to_dict() == load_corpus([corpus]).to_dict()
