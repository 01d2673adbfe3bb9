"""`copydesk bench`: time the corpus pipeline on a generated corpus of real articles.

Figures are reported as absolute times and as ratios to a reference measured in
the same run (reading the same files with no processing), since the machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..corpus.bundled import seeds_path

if TYPE_CHECKING:
    from ..corpus import Corpus, SearchEngine

# the shared corpora beside the project folder (tui/tools/bench.py -> ../shared/corpora)
SHARED = Path(__file__).resolve().parents[3] / "shared" / "corpora"


def _default_sources() -> list[Path]:
    found = [
        SHARED / "bbc-fulltext" / "bbc-fulltext.jsonl.gz",
        SHARED / "reuters21578" / "reuters21578.jsonl.gz",
    ]
    found = [p for p in found if p.exists()]
    return found or [seeds_path()]


_CHILD = """
import json, resource, sys, time
from tui.corpus.ingest.files import read_all
from tui.corpus import load_corpus
folder = sys.argv[1]
t0 = time.perf_counter(); texts, _ = read_all([folder]); t_read = time.perf_counter() - t0
del texts
t0 = time.perf_counter(); corpus = load_corpus([folder]); t_all = time.perf_counter() - t0
print(json.dumps({"read": t_read, "pipeline": t_all, "stories": len(corpus.stories),
    "versions": sum(len(s.versions) for s in corpus.stories), "warnings": len(corpus.warnings),
    "multi": sum(1 for s in corpus.stories if len(s.versions) > 1),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_bench(args: argparse.Namespace) -> int:
    from .synth import generate, load_articles

    sources = [Path(s) for s in args.source] if args.source else _default_sources()
    articles = load_articles(sources)
    if not articles:
        print(
            "copydesk bench: no articles found in " + ", ".join(map(str, sources)), file=sys.stderr
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="copydesk-bench-") as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp) / "corpus"
        written = generate(articles, folder, args.versions, args.seed)
        print(
            f"generated {written:,} files from {len(articles):,} real articles "
            f"({', '.join(p.name for p in sources)}) in {folder}"
        )
        result = subprocess.run(
            [sys.executable, "-c", _CHILD, str(folder)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return 1
        figures = json.loads(result.stdout)
    per_k = figures["pipeline"] / max(1, figures["versions"]) * 1000
    print(f"read only (reference):      {figures['read']:7.2f} s")
    print(
        f"read + clean + cluster:     {figures['pipeline']:7.2f} s   "
        f"({figures['pipeline'] / max(figures['read'], 1e-9):.1f}x the reference, "
        f"{per_k:.2f} s per 1,000 versions)"
    )
    print(
        f"versions {figures['versions']:,} · stories {figures['stories']:,} · "
        f"stories with several versions {figures['multi']:,} · warnings {figures['warnings']}"
    )
    print(f"peak memory (pipeline process): {figures['peak_mb']:.0f} MB")
    return 0


def _probe(args: list[str], index: str | None = None) -> dict[str, float]:
    env = {**os.environ, "COPYDESK_PROBE_INDEX": index or ""}
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-m", "tui.tools.probe", *args],
        capture_output=True,
        text=True,
        # the folder holding this `tui`, so the probe runs this copy's code (from `tui`
        # itself, `-m tui.tools.probe` found whichever copy the environment installed)
        cwd=Path(__file__).resolve().parents[2],
        env=env,
    )
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(result.stderr.strip() or "the probe printed nothing")
    marks = json.loads(result.stdout.strip().splitlines()[-1])
    return {
        name: value if name.endswith("peak_mb") else value - started
        for name, value in marks.items()
    }


def run_reader_bench(args: argparse.Namespace) -> int:
    """First paint of the reader against a bare Textual app, alternating, in one run."""
    import statistics

    paths = [str(p) for p in (args.corpus or [])]
    rounds = max(1, args.rounds)
    _compiled()
    bare, painted, interactive, peaks, searchable, search_peaks = [], [], [], [], [], []
    try:
        for _ in range(rounds):
            bare.append(_probe(["bare"])["painted"])
            marks = _probe(["reader", *paths], args.index)
            painted.append(marks["painted"])
            interactive.append(marks["interactive"])
            peaks.append(marks.get("peak_mb", 0.0))
            if "searchable" in marks:
                searchable.append(marks["searchable"])
                search_peaks.append(marks["search_peak_mb"])
    except RuntimeError as error:
        print(f"copydesk bench: {error}", file=sys.stderr)
        return 1
    _diff_figures()
    b, p, i = (statistics.median(x) for x in (bare, painted, interactive))
    where = (", ".join(paths) if paths else "the bundled seeds") + (
        f", index {args.index} (warm after its first run)"
        if args.index
        else ", a fresh index each run (cold)"
    )
    print(
        f"reader on {where}, median of {rounds} alternating runs (process start to frame; "
        "both apps byte-compiled):"
    )
    print(f"bare Textual app, one Static (reference): {b * 1000:7.0f} ms")
    print(
        f"copydesk first paint:                     {p * 1000:7.0f} ms   "
        f"({p / b:.2f}x the reference)"
    )
    print(
        f"copydesk sidebar lists the stories:       {i * 1000:7.0f} ms   "
        f"({i / b:.2f}x the reference), "
        f"peak memory then {max(peaks):.0f} MB"
    )
    if searchable:
        s = statistics.median(searchable)
        print(
            f"copydesk search index open:               {s * 1000:7.0f} ms   "
            f"({s / b:.2f}x the reference), "
            f"peak memory then {max(search_peaks):.0f} MB"
        )
    return 0


def _compiled() -> None:
    """Byte-compile this copy of copydesk first, as installing it does: the bare app's
    Textual was compiled when pip installed it, while an editable install (or a machine
    with PYTHONDONTWRITEBYTECODE set, which keeps Python from saving what it compiles)
    would leave the reader compiling each of its modules again at every start."""
    import compileall

    compileall.compile_dir(Path(__file__).resolve().parents[1], quiet=1)


def _diff_figures(repeat: int = 50) -> None:
    """Paragraph alignment + word diff on the seeds' longest pair, against difflib on the same
    words."""
    import difflib

    from ..corpus import load_corpus
    from ..corpus.analysis import diff

    story = max(load_corpus([str(seeds_path())]).stories, key=lambda s: len(s.versions))
    a = story.canonical  # against the most edited full-length version: the most work
    b = min(
        (v for v in story.versions if v is not a and v.word_count >= 0.8 * a.word_count),
        key=lambda v: v.similarity,
    )
    start = time.perf_counter()
    for _ in range(repeat):
        diff.compare(a, b)
    ours = (time.perf_counter() - start) / repeat
    wa, wb = " ".join(a.paragraphs).split(), " ".join(b.paragraphs).split()
    start = time.perf_counter()
    for _ in range(repeat):
        difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()
    reference = (time.perf_counter() - start) / repeat
    print(f"diff {a.source} ({a.word_count:,} words) against {b.source} ({b.word_count:,} words):")
    print(f"difflib word opcodes, whole text (reference): {reference * 1000:7.2f} ms")
    print(
        f"copydesk alignment + word diff:                {ours * 1000:7.2f} ms   "
        f"({ours / reference:.2f}x the reference)"
    )


QUERIES = [
    "distracton impossble",
    "new and a different approach",
    "tariff !malaysia",
    '"123 agreement"',
    "malinin",
    "oil prices opec",
    "wheat exports ussr",
    "bank of japan intervention",
    "crude postings raised",
    "coffee quota talks",
    "dividend record april",
    "takeover bid rejected",
    "trade deficit widened",
    "corected dividend",
    "shareholders aprove merger",
    "title:opec",
    "gold !silver",
    "yen|dollar intervention",
    "by:russel",
    "quote:flexibility",
]


def run_search_bench(args: argparse.Namespace) -> int:
    """Per-keystroke search latency: 20 queries typed a character at a time, and fzf --filter alike.

    The index searched is the one the reader uses, read from the index database; below
    50,000 versions the in-memory build is timed on the same keystrokes for reference.
    """
    import statistics

    from ..corpus.index.refresh import open_corpus
    from ..corpus.search.stored import StoredSearchIndex

    paths = [str(p) for p in (args.corpus or [seeds_path()])]
    with tempfile.TemporaryDirectory(prefix="copydesk-search-bench-") as tmp:
        started = time.perf_counter()
        # lazily, as the reader opens it: a process holding every version makes each
        # collector pass slow, which is not what a search in the reader meets
        corpus, report = open_corpus(
            paths, Path(args.index) if args.index else Path(tmp) / "index.sqlite", lazy=True
        )
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        index = StoredSearchIndex.open(report.path, report.generation)
        opened = time.perf_counter() - started
        if index is None:
            print(
                f"copydesk bench: the index at {report.path} holds no search index", file=sys.stderr
            )
            return 1
        versions = sum(story.version_count for story in corpus.stories)
        state = "warm" if report.warm else "made"
        print(
            f"corpus {', '.join(paths)}: {len(corpus.stories):,} stories, {versions:,} versions, "
            f"{len(index):,} units; index {state} in {loaded:.1f} s, "
            f"search index opened in {opened:.2f} s"
        )
        prefixes = [q[:n] for q in QUERIES for n in range(1, len(q) + 1)]
        ours = _latencies(index, prefixes)
        p95 = ours[int(len(ours) * 0.95)]
        print(
            f"copydesk, {len(prefixes)} keystrokes: median {statistics.median(ours):.1f} ms, "
            f"p95 {p95:.1f} ms, max {ours[-1]:.1f} ms"
        )
        if versions <= 50_000:
            _in_memory_figures(corpus, prefixes, p95)
        whole = sorted(_latencies(index, QUERIES))
        index.close()
        texts = _paragraphs(corpus)
        print(f"{len(texts):,} paragraphs for fzf")
        return _against_fzf(texts, prefixes, ours, whole)


def _in_memory_figures(corpus: Corpus, prefixes: list[str], p95: float) -> None:
    """The same keystrokes on the search index built in memory, for reference."""
    import statistics

    from ..corpus.search.memory import SearchIndex

    started = time.perf_counter()
    memory = SearchIndex.build(corpus.stories)
    built = time.perf_counter() - started
    same = _latencies(memory, prefixes)
    print(
        f"the same index built in memory ({built:.1f} s): "
        f"median {statistics.median(same):.1f} ms, "
        f"p95 {same[int(len(same) * 0.95)]:.1f} ms; stored / in memory p95: "
        f"{p95 / max(same[int(len(same) * 0.95)], 1e-6):.2f}x"
    )


def _paragraphs(corpus: Corpus) -> list[str]:
    """Every paragraph that is not a subhead, for fzf."""
    return [
        p
        for story in corpus.stories
        for v in story.versions
        for n, p in enumerate(v.paragraphs)
        if n not in v.subheads
    ]


def _against_fzf(
    texts: list[str], prefixes: list[str], ours: list[float], whole: list[float]
) -> int:
    """fzf --filter on the same inputs over the same paragraphs (ours: sorted milliseconds)."""
    import shutil
    import statistics

    fzf = shutil.which("fzf")
    if not fzf:
        print("fzf not installed (Debian package fzf): no comparison this run")
        return 0
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        for text in texts:
            handle.write(text.replace("\n", " ") + "\n")
        lines = handle.name
    # fzf reads every paragraph for each keystroke: on a very large corpus time the whole
    # queries only, and compare with copydesk on the same ones.
    sample = prefixes if len(texts) <= 200_000 else QUERIES
    p95 = ours[int(len(ours) * 0.95)]
    if sample is not prefixes:
        ours = whole
        p95 = ours[int(len(ours) * 0.95)]
        print(
            f"copydesk, the {len(sample)} whole queries only: "
            f"median {statistics.median(ours):.1f} ms, "
            f"p95 {p95:.1f} ms"
        )
    theirs = []
    try:
        for prefix in sample:
            start = time.perf_counter()
            with open(lines, "rb") as source:
                subprocess.run(
                    [fzf, "--filter", prefix], stdin=source, stdout=subprocess.DEVNULL, check=False
                )
            theirs.append((time.perf_counter() - start) * 1000)
    finally:
        os.unlink(lines)
    theirs.sort()
    fzf95 = theirs[int(len(theirs) * 0.95)]
    print(
        f"fzf --filter, the same {len(sample)} inputs over the paragraphs: "
        f"median {statistics.median(theirs):.1f} ms, "
        f"p95 {fzf95:.1f} ms"
    )
    print(f"copydesk p95 / fzf p95: {p95 / fzf95:.2f}x")
    return 0


def _latencies(index: SearchEngine, queries: list[str]) -> list[float]:
    """Milliseconds per search, sorted."""
    out = []
    for query in queries:
        start = time.perf_counter()
        index.search_stories(query)
        out.append((time.perf_counter() - start) * 1000)
    return sorted(out)
