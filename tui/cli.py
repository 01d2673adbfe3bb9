"""The `copydesk` command: open the reader, or script the data layer.

    copydesk [PATH...]                      open the reader (default: the bundled seeds)
    copydesk stories [PATH...] [--json]     list stories and their versions
    copydesk show STORY_ID [PATH...] [-v N] print one version's clean text
    copydesk bench [...]                    time the pipeline on a generated corpus
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .corpus.bundled import seeds_path

COMMANDS = ("read", "stories", "show", "bench")


def _paths(values: Sequence[str]) -> list[str]:
    return list(values) if values else [str(seeds_path())]


def _console(stream=None):
    from rich.console import Console

    return Console(file=stream or sys.stdout, highlight=False, emoji=False, markup=False, soft_wrap=False)


def _load(paths: list[str]):
    from .corpus import load_corpus

    return load_corpus(paths)


def _report_warnings(corpus, console) -> None:
    for warning in corpus.warnings:
        console.print(f"skipped {warning.source}: {warning.reason}", style="yellow", markup=False)


def cmd_stories(args: argparse.Namespace) -> int:
    corpus = _load(_paths(args.paths))
    if args.json:
        json.dump(corpus.to_dict(), sys.stdout, ensure_ascii=False, indent=2 if args.indent else None)
        sys.stdout.write("\n")
        return 0
    from rich.table import Table
    from rich.text import Text

    console = _console()
    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("versions", justify="right")
    table.add_column("title", overflow="fold")
    for story in corpus.stories:
        table.add_row(Text(story.id), Text(story.date or "—"), Text(str(len(story.versions))), Text(story.title))
    console.print(table)
    console.print(
        Text(f"{len(corpus.stories)} stories, {sum(len(s.versions) for s in corpus.stories)} versions "
             f"from {corpus.files} files", style="dim")
    )
    _report_warnings(corpus, _console(sys.stderr))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from rich.text import Text

    corpus = _load(_paths(args.paths))
    story = corpus.story(args.story_id)
    err = _console(sys.stderr)
    if story is None:
        err.print(Text(f"copydesk: no story with id {args.story_id!r} (see `copydesk stories`)"))
        return 2
    if args.version is None:
        version = story.canonical
        number = story.versions.index(version) + 1
    elif 1 <= args.version <= len(story.versions):
        number = args.version
        version = story.versions[number - 1]
    else:
        err.print(Text(f"copydesk: story {story.id} has versions 1 to {len(story.versions)}"))
        return 2
    console = _console()
    console.print(Text(version.title or story.title, style="bold"))
    meta = " · ".join(x for x in (version.byline and f"By {version.byline}", version.date) if x)
    if meta:
        console.print(Text(meta, style="italic"))
    console.print(
        Text(f"version {number} of {len(story.versions)} · {version.source} · lines "
             f"{version.lines[0]}–{version.lines[1]} · {version.similarity:.0%} like the canonical", style="dim")
    )
    for index, paragraph in enumerate(version.paragraphs):
        console.print()
        console.print(Text(paragraph, style="bold" if index in version.subheads else ""))
    for caption in version.captions:
        console.print()
        console.print(Text("Caption: " + caption, style="dim italic"))
    for credit in version.credits:
        console.print()
        console.print(Text(credit, style="dim"))
    return 0


def cmd_read(args: argparse.Namespace) -> int:
    """Open the reader on PATH... (or the bundled seeds)."""
    paths = _paths(args.paths)
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        err = _console(sys.stderr)
        for path in missing:
            err.print(f"copydesk: {path}: no such file or folder", markup=False, highlight=False)
        return 2
    from .reader import CopydeskApp

    app = CopydeskApp(paths, state_path=args.state, config_path=args.config)
    app.run()
    return app.return_code or 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench import run_bench, run_reader_bench

    return run_reader_bench(args) if args.reader else run_bench(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="copydesk", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command")

    read = sub.add_parser("read", help="open the reader (the default command)")
    read.add_argument("paths", nargs="*", metavar="PATH")
    read.add_argument("--state", type=Path, help="state file (default: under the user state folder)")
    read.add_argument("--config", type=Path, help="config file with a \"keymap\" table")
    read.set_defaults(func=cmd_read)

    stories = sub.add_parser("stories", help="list stories and their versions")
    stories.add_argument("paths", nargs="*", metavar="PATH")
    stories.add_argument("--json", action="store_true", help="print the stories as JSON")
    stories.add_argument("--indent", action="store_true", help="indent the JSON")
    stories.set_defaults(func=cmd_stories)

    show = sub.add_parser("show", help="print one version's clean text")
    show.add_argument("story_id", metavar="STORY_ID")
    show.add_argument("paths", nargs="*", metavar="PATH")
    show.add_argument("--version", "-v", type=int, help="version number (1-based; default: the canonical)")
    show.set_defaults(func=cmd_show)

    bench = sub.add_parser("bench", help="time reading, cleaning and clustering on a generated corpus")
    bench.add_argument("--versions", type=int, default=10_000, help="versions to generate (default 10000)")
    bench.add_argument("--source", action="append", help="folder of real articles to build from")
    bench.add_argument("--keep", metavar="DIR", help="write the generated corpus here and keep it")
    bench.add_argument("--seed", type=int, default=7)
    bench.add_argument("--reader", action="store_true",
                       help="time the reader's first paint against a bare Textual app instead")
    bench.add_argument("--corpus", action="append", metavar="PATH", help="with --reader: the corpus to open")
    bench.add_argument("--rounds", type=int, default=5, help="with --reader: alternating runs (default 5)")
    bench.set_defaults(func=cmd_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or argv[0] not in COMMANDS and argv[0] not in ("-h", "--help"):
        argv = ["read", *argv]
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
