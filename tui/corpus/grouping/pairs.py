"""How many fingerprints each pair of texts shares: counted in arrays, not in dicts.

The candidates for clustering are the pairs of texts that share word 5-grams, each
5-gram counted for a pair when it is held by at least two texts and by at most
`cap` (more, and it is boilerplate). Counting that in Python dicts meant a dict entry
for every 5-gram of the corpus and one tuple for every pair a 5-gram makes: most of
the clustering's time, and at 100,000 versions hundreds of megabytes. Here the
5-grams of a range are sorted with the text holding each (numpy), runs of equal
5-grams give the pairs of their holders as codes (`lower * texts + higher`), and
the codes are summed in blocks of `PAIR_BLOCK`, so what is held at once is bounded
whatever the corpus's size. The counts are the same as the dict way's, exactly.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Codes = npt.NDArray[np.int64]

PAIR_BLOCK = 1_000_000  # pair codes made before they are summed (8 MB; four times that held
# at 100,000 versions drove the peak of a cold index, and was no quicker)


class PairCounts:
    """Running totals of fingerprints shared by pairs of `texts` texts, by pair code."""

    def __init__(self, texts: int) -> None:
        self.texts = texts
        self._codes: Codes = np.empty(0, dtype=np.int64)  # sorted, distinct
        self._counts: Codes = np.empty(0, dtype=np.int64)
        self._pending: list[Codes] = []
        self._pending_size = 0

    def add(self, held: Sequence[array[int]], cap: int) -> None:
        """Count the 5-grams of one range: `held[i]` is text i's (sorted, distinct), and
        a 5-gram links each pair of its holders if it has from 2 to `cap` of them."""
        sizes = [len(mine) for mine in held]
        if sum(sizes) == 0:
            return
        grams = np.concatenate([np.frombuffer(mine, dtype=np.int64) for mine in held if mine])
        holder = np.repeat(np.arange(len(held), dtype=np.int64), sizes)
        order = np.argsort(grams)
        grams, holder = grams[order], holder[order]
        del order
        starts = np.flatnonzero(np.concatenate(([True], grams[1:] != grams[:-1])))
        runs = np.diff(np.append(starts, len(grams)))
        del grams
        for size in range(2, cap + 1):
            first = starts[runs == size]
            if not len(first):
                continue
            lower, higher = np.triu_indices(size, 1)
            step = max(1, PAIR_BLOCK // len(lower))
            for at in range(0, len(first), step):
                members = holder[first[at : at + step, None] + np.arange(size)]
                a, b = members[:, lower], members[:, higher]
                self._hold((np.minimum(a, b) * self.texts + np.maximum(a, b)).ravel())

    def _hold(self, codes: Codes) -> None:
        self._pending.append(codes)
        self._pending_size += len(codes)
        if self._pending_size >= PAIR_BLOCK:
            self._sum()

    def _sum(self) -> None:
        """Fold the pending codes into the totals."""
        if not self._pending:
            return
        codes, counts = np.unique(np.concatenate(self._pending), return_counts=True)
        self._pending, self._pending_size = [], 0
        if len(self._codes):
            codes = np.concatenate((self._codes, codes))
            counts = np.concatenate((self._counts, counts))
            order = np.argsort(codes, kind="stable")
            codes, counts = codes[order], counts[order]
            starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
            codes, counts = codes[starts], np.add.reduceat(counts, starts)
        self._codes, self._counts = codes, counts.astype(np.int64, copy=False)

    def pairs(self, sizes: Sequence[int], least: int) -> dict[tuple[int, int], int]:
        """The pairs (lower, higher) sharing at least `least` 5-grams, or all of the
        smaller text's (`sizes`: each text's count of 5-grams), with the count shared."""
        self._sum()
        lower, higher = np.divmod(self._codes, self.texts)
        size = np.asarray(sizes, dtype=np.int64)
        smaller = np.minimum(size[lower], size[higher])
        keep = (self._counts >= least) | (self._counts == smaller)
        return dict(
            zip(
                zip(lower[keep].tolist(), higher[keep].tolist(), strict=True),
                self._counts[keep].tolist(),
                strict=True,
            )
        )
