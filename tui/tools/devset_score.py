"""The dev set's figures, as its `score.py` computes them, for `fit_reading`: B-cubed F1
of the grouping and the word precision and recall of the clean text, over all
segments or one source's (for leave-one-source-out runs).
"""

from __future__ import annotations

import collections
import re
import statistics
import unicodedata
from typing import Any

Truth = dict[str, Any]  # the shape of the dev set's truth.json

_TOKEN = re.compile(r"\w+")


def toks(text: str) -> list[str]:
    """Words as the dev set's scorer counts them."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text or "").lower())


def source_of(truth: Truth, story: str) -> str:
    """The source a story of the truth comes from (its `source_key` up to the first "-")."""
    key: str = truth["stories"][story]["source_key"]
    return key.split("-")[0]


def _segments(truth: Truth) -> tuple[list[dict[str, Any]], dict[str, list[int]]]:
    """The truth's segments (file, story, line range, reference words), and each file's."""
    stories = truth["stories"]
    segs: list[dict[str, Any]] = []
    by_file: dict[str, list[int]] = collections.defaultdict(list)
    for fname, fsegs in truth["files"].items():
        for s in fsegs:
            par = stories[s["story"]]["paragraphs"]
            segs.append(
                {
                    "file": fname,
                    "story": s["story"],
                    "lo": s["lines"][0],
                    "hi": s["lines"][1],
                    "ref": [t for i in s["ref"] for t in toks(par[i])],
                }
            )
            by_file[fname].append(len(segs) - 1)
    return segs, by_file


def score(export: dict[str, Any], truth: Truth, only: str | None = None) -> dict[str, float]:
    """The dev set's figures (as its score.py computes them), optionally for one source's
    segments."""
    segs, by_file = _segments(truth)
    best: dict[int, tuple[int, str]] = {}  # segment -> (overlap, story id) of its best version
    mapped: list[tuple[int, float, float]] = []
    for st in export["stories"]:
        for v in st["versions"]:
            lo, hi = v["lines"]
            cand = [
                (min(hi, segs[i]["hi"]) - max(lo, segs[i]["lo"]) + 1, -i)
                for i in by_file.get(v["source"], [])
            ]
            overlap, neg = max(cand, default=(0, 0))
            if overlap <= 0:
                continue
            i = -neg
            pred = toks(" ".join(v["paragraphs"]))
            ref = segs[i]["ref"]
            n = _lcs(pred, ref)
            mapped.append((i, n / len(pred) if pred else 0.0, n / len(ref) if ref else 0.0))
            if i not in best or overlap > best[i][0]:
                best[i] = (overlap, st["id"])
    keep = [
        i for i in range(len(segs)) if only is None or source_of(truth, segs[i]["story"]) == only
    ]
    story_of = {i: best[i][1] for i in best}
    pc = collections.Counter(story_of.values())
    tc = collections.Counter(s["story"] for s in segs)
    both = collections.Counter((story_of[i], segs[i]["story"]) for i in story_of)
    reached = [i for i in keep if i in story_of]
    bp = (
        statistics.fmean(both[(story_of[i], segs[i]["story"])] / pc[story_of[i]] for i in reached)
        if reached
        else 0.0
    )
    br = sum(both[(story_of[i], segs[i]["story"])] / tc[segs[i]["story"]] for i in reached) / max(
        1, len(keep)
    )
    kept = set(keep)
    ps = [p for i, p, r in mapped if i in kept]
    rs = [r for i, p, r in mapped if i in kept]
    return {
        "f1": 2 * bp * br / (bp + br) if bp + br else 0.0,
        "precision": statistics.fmean(ps) if ps else 0.0,
        "recall": statistics.fmean(rs) if rs else 0.0,
    }


def _lcs(a: list[str], b: list[str]) -> int:
    """Exact LCS length of two token lists (bit-parallel, as the scorer does it)."""
    if not a or not b:
        return 0
    if len(a) > len(b):
        a, b = b, a
    masks: dict[str, int] = {}
    for i, t in enumerate(a):
        masks[t] = masks.get(t, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for t in b:
        u = v & masks.get(t, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - bin(v).count("1")
