"""`copydesk quotes` through the index: an up-to-date index gives every story's quotes
from the table it keeps them in, the same as finding them in the versions now."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import SEEDS
from tui import cli


def _quotes(capsys, *argv: str) -> dict:
    assert cli.main(["quotes", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "news"
    shutil.copytree(SEEDS, folder)
    return folder


def test_quotes_kept_in_the_index_are_those_found_in_the_versions(tmp_path, corpus, capsys):
    index = str(tmp_path / "index.sqlite")
    fresh = _quotes(capsys, str(corpus), "--no-index")
    assert sum(len(s["quotes"]) for s in fresh["stories"]) > 20
    assert _quotes(capsys, str(corpus), "--index", index) == fresh  # the index made


def test_a_warm_index_lists_quotes_without_reading_a_version(tmp_path, corpus, capsys, monkeypatch):
    import tui.corpus.analysis.quotes as quotes
    from tui.corpus.model import LazyStory

    index = str(tmp_path / "index.sqlite")
    made = _quotes(capsys, str(corpus), "--index", index)

    def refuse(*_args, **_kwargs):
        raise AssertionError("a version was read")

    monkeypatch.setattr(quotes, "story_quotes", refuse)
    monkeypatch.setattr(LazyStory, "versions", property(refuse))
    assert _quotes(capsys, str(corpus), "--index", index) == made


def test_a_changed_file_changes_its_storys_kept_quotes(tmp_path, corpus, capsys):
    index = str(tmp_path / "index.sqlite")
    before = _quotes(capsys, str(corpus), "--index", index)
    quote, source = next(  # a quote one file alone carries
        (q["text"], q["sources"][0])
        for s in before["stories"]
        for q in s["quotes"]
        if len(q["sources"]) == 1 and len(q["text"]) > 40
    )
    seed = corpus / source
    text = seed.read_text("utf-8")
    assert quote[:40] in text
    seed.write_text(text.replace(quote[:40], "Nothing was said here", 1), "utf-8")
    after = _quotes(capsys, str(corpus), "--index", index)
    assert after == _quotes(capsys, str(corpus), "--no-index")
    assert not any(q["text"] == quote for s in after["stories"] for q in s["quotes"])
