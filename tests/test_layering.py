"""The layers hold: the data layer is UI-free, its stages import only downstream of
them, and the UI sees the data layer only through its public face."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

CORPUS = ROOT / "tui" / "corpus"


def test_corpus_imports_no_ui():
    code = (
        "import sys, pkgutil, importlib, tui.corpus;"
        "[importlib.import_module(m.name)"
        " for m in pkgutil.walk_packages(tui.corpus.__path__, 'tui.corpus.')];"
        "from tui.corpus import open_corpus; open_corpus(['seeds'], index=False);"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')];"
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _imports(path: Path) -> set[str]:
    """The absolute names of the modules `path` imports (relative ones resolved)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def test_ui_imports_point_one_way():
    """Nothing in the data layer names the reader package."""
    for path in CORPUS.rglob("*.py"):
        assert not any(name.startswith("tui.reader") for name in _imports(path)), path


def test_stages_import_downstream_only():
    """Reading knows nothing of grouping's users, search or the index; grouping and
    analysis nothing of search or the index; search nothing of the index."""
    forbidden = {
        "ingest": (
            "tui.corpus.search",
            "tui.corpus.index",
            "tui.corpus.analysis",
            "tui.corpus.build",
        ),
        "grouping": ("tui.corpus.search", "tui.corpus.index", "tui.corpus.build"),
        "analysis": (
            "tui.corpus.search",
            "tui.corpus.index",
            "tui.corpus.ingest",
            "tui.corpus.build",
        ),
        "search": ("tui.corpus.index", "tui.corpus.build"),
    }
    for stage, names in forbidden.items():
        for path in (CORPUS / stage).rglob("*.py"):
            bad = [n for n in _imports(path) if n.startswith(names)]
            assert not bad, (path, bad)


def test_ui_sees_only_the_public_face():
    """The reader and the command line import `tui.corpus` itself, never its stages."""
    for path in [*(ROOT / "tui" / "reader").rglob("*.py"), ROOT / "tui" / "cli.py"]:
        bad = [n for n in _imports(path) if n.startswith("tui.corpus.") and n.count(".") > 2]
        bad = [n for n in bad if n.rsplit(".", 1)[0] != "tui.corpus"]  # names from the face itself
        assert not bad, (path, bad)
