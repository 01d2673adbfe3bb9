"""The bodies of the `copydesk` sub-commands, one module per command or group.

`tui.cli` builds the parser from the `add_parser` function of each module and calls
the command's function; the helpers here are what they share: the corpus paths,
the console and messages that are always printable.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..corpus import Corpus, printable, seeds_path, shown

if TYPE_CHECKING:
    from rich.console import Console

    from ..corpus import IndexReport

INDEX_HELP = "index database (default: under the user cache folder)"
PATHS_HELP = "corpus files or folders, read recursively (default: the bundled seeds)"
LINKS_HELP = (
    "also read symbolic links that lead out of the corpus folders "
    "(links inside them are always read)"
)


def corpus_paths(values: Sequence[str]) -> list[str]:
    """The paths given, or the bundled seeds."""
    return list(values) if values else [str(seeds_path())]


def plural(count: int, word: str, many: str | None = None, *, commas: bool = False) -> str:
    """`count` and the word, singular for one: "1 story", "2 stories", "0 files"."""
    number = f"{count:,}" if commas else str(count)
    return f"{number} {word if count == 1 else many or word + 's'}"


def _path_problem(path: str) -> str | None:
    """Why a corpus path given cannot be read, or None."""
    if not os.path.lexists(path):
        return "no such file or folder"
    if not os.path.exists(path):
        return "broken symbolic link (its target does not exist)"
    if os.path.isdir(path):
        if not os.access(path, os.R_OK | os.X_OK):
            return "folder not readable (permission denied)"
    elif not os.access(path, os.R_OK):
        return "file not readable (permission denied)"
    return None


def check_paths(values: Sequence[str]) -> int:
    """0 when every path given can be read; else one message per path that cannot, and 2
    (before anything is read or made, an index database included)."""
    code = 0
    for path in values:
        problem = _path_problem(path)
        if problem:
            say(f"copydesk: {shown(path)}: {problem}")
            code = 2
    return code


def piped(stream: IO[str] | None = None) -> bool:
    """Whether the stream (stdout unless told) is not a terminal: a pipe or a file."""
    stream = stream or sys.stdout
    try:
        return not stream.isatty()
    except (AttributeError, ValueError):
        return True


def console(stream: IO[str] | None = None, soft_wrap: bool = False) -> Console:
    """A console that never reads markup, emoji or highlighting into corpus text (with
    `soft_wrap`, lines are never broken at its width)."""
    from rich.console import Console

    return Console(
        file=stream or sys.stdout, highlight=False, emoji=False, markup=False, soft_wrap=soft_wrap
    )


def say(text: str, stream: IO[str] | None = None, style: str | None = None) -> None:
    """One message (to stderr unless told), printable whatever names or errors it quotes."""
    console(stream or sys.stderr).print(printable(text), style=style, markup=False, soft_wrap=True)


def opened(
    args: argparse.Namespace, lazy: bool = False, damaged: str | None = None, listed: bool = True
) -> tuple[Corpus, IndexReport]:
    """The corpus at the paths, through its index (made or refreshed as needed; set aside
    and rebuilt if `damaged` says why), or read in memory with --no-index, with what
    opening did; the index's notes are said on stderr. With `lazy`, an unchanged
    corpus's stories read their versions from the index only when asked for; with
    `listed` False too, its list of stories (`corpus.story(id)` reads just the one)."""
    from ..corpus import open_corpus

    corpus, report = open_corpus(
        corpus_paths(args.paths),
        args.index,
        follow_links=args.follow_links,
        index=not args.no_index,
        jobs=args.jobs,
        lazy=lazy,
        damaged=damaged,
        listed=listed,
    )
    for note in report.notes:
        say(f"note: {note}")
    return corpus, report


def load(args: argparse.Namespace, lazy: bool = False, listed: bool = True) -> Corpus:
    """`opened`'s corpus (one story shown of many: `lazy`, and not `listed`)."""
    return opened(args, lazy, listed=listed)[0]


def report_warnings(corpus: Corpus) -> None:
    for warning in corpus.warnings:
        say(f"skipped {warning.source}: {warning.reason}", style="yellow")


def add_command(sub: Any, name: str, summary: str, *examples: str) -> argparse.ArgumentParser:
    """A sub-command's parser: its summary as help and description, its examples as epilog."""
    lines = "\n".join(f"  {example}" for example in examples)
    return sub.add_parser(  # type: ignore[no-any-return]
        name,
        help=summary,
        description=summary[0].upper() + summary[1:] + ".",
        epilog=f"example{'s' if len(examples) > 1 else ''}:\n{lines}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_paths(parser: argparse.ArgumentParser) -> None:
    """The PATH... arguments (optional: the bundled seeds by default)."""
    parser.add_argument("paths", nargs="*", default=[], metavar="PATH", help=PATHS_HELP)


def _positive(text: str) -> int:
    """A count of one or more (for --jobs)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def add_corpus_options(
    parser: argparse.ArgumentParser, answering: bool = False, jobs: bool = True
) -> None:
    """--follow-links and (with `jobs`) --jobs; with `answering` (commands that print from
    the corpus), --index and --no-index too."""
    parser.add_argument("--follow-links", action="store_true", help=LINKS_HELP)
    if jobs:
        parser.add_argument(
            "--jobs",
            type=_positive,
            metavar="N",
            help="processes that read and clean files (default: one per core; the result "
            "is the same)",
        )
    if answering:
        parser.add_argument("--index", type=Path, help=INDEX_HELP)
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="read the files in memory, without making or using an index",
        )
