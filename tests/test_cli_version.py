"""`copydesk --version` prints the package's version."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT
from tui import __version__
from tui.cli import main


def test_version_flag_prints_the_package_version(capsys):
    try:
        main(["--version"])
    except SystemExit as stop:
        assert stop.code == 0
    assert capsys.readouterr().out.strip() == f"copydesk {__version__}"


def test_version_flag_from_the_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--version"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"copydesk {__version__}"
    assert __version__.count(".") == 2 and all(p.isdigit() for p in __version__.split("."))
