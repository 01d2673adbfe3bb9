"""Files held between reading steps (`tui.corpus.ingest.held`): what comes back from the
temporary file equals what went in, and a corpus read with every chunk written out
reads as one held in memory."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from tests.conftest import SEEDS
from tui.corpus import load_corpus
from tui.corpus.ingest import held, workers
from tui.corpus.ingest.discover import CorpusFile
from tui.corpus.ingest.files import read_file
from tui.corpus.ingest.pipeline import classify_file, settle, start_file


def _works():
    texts = [read_file(CorpusFile(p, p.name), 10**7) for p in sorted(SEEDS.glob("*.txt"))]
    works = [start_file(t) for t in texts]
    keeps = settle([(w.source, w.breaks) for w in works], None, None)
    for work, keep in zip(works, keeps, strict=True):
        classify_file(work, keep)
    return works


def test_chunks_come_back_as_they_went_out():
    works = _works()
    store = held.Held(budget=0)  # everything to the temporary file
    store.put(0, works[:2])
    store.put(1, works[2:])
    back = store.take(1) + store.take(0)
    assert [w.source for w in back] == [w.source for w in works[2:] + works[:2]]
    for got, want in zip(back, works[2:] + works[:2], strict=True):
        assert got.units == want.units
        assert got.tokens == want.tokens
        assert list(got.lengths) == list(want.lengths)
    assert store.chars == 0
    store.clear()


def test_a_chunk_keeps_its_place_and_memory_is_counted():
    works = _works()
    chars = sum(sum(w.lengths) for w in works[:1])
    store = held.Held(budget=chars)
    store.put(0, works[:1])  # fits: in memory
    store.put(1, works[1:2])  # over the budget: written out
    assert store.chars == chars
    again = store.take(0)
    assert again[0] is works[0] and store.chars == 0
    store.put(0, again)
    store.take(1)
    store.put(1, works[1:2])  # written out again, though memory is free now
    assert store.chars == chars
    store.clear()
    assert store.chars == 0


def _export(corpus) -> str:
    stories = [s.to_dict() for s in corpus.stories]
    return json.dumps({"stories": stories, "files": corpus.files}, sort_keys=True)


def test_a_corpus_read_through_the_file_reads_as_in_memory(tmp_path: Path, monkeypatch):
    for n, seed in enumerate(sorted(SEEDS.glob("*.txt"))):
        text = seed.read_text("utf-8")
        (tmp_path / f"a{n}.txt").write_text(text, "utf-8")
        paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
        wrapped = "\n\n".join(textwrap.fill(p, 60) for p in paragraphs)
        (tmp_path / f"b{n}.txt").write_text(wrapped, "utf-8")
    monkeypatch.setattr(workers, "CHUNK", 2)
    opened: list[object] = []
    real = held.tempfile.TemporaryFile

    def spied(*args, **kwargs):
        opened.append(real(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(held.tempfile, "TemporaryFile", spied)
    in_memory = _export(load_corpus([tmp_path], jobs=1))
    assert not opened  # a small corpus stays in memory
    monkeypatch.setattr(held, "BUDGET", 0)
    assert _export(load_corpus([tmp_path], jobs=1)) == in_memory
    assert len(opened) == 1


def test_a_temporary_folder_that_cannot_take_a_chunk_leaves_it_in_memory(monkeypatch):
    works = _works()
    store = held.Held(budget=0)
    store.put(0, works[:2])  # written out

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store._file, "write", full)
    store.put(1, works[2:])  # cannot go out: kept in memory
    assert store.full and store.chars == sum(sum(w.lengths) for w in works[2:])
    store.put(0, store.take(0))  # nor can the first again, once its next step is done
    back = store.take(0) + store.take(1)
    assert [w.units for w in back] == [w.units for w in works]
    assert store.chars == 0
    store.clear()
