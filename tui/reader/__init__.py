"""The Textual reader: the UI layer on top of `tui.corpus` (imports point only that way)."""

from .app import CopydeskApp, run_app

__all__ = ["CopydeskApp", "run_app"]
