"""The `copydesk` command: JSON export shape, show, and bad input that never tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEEDS

VERSION_KEYS = {
    "id",
    "source",
    "lines",
    "title",
    "byline",
    "date",
    "dateline",
    "paragraphs",
    "subheads",
    "captions",
    "similarity",
    "canonical",
}


def _run(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], cwd=cwd, capture_output=True, text=True
    )


def test_stories_json_shape():
    result = _run("stories", "--json", str(SEEDS))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"stories", "warnings"} and data["warnings"] == []
    assert len(data["stories"]) == 2
    for story in data["stories"]:
        assert isinstance(story["id"], str) and isinstance(story["title"], str)
        for v in story["versions"]:
            assert VERSION_KEYS <= set(v)
            assert isinstance(v["lines"], list) and len(v["lines"]) == 2
            assert all(isinstance(p, str) for p in v["paragraphs"])
            assert all(isinstance(i, int) for i in v["subheads"])
            assert isinstance(v["similarity"], float) and isinstance(v["canonical"], bool)
            assert not os.path.isabs(v["source"])
        assert sum(v["canonical"] for v in story["versions"]) == 1


def test_default_corpus_is_the_seeds():
    assert json.loads(_run("stories", "--json").stdout) == json.loads(
        _run("stories", "--json", str(SEEDS)).stdout
    )


def test_show_plain_when_piped():
    data = json.loads(_run("stories", "--json").stdout)
    rubio = next(s for s in data["stories"] if len(s["versions"]) == 5)
    result = _run("show", rubio["id"][:6], "--version", "1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Rubio to meet Russia's Lavrov with Ukraine tensions high"
    assert lines[1] == "By Matthew Lee · 2025-07-10"
    assert "version 1 of 5 · 004_ef2da63387aa98ac.txt" in lines[2]
    assert "\x1b" not in result.stdout
    assert _run("show", "nope").returncode == 2
    assert "versions 1 to 5" in _run("show", rubio["id"], "-v", "9").stderr


def test_markup_in_corpus_text_is_printed_literally(tmp_path):
    (tmp_path / "m.txt").write_text(
        "A [bold]headline[/bold] here\n\nWASHINGTON (AP) — Text with "
        "[link=http://x]a link[/link] and [red]colour[/] "
        "in it, which must come out exactly as typed by the author.\n",
        "utf-8",
    )
    story = json.loads(_run("stories", "--json", str(tmp_path)).stdout)["stories"][0]
    out = _run("show", story["id"], str(tmp_path)).stdout
    assert "A [bold]headline[/bold] here" in out
    assert "[link=http://x]a link[/link] and [red]colour[/]" in " ".join(out.split())


def test_folder_of_bad_inputs_exports_with_warnings(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.dat").write_bytes(bytes(range(256)) * 4)
    (bad / "huge-line.txt").write_bytes(
        b"lorem ipsum " * (20 * 1024 * 1024 // 12)
    )  # 20 MB, one line
    (bad / "controls.txt").write_bytes(
        "Head\x1b[2Jline\x07\n\nWASHINGTON (AP) — \x1b]8;;http://evil\x07Some\x00 text \x9b31m that"
        " goes on for a while so that it reads as a paragraph.\x1b[0m\n".encode()
    )
    (bad / "utf16.txt").write_bytes(
        "Title\n\nA paragraph of ordinary text that is long enough to read.\n".encode("utf-16")
    )
    (bad / "nav-only.txt").write_text("Home\nMenu\nShare\n", "utf-8")
    os.symlink(bad / "missing", bad / "broken.txt")
    os.symlink(bad / "loop2.txt", bad / "loop1.txt")
    os.symlink(bad / "loop1.txt", bad / "loop2.txt")
    result = _run("stories", "--json", str(bad))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    reasons = {w["source"]: w["reason"] for w in data["warnings"]}
    assert set(reasons) == {
        "empty.txt",
        "binary.dat",
        "huge-line.txt",
        "nav-only.txt",
        "broken.txt",
        "loop1.txt",
        "loop2.txt",
    }
    text = json.dumps(data, ensure_ascii=False)
    assert not any(ch in text for ch in "\x1b\x07\x00\x9b")
    assert len(data["stories"]) == 2


@pytest.mark.slow
def test_bench_search_and_index_run_on_the_seeds(tmp_path):
    env = {**os.environ, "PATH": "/nonexistent"}  # no fzf: the comparison is skipped, not failed
    run = subprocess.run(
        [sys.executable, "-m", "tui", "bench", "--search", "--index", str(tmp_path / "i.sqlite")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    assert (
        "230 units" in run.stdout
        and "keystrokes: median" in run.stdout
        and "built in memory" in run.stdout
    )
    run = subprocess.run(
        [sys.executable, "-m", "tui", "bench", "--index-bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "read and tokenize (reference)" in out and "cold index, --jobs 1:" in out
    assert "x the reference" in out and "versions/s" in out and "peak" in out
    assert "refresh after adding 5 files" in out
