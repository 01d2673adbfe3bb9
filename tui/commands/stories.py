"""`copydesk stories` (list stories and their versions) and `copydesk show` (one version's
clean text)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..corpus import Story, Version
from . import add_corpus_options, console, load, report_warnings, say


def add_parsers(sub: Any) -> None:
    stories = sub.add_parser("stories", help="list stories and their versions")
    stories.add_argument("paths", nargs="*", metavar="PATH")
    stories.add_argument("--json", action="store_true", help="print the stories as JSON")
    stories.add_argument("--indent", action="store_true", help="indent the JSON")
    add_corpus_options(stories, answering=True)
    stories.set_defaults(func=cmd_stories)

    show = sub.add_parser("show", help="print one version's clean text")
    show.add_argument("story_id", metavar="STORY_ID")
    show.add_argument("paths", nargs="*", metavar="PATH")
    show.add_argument(
        "--version", "-v", type=int, help="version number (1-based; default: the canonical)"
    )
    add_corpus_options(show, answering=True)
    show.set_defaults(func=cmd_show)


def cmd_stories(args: argparse.Namespace) -> int:
    corpus = load(args)
    if args.json:
        json.dump(
            corpus.to_dict(), sys.stdout, ensure_ascii=False, indent=2 if args.indent else None
        )
        sys.stdout.write("\n")
        return 0
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
            Text(str(len(story.versions))),
            Text(story.title),
        )
    out.print(table)
    out.print(
        Text(
            f"{len(corpus.stories)} stories, "
            f"{sum(len(s.versions) for s in corpus.stories)} versions from {corpus.files} files",
            style="dim",
        )
    )
    report_warnings(corpus)
    return 0


def _chosen(story: Story, wanted: int | None) -> tuple[int, Version] | None:
    """The version asked for (1-based; None: the canonical) and its number, or None."""
    if wanted is None:
        return story.versions.index(story.canonical) + 1, story.canonical
    if 1 <= wanted <= len(story.versions):
        return wanted, story.versions[wanted - 1]
    return None


def cmd_show(args: argparse.Namespace) -> int:
    from rich.text import Text

    corpus = load(args)
    story = corpus.story(args.story_id)
    if story is None:
        say(f"copydesk: no story with id {args.story_id!r} (see `copydesk stories`)")
        return 2
    chosen = _chosen(story, args.version)
    if chosen is None:
        say(f"copydesk: story {story.id} has versions 1 to {len(story.versions)}")
        return 2
    number, version = chosen
    out = console()
    out.print(Text(version.title or story.title, style="bold"))
    meta = " · ".join(x for x in (version.byline and f"By {version.byline}", version.date) if x)
    if meta:
        out.print(Text(meta, style="italic"))
    out.print(
        Text(
            f"version {number} of {len(story.versions)} · {version.source} · lines "
            f"{version.lines[0]}–{version.lines[1]} · {version.similarity:.0%} like the canonical",
            style="dim",
        )
    )
    for index, paragraph in enumerate(version.paragraphs):
        out.print()
        out.print(Text(paragraph, style="bold" if index in version.subheads else ""))
    for caption in version.captions:
        out.print()
        out.print(Text("Caption: " + caption, style="dim italic"))
    for credit in version.credits:
        out.print()
        out.print(Text(credit, style="dim"))
    return 0
