"""The warm path of a command: a corpus that did not change answered from the index alone
(`show` reading its one story), the files still looked at every time, and what `show`
prints the same with or without Rich."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEEDS
from tui.commands import console
from tui.corpus.index.refresh import open_corpus


def _indexed(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = tmp_path / "i.sqlite"
    full, _ = open_corpus([corpus], index)
    return corpus, index, full


def test_show_reads_one_story_without_the_list(tmp_path):
    corpus, index, full = _indexed(tmp_path)
    rubio = max(full.stories, key=lambda s: len(s.versions))
    unlisted, report = open_corpus([corpus], index, lazy=True, listed=False)
    assert report.warm and unlisted.files == full.files and unlisted.warnings == full.warnings
    found = unlisted.story(rubio.id[:4])  # an id's start, as `show` takes it
    assert unlisted._stories is None  # the list was never read
    assert found is not None and found.id == rubio.id
    assert [v.to_dict() for v in found.versions] == [v.to_dict() for v in rubio.versions]
    assert unlisted.story("") is not None and unlisted.story("").id == full.stories[0].id
    for missing in ("zz", "\udcff", "a\0", rubio.id + "0"):
        assert unlisted.story(missing) is None, missing
    assert unlisted.to_dict() == full.to_dict()  # once used, the list is the whole corpus
    assert unlisted.story(rubio.id[:4]).id == rubio.id


def test_a_warm_open_still_notices_each_kind_of_change(tmp_path):
    corpus, index, _ = _indexed(tmp_path)
    (corpus / "desk").mkdir()
    (corpus / "desk" / "note.txt").write_text("Wire note\n\nA short note filed late.\n", "utf-8")
    single = tmp_path / "single.txt"
    single.write_text("Single file\n\nA file named on its own, not in a folder.\n", "utf-8")
    roots = [corpus, single]
    open_corpus(roots, index)
    assert open_corpus(roots, index)[1].warm

    def touched(path):  # the same size, a later modification time
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))

    for change in (
        lambda: touched(corpus / "desk" / "note.txt"),  # a file in a subfolder
        lambda: touched(single),  # a file named directly
        lambda: (corpus / "desk" / "late.txt").write_text("Late\n\nAdded after.\n", "utf-8"),
        lambda: (corpus / "desk" / "late.txt").unlink(),
    ):
        change()
        _, report = open_corpus(roots, index, lazy=True, listed=False)
        assert not report.warm, change
        assert open_corpus(roots, index)[1].warm  # and settled again


def _rich(lines, stream):
    """What `show` printed before: each text through Rich, as the old code did."""
    from rich.text import Text

    out = console(stream, soft_wrap=True)
    for text, style in lines:
        out.print(Text(text, style=style)) if text else out.print()


LINES = [
    ("A [bold]title[/bold] that looks like markup :smile:", "bold"),
    ("By Ana Núñez · 2025-07-10", "italic"),
    ("", ""),
    ("A paragraph far longer than eighty columns, " * 5 + "ending here.", ""),
    ("", ""),
    ("全角の文字と emoji 🎉 and a combining é", "dim italic"),
]


@pytest.mark.parametrize(
    "extra",
    [
        [],
        [("a\ttab", "")],  # Rich expands tabs: written through Rich
        [("bell\x07 and \x1b[31mescape\r", "")],  # control characters: through Rich
    ],
)
def test_plain_output_is_what_rich_writes(extra):
    from tui.commands.stories import print_lines

    lines = LINES + extra
    ours, theirs = io.StringIO(), io.StringIO()
    print_lines(lines, ours)
    _rich(lines, theirs)
    assert ours.getvalue() == theirs.getvalue()


def test_plain_output_leaves_rich_to_a_forced_terminal(monkeypatch):
    from tui.commands.stories import print_lines

    monkeypatch.setenv("FORCE_COLOR", "1")
    ours, theirs = io.StringIO(), io.StringIO()
    print_lines(LINES, ours)
    _rich(LINES, theirs)
    assert "\x1b[1m" in ours.getvalue() and ours.getvalue() == theirs.getvalue()


def test_show_warm_prints_the_story_as_stories_lists_it(tmp_path):
    corpus, index, full = _indexed(tmp_path)
    rubio = max(full.stories, key=lambda s: len(s.versions))

    def run(story, *options):
        return subprocess.run(
            [sys.executable, "-m", "tui", "show", story, str(corpus), "--index", str(index)]
            + list(options),
            cwd=ROOT,
            capture_output=True,
            text=True,
        )

    shown = run(rubio.id[:6], "-v", "2")
    version = rubio.versions[1]
    assert shown.returncode == 0 and shown.stdout.splitlines()[0] == (version.title or rubio.title)
    assert all(p in shown.stdout.splitlines() for p in version.paragraphs)
    assert run("zz").returncode == 2


def test_a_command_is_parsed_by_its_own_parser_as_by_the_whole():
    from tui.cli import COMMANDS, build_parser

    argv = ["show", "a3e5", "seeds", "-v", "2", "--index", "i.sqlite", "--jobs", "2"]
    assert vars(build_parser("show").parse_args(argv)) == vars(build_parser().parse_args(argv))
    whole = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in COMMANDS:
        alone = build_parser(name)._subparsers._group_actions[0].choices  # type: ignore[union-attr]
        assert alone[name].format_help() == whole[name].format_help(), name


def test_a_saved_index_is_opened_as_it_is_or_not_at_all(tmp_path):
    """`open_stored`: the saved corpus without a look at the files, or None where only
    `open_corpus` can bring it (no index yet, a damaged one, too many stories)."""
    from tui.corpus import open_stored

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = tmp_path / "i.sqlite"
    assert open_stored([corpus], index) is None and not index.exists()  # nothing made
    full, built = open_corpus([corpus], index)
    (corpus / "late.txt").write_text("Late file\n\nFiled after the index was saved.\n", "utf-8")
    found = open_stored([corpus], index)
    assert found is not None
    stored, report = found
    assert not report.checked and report.generation == built.generation
    assert stored.to_dict() == full.to_dict()  # as saved: the late file is not in it
    assert open_stored([corpus], index, most=len(full.stories)) is not None
    assert open_stored([corpus], index, most=len(full.stories) - 1) is None
    with sqlite3.connect(index) as db:  # as if made by another version of copydesk
        db.execute("PRAGMA user_version = 1")
    assert open_stored([corpus], index) is None
    assert sqlite3.connect(index).execute("PRAGMA user_version").fetchone()[0] == 1  # left
    index.write_bytes(b"not a database at all" * 100)
    assert open_stored([corpus], index) is None
    assert index.read_bytes().startswith(b"not a database")  # left for open_corpus to set aside
    assert open_corpus([corpus], index)[1].notes  # which says so
