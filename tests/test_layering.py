"""The data layer stays UI-free: importing it must not pull in Textual or Rich."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_corpus_imports_no_ui():
    code = (
        "import sys, tui.corpus, tui.corpus.pipeline, tui.corpus.cluster, tui.corpus.reader;"
        "from tui.corpus import load_corpus; load_corpus(['seeds']);"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')];"
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
