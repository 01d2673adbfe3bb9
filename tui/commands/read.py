"""`copydesk read` (the default command): open the reader."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..corpus import shown
from . import INDEX_HELP, add_corpus_options, corpus_paths, say


def add_parser(sub: Any) -> None:
    read = sub.add_parser("read", help="open the reader (the default command)")
    read.add_argument("paths", nargs="*", metavar="PATH")
    read.add_argument(
        "--state", type=Path, help="state file (default: under the user state folder)"
    )
    read.add_argument("--config", type=Path, help='config file with a "keymap" table')
    read.add_argument("--index", type=Path, help=INDEX_HELP)
    read.add_argument(
        "--watch",
        type=float,
        nargs="?",
        const=10.0,
        metavar="SECONDS",
        help="look for new, changed and deleted files every SECONDS (default 10) and refresh",
    )
    add_corpus_options(read)
    read.set_defaults(func=cmd_read)


def cmd_read(args: argparse.Namespace) -> int:
    """Open the reader on PATH... (or the bundled seeds)."""
    paths = corpus_paths(args.paths)
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        for path in missing:
            say(f"copydesk: {shown(path)}: no such file or folder")
        return 2
    from ..reader import CopydeskApp, run_app

    app = CopydeskApp(
        paths,
        state_path=args.state,
        config_path=args.config,
        index_path=args.index,
        watch=args.watch,
        follow_links=args.follow_links,
    )
    return run_app(app)
