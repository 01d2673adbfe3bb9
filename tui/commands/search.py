"""`copydesk search`: fuzzy search every title, paragraph, caption and byline, hits grouped
by story (as text or JSON)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from ..corpus import Corpus, Story
from . import add_command, add_corpus_options, add_paths, console, opened, plural, say

if TYPE_CHECKING:  # the search engine loads when a search runs, not with the parser
    from ..corpus import Hit, SearchEngine, StoryHits


def add_parser(sub: Any) -> None:
    search = add_command(
        sub,
        "search",
        "fuzzy search every title, paragraph, caption and byline",
        "copydesk search 'lavrov \"peace talks\"' ~/news --limit 5",
        "copydesk search 'by:lee date:2025-07' ~/news --json",
    )
    search.add_argument(
        "query",
        metavar="QUERY",
        help='terms (fuzzy); \'exact "a phrase" ^start !not a|b title: by: date:',
    )
    add_paths(search)
    search.add_argument("--json", action="store_true", help="print the hits as JSON")
    search.add_argument(
        "--limit", type=int, default=20, metavar="N", help="stories to show (default 20)"
    )
    add_corpus_options(search, answering=True)
    search.set_defaults(func=cmd_search)


def _hit_lines(story: Story, hit: Hit) -> tuple[int, int]:
    if hit.unit.version < 0:
        return story.canonical.lines
    version = story.versions[hit.unit.version]
    p = hit.unit.paragraph
    if 0 <= p < len(version.paragraph_lines):
        return version.paragraph_lines[p]
    return version.lines


def _best_per_version(group: StoryHits) -> list[Hit]:
    """One hit per version (the best); a story-title hit only when no version has one."""
    hits = group.per_version()
    return [h for h in hits if h.unit.version >= 0] or hits


def _search_index(
    args: argparse.Namespace, damaged: str | None = None
) -> tuple[Corpus, SearchEngine]:
    """The corpus and its search index: from the index database (made or refreshed first,
    set aside and rebuilt if `damaged` says why), or in memory."""
    from ..corpus import SearchIndex, StoredSearchIndex

    corpus, report = opened(args, damaged=damaged)
    if report.generation:  # saved (not with --no-index): its stored search index
        index = StoredSearchIndex.open(report.path, report.generation)
        if index is not None:
            return corpus, index
    return corpus, SearchIndex.build(corpus.stories)


def _search(args: argparse.Namespace) -> tuple[Corpus, list[StoryHits]]:
    """The corpus and the hits; a stored search index found damaged is set aside and rebuilt
    once."""
    from ..corpus import SearchIndexError

    corpus, index = _search_index(args)
    try:
        return corpus, index.search_stories(args.query, limit=args.limit, per_story=200)
    except SearchIndexError as error:
        if args.no_index:
            raise
        cause = str(error.__cause__ or error)
    corpus, index = _search_index(args, damaged=cause)
    return corpus, index.search_stories(args.query, limit=args.limit, per_story=200)


def _hit_json(story: Story, hit: Hit) -> dict[str, Any]:
    version = story.versions[hit.unit.version] if hit.unit.version >= 0 else None
    return {
        "version": version.id if version else None,
        "source": version.source if version else None,
        "lines": list(_hit_lines(story, hit)),
        "kind": hit.unit.kind,
        "paragraph": hit.unit.paragraph if hit.unit.paragraph >= 0 else None,
        "score": round(hit.score, 1),
        "text": hit.unit.text,
        "spans": [list(span) for span in hit.spans],
    }


def _print_json(query: str, corpus: Corpus, groups: list[StoryHits]) -> None:
    stories = []
    for group in groups:
        story = corpus.stories[group.story]
        stories.append(
            {
                "id": story.id,
                "title": story.title,
                "versions_hit": group.versions_hit,
                "versions": group.versions,
                "hits": [_hit_json(story, hit) for hit in _best_per_version(group)],
            }
        )
    json.dump({"query": query, "stories": stories}, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


def _print_text(corpus: Corpus, groups: list[StoryHits]) -> None:
    from rich.text import Text

    from ..corpus import snippet

    out = console()
    for n, group in enumerate(groups):
        story = corpus.stories[group.story]
        if n:
            out.print()
        head = Text(story.title, style="bold")
        head.append(
            f"  {story.id} · in {group.versions_hit} of {plural(group.versions, 'version')}",
            style="dim",
        )
        out.print(head, soft_wrap=True)
        for hit in _best_per_version(group):
            first, last = _hit_lines(story, hit)
            where = story.versions[hit.unit.version].source if hit.unit.version >= 0 else "title"
            cut, spans = snippet(hit, 100)
            line = Text(f"  {where}:{first}-{last}  ", style="magenta")
            body = Text(cut)
            for start, end in spans:
                body.stylize("bold red", start, end)
            line.append_text(body)
            out.print(line, soft_wrap=True)


def cmd_search(args: argparse.Namespace) -> int:
    from ..corpus import SearchIndexError

    if not args.query.strip():
        say("copydesk: the query is empty (give a word to search for)")
        return 1
    try:
        corpus, groups = _search(args)
    except SearchIndexError as error:
        say(f"copydesk: {error}")
        return 2
    if args.json:
        _print_json(args.query, corpus, groups)
        return 0 if groups else 1
    _print_text(corpus, groups)
    if not groups:
        say(f"copydesk: nothing matches {args.query!r}")
    return 0 if groups else 1
