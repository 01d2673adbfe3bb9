"""`copydesk bench`: time the pipeline, the reader, search and the index, or score accuracy."""

from __future__ import annotations

import argparse
from typing import Any

from . import add_command


def add_parser(sub: Any) -> None:
    bench = add_command(
        sub,
        "bench",
        "time reading, cleaning and clustering on a generated corpus",
        "copydesk bench --versions 2000",
        "copydesk bench --search --corpus ~/news",
    )
    bench.add_argument(
        "--versions", type=int, default=10_000, help="versions to generate (default 10000)"
    )
    bench.add_argument("--source", action="append", help="folder of real articles to build from")
    bench.add_argument("--keep", metavar="DIR", help="write the generated corpus here and keep it")
    bench.add_argument(
        "--seed", type=int, default=7, help="seed of the generated corpus (default 7)"
    )
    _add_modes(bench)
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
        "--jobs",
        type=int,
        metavar="N",
        help="with --index-bench: the processes of the second cold build (default: the cores)",
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


def _add_modes(bench: argparse.ArgumentParser) -> None:
    bench.add_argument(
        "--reader",
        action="store_true",
        help="time the reader's first paint against a bare Textual app instead",
    )
    bench.add_argument(
        "--search",
        action="store_true",
        help="time search per keystroke (20 queries typed a letter at a time), "
        "and fzf --filter alike",
    )
    bench.add_argument(
        "--index-bench",
        action="store_true",
        help="time the index on a copy of --corpus: cold, warm open, "
        "refresh after adding 100 files",
    )


def cmd_bench(args: argparse.Namespace) -> int:
    from ..tools.bench import run_bench, run_reader_bench, run_search_bench
    from ..tools.index_bench import run_index_bench

    if args.accuracy:
        from ..tools.accuracy import run_accuracy

        return int(run_accuracy(args))
    if args.search:
        return run_search_bench(args)
    if args.index_bench:
        return run_index_bench(args)
    return run_reader_bench(args) if args.reader else run_bench(args)
