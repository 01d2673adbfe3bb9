"""The command bodies in `tui.commands` keep to the data layer's public face, as `tui.cli` does,
and the reader does not load the benchmark probe."""

from __future__ import annotations

from tests.test_layering import ROOT, _imports


def test_commands_see_only_the_public_face():
    paths = sorted((ROOT / "tui" / "commands").rglob("*.py"))
    assert paths
    for path in paths:
        bad = [n for n in _imports(path) if n.startswith("tui.corpus.") and n.count(".") > 2]
        bad = [n for n in bad if n.rsplit(".", 1)[0] != "tui.corpus"]
        assert not bad, (path, bad)


def test_the_app_does_not_import_the_bench_probe():
    for path in (ROOT / "tui" / "reader").rglob("*.py"):
        assert not any(name.startswith("tui.tools") for name in _imports(path)), path
