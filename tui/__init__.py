"""copydesk: a keyboard-only terminal reader for news corpora with many versions of each story."""

__version__ = "0.1.0"
