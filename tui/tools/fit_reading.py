"""Fit the reading models (`tui/corpus/reading_model.json`) on a labelled corpus.

    python -m tui.tools.fit_reading ../shared/devset [--write] [--holdout]

The labelled corpus is a folder in the shape of copydesk's dev set: `corpus/` with
`truth.json` beside it (and optionally a `chrome/` variant of the same shape). Every
unit of every file is labelled by whether its words are in the reference text of the
segment it lies in; every place between two article units by whether a new segment
starts there. Two logistic models are fitted on the features the product computes
("body" over `body.FEATURES`, "split" over `places.SPLIT_FEATURES`), so what is
fitted is what runs.

`--holdout` reports leave-one-source-out figures: for each source of the truth
(`stories[id].source_key` up to its first "-"), both models are fitted on the other
sources' files, the whole pipeline is run with them, and the held-out source's
segments are scored. `--write` fits on everything and writes the weights.

Needs NumPy (`pip install numpy`); the package itself does not.
"""

from __future__ import annotations

import argparse
import collections
import difflib
import json
import math
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..corpus.grouping.cluster import cluster
from ..corpus.ingest import body, places, weights
from ..corpus.ingest.files import read_all
from ..corpus.ingest.pipeline import Prepared, prepare, read_versions
from ..corpus.model import Corpus, Skipped, SourceText
from .devset_score import Truth, score, source_of, toks

# Thresholds the models' probabilities are used with, and the L2 penalty of each fit.
SETTINGS = {"body": 0.3, "split": 0.8, "body_l2": 1.0, "split_l2": 1.0}
Array = Any  # a NumPy array: NumPy is optional (not installed with the package), so untyped here
Labels = dict[str, list[tuple[int, float]]]  # file -> each unit's (segment, share in reference)


@dataclass
class Example:
    """One labelled corpus variant: its folder, its truth, the texts and the prepared files."""

    folder: Path
    truth: Truth
    ready: Prepared
    texts: list[SourceText]


def load_variant(folder: Path, truth_path: Path) -> Example:
    truth = json.loads(truth_path.read_text("utf-8"))
    texts, _ = read_all([folder])
    return Example(folder, truth, prepare(texts), texts)


BODY_ONLY = frozenset({"trafilatura", "trafilatura_print", "readability", "justext", "condensed"})
GLUED = "glued-"
ONE_SIDED = (
    False  # see augment: measured, the one-sided examples cost the dev set more than they teach
)


def augment(example: Example, count: int = 60, seed: int = 7) -> Example:
    """The example with `count` more files, each two body-only versions of unrelated
    stories glued after one or two blank lines, nothing else between.

    The corpus's own glued files mostly sit between whole pages or after wider gaps;
    these teach the split model that a story can follow another directly, and that
    what tells it then is the evidence, not the layout. In a third of them the second
    story is one the corpus tells nowhere else (its only file is taken out and glued),
    so the evidence is one-sided, as for a story glued on from outside the corpus.
    """
    truth = json.loads(json.dumps(example.truth))
    singles = [
        (f, segs[0])
        for f, segs in sorted(truth["files"].items())
        if len(segs) == 1 and segs[0]["kind"] in BODY_ONLY
    ]
    told = collections.Counter(seg["story"] for segs in truth["files"].values() for seg in segs)
    alone = [(f, seg) for f, seg in singles if told[seg["story"]] == 1]
    near = {frozenset(pair[:2]) for pair in truth.get("near_miss_pairs", [])}
    lines_of = {t.source: list(t.lines) for t in example.texts}

    def site(seg: dict[str, Any]) -> str:
        found: str = truth["stories"][seg["story"]]["site"]
        return found

    rng = random.Random(seed)
    texts = list(example.texts)
    taken: set[str] = set()  # files taken out of the corpus, glued on alone
    made = 0
    while made < count:
        (fa, sa), (fb, sb) = rng.sample(singles, 2)
        if ONE_SIDED and made % 3 == 2 and alone:
            fb, sb = alone.pop(rng.randrange(len(alone)))
        if (
            sa["story"] == sb["story"]
            or site(sa) == site(sb)
            or frozenset((sa["story"], sb["story"])) in near
            or fa in taken
            or fb in taken
        ):
            continue
        if ONE_SIDED and made % 3 == 2 and told[sb["story"]] == 1:
            taken.add(fb)
            del truth["files"][fb]
        a = lines_of[fa]
        while a and not a[-1].strip():
            a.pop()
        gap = rng.choice((1, 1, 1, 2))
        shift = len(a) + gap
        name = f"{GLUED}{made:03d}.txt"
        texts.append(SourceText(name, name, a + [""] * gap + lines_of[fb]))
        truth["files"][name] = [
            {**sa, "lines": [sa["lines"][0], min(sa["lines"][1], len(a))]},
            {**sb, "lines": [sb["lines"][0] + shift, sb["lines"][1] + shift]},
        ]
        made += 1
    texts = [t for t in texts if t.source not in taken]
    return Example(example.folder, truth, prepare(texts), texts)


def unit_labels(example: Example) -> Labels:
    """For each file, each unit's segment number (-1: none) and the share of its words in
    the reference."""
    truth, ready = example.truth, example.ready
    out: Labels = {}
    for source, units in ready.units.items():
        segments = truth["files"][source]
        rows = [(-1, 0.0)] * len(units)
        for number, seg in enumerate(segments):
            paragraphs = truth["stories"][seg["story"]]["paragraphs"]
            reference = [t for i in seg["ref"] for t in toks(paragraphs[i])]
            mine = [i for i, u in enumerate(units) if seg["lines"][0] <= u.first <= seg["lines"][1]]
            stream: list[str] = []
            owner: list[int] = []
            for i in mine:
                words = toks(units[i].text)
                stream += words
                owner += [i] * len(words)
            hits: collections.Counter[int] = collections.Counter()
            matcher = difflib.SequenceMatcher(None, stream, reference, autojunk=False)
            for a, _, size in matcher.get_matching_blocks():
                whole_unit = (
                    size
                    and all(o == owner[a] for o in owner[a : a + size])
                    and owner.count(owner[a]) == size
                )
                if size >= 3 or whole_unit:
                    for k in range(a, a + size):
                        hits[owner[k]] += 1
            for i in mine:
                n = len(toks(units[i].text))
                rows[i] = (number, hits[i] / n if n else 0.0)
        out[source] = rows
    return out


def _numpy() -> Any:
    """NumPy, imported only when fitting."""
    import numpy

    return numpy


def fit_logistic(X: Array, y: Array, w: Array, l2: float = 1.0) -> tuple[Array, float]:
    """L2-regularised logistic regression by Newton's method: (weights, bias)."""
    np = _numpy()

    n, d = X.shape
    Xb = np.hstack([X, np.ones((n, 1))])
    beta = np.zeros(d + 1)
    penalty = np.r_[np.full(d, l2), 0.0]
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(Xb @ beta, -40, 40)))
        gradient = Xb.T @ (w * (p - y)) + penalty * beta
        hessian = (Xb * (w * p * (1 - p))[:, None]).T @ Xb + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-7:
            break
    return beta[:-1], float(beta[-1])


def body_rows(
    example: Example, labels: Labels, files: set[str]
) -> tuple[list[list[float]], list[float], list[float], list[tuple[str, int]]]:
    """Features, labels and weights of the body model for the units of `files`."""
    ready = example.ready
    X: list[list[float]] = []
    y: list[float] = []
    w: list[float] = []
    keys: list[tuple[str, int]] = []
    for source in sorted(files):
        units, tokens = ready.units[source], ready.tokens[source]
        rows = body.feature_rows(units, tokens, ready.evidence.of(source))
        for i, row in enumerate(rows):
            segment, share = labels[source][i]
            X.append(row)
            y.append(float(share >= 0.5))
            w.append(math.sqrt(max(1, len(tokens[i]))))
            keys.append((source, i))
    return X, y, w, keys


def split_rows(
    example: Example, probabilities: dict[str, list[float]], files: set[str]
) -> tuple[list[tuple[float, ...]], list[float]]:
    """Features and labels of the split model for the places in `files` (given body probabilities).

    As `split.cuts` sees them: over the whole file first, then (for files that hold
    several stories) within each story, where no place may be cut.
    """
    ready, truth = example.ready, example.truth
    X: list[tuple[float, ...]] = []
    y: list[float] = []
    for source in sorted(files):
        units, tokens = ready.units[source], ready.tokens[source]
        starts = [seg["lines"][0] for seg in truth["files"][source][1:]]
        parts = [(0, len(units))]
        if starts:
            bounds = [
                0,
                *(
                    next((i for i, u in enumerate(units) if u.first >= s), len(units))
                    for s in starts
                ),
                len(units),
            ]
            parts += list(zip(bounds, bounds[1:], strict=False))
        for lo, hi in parts:
            # every place, even where too little is on a side to cut: they teach that as well
            for place in places.places(
                units,
                tokens,
                ready.evidence.of(source),
                probabilities[source],
                ready.widths[source],
                lo,
                hi,
                min_words=0,
            ):
                X.append(place.features)
                y.append(
                    float(
                        any(units[place.left].last < s <= units[place.right].first for s in starts)
                    )
                )
    return X, y


def fit_models(
    examples: list[Example],
    labels: list[Labels],
    sources: set[str],
    settings: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Both models, fitted on the files whose first story comes from `sources`."""
    settings = {**SETTINGS, **(settings or {})}
    np = _numpy()

    def wanted(ex: Example, name: str) -> bool:
        segs = ex.truth["files"][name]
        if name.startswith(GLUED):  # made of two files: both must be of the sources fitted on
            return all(source_of(ex.truth, seg["story"]) in sources for seg in segs)
        return source_of(ex.truth, segs[0]["story"]) in sources

    chosen = [{f for f in ex.truth["files"] if wanted(ex, f)} for ex in examples]
    X: list[list[float]] = []
    y: list[float] = []
    w: list[float] = []
    for ex, lab, files in zip(examples, labels, chosen, strict=True):
        a, b, c, _ = body_rows(ex, lab, files)
        X += a
        y += b
        w += c
    coef, bias = fit_logistic(np.array(X), np.array(y), np.array(w), settings["body_l2"])
    body_model = weights.Logistic(body.FEATURES, tuple(coef), bias, settings["body"])
    # The split model learns from body probabilities as they come out on unseen files:
    # within the chosen sources, each source's are predicted by a body model fitted on the others.
    rows: list[tuple[float, ...]] = []
    cut: list[float] = []
    for ex, lab, files in zip(examples, labels, chosen, strict=True):
        probabilities = inner_probabilities(ex, lab, files, settings)
        found, labelled = split_rows(ex, probabilities, files)
        rows += found
        cut += labelled
    SX, Sy = np.array(rows), np.array(cut)
    positive = max(1.0, Sy.sum())
    sw = np.where(
        Sy > 0, (len(Sy) - positive) / positive, 1.0
    )  # the rare cuts weigh as much as the rest
    scoef, sbias = fit_logistic(SX, Sy, sw, settings["split_l2"])
    return {
        "body": {
            "features": list(body.FEATURES),
            "weights": [round(float(v), 6) for v in body_model.weights],
            "bias": round(body_model.bias, 6),
            "threshold": settings["body"],
        },
        "split": {
            "features": list(places.SPLIT_FEATURES),
            "weights": [round(float(v), 6) for v in scoef],
            "bias": round(sbias, 6),
            "threshold": settings["split"],
        },
    }


def inner_probabilities(
    example: Example, labels: Labels, files: set[str], settings: dict[str, float]
) -> dict[str, list[float]]:
    """Body probabilities for `files`, each source's predicted by a model fitted without it."""
    np = _numpy()

    truth = example.truth
    by_source: dict[str, set[str]] = collections.defaultdict(set)
    for f in files:
        by_source[source_of(truth, truth["files"][f][0]["story"])].add(f)
    out: dict[str, list[float]] = {}
    for held_files in by_source.values():
        rest = files - held_files
        if not rest:
            rest = files
        X, y, w, _ = body_rows(example, labels, rest)
        coef, bias = fit_logistic(np.array(X), np.array(y), np.array(w), settings["body_l2"])
        model = weights.Logistic(body.FEATURES, tuple(coef), bias, settings["body"])
        for f in held_files:
            ready = example.ready
            out[f] = body.content_probabilities(
                ready.units[f], ready.tokens[f], ready.evidence.of(f), model
            )
    return out


def run(example: Example, models: dict[str, Any]) -> dict[str, Any]:
    """The export of the example's corpus read with `models` (its files prepared once, before)."""
    weights.override(models)
    try:
        skipped: list[Skipped] = []
        versions = read_versions(example.ready, skipped)
        return Corpus(
            roots=[str(example.folder)], stories=cluster(versions), warnings=skipped
        ).to_dict()
    finally:
        weights.override(None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tui.tools.fit_reading", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "devset", type=Path, help="folder holding corpus/ and truth.json (and maybe chrome/)"
    )
    parser.add_argument(
        "--write", action="store_true", help="fit on everything and write reading_model.json"
    )
    parser.add_argument("--holdout", action="store_true", help="leave-one-source-out figures")
    args = parser.parse_args(argv)
    variants = [(args.devset / "corpus", args.devset / "truth.json")]
    if (args.devset / "chrome" / "truth.json").exists():
        variants.append((args.devset / "chrome" / "corpus", args.devset / "chrome" / "truth.json"))
    real = [load_variant(folder, truth) for folder, truth in variants]
    examples = [augment(real[0]), *real[1:]]  # the main set has the body-only versions
    labels = [unit_labels(ex) for ex in examples]
    sources = sorted({source_of(ex.truth, s) for ex in examples for s in ex.truth["stories"]})
    if args.holdout:
        for held in sources:
            models = fit_models(examples, labels, set(sources) - {held})
            for (folder, _), ex in zip(variants, real, strict=True):
                fig = score(run(ex, models), ex.truth, only=held)
                print(
                    f"held out {held:4} "
                    f"{folder.parent.name if folder.parent != args.devset else ''}"
                    f"{folder.name:7}: bcubed_f1={fig['f1']:.3f} "
                    f"clean_precision={fig['precision']:.3f} "
                    f"clean_recall={fig['recall']:.3f}"
                )
    models = fit_models(examples, labels, set(sources))
    for (folder, _), ex in zip(variants, real, strict=True):
        fig = score(run(ex, models), ex.truth)
        print(
            f"fitted on all, {folder}: bcubed_f1={fig['f1']:.3f} "
            f"clean_precision={fig['precision']:.3f} "
            f"clean_recall={fig['recall']:.3f}"
        )
    if args.write:
        weights.MODEL_FILE.write_text(json.dumps(models, indent=1) + "\n", "utf-8")
        print(f"wrote {weights.MODEL_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
