"""Hostile input, faults and load (issue 11): names with escapes and Latin-1 bytes, a damaged
index, a full or unwritable index folder, one huge file, FIFOs, binary noise, links, the
same name under two roots. Every case: the right exit status, no traceback, no ESC byte
in any output, no file silently lost. The cases are built by tests/hostile.py."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests import hostile
from tests.conftest import ROOT, SEEDS
from tui.corpus import load_corpus
from tui.corpus.index.refresh import open_corpus
from tui.corpus.names import shown, unshown

pytestmark = [pytest.mark.reliability, pytest.mark.slow]


def _run(*args: str, cwd: Path = ROOT, limit: int | None = None) -> subprocess.CompletedProcess:
    """copydesk in a child process, its output as bytes (an escape must be seen as it is)."""

    def limited() -> None:  # a file size limit: what a full disk looks like to SQLite
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=cwd,
        capture_output=True,
        env=env,
        preexec_fn=limited if limit else None,
        timeout=120,
    )


def _clean(result: subprocess.CompletedProcess, status: int = 0) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == status, output[-2000:]
    assert b"Traceback" not in output and b"\x1b" not in output and b"\x07" not in output


def _entries(root: Path) -> set[str]:
    """Every name under `root` (hidden ones aside), in printable form, as a source would be."""
    found = set()
    for folder, dirs, files in os.walk(root):
        prefix = os.path.relpath(folder, root)
        for name in files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            found.add(shown(name if prefix == "." else os.path.join(prefix, name)))
    return found


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    hostile.build(root / "corpus", outside=root / "outside")
    return root / "corpus"


# -- 1, 2: names -------------------------------------------------------------------


def test_stories_json_over_every_hostile_case_loses_nothing_and_prints_no_escape(corpus_dir):
    result = _run("stories", "--json", str(corpus_dir))
    _clean(result)
    data = json.loads(result.stdout)
    sources = {v["source"] for s in data["stories"] for v in s["versions"]}
    reasons = {w["source"]: w["reason"] for w in data["warnings"]}
    assert (
        _entries(corpus_dir) == sources | reasons.keys()
    )  # every file read or skipped with its reason
    for name in hostile.STORY_NAMES:
        assert shown(os.fsdecode(name)) in sources
        assert (
            corpus_dir / unshown(shown(os.fsdecode(name)))
        ).is_file()  # a source finds its file again
    assert "caf\\xe9.txt" in sources and "two\\nlines.txt" in sources
    assert "\\x1b]0;PWNED-TITLE\\x07title.txt" in sources
    assert reasons["\\x1b]0;EMPTY-TITLE\\x07empty.txt"] == reasons["vid\\xe9.txt"] == "empty file"
    assert reasons["\\x1b]52;c;RklGTw==\\x07pipe.txt"] == "not a regular file (a FIFO)"
    assert "a FIFO" in reasons["pipe.txt"] and "a socket" in reasons["sock.txt"]
    assert "binary" in reasons["noise.bin"] and "too large" in reasons["sparse-huge.txt"]
    assert (
        "a line of 250,000 characters" in reasons["long-line.txt"]
        and reasons["empty.txt"] == "empty file"
    )
    assert "--follow-links" in reasons["outside-link.txt"] and "loop" in reasons["loop-a.txt"]
    assert "loop" in reasons["sub/up"] and "inside-link.txt" in sources


def test_every_command_on_hostile_names_prints_them_escaped(corpus_dir, tmp_path):
    index = str(tmp_path / "i.sqlite")
    listing = _run("stories", str(corpus_dir))
    _clean(listing)
    assert b"skipped pipe.txt: not a regular file (a FIFO)" in listing.stderr
    data = json.loads(_run("stories", "--json", str(corpus_dir)).stdout)
    rubio = max(data["stories"], key=lambda s: len(s["versions"]))
    number = next(
        n for n, v in enumerate(rubio["versions"], 1) if v["source"].startswith("\\x1b]52")
    )
    shown_version = _run("show", rubio["id"], str(corpus_dir), "-v", str(number))
    _clean(shown_version)
    assert b"\\x1b]52;c;SGVsbG8gY2xpcGJvYXJk\\x07clip.txt" in shown_version.stdout
    for args in (
        ("search", "Rubio3", str(corpus_dir), "--index", index),
        ("quotes", str(corpus_dir)),
        ("index", str(corpus_dir), "--index", index),
        ("stats", str(corpus_dir), "--index", index),
    ):
        _clean(_run(*args))
    found = _run("search", "Rubio1", str(corpus_dir), "--index", index)
    assert b"\\x1b]0;PWNED-TITLE\\x07title.txt" in found.stdout


def test_the_same_name_under_two_roots_is_kept_twice_by_its_root(tmp_path):
    for root, seed in (("r1", "000_0cee396f89fa8bc0.txt"), ("r2", "003_0fad9a114cb273cf.txt")):
        (tmp_path / root).mkdir()
        shutil.copy(SEEDS / seed, tmp_path / root / "a.txt")
    shutil.copy(SEEDS / "002_a927e85c24655a00.txt", tmp_path / "r2" / "b.txt")
    result = _run("stories", "--json", "r1", "r2", cwd=tmp_path)
    _clean(result)
    sources = sorted(
        v["source"] for s in json.loads(result.stdout)["stories"] for v in s["versions"]
    )
    assert sources == ["b.txt", "r1/a.txt", "r2/a.txt"]
    assert all((tmp_path / unshown(s)).exists() or (tmp_path / "r2" / s).exists() for s in sources)


# -- 3: the index ---------------------------------------------------------------------


def _seeds_index(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = tmp_path / "i.sqlite"
    open_corpus([corpus], index)
    return corpus, index


def _damage(index: Path, keep: int = 4096) -> None:
    """Random bytes over every page after the first (the header and schema stay)."""
    size = index.stat().st_size
    with open(index, "r+b") as handle:
        handle.seek(keep)
        handle.write(random.Random(7).randbytes(size - keep))
    for suffix in ("-wal", "-shm"):
        Path(f"{index}{suffix}").unlink(missing_ok=True)


@pytest.mark.parametrize(
    "command", [["search", "Rubio"], ["index"], ["index", "--rebuild"], ["stats"]]
)
def test_a_damaged_index_is_set_aside_and_rebuilt_by_every_command(tmp_path, command):
    corpus, index = _seeds_index(tmp_path)
    _damage(index)
    result = _run(*command, str(corpus), "--index", str(index))
    _clean(result)
    said = result.stdout + result.stderr
    assert (
        b"was damaged (database disk image is malformed); moved aside to i.sqlite.corrupt-" in said
    )
    assert any(p.name.startswith("i.sqlite.corrupt-") for p in tmp_path.iterdir())
    stats = _run("stats", str(corpus), "--index", str(index))
    _clean(stats)
    assert (
        b"stories    2 (1 with more than one version)" in stats.stdout
        and b"note:" not in stats.stderr
    )


def test_stats_on_a_damaged_header_rebuilds_and_says_so(tmp_path):
    corpus, index = _seeds_index(tmp_path)
    _damage(index, keep=0)
    result = _run("stats", str(corpus), "--index", str(index))
    _clean(result)
    assert (
        b"(file is not a database); moved aside" in result.stderr
        and b"files      5 (0 skipped)" in result.stdout
    )


def test_a_full_index_folder_is_one_line_and_the_previous_index_stays(tmp_path):
    corpus, index = _seeds_index(tmp_path)
    text = (SEEDS / "000_0cee396f89fa8bc0.txt").read_text("utf-8")
    for n in range(40):
        (corpus / f"copy-{n:03d}.txt").write_text(text.replace("Rubio", f"Rubio{n}"), "utf-8")
    limit = index.stat().st_size + 65536
    refused = _run("index", str(corpus), "--index", str(index), limit=limit)
    _clean(refused, status=1)
    lines = [line for line in refused.stdout.decode().splitlines() if line.startswith("note:")]
    assert (
        len(lines) == 1
        and f"could not write the index in {tmp_path}: the file size limit" in lines[0]
    )
    assert b"cannot rollback" not in refused.stdout + refused.stderr
    searched = _run("search", "Rubio7", str(corpus), "--index", str(index), limit=limit)
    _clean(searched)  # found, by a search in memory
    assert b"copy-007.txt" in searched.stdout
    with sqlite3.connect(index) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM files").fetchone()[0] == 5  # as last saved
    corpus_then, report = open_corpus([corpus], index)
    assert (
        report.saved and report.read == 45 and report.reused == 0
    )  # the seeds hold text of the copies


def test_an_index_folder_that_cannot_be_made_or_written_is_reported_not_raised(
    tmp_path, monkeypatch
):
    corpus, index = _seeds_index(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the index folder should be", "utf-8")
    result = _run("index", str(corpus), "--index", str(blocker / "i.sqlite"))
    _clean(result, status=1)
    assert f"could not write the index in {blocker}".encode() in result.stdout
    # A read-only folder, as SQLite sees it (root may write anywhere, so the connection is
    # made read-only):
    from tui.corpus.index import store

    real = store.IndexStore._connect
    monkeypatch.setattr(
        store.IndexStore,
        "_connect",
        staticmethod(
            lambda path: sqlite3.connect(
                f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
            )
        ),
    )
    (corpus / "new.txt").write_text(
        (SEEDS / "001_f37c53d0b554e430.txt").read_text("utf-8"), "utf-8"
    )
    fresh, report = open_corpus([corpus], index)
    assert not report.saved and len(report.notes) == 1
    assert (
        f"could not write the index in {tmp_path}: attempt to write a readonly database"
        in report.notes[0]
    )
    assert sorted(v.source for s in fresh.stories for v in s.versions) == sorted(
        v.source for s in load_corpus([corpus]).stories for v in s.versions
    )
    monkeypatch.setattr(store.IndexStore, "_connect", staticmethod(real))
    after, report = open_corpus([corpus], index)
    # new.txt again (the previous index, untouched, does not have it), and the four seeds it
    # shares text with (the seed it is a copy of is told nothing by a copy of itself)
    assert report.read == 5 and report.reused == 1
    assert after.to_dict() == load_corpus([corpus]).to_dict()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_index_folder_as_a_user_sees_it(tmp_path):
    corpus, index = _seeds_index(tmp_path)
    (corpus / "new.txt").write_text(
        (SEEDS / "001_f37c53d0b554e430.txt").read_text("utf-8"), "utf-8"
    )
    tmp_path.chmod(0o555)
    try:
        result = _run("index", str(corpus), "--index", str(index))
    finally:
        tmp_path.chmod(0o755)
    _clean(result, status=1)
    assert b"could not write the index in" in result.stdout and b"read-only" in result.stdout


# -- 4: one large file ----------------------------------------------------------------


def test_a_large_wrapped_file_is_read_in_linear_work(tmp_path, monkeypatch):
    """Every line break is a soft break: the work on them must grow with the text, not
    its square."""
    from tui.corpus.ingest import reflow
    from tui.corpus.ingest import soft_breaks as pipeline

    text = hostile.wrapped_file(12_000)
    (tmp_path / "large.txt").write_text(text, "utf-8")
    seen = {"keys": 0, "squash": 0}
    for module, name, counter in (
        (pipeline, "_start_key", "keys"),
        (pipeline, "_end_key", "keys"),
        (reflow, "squash", "squash"),
    ):
        original = getattr(module, name)

        def counted(value, _original=original, _counter=counter):
            seen[_counter] += len(value)
            return _original(value)

        monkeypatch.setattr(module, name, counted)
    corpus = load_corpus([tmp_path])
    version = corpus.stories[0].versions[0]
    assert version.lines == (1, 12_000) and version.title == "A long wrapped report"
    assert " ".join(version.paragraphs).split() == text.split()[4:]  # every word, in order, once
    assert seen["keys"] <= 3 * len(text) and seen["squash"] <= 2 * len(text)


def test_mending_a_long_chain_of_broken_paragraphs_is_linear(monkeypatch):
    from tui.corpus.ingest import reflow

    lines = ["A paragraph that goes on without an end and"] + [
        "",
        "more of it in lower case that goes on and",
    ] * 3000
    seen = [0]
    original = reflow.squash

    def counted(value):
        seen[0] += len(value)
        return original(value)

    monkeypatch.setattr(reflow, "squash", counted)
    units = reflow.reflow(lines)
    assert len(units) == 1 and units[0].last == len(lines)
    assert seen[0] <= 3 * sum(map(len, lines))


# -- 6: what is read --------------------------------------------------------------------


def _hangs(function, *args, seconds: float = 5.0, fifo: Path | None = None) -> bool:
    """Whether `function(*args)` is still blocked after `seconds` (then a FIFO it waits
    on is opened)."""
    done = threading.Event()
    thread = threading.Thread(target=lambda: (function(*args), done.set()), daemon=True)
    thread.start()
    finished = done.wait(seconds)
    if not finished and fifo is not None:  # let it go: a writer arrives and leaves
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    return not finished


def test_a_fifo_swapped_in_after_the_look_is_refused_without_waiting(tmp_path, monkeypatch):
    from tui.corpus.ingest import files as reader

    regular = tmp_path / "real.txt"
    regular.write_text(
        "Title\n\nA paragraph of ordinary text that is long enough to read as one.\n", "utf-8"
    )
    fifo = tmp_path / "swapped.txt"
    os.mkfifo(fifo)
    looked = os.stat(regular)
    real_stat = os.stat
    monkeypatch.setattr(
        reader.os,
        "stat",
        lambda path, *a, **k: looked if str(path) == str(fifo) else real_stat(path),
    )
    result = []
    assert not _hangs(
        lambda: result.append(reader.read_file(reader.CorpusFile(str(fifo), "swapped.txt"))),
        fifo=fifo,
    )
    assert result[0].reason == "not a regular file (a FIFO)"


def test_a_fifo_as_state_or_config_gives_a_notice_and_defaults(tmp_path):
    from tui.reader.config import load_config
    from tui.reader.state import load_state

    fifo = tmp_path / "state.json"
    os.mkfifo(fifo)
    out = []
    assert not _hangs(lambda: out.append(load_state([str(SEEDS)], fifo)), fifo=fifo)
    assert not _hangs(lambda: out.append(load_config(fifo)), fifo=fifo)
    (state, notice), config = out
    assert "a FIFO" in notice and state.corpus.last_story is None and not state.writable
    assert config.keymap == {} and "a FIFO" in config.notifications()[0]
    state.save()  # never written over the FIFO
    assert fifo.is_fifo()


def test_binary_noise_without_nul_bytes_is_skipped_as_binary(tmp_path):
    (tmp_path / "noise.bin").write_bytes(hostile.noise(30_000))
    shutil.copy(SEEDS / "001_f37c53d0b554e430.txt", tmp_path / "story.txt")
    corpus = load_corpus([tmp_path])
    assert [w.source for w in corpus.warnings] == ["noise.bin"] and "binary" in corpus.warnings[
        0
    ].reason
    assert {v.source for s in corpus.stories for v in s.versions} == {"story.txt"}


def test_links_out_of_the_corpus_are_read_only_when_asked_and_loops_always_stop(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(SEEDS / "001_f37c53d0b554e430.txt", outside / "there.txt")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_0cee396f89fa8bc0.txt", corpus / "here.txt")
    os.symlink(outside / "there.txt", corpus / "out-file.txt")
    os.symlink(outside, corpus / "out-folder")
    os.symlink("here.txt", corpus / "in-link.txt")
    os.symlink(".", corpus / "self")  # a folder loop
    default = load_corpus([corpus])
    reasons = {w.source: w.reason for w in default.warnings}
    assert {v.source for s in default.stories for v in s.versions} == {"here.txt", "in-link.txt"}
    assert (
        "outside the corpus folder" in reasons["out-file.txt"]
        and "--follow-links" in reasons["out-folder"]
    )
    assert "loop" in reasons["self"]
    followed = load_corpus([corpus], follow_links=True)
    assert {v.source for s in followed.stories for v in s.versions} >= {
        "out-file.txt",
        "out-folder/there.txt",
    }
    assert [w.source for w in followed.warnings] == ["self"]


# -- 5: quitting the reader, and names in it --------------------------------------------


def _reader(tmp_path: Path, corpus: Path):
    from tui.reader import CopydeskApp

    return CopydeskApp(
        [str(corpus)],
        state_path=tmp_path / "state.json",
        config_path=tmp_path / "config.toml",
        index_path=tmp_path / "index.sqlite",
    )


async def _listed(pilot) -> None:
    """Until the stories are listed (the load starts after the first frame)."""
    for _ in range(500):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if pilot.app.corpus is not None:
            return
        await pilot.pause(0.01)


async def _told(pilot) -> None:
    """Until the app has shown a notification (at most a few seconds)."""
    for _ in range(300):
        if pilot.app._notifications:
            return
        await pilot.pause(0.02)


async def test_q_while_loading_quits_at_once_and_commits_no_partial_index(tmp_path, monkeypatch):
    from tui.corpus.index import refresh as indexing
    from tui.reader.widgets.story_list import StoryList

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (SEEDS / "000_0cee396f89fa8bc0.txt").read_text("utf-8")
    for n in range(400):
        (corpus / f"copy-{n:03d}.txt").write_text(text.replace("Rubio", f"Rubio{n}"), "utf-8")
    ended, outcome = threading.Event(), []
    real = indexing.open_corpus

    def watched(*args, **kwargs):
        try:
            outcome.append(real(*args, **kwargs))
        except BaseException as error:
            outcome.append(error)
            raise
        finally:
            ended.set()

    monkeypatch.setattr(indexing, "open_corpus", watched)
    app = _reader(tmp_path, corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        stories = app.screen.query_one(StoryList)
        while "…" not in stories.empty_text:  # a stage of the load is on screen
            assert not ended.is_set(), "the load ended before q could be pressed"
            await pilot.pause(0.01)
        load = next(w for w in app.workers if w.group == "load")
        await pilot.press("q")
    assert app.return_code == 0 and load.is_cancelled
    assert ended.wait(60)  # the worker stops at its next progress report
    assert type(outcome[0]).__name__ == "Cancelled"
    with sqlite3.connect(tmp_path / "index.sqlite") as db:
        assert (
            db.execute("SELECT count(*) FROM files").fetchone()[0] == 0
        )  # nothing of it committed
        assert db.execute("SELECT count(*) FROM meta WHERE key = 'generation'").fetchone()[0] == 0


async def test_ctrl_c_quits_the_reader_with_status_130(tmp_path):
    app = _reader(tmp_path, SEEDS)
    async with app.run_test(size=(100, 30)) as pilot:
        await _listed(pilot)
        await pilot.press("ctrl+c")
    assert app.return_code == 130


async def test_names_in_the_reader_are_escaped_in_notifications_and_headers(tmp_path):
    from tui.reader.widgets.article import ArticleView

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "001_f37c53d0b554e430.txt", corpus / "\x1b]0;PWNED\x07story [bold]x.txt")
    (corpus / "\x1b[2Jempty.txt").write_bytes(b"")
    os.mkfifo(corpus / "\x1b]52;c;SGk=\x07pipe.txt")
    app = _reader(tmp_path, corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await _listed(pilot)
        await _told(pilot)  # the skipped files are told just after the list is shown
        messages = [str(n.message) for n in app._notifications]
        assert "skipped \\x1b[2Jempty.txt: empty file" in messages
        assert "skipped \\x1b]52;c;SGk=\\x07pipe.txt: not a regular file (a FIFO)" in messages
        await pilot.press("enter")
        await pilot.pause()
        title = str(app.screen.query_one(ArticleView).border_title)
        assert "\\x1b]0;PWNED" in title and "[bold]x" in title
        assert not any("\x1b" in m or "\x07" in m for m in messages + [title])
