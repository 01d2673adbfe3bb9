"""`copydesk index` (build or refresh the corpus index) and `copydesk stats` (what it holds)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..corpus import shown
from . import (
    INDEX_HELP,
    add_command,
    add_corpus_options,
    add_paths,
    console,
    corpus_paths,
    plural,
    say,
)

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from ..corpus import Corpus, IndexReport


def add_parsers(sub: Any) -> None:
    index = add_command(
        sub,
        "index",
        "build or refresh the corpus index (only changed files are read)",
        "copydesk index ~/news",
        "copydesk index ~/news --rebuild",
    )
    add_paths(index)
    index.add_argument("--index", type=Path, help=INDEX_HELP)
    index.add_argument("--rebuild", action="store_true", help="read every file again")
    add_corpus_options(index)
    index.set_defaults(func=cmd_index)

    stats = add_command(
        sub,
        "stats",
        "counts of the corpus index: files, versions, stories, skipped files",
        "copydesk stats ~/news",
    )
    add_paths(stats)
    stats.add_argument("--index", type=Path, help=INDEX_HELP)
    add_corpus_options(stats)
    stats.set_defaults(func=cmd_stats)


def _bar() -> Progress:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description:<11}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    # Drawn when told of progress (at most every REDRAW seconds), not by a thread of its
    # own: with no other thread, the reading forks its workers and its search half.
    return Progress(*columns, console=console(sys.stderr), transient=False, auto_refresh=False)


REDRAW = 0.1  # seconds between two drawings of the bars


def _indexed(args: argparse.Namespace) -> tuple[Corpus, IndexReport]:
    """Open the corpus through its index, each stage's progress a bar on stderr."""
    from ..corpus import open_corpus

    with _bar() as bar:
        tasks: dict[str, TaskID] = {}
        drawn = [0.0]  # when the bars were last drawn

        def finished(task: TaskID) -> None:
            total = bar.tasks[task].total or 1  # None: a stage that could not count
            bar.update(task, total=total, completed=total)

        def progress(stage: str, n: int, total: int) -> None:
            if stage not in tasks:
                for done in tasks.values():  # the stage before is over
                    finished(done)
                    bar.stop_task(done)
                tasks[stage] = bar.add_task(stage, total=total or None, rate="")
            task = bar.tasks[tasks[stage]]
            rate = f"{n / task.elapsed:,.0f}/s" if task.elapsed and n else ""
            bar.update(tasks[stage], completed=n, total=total or None, rate=rate)
            now = time.monotonic()
            if now - drawn[0] >= REDRAW:
                drawn[0] = now
                bar.refresh()

        corpus, report = open_corpus(
            corpus_paths(args.paths),
            args.index,
            rebuild=args.rebuild,
            progress=progress,
            follow_links=args.follow_links,
            jobs=args.jobs,
        )
        for task in tasks.values():
            finished(task)
        bar.refresh()
    return corpus, report


def cmd_index(args: argparse.Namespace) -> int:
    corpus, report = _indexed(args)
    for note in report.notes:
        say(f"note: {note}", sys.stdout)
    if not report.saved:
        say(
            f"copydesk: the index {shown(report.path)} was not saved "
            f"({plural(len(corpus.stories), 'story', 'stories', commas=True)} read)"
        )
        return 1
    state = (
        "up to date (nothing changed)"
        if report.warm
        else (
            f"{plural(report.read, 'file', commas=True)} read, {report.reused:,} reused, "
            f"{report.deleted:,} removed"
        )
    )
    stories = plural(len(corpus.stories), "story", "stories", commas=True)
    say(
        f"index {shown(report.path)}: {state}; {stories}; {report.seconds:.1f} s",
        sys.stdout,
    )
    return 0


def _print_counts(path: Path, counts: dict[str, int], reasons: list[tuple[str, int]]) -> None:
    from ..corpus import printable

    size = sum(
        p.stat().st_size
        for p in path.parent.glob(path.name + "*")
        if p.is_file() and ".corrupt-" not in p.name
    )
    out = console()
    out.print(
        printable(f"index      {shown(path)} ({size / 2**20:.1f} MB)"), markup=False, soft_wrap=True
    )
    out.print(f"files      {counts['files']:,} ({counts['skipped']:,} skipped)", markup=False)
    out.print(f"versions   {counts['versions']:,}", markup=False)
    out.print(
        f"stories    {counts['stories']:,} ({counts['multi']:,} with more than one version)",
        markup=False,
    )
    out.print(
        f"search     {plural(counts['units'], 'unit', commas=True)}, "
        f"{plural(counts['words'], 'word', commas=True)}, "
        f"{plural(counts['batches'], 'batch', 'batches', commas=True)}, "
        f"{plural(counts['dead'], 'dead unit', commas=True)}",
        markup=False,
    )
    for reason, count in reasons:
        out.print(printable(f"  skipped  {count:,} × {reason}"), markup=False)


def cmd_stats(args: argparse.Namespace) -> int:
    from collections import Counter

    from ..corpus import IndexUnwritable, default_index_path, index_counts

    paths = corpus_paths(args.paths)
    path = Path(args.index or default_index_path(paths))
    if not path.exists():
        say(f"copydesk: no index at {shown(path)} (run `copydesk index` first)")
        return 2
    try:
        counts, skipped, report = index_counts(paths, path, follow_links=args.follow_links)
    except IndexUnwritable as error:
        say(f"copydesk: {error}")
        return 1
    for note in report.notes:
        say(f"note: {note}")
    reasons = Counter(s.reason.split(" (")[0].split(":")[0] for s in skipped)
    _print_counts(path, counts, reasons.most_common())
    return 0
