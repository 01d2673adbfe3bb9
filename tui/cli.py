"""The `copydesk` command: open the reader, or script the data layer.

copydesk [PATH...]                      open the reader (default: the bundled seeds)
copydesk stories [PATH...] [--json]     list stories and their versions
copydesk show STORY_ID [PATH...] [-v N] print one version's clean text
copydesk search QUERY [PATH...]         fuzzy search, hits grouped by story
copydesk quotes [PATH...] [--speaker S] every quotation once per story, with its speaker
copydesk index [PATH...] [--rebuild]    build or refresh the corpus index
copydesk stats [PATH...]                what the index holds
copydesk bench [...]                    time the pipeline on a generated corpus
copydesk config [--check | --path]      check the config file (key remaps), or say where
copydesk serve [PATH...] [--host HOST] [--port PORT]  the reader in a web browser
copydesk completion {bash,zsh,fish}     print a shell completion script
copydesk --version                      print the version

The bodies of the commands are in `tui.commands`, one module per command or group;
this module builds the parser from them and runs the one asked for.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import textwrap
from collections.abc import Sequence

from . import __version__

COMMANDS = (
    "read",
    "stories",
    "show",
    "search",
    "quotes",
    "index",
    "stats",
    "bench",
    "config",
    "serve",
    "completion",
)
GLOBAL_OPTIONS = ("-h", "--help", "--version")

# The module in `tui.commands` that adds each command's parser, and its function, in the
# order the commands are listed; one function may add two commands.
PARSERS = (
    ("read", "add_parser", ("read",)),
    ("stories", "add_parsers", ("stories", "show")),
    ("search", "add_parser", ("search",)),
    ("quotes", "add_parser", ("quotes",)),
    ("index", "add_parsers", ("index", "stats")),
    ("bench", "add_parser", ("bench",)),
    ("config", "add_parser", ("config",)),
    ("serve", "add_parser", ("serve",)),
    ("completion", "add_parser", ("completion",)),
)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The `copydesk` parser, every command in it; with `only`, just that command's (and
    its sibling's): a command run needs no other, and argparse takes a while over each."""
    usage = __doc__.split("\n\n")[1]
    parser = argparse.ArgumentParser(
        prog="copydesk",
        description=__doc__.split("\n")[0],
        epilog=f"commands:\n{textwrap.indent(usage, '  ')}\n\n"
        "See `copydesk COMMAND --help` for one command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"copydesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module, function, names in PARSERS:
        if only is None or only in names:
            getattr(importlib.import_module(f".commands.{module}", __package__), function)(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from .commands import check_paths

    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS and argv[0] not in GLOBAL_OPTIONS:
        argv = ["read", *argv]
    args = build_parser(None if argv[0] in GLOBAL_OPTIONS else argv[0]).parse_args(argv)
    if hasattr(signal, "SIGXFSZ"):
        # over a file size limit, a write fails (and is reported) instead of killing us
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    if getattr(args, "paths", None) is not None and check_paths(args.paths):
        return 2  # a PATH missing or unreadable: said, and nothing read or made
    try:
        code: int = args.func(args)
        return code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
