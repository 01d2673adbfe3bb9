"""`copydesk bench --accuracy DIR`: read a labelled corpus and score the reading.

The corpus is read as `copydesk stories --json` reads it; the export goes to the
scorer that comes with the labelled corpus (its `score.py`, beside `--truth`), and
the figures it gives are printed: B-cubed F1 of the grouping, the word precision
and recall of the clean text, near-miss pairs merged, and the medians per kind of
version. Nothing of the corpus is written anywhere but a temporary file.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

_FIGURES = re.compile(r"bcubed_f1=([\d.]+) clean_precision=([\d.]+) clean_recall=([\d.]+)")
_NEAR = re.compile(r"near_miss_merged=(\d+)/(\d+)")
_KIND = re.compile(r"^\s*kind\s+(\S+)\s+n=\s*(\d+)\s+median_p=([\d.]+)\s+median_r=([\d.]+)", re.M)


@dataclass
class Accuracy:
    """What the scorer said."""

    f1: float
    precision: float
    recall: float
    near_merged: int = 0
    near_pairs: int = 0
    kinds: dict[str, tuple[int, float, float]] = field(
        default_factory=dict
    )  # kind -> (n, median p, median r)
    seconds: float = 0.0
    report: str = ""


def truth_beside(corpus: Path) -> Path:
    """The truth file of a labelled corpus folder: truth.json beside it, or in it."""
    for candidate in (corpus.parent / "truth.json", corpus / "truth.json"):
        if candidate.exists():
            return candidate
    return corpus.parent / "truth.json"


def scorer_beside(truth: Path) -> Path:
    """The scorer that comes with a labelled corpus (score.py beside its truth, or above it)."""
    for candidate in (truth.parent / "score.py", truth.parent.parent / "score.py"):
        if candidate.exists():
            return candidate
    return truth.parent / "score.py"


def measure(corpus: Path, truth: Path, scorer: Path) -> Accuracy:
    """Read `corpus`, export it, and score the export against `truth` with `scorer`."""
    from ..corpus import load_corpus

    started = time.perf_counter()
    export = load_corpus([corpus]).to_dict()
    seconds = time.perf_counter() - started
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as handle:
        json.dump(export, handle, ensure_ascii=False)
        path = Path(handle.name)
    try:
        run = subprocess.run(
            [sys.executable, str(scorer), str(path), "--truth", str(truth)],
            capture_output=True,
            text=True,
        )
    finally:
        path.unlink(missing_ok=True)
    found = _FIGURES.search(run.stdout)
    if run.returncode != 0 or not found:
        raise RuntimeError(
            f"the scorer {scorer} failed: {(run.stderr or run.stdout).strip()[:500]}"
        )
    near = _NEAR.search(run.stdout)
    kinds = {m[1]: (int(m[2]), float(m[3]), float(m[4])) for m in _KIND.finditer(run.stdout)}
    return Accuracy(
        float(found[1]),
        float(found[2]),
        float(found[3]),
        int(near[1]) if near else 0,
        int(near[2]) if near else 0,
        kinds,
        seconds,
        run.stdout,
    )


def run_accuracy(args: argparse.Namespace) -> int:
    corpus = Path(args.accuracy)
    truth = Path(args.truth) if args.truth else truth_beside(corpus)
    scorer = scorer_beside(truth)
    for needed, what in (
        (corpus, "corpus folder"),
        (truth, "truth file (--truth)"),
        (scorer, "scorer (score.py)"),
    ):
        if not needed.exists():
            print(f"copydesk bench --accuracy: no {what} at {needed}", file=sys.stderr)
            return 2
    try:
        result = measure(corpus, truth, scorer)
    except RuntimeError as error:
        print(f"copydesk bench --accuracy: {error}", file=sys.stderr)
        return 2
    print(f"{corpus} read in {result.seconds:.1f} s, scored by {scorer}")
    print(
        f"bcubed_f1={result.f1:.3f} clean_precision={result.precision:.3f} "
        f"clean_recall={result.recall:.3f} "
        f"near_miss_merged={result.near_merged}/{result.near_pairs}"
    )
    for kind, (n, p, r) in sorted(result.kinds.items()):
        print(f"  {kind:18} n={n:3}  median precision {p:.3f}  median recall {r:.3f}")
    return 0
