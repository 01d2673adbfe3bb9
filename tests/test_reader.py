"""Reading files: encodings, line ends, and every kind of bad input skipped with a reason."""

from __future__ import annotations

import codecs
import os

from tui.corpus.reader import decode, read_all

TEXT = "Café “quotes” — naïve\nsecond line\n"


def _reasons(skipped):
    return {s.source: s.reason for s in skipped}


def test_decodings(tmp_path):
    (tmp_path / "utf8.txt").write_bytes(TEXT.encode("utf-8"))
    (tmp_path / "bom8.txt").write_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    (tmp_path / "utf16.txt").write_bytes(TEXT.encode("utf-16"))  # with BOM
    (tmp_path / "cp1252.txt").write_bytes(TEXT.encode("cp1252"))
    (tmp_path / "crlf.txt").write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    (tmp_path / "cr.txt").write_bytes(TEXT.replace("\n", "\r").encode("utf-8"))
    texts, skipped = read_all([tmp_path])
    assert skipped == []
    assert len(texts) == 6
    for text in texts:
        assert text.lines[:2] == ["Café “quotes” — naïve", "second line"], text.source


def test_latin1_fallback():
    assert decode(b"caf\xe9 \x81")[1] in ("latin-1", "cp1252")
    assert decode("café".encode("latin-1"))[0] == "café"


def test_bad_inputs_are_skipped_with_reasons(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"   \n\n  ")
    (tmp_path / "binary.bin").write_bytes(b"\x89PNG\x00\x00\x01\x02" * 10)
    (tmp_path / "big.txt").write_bytes(b"word " * 300)
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "broken.txt")
    os.symlink(tmp_path / "loop-b.txt", tmp_path / "loop-a.txt")
    os.symlink(tmp_path / "loop-a.txt", tmp_path / "loop-b.txt")
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path, tmp_path / "sub" / "up")  # a folder loop
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "ok.txt").write_text("A headline\n\nSome text that is fine.\n", "utf-8")
    texts, skipped = read_all([tmp_path], max_bytes=1000)
    reasons = _reasons(skipped)
    assert [t.source for t in texts] == ["ok.txt"]
    assert reasons["empty.txt"] == "empty file"
    assert "white space" in reasons["blank.txt"]
    assert "binary" in reasons["binary.bin"]
    assert "too large" in reasons["big.txt"]
    assert "broken" in reasons["broken.txt"]
    assert "loop" in reasons["loop-a.txt"] and "loop" in reasons["loop-b.txt"]
    assert "not a regular file" in reasons["fifo.txt"]
    assert any("loop" in r for s, r in reasons.items() if s.startswith("sub"))


def test_missing_path_is_a_warning(tmp_path):
    texts, skipped = read_all([tmp_path / "absent"])
    assert texts == [] and "no such file" in skipped[0].reason


def test_control_characters_never_survive(tmp_path):
    nasty = "Title\x1b[31m red\x1b[0m\x07\n\x1b]0;evil title\x07Body \x9b2J text\x00?\n"
    (tmp_path / "ctl.txt").write_bytes(codecs.BOM_UTF8 + nasty.encode("utf-8"))
    texts, skipped = read_all([tmp_path])
    joined = "\n".join(texts[0].lines)
    assert not any(ord(ch) < 32 and ch != "\n" or 0x7F <= ord(ch) <= 0x9F for ch in joined)
    assert "[31m" not in joined and "evil title" not in joined
    assert texts[0].lines[0] == "Title red"


def test_very_long_line_is_skipped(tmp_path):
    (tmp_path / "one-line.txt").write_bytes(b"x" * 300_000)
    texts, skipped = read_all([tmp_path])
    assert texts == [] and "line of 300,000 characters" in skipped[0].reason


def test_corpus_files_are_never_written(tmp_path):
    from tui.corpus import load_corpus

    path = tmp_path / "a.txt"
    path.write_text("Headline here\n\nWASHINGTON (AP) — Something happened today in the capital city.\n", "utf-8")
    os.chmod(path, 0o444)
    before = (path.stat().st_mtime_ns, path.read_bytes())
    load_corpus([tmp_path])
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before
