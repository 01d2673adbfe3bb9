"""`copydesk bench --index-bench`: the index's cold build, warm open and refresh on a copy
of a corpus, against a plain read-and-tokenize pass over the same files in the same run.

Every figure comes from a child process of its own (a cold cache of Python objects,
its own peak memory); the reference pass reads each file and splits it into words
with `re.findall(r"\\w+")`, the least any indexer must do. The cold build runs once at
`--jobs 1` and once on every core, so the speed-up from the workers is measured too.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..corpus.bundled import seeds_path

_REFERENCE = """
import json, os, re, resource, sys, time
start = time.perf_counter()
words = files = 0
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        with open(os.path.join(folder, name), "rb") as handle:
            words += len(re.findall(r"\\w+", handle.read().decode("utf-8", "replace")))
        files += 1
print(json.dumps({"seconds": time.perf_counter() - start, "files": files, "words": words,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_CHILD = """
import json, resource, sys, time
from pathlib import Path
from tui.corpus.index.refresh import open_corpus
folder, index, jobs = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]) or None
start = time.perf_counter()
corpus, report = open_corpus([folder], index, jobs=jobs)
print(json.dumps({"seconds": time.perf_counter() - start, "warm": report.warm, "read": report.read,
    "stories": len(corpus.stories), "versions": sum(s.version_count for s in corpus.stories),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def _child(code: str, *argv: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent.parent,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip()[-500:])
    figures: dict[str, Any] = json.loads(result.stdout)
    return figures


def _cold(folder: Path, index: Path, jobs: int) -> dict[str, Any]:
    for old in index.parent.glob(index.name + "*"):
        old.unlink()
    return _child(_CHILD, str(folder), str(index), str(jobs))


def _add_files(folder: Path, files: list[Path]) -> int:
    """Copies of 100 files spread over the corpus, each a little changed (new versions)."""
    picked = files[:: max(1, len(files) // 100)][:100]
    for n, path in enumerate(picked):
        text = path.read_text("utf-8", errors="replace")
        (folder / f"added-{n:03d}.txt").write_text(text.replace(" the ", " the said ", 3), "utf-8")
    return len(picked)


def run_index_bench(args: argparse.Namespace) -> int:
    """Reference pass, cold index at one job and at all, warm open, refresh after adding
    100 files; each with versions per second and peak memory."""
    from ..corpus.ingest.workers import default_jobs

    source = Path(args.corpus[0]) if args.corpus else seeds_path()
    jobs = args.jobs or default_jobs()
    with tempfile.TemporaryDirectory(prefix="copydesk-index-bench-") as tmp:
        folder = Path(tmp) / "corpus"  # a copy: the bench adds files (corpora are never written)
        shutil.copytree(source, folder)
        index = Path(tmp) / "index.sqlite"
        files = [p for p in sorted(folder.rglob("*")) if p.is_file()]
        try:
            reference = _child(_REFERENCE, str(folder))
            runs = {1: _cold(folder, index, 1)}
            if jobs > 1:
                runs[jobs] = _cold(folder, index, jobs)
            warm = _child(_CHILD, str(folder), str(index), str(jobs))
            added = _add_files(folder, files)
            refresh = _child(_CHILD, str(folder), str(index), str(jobs))
        except RuntimeError as error:
            print(f"copydesk bench: {error}", file=sys.stderr)
            return 1
        size = sum(p.stat().st_size for p in Path(tmp).glob("index.sqlite*"))
    _report(source, files, reference, runs, warm, added, refresh, size)
    return 0


def _report(
    source: Path,
    files: list[Path],
    reference: dict[str, Any],
    runs: dict[int, dict[str, Any]],
    warm: dict[str, Any],
    added: int,
    refresh: dict[str, Any],
    size: int,
) -> None:
    base = reference["seconds"]
    print(f"index bench on a copy of {source} ({len(files):,} files):")
    print(
        f"read and tokenize (reference): {base:7.2f} s   {reference['words']:,} words, "
        f"peak {reference['peak_mb']:.0f} MB"
    )
    for jobs, run in runs.items():
        print(
            f"cold index, --jobs {jobs}:         {run['seconds']:7.2f} s   "
            f"{run['seconds'] / base:5.1f}x the reference, "
            f"{run['versions'] / run['seconds']:,.0f} versions/s, {run['stories']:,} stories; "
            f"peak {run['peak_mb']:.0f} MB (workers {run['worker_peak_mb']:.0f} MB)"
        )
    if len(runs) > 1:
        one, many = runs[1]["seconds"], runs[max(runs)]["seconds"]
        print(f"speed-up at --jobs {max(runs)}:          {one / many:5.2f}x")
    cold = runs[max(runs)]["seconds"]
    print(
        f"warm open (nothing changed):   {warm['seconds']:7.2f} s   "
        f"({warm['seconds'] / cold:.3f}x the cold index), peak {warm['peak_mb']:.0f} MB"
    )
    print(
        f"refresh after adding {added} files: {refresh['seconds']:6.2f} s   "
        f"{refresh['read']:,} files read (the added ones and those whose text they hold), "
        f"peak {refresh['peak_mb']:.0f} MB"
    )
    print(f"database size:                 {size / 2**20:7.1f} MB")
