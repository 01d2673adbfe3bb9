"""The Textual reader: the UI layer on top of `tui.corpus` (imports point only that way)."""

from .app import CopydeskApp

__all__ = ["CopydeskApp"]
