"""`copydesk config`: check the reader's config file, or say where it is.

`--check` (the default) reads the file as the reader does and prints each problem on
its own line, the file named first: exit status 1 if there is any, 0 when every remap
can be applied (or there is no file: then it says where one would be read). The checks
are the reader's own (`tui.reader.config`), loaded only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..corpus import shown
from . import add_command, plural, say


def add_parser(sub: Any) -> None:
    config = add_command(
        sub,
        "config",
        "check the config file (key remaps) or print where it is",
        "copydesk config --check",
        "copydesk config --check --config ./config.toml",
        "copydesk config --path",
    )
    what = config.add_mutually_exclusive_group()
    what.add_argument(
        "--check",
        action="store_true",
        help="report every remap that would not be applied, exit 1 if any (the default)",
    )
    what.add_argument("--path", action="store_true", help="print the config file's path")
    config.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="the config file (default: config.toml under the user config folder)",
    )
    config.set_defaults(func=cmd_config)


def cmd_config(args: argparse.Namespace) -> int:
    from ..reader.config import EXAMPLE, load_config

    if args.path:
        from ..reader.config import config_path

        say(shown(config_path(args.config)), sys.stdout)
        return 0
    config = load_config(args.config)
    where = shown(config.path)
    if not config.found:
        say(f"no config file at {where}: the default keys are in use.", sys.stdout)
        say("To remap keys, write it, for example:", sys.stdout)
        for line in EXAMPLE:
            say(f"  {line}", sys.stdout)
        return 0
    for notice in config.notices:
        say(f"{where}: note: {notice}", sys.stdout)
    if config.error:
        say(f"{where}: {config.error}", sys.stdout)
    for problem in config.problems:
        say(f"{where}: {problem}", sys.stdout)
    if config.error or config.problems:
        return 1
    say(f"config OK: {plural(len(config.keymap), 'remap')} in {where}", sys.stdout)
    return 0
