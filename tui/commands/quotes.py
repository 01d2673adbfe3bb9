"""`copydesk quotes`: every direct quotation once per story, with its speaker and versions."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..corpus import Story
from . import add_command, add_corpus_options, add_paths, console, opened, say

if TYPE_CHECKING:  # loaded when quotes are gathered, not with the parser
    from ..corpus import KeptQuote


def add_parser(sub: Any) -> None:
    quotes = add_command(
        sub,
        "quotes",
        "every direct quotation once per story, with speaker and versions",
        "copydesk quotes ~/news --speaker lavrov",
    )
    add_paths(quotes)
    quotes.add_argument("--json", action="store_true", help="print the quotes as JSON")
    quotes.add_argument(
        "--speaker", metavar="NAME", help="only quotes whose speaker's name contains NAME"
    )
    add_corpus_options(quotes, answering=True)
    quotes.set_defaults(func=cmd_quotes)


def _print_json(found: list[tuple[Story, list[KeptQuote]]]) -> None:
    stories = [
        {
            "id": story.id,
            "title": story.title,
            "quotes": [
                {
                    "text": q.text,
                    "speaker": q.speaker,
                    "versions": q.versions,
                    "sources": q.sources,
                    "variants": q.variants,
                }
                for q in quotes
            ],
        }
        for story, quotes in found
    ]
    json.dump({"stories": stories}, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


def _print_text(found: list[tuple[Story, list[KeptQuote]]]) -> None:
    from rich.text import Text

    out = console()
    for n, (story, quotes) in enumerate(found):
        if n:
            out.print()
        out.print(
            Text(story.title, style="bold"), Text(f" {story.id}", style="dim"), soft_wrap=True
        )
        for quote in quotes:
            line = Text(f"  {quote.speaker or 'unattributed'}: ", style="cyan")
            line.append(f"“{quote.text}”")
            line.append(f"  in {len(quote.versions)} of {story.version_count}", style="dim")
            out.print(line, soft_wrap=True)
            for variant in quote.variants[1:]:
                out.print(Text(f"      also worded: “{variant}”", style="yellow"), soft_wrap=True)


def _gathered(args: argparse.Namespace) -> Iterator[tuple[Story, list[KeptQuote]]]:
    """Each story with its quotes: as the index keeps them when it is up to date (the
    versions' texts are then never read), else found in the versions now."""
    from ..corpus import kept_quotes, stored_quotes, story_quotes

    corpus, report = opened(args, lazy=True)
    stored = stored_quotes(report.path, report.generation) if report.generation else None
    for story in corpus.stories:
        if stored is not None and story.id in stored:
            yield story, stored[story.id]
        else:
            yield story, kept_quotes(story, story_quotes(story))


def cmd_quotes(args: argparse.Namespace) -> int:
    from ..corpus import fold

    wanted = fold(args.speaker) if args.speaker else None
    found = []
    for story, quotes in _gathered(args):
        chosen = [q for q in quotes if not wanted or (q.speaker and wanted in fold(q.speaker))]
        if chosen:
            found.append((story, chosen))
    if args.json:
        _print_json(found)
    else:
        _print_text(found)
    if wanted and not found:
        say(f"copydesk: no quotes from a speaker whose name contains {args.speaker!r}")
        return 1
    return 0
