"""`copydesk stories` (list stories and their versions) and `copydesk show` (one version's
clean text)."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import IO, Any

from ..corpus import Corpus, Story, Version, printable
from . import (
    add_command,
    add_corpus_options,
    add_paths,
    console,
    load,
    piped,
    plural,
    report_warnings,
    say,
)


def add_parsers(sub: Any) -> None:
    stories = add_command(
        sub,
        "stories",
        "list stories and their versions",
        "copydesk stories ~/news | grep -i ukraine",
        "copydesk stories ~/news --json --indent",
    )
    add_paths(stories)
    stories.add_argument("--json", action="store_true", help="print the stories as JSON")
    stories.add_argument("--indent", action="store_true", help="indent the JSON")
    add_corpus_options(stories, answering=True)
    stories.set_defaults(func=cmd_stories)

    show = add_command(
        sub,
        "show",
        "print one version's clean text",
        "copydesk show a3e5a6 ~/news -v 2    (a story id or its start, from `copydesk stories`)",
    )
    show.add_argument(
        "story_id", metavar="STORY_ID", help="the story's id, or its start (see `copydesk stories`)"
    )
    add_paths(show)
    show.add_argument(
        "--version",
        "-v",
        type=int,
        metavar="N",
        help="version number (1-based; default: the canonical)",
    )
    add_corpus_options(show, answering=True)
    show.set_defaults(func=cmd_show)


def cmd_stories(args: argparse.Namespace) -> int:
    corpus = load(args, lazy=not args.json)  # the list needs no version's text
    if args.json:
        json.dump(
            corpus.to_dict(), sys.stdout, ensure_ascii=False, indent=2 if args.indent else None
        )
        sys.stdout.write("\n")
        return 0
    if piped():
        _print_lines(corpus)
    else:
        _print_table(corpus)
    report_warnings(corpus)
    return 0


def _summary(corpus: Corpus) -> str:
    versions = sum(s.version_count for s in corpus.stories)
    return (
        f"{plural(len(corpus.stories), 'story', 'stories')}, "
        f"{plural(versions, 'version')} from {plural(corpus.files, 'file')}"
    )


def _print_lines(corpus: Corpus) -> None:
    """One story a line, its columns apart by tabs (for grep, cut and awk), never wrapped."""
    write = sys.stdout.write
    write("id\tdate\tversions\ttitle\n")
    for story in corpus.stories:
        cells = (story.id, story.date or "—", str(story.version_count), story.title)
        write("\t".join(printable(" ".join(cell.split("\t"))) for cell in cells) + "\n")
    write(_summary(corpus) + "\n")


def _print_table(corpus: Corpus) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("versions", justify="right")
    table.add_column("title", overflow="fold")
    for story in corpus.stories:
        table.add_row(
            Text(story.id),
            Text(story.date or "—"),
            Text(str(story.version_count)),
            Text(story.title),
        )
    out.print(table)
    out.print(Text(_summary(corpus), style="dim"))


def _chosen(story: Story, wanted: int | None) -> tuple[int, Version] | None:
    """The version asked for (1-based; None: the canonical) and its number, or None."""
    if wanted is None:
        return story.versions.index(story.canonical) + 1, story.canonical
    if 1 <= wanted <= len(story.versions):
        return wanted, story.versions[wanted - 1]
    return None


def cmd_show(args: argparse.Namespace) -> int:
    corpus = load(args, lazy=True, listed=False)  # warm: one story read from the index
    story = corpus.story(args.story_id)
    if story is None:
        say(f"copydesk: no story with id {args.story_id!r} (see `copydesk stories`)")
        return 2
    chosen = _chosen(story, args.version)
    if chosen is None:
        say(f"copydesk: story {story.id} has versions 1 to {len(story.versions)}")
        return 2
    number, version = chosen
    lines = [(version.title or story.title, "bold")]
    meta = " · ".join(x for x in (version.byline and f"By {version.byline}", version.date) if x)
    if meta:
        lines.append((meta, "italic"))
    lines.append(
        (
            f"version {number} of {len(story.versions)} · {version.source} · lines "
            f"{version.lines[0]}–{version.lines[1]} · {version.similarity:.0%} like the canonical",
            "dim",
        )
    )
    for index, paragraph in enumerate(version.paragraphs):
        lines += [("", ""), (paragraph, "bold" if index in version.subheads else "")]
    for caption in version.captions:
        lines += [("", ""), ("Caption: " + caption, "dim italic")]
    for credit in version.credits:
        lines += [("", ""), (credit, "dim")]
    print_lines(lines)
    return 0


def print_lines(lines: list[tuple[str, str]], stream: IO[str] | None = None) -> None:
    """Each text on its own line, in its style; piped, each paragraph one line (unwrapped).

    Piped with no style to show, what Rich would write is each text and a newline, so
    that is written without loading Rich, unless a text holds a character Rich would
    change (a tab, a control character) or the environment asks for a terminal's output.
    """
    stream = stream or sys.stdout
    if _plain(stream, lines):
        stream.write("".join(text + "\n" for text, _ in lines))
        return
    from rich.text import Text

    out = console(stream, soft_wrap=piped(stream))  # piped: each paragraph one line
    for text, style in lines:
        if text:
            out.print(Text(text, style=style))
        else:
            out.print()


_AS_TERMINAL = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS")


def _plain(stream: IO[str], lines: list[tuple[str, str]]) -> bool:
    """Whether Rich would write `lines` to `stream` as they are: a pipe or a file, no
    setting that makes Rich style it as a terminal, no character it strips or expands."""
    if not piped(stream) or any(name in os.environ for name in _AS_TERMINAL):
        return False
    return not any(_CHANGED.search(text) for text, _ in lines)


_CHANGED = re.compile("[\x00-\x09\x0b-\x1f\x7f]")  # tabs, control characters ("\n" is kept)
