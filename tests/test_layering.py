"""The data layer stays UI-free: importing it must not pull in Textual or Rich."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_corpus_imports_no_ui():
    code = (
        "import sys, pkgutil, importlib, tui.corpus;"
        "[importlib.import_module('tui.corpus.' + m.name) for m in pkgutil.iter_modules(tui.corpus.__path__)];"
        "from tui.corpus import load_corpus; load_corpus(['seeds']);"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')];"
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ui_imports_point_one_way():
    """Nothing in the data layer names the reader package."""
    for path in (ROOT / "tui" / "corpus").glob("*.py"):
        text = path.read_text("utf-8")
        assert "tui.reader" not in text and "from ..reader" not in text, path
