"""`copydesk read` (the default command): open the reader."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from . import INDEX_HELP, add_command, add_corpus_options, add_paths, check_paths, corpus_paths


def add_parser(sub: Any) -> None:
    read = add_command(
        sub,
        "read",
        "open the reader (the default command)",
        "copydesk ~/news        (the same as: copydesk read ~/news)",
        "copydesk --watch 30 ~/news",
    )
    add_paths(read)
    read.add_argument(
        "--state", type=Path, help="state file (default: under the user state folder)"
    )
    read.add_argument(
        "--config",
        type=Path,
        help="config file (TOML) with a [keymap] table; see `copydesk config --check`",
    )
    read.add_argument("--index", type=Path, help=INDEX_HELP)
    read.add_argument(
        "--watch",
        type=float,
        nargs="?",
        const=10.0,
        metavar="SECONDS",
        help="look for new, changed and deleted files every SECONDS (default 10) and refresh",
    )
    read.add_argument(
        "--screenshots",
        type=Path,
        metavar="DIR",
        help="where the palette's Screenshot saves (default: under the user data folder)",
    )
    add_corpus_options(read, jobs=False)
    read.set_defaults(func=cmd_read)


def cmd_read(args: argparse.Namespace) -> int:
    """Open the reader on PATH... (or the bundled seeds)."""
    paths = corpus_paths(args.paths)
    if check_paths(paths):
        return 2
    from ..reader import CopydeskApp, run_app

    app = CopydeskApp(
        paths,
        state_path=args.state,
        config_path=args.config,
        index_path=args.index,
        watch=args.watch,
        follow_links=args.follow_links,
        screenshots=args.screenshots,
    )
    return run_app(app)
