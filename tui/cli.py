"""The `copydesk` command: open the reader, or script the data layer.

copydesk [PATH...]                      open the reader (default: the bundled seeds)
copydesk stories [PATH...] [--json]     list stories and their versions
copydesk show STORY_ID [PATH...] [-v N] print one version's clean text
copydesk search QUERY [PATH...]         fuzzy search, hits grouped by story
copydesk quotes [PATH...] [--speaker S] every quotation once per story, with its speaker
copydesk index [PATH...] [--rebuild]    build or refresh the corpus index
copydesk stats [PATH...]                what the index holds
copydesk bench [...]                    time the pipeline on a generated corpus
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from .corpus import printable, seeds_path, shown

COMMANDS = ("read", "stories", "show", "search", "quotes", "index", "stats", "bench")


def _paths(values: Sequence[str]) -> list[str]:
    return list(values) if values else [str(seeds_path())]


def _console(stream=None):
    from rich.console import Console

    return Console(
        file=stream or sys.stdout, highlight=False, emoji=False, markup=False, soft_wrap=False
    )


def _say(text: str, stream=None, style: str | None = None) -> None:
    """One message (to stderr unless told), printable whatever names or errors it quotes."""
    _console(stream or sys.stderr).print(printable(text), style=style, markup=False, soft_wrap=True)


def _load(args: argparse.Namespace):
    """The corpus at the paths: through its index (made or refreshed as needed), or read
    in memory with --no-index."""
    from .corpus import open_corpus

    corpus, report = open_corpus(
        _paths(args.paths), args.index, follow_links=args.follow_links, index=not args.no_index
    )
    for note in report.notes:
        _say(f"note: {note}")
    return corpus


def _report_warnings(corpus) -> None:
    for warning in corpus.warnings:
        _say(f"skipped {warning.source}: {warning.reason}", style="yellow")


def cmd_stories(args: argparse.Namespace) -> int:
    corpus = _load(args)
    if args.json:
        json.dump(
            corpus.to_dict(), sys.stdout, ensure_ascii=False, indent=2 if args.indent else None
        )
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
        table.add_row(
            Text(story.id),
            Text(story.date or "—"),
            Text(str(len(story.versions))),
            Text(story.title),
        )
    console.print(table)
    console.print(
        Text(
            f"{len(corpus.stories)} stories, {sum(len(s.versions) for s in corpus.stories)} versions "
            f"from {corpus.files} files",
            style="dim",
        )
    )
    _report_warnings(corpus)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from rich.text import Text

    corpus = _load(args)
    story = corpus.story(args.story_id)
    if story is None:
        _say(f"copydesk: no story with id {args.story_id!r} (see `copydesk stories`)")
        return 2
    if args.version is None:
        version = story.canonical
        number = story.versions.index(version) + 1
    elif 1 <= args.version <= len(story.versions):
        number = args.version
        version = story.versions[number - 1]
    else:
        _say(f"copydesk: story {story.id} has versions 1 to {len(story.versions)}")
        return 2
    console = _console()
    console.print(Text(version.title or story.title, style="bold"))
    meta = " · ".join(x for x in (version.byline and f"By {version.byline}", version.date) if x)
    if meta:
        console.print(Text(meta, style="italic"))
    console.print(
        Text(
            f"version {number} of {len(story.versions)} · {version.source} · lines "
            f"{version.lines[0]}–{version.lines[1]} · {version.similarity:.0%} like the canonical",
            style="dim",
        )
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


def _hit_lines(story, hit) -> tuple[int, int]:
    if hit.unit.version < 0:
        return story.canonical.lines
    version = story.versions[hit.unit.version]
    p = hit.unit.paragraph
    if 0 <= p < len(version.paragraph_lines):
        return version.paragraph_lines[p]
    return version.lines


def _best_per_version(group) -> list:
    """One hit per version (the best); a story-title hit only when no version has one."""
    hits = group.per_version()
    return [h for h in hits if h.unit.version >= 0] or hits


def _search_index(args: argparse.Namespace, damaged: str | None = None):
    """The corpus and its search index: from the index database (made or refreshed first,
    set aside and rebuilt if `damaged` says why), or in memory."""
    from .corpus import SearchIndex

    if not args.no_index:
        from .corpus import StoredSearchIndex, open_corpus

        corpus, report = open_corpus(
            _paths(args.paths), args.index, follow_links=args.follow_links, damaged=damaged
        )
        for note in report.notes:
            _say(f"note: {note}")
        index = (
            StoredSearchIndex.open(report.path, report.generation) if report.generation else None
        )
        if index is not None:
            return corpus, index
    else:
        corpus = _load(args)
    return corpus, SearchIndex.build(corpus.stories)


def _search(args: argparse.Namespace):
    """The corpus and the hits; a stored search index found damaged is set aside and rebuilt once."""
    from .corpus import SearchIndexError

    corpus, index = _search_index(args)
    try:
        return corpus, index.search_stories(args.query, limit=args.limit, per_story=200)
    except SearchIndexError as error:
        if args.no_index:
            raise
        cause = str(error.__cause__ or error)
    corpus, index = _search_index(args, damaged=cause)
    return corpus, index.search_stories(args.query, limit=args.limit, per_story=200)


def cmd_search(args: argparse.Namespace) -> int:
    from rich.text import Text

    from .corpus import SearchIndexError, snippet

    try:
        corpus, groups = _search(args)
    except SearchIndexError as error:
        _say(f"copydesk: {error}")
        return 2
    if args.json:
        out = {"query": args.query, "stories": []}
        for group in groups:
            story = corpus.stories[group.story]
            hits = []
            for hit in _best_per_version(group):
                version = story.versions[hit.unit.version] if hit.unit.version >= 0 else None
                hits.append(
                    {
                        "version": version.id if version else None,
                        "source": version.source if version else None,
                        "lines": list(_hit_lines(story, hit)),
                        "kind": hit.unit.kind,
                        "paragraph": hit.unit.paragraph if hit.unit.paragraph >= 0 else None,
                        "score": round(hit.score, 1),
                        "text": hit.unit.text,
                        "spans": [list(span) for span in hit.spans],
                    }
                )
            out["stories"].append(
                {
                    "id": story.id,
                    "title": story.title,
                    "versions_hit": group.versions_hit,
                    "versions": group.versions,
                    "hits": hits,
                }
            )
        json.dump(out, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0 if groups else 1
    console = _console()
    for n, group in enumerate(groups):
        story = corpus.stories[group.story]
        if n:
            console.print()
        head = Text(story.title, style="bold")
        plural = "s" if group.versions > 1 else ""
        head.append(
            f"  {story.id} · in {group.versions_hit} of {group.versions} version{plural}",
            style="dim",
        )
        console.print(head, soft_wrap=True)
        for hit in _best_per_version(group):
            first, last = _hit_lines(story, hit)
            where = story.versions[hit.unit.version].source if hit.unit.version >= 0 else "title"
            cut, spans = snippet(hit, 100)
            line = Text(f"  {where}:{first}-{last}  ", style="magenta")
            body = Text(cut)
            for start, end in spans:
                body.stylize("bold red", start, end)
            line.append_text(body)
            console.print(line, soft_wrap=True)
    if not groups:
        _say(f"copydesk: nothing matches {args.query!r}")
    return 0 if groups else 1


def cmd_quotes(args: argparse.Namespace) -> int:
    from rich.text import Text

    from .corpus import fold, story_quotes

    corpus = _load(args)
    wanted = fold(args.speaker) if args.speaker else None
    found = []
    for story in corpus.stories:
        quotes = [
            q
            for q in story_quotes(story)
            if not wanted or (q.speaker and wanted in fold(q.speaker))
        ]
        if quotes:
            found.append((story, quotes))
    if args.json:
        json.dump(
            {
                "stories": [
                    {
                        "id": story.id,
                        "title": story.title,
                        "quotes": [
                            {
                                "text": q.text,
                                "speaker": q.speaker,
                                "versions": [story.versions[n].id for n in q.versions],
                                "sources": [story.versions[n].source for n in q.versions],
                                "variants": q.variants,
                            }
                            for q in quotes
                        ],
                    }
                    for story, quotes in found
                ]
            },
            sys.stdout,
            ensure_ascii=False,
        )
        sys.stdout.write("\n")
        return 0
    console = _console()
    for n, (story, quotes) in enumerate(found):
        if n:
            console.print()
        console.print(
            Text(story.title, style="bold"), Text(f" {story.id}", style="dim"), soft_wrap=True
        )
        for quote in quotes:
            line = Text(f"  {quote.speaker or 'unattributed'}: ", style="cyan")
            line.append(f"“{quote.text}”")
            line.append(f"  in {len(quote.versions)} of {len(story.versions)}", style="dim")
            console.print(line, soft_wrap=True)
            for variant in quote.variants[1:]:
                console.print(
                    Text(f"      also worded: “{variant}”", style="yellow"), soft_wrap=True
                )
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from .corpus import open_corpus

    columns = (
        TextColumn("{task.description:<11}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=_console(sys.stderr), transient=False) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, n: int, total: int) -> None:
            if stage not in tasks:
                for done in tasks.values():  # the stage before is over
                    bar.update(done, completed=bar.tasks[done].total)
                    bar.stop_task(done)
                tasks[stage] = bar.add_task(stage, total=max(total, 1), rate="")
            task = bar.tasks[tasks[stage]]
            rate = f"{n / task.elapsed:,.0f}/s" if task.elapsed and n else ""
            bar.update(tasks[stage], completed=n, total=max(total, 1), rate=rate)

        corpus, report = open_corpus(
            _paths(args.paths),
            args.index,
            rebuild=args.rebuild,
            progress=progress,
            follow_links=args.follow_links,
        )
        for task in tasks.values():
            bar.update(task, completed=bar.tasks[task].total)
    for note in report.notes:
        _say(f"note: {note}", sys.stdout)
    if not report.saved:
        _say(
            f"copydesk: the index {shown(report.path)} was not saved ({len(corpus.stories):,} stories read)"
        )
        return 1
    state = (
        "up to date (nothing changed)"
        if report.warm
        else (f"{report.read:,} files read, {report.reused:,} reused, {report.deleted:,} removed")
    )
    _say(
        f"index {shown(report.path)}: {state}; {len(corpus.stories):,} stories; {report.seconds:.1f} s",
        sys.stdout,
    )
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from collections import Counter

    from .corpus import IndexUnwritable, default_index_path, index_counts

    paths = _paths(args.paths)
    path = Path(args.index or default_index_path(paths))
    if not path.exists():
        _say(f"copydesk: no index at {shown(path)} (run `copydesk index` first)")
        return 2
    try:
        counts, skipped, report = index_counts(paths, path, follow_links=args.follow_links)
    except IndexUnwritable as error:
        _say(f"copydesk: {error}")
        return 1
    for note in report.notes:
        _say(f"note: {note}")
    reasons = Counter(s.reason.split(" (")[0].split(":")[0] for s in skipped)
    size = sum(
        p.stat().st_size
        for p in path.parent.glob(path.name + "*")
        if p.is_file() and ".corrupt-" not in p.name
    )
    console = _console()
    console.print(
        printable(f"index      {shown(path)} ({size / 2**20:.1f} MB)"), markup=False, soft_wrap=True
    )
    console.print(f"files      {counts['files']:,} ({counts['skipped']:,} skipped)", markup=False)
    console.print(f"versions   {counts['versions']:,}", markup=False)
    console.print(
        f"stories    {counts['stories']:,} ({counts['multi']:,} with more than one version)",
        markup=False,
    )
    console.print(
        f"search     {counts['units']:,} units, {counts['words']:,} words, {counts['batches']:,} batch"
        f"{'es' if counts['batches'] != 1 else ''}, {counts['dead']:,} dead units",
        markup=False,
    )
    for reason, count in reasons.most_common():
        console.print(printable(f"  skipped  {count:,} × {reason}"), markup=False)
    return 0


def cmd_read(args: argparse.Namespace) -> int:
    """Open the reader on PATH... (or the bundled seeds)."""
    paths = _paths(args.paths)
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        for path in missing:
            _say(f"copydesk: {shown(path)}: no such file or folder")
        return 2
    from .reader import CopydeskApp, run_app

    app = CopydeskApp(
        paths,
        state_path=args.state,
        config_path=args.config,
        index_path=args.index,
        watch=args.watch,
        follow_links=args.follow_links,
    )
    return run_app(app)


def cmd_bench(args: argparse.Namespace) -> int:
    from .tools.bench import (
        run_bench,
        run_index_bench,
        run_reader_bench,
        run_search_bench,
    )

    if args.accuracy:
        from .tools.accuracy import run_accuracy

        return run_accuracy(args)
    if args.search:
        return run_search_bench(args)
    if args.index_bench:
        return run_index_bench(args)
    return run_reader_bench(args) if args.reader else run_bench(args)


INDEX_HELP = "index database (default: under the user cache folder)"
LINKS_HELP = "also read symbolic links that lead out of the corpus folders (links inside them are always read)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="copydesk", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command")

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
    read.set_defaults(func=cmd_read)

    stories = sub.add_parser("stories", help="list stories and their versions")
    stories.add_argument("paths", nargs="*", metavar="PATH")
    stories.add_argument("--json", action="store_true", help="print the stories as JSON")
    stories.add_argument("--indent", action="store_true", help="indent the JSON")
    stories.set_defaults(func=cmd_stories)

    show = sub.add_parser("show", help="print one version's clean text")
    show.add_argument("story_id", metavar="STORY_ID")
    show.add_argument("paths", nargs="*", metavar="PATH")
    show.add_argument(
        "--version", "-v", type=int, help="version number (1-based; default: the canonical)"
    )
    show.set_defaults(func=cmd_show)

    search = sub.add_parser(
        "search", help="fuzzy search every title, paragraph, caption and byline"
    )
    search.add_argument(
        "query",
        metavar="QUERY",
        help='terms (fuzzy); \'exact "a phrase" ^start !not a|b title: by: date:',
    )
    search.add_argument("paths", nargs="*", metavar="PATH")
    search.add_argument("--json", action="store_true", help="print the hits as JSON")
    search.add_argument("--limit", type=int, default=20, help="stories to show (default 20)")
    search.set_defaults(func=cmd_search)

    quotes = sub.add_parser(
        "quotes", help="every direct quotation once per story, with speaker and versions"
    )
    quotes.add_argument("paths", nargs="*", metavar="PATH")
    quotes.add_argument("--json", action="store_true", help="print the quotes as JSON")
    quotes.add_argument(
        "--speaker", metavar="NAME", help="only quotes whose speaker's name contains NAME"
    )
    quotes.set_defaults(func=cmd_quotes)

    index = sub.add_parser(
        "index", help="build or refresh the corpus index (only changed files are read)"
    )
    index.add_argument("paths", nargs="*", metavar="PATH")
    index.add_argument("--index", type=Path, help=INDEX_HELP)
    index.add_argument("--rebuild", action="store_true", help="read every file again")
    index.set_defaults(func=cmd_index)

    stats = sub.add_parser(
        "stats", help="counts of the corpus index: files, versions, stories, skipped files"
    )
    stats.add_argument("paths", nargs="*", metavar="PATH")
    stats.add_argument("--index", type=Path, help=INDEX_HELP)
    stats.set_defaults(func=cmd_stats)

    for reading in (read, stories, show, search, quotes, index, stats):
        reading.add_argument("--follow-links", action="store_true", help=LINKS_HELP)
    for answering in (stories, show, search, quotes):
        answering.add_argument("--index", type=Path, help=INDEX_HELP)
        answering.add_argument(
            "--no-index",
            action="store_true",
            help="read the files in memory, without making or using an index",
        )

    bench = sub.add_parser(
        "bench", help="time reading, cleaning and clustering on a generated corpus"
    )
    bench.add_argument(
        "--versions", type=int, default=10_000, help="versions to generate (default 10000)"
    )
    bench.add_argument("--source", action="append", help="folder of real articles to build from")
    bench.add_argument("--keep", metavar="DIR", help="write the generated corpus here and keep it")
    bench.add_argument("--seed", type=int, default=7)
    bench.add_argument(
        "--reader",
        action="store_true",
        help="time the reader's first paint against a bare Textual app instead",
    )
    bench.add_argument(
        "--search",
        action="store_true",
        help="time search per keystroke (20 queries typed a letter at a time), and fzf --filter alike",
    )
    bench.add_argument(
        "--index-bench",
        action="store_true",
        help="time the index on a copy of --corpus: cold, warm open, refresh after adding 100 files",
    )
    bench.add_argument(
        "--corpus",
        action="append",
        metavar="PATH",
        help="with --reader, --search or --index-bench: the corpus (default: the seeds)",
    )
    bench.add_argument(
        "--index",
        metavar="PATH",
        help="with --reader: keep the index here, so runs after the first are warm",
    )
    bench.add_argument(
        "--rounds", type=int, default=5, help="with --reader: alternating runs (default 5)"
    )
    bench.add_argument(
        "--accuracy",
        metavar="DIR",
        help="read the labelled corpus DIR and score it with the scorer beside its truth file",
    )
    bench.add_argument(
        "--truth",
        metavar="FILE",
        help="with --accuracy: the truth file (default: truth.json beside DIR)",
    )
    bench.set_defaults(func=cmd_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or argv[0] not in COMMANDS and argv[0] not in ("-h", "--help"):
        argv = ["read", *argv]
    args = parser.parse_args(argv)
    if hasattr(
        signal, "SIGXFSZ"
    ):  # over a file size limit, a write fails (and is reported) instead of killing us
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
