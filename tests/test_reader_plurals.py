"""The reader counts in words a newcomer reads right: one file, two files."""

from __future__ import annotations

import shutil

from tests.conftest import SEEDS
from tests.test_reader import _app, _lines, _loaded
from tui.reader.widgets.article import ArticleView


async def _welcome(tmp_path, empties: int) -> str:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(next(SEEDS.glob("000_*.txt")), corpus)
    for n in range(empties):
        (corpus / f"empty{n}.txt").write_text("", "utf-8")
    async with _app(tmp_path, [corpus]).run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        return _lines(pilot.app.screen.query_one(ArticleView))


async def test_one_skipped_file_is_one_file(tmp_path):
    text = " ".join((await _welcome(tmp_path, 1)).split())
    assert "1 file was skipped" in text and "1 files" not in text
    assert "1 story from 1 file (1 version;" in text


async def test_two_skipped_files_are_files(tmp_path):
    assert "2 files were skipped" in " ".join((await _welcome(tmp_path, 2)).split())
