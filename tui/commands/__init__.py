"""The bodies of the `copydesk` sub-commands, one module per command or group.

`tui.cli` builds the parser from the `add_parser` function of each module and calls
the command's function; the helpers here are what they share: the corpus paths,
the console and messages that are always printable.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..corpus import Corpus, printable, seeds_path

if TYPE_CHECKING:
    from rich.console import Console

INDEX_HELP = "index database (default: under the user cache folder)"
LINKS_HELP = (
    "also read symbolic links that lead out of the corpus folders "
    "(links inside them are always read)"
)


def corpus_paths(values: Sequence[str]) -> list[str]:
    """The paths given, or the bundled seeds."""
    return list(values) if values else [str(seeds_path())]


def console(stream: IO[str] | None = None) -> Console:
    """A console that never reads markup, emoji or highlighting into corpus text."""
    from rich.console import Console

    return Console(
        file=stream or sys.stdout, highlight=False, emoji=False, markup=False, soft_wrap=False
    )


def say(text: str, stream: IO[str] | None = None, style: str | None = None) -> None:
    """One message (to stderr unless told), printable whatever names or errors it quotes."""
    console(stream or sys.stderr).print(printable(text), style=style, markup=False, soft_wrap=True)


def load(args: argparse.Namespace) -> Corpus:
    """The corpus at the paths: through its index (made or refreshed as needed), or read
    in memory with --no-index."""
    from ..corpus import open_corpus

    corpus, report = open_corpus(
        corpus_paths(args.paths),
        args.index,
        follow_links=args.follow_links,
        index=not args.no_index,
    )
    for note in report.notes:
        say(f"note: {note}")
    return corpus


def report_warnings(corpus: Corpus) -> None:
    for warning in corpus.warnings:
        say(f"skipped {warning.source}: {warning.reason}", style="yellow")


def add_corpus_options(parser: argparse.ArgumentParser, answering: bool = False) -> None:
    """--follow-links; with `answering` (commands that print from the corpus), --index and
    --no-index too."""
    parser.add_argument("--follow-links", action="store_true", help=LINKS_HELP)
    if answering:
        parser.add_argument("--index", type=Path, help=INDEX_HELP)
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="read the files in memory, without making or using an index",
        )
