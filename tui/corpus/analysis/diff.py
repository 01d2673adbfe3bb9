"""What differs between versions of a story: paragraph alignment and word changes.

`compare(this, other)` aligns the two versions' paragraphs (exact matches first, then
the most similar remaining pairs), recognises paragraphs that moved (matched, but out
of order), and diffs the words inside each aligned pair with rapidfuzz's Indel opcodes
on word tokens. Word changes read from this version to the other: `delete` words are
only in this version, `insert` words only in the other.

`coverage(story, this)` marks, per paragraph of this version, how many versions carry
it and which of its words some other version words differently.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz.distance import Indel

from ..model import Story, Version
from ..text import fold, words

MATCH = 0.5  # paragraphs at least this similar (word tokens) are the same paragraph

SAME = "same"
CHANGED = "changed"
MOVED = "moved"
ONLY_THIS = "only-this"
ONLY_OTHER = "only-other"


@dataclass(frozen=True)
class WordRun:
    """A run of words: kept (`equal`), only in this version (`delete`), only in the other
    (`insert`)."""

    op: str
    text: str


@dataclass
class Row:
    """One line of a comparison: a paragraph of this version, of the other, or of both."""

    status: str  # same, changed, moved, only-this, only-other
    this: int | None  # paragraph index in this version
    other: int | None  # paragraph index in the other version
    similarity: float
    runs: list[WordRun]

    @property
    def inserted(self) -> list[str]:
        return [r.text for r in self.runs if r.op == "insert"]

    @property
    def deleted(self) -> list[str]:
        return [r.text for r in self.runs if r.op == "delete"]


@dataclass
class Comparison:
    """This version against another, row by row in this version's reading order."""

    this: Version
    other: Version
    rows: list[Row]
    pairs: dict[int, int] = field(default_factory=dict)  # this paragraph -> other paragraph

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)


@dataclass
class Coverage:
    """A paragraph of this version seen against all the story's versions."""

    index: int
    carried_by: list[str]  # ids of the versions that carry the paragraph, this one first
    total: int
    runs: list[WordRun]  # `equal` words, `vary` words some version words differently,
    #                      `insert` words some version adds at that point


class _Vocabulary:
    """Folded words as small integers, so rapidfuzz compares integer sequences."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def keys(self, text: str) -> list[int]:
        ids = self.ids
        return [ids.setdefault(w, len(ids)) for w in words(text)]


def align(a: list[str], b: list[str]) -> list[tuple[int, int, float]]:
    """Pairs (i, j, similarity) of paragraphs of `a` and `b` that are the same paragraph.

    One-to-one; identical paragraphs pair first, then the most similar remaining pairs
    at or above MATCH. Candidates come from shared words, so the cost follows the pairs
    that could match, not len(a) * len(b).
    """
    vocab = _Vocabulary()
    ka = [vocab.keys(p) for p in a]
    kb = [vocab.keys(p) for p in b]
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    exact: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for j, keys in enumerate(kb):
        exact[tuple(keys)].append(j)
    for i, keys in enumerate(ka):
        slot = exact.get(tuple(keys))
        if keys and slot:
            j = slot.pop(0)
            pairs.append((i, j, 1.0))
            used_a.add(i)
            used_b.add(j)
    postings: dict[int, list[int]] = defaultdict(list)
    for j, keys in enumerate(kb):
        if j not in used_b:
            for key in set(keys):
                postings[key].append(j)
    scored: list[tuple[float, int, int]] = []
    for i, keys in enumerate(ka):
        if i in used_a or not keys:
            continue
        shared: dict[int, int] = defaultdict(int)
        for key in set(keys):
            for j in postings.get(key, ()):
                shared[j] += 1
        distinct = len(set(keys))
        for j, count in shared.items():
            if count < 0.3 * min(distinct, len(set(kb[j]))):
                continue
            score = Indel.normalized_similarity(keys, kb[j], score_cutoff=MATCH)
            if score:
                scored.append((score, i, j))
    scored.sort(
        key=lambda s: (-s[0], abs(s[1] / max(1, len(a)) - s[2] / max(1, len(b))), s[1], s[2])
    )
    for score, i, j in scored:
        if i not in used_a and j not in used_b:
            pairs.append((i, j, score))
            used_a.add(i)
            used_b.add(j)
    pairs.sort()
    return pairs


def _in_order(pairs: list[tuple[int, int, float]]) -> set[int]:
    """Indexes into `pairs` (sorted by i) of the longest run whose j also increase."""
    tails: list[int] = []  # tails[k]: index of the pair ending the best run of length k+1
    back: list[int] = [-1] * len(pairs)
    for n, (_, j, _) in enumerate(pairs):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if pairs[tails[mid]][1] < j:
                lo = mid + 1
            else:
                hi = mid
        back[n] = tails[lo - 1] if lo else -1
        if lo == len(tails):
            tails.append(n)
        else:
            tails[lo] = n
    keep: set[int] = set()
    n = tails[-1] if tails else -1
    while n >= 0:
        keep.add(n)
        n = back[n]
    return keep


def word_runs(this: str, other: str) -> list[WordRun]:
    """Word changes from `this` paragraph to `other` (whitespace tokens, folded compare)."""
    ta, tb = this.split(), other.split()
    vocab: dict[str, int] = {}
    ka = [vocab.setdefault(fold(t), len(vocab)) for t in ta]
    kb = [vocab.setdefault(fold(t), len(vocab)) for t in tb]
    runs: list[WordRun] = []
    for op in Indel.opcodes(ka, kb):
        if op.tag == "equal":
            runs.append(WordRun("equal", " ".join(ta[op.src_start : op.src_end])))
        elif op.tag == "delete":
            runs.append(WordRun("delete", " ".join(ta[op.src_start : op.src_end])))
        elif op.tag == "insert":
            runs.append(WordRun("insert", " ".join(tb[op.dest_start : op.dest_end])))
    # A replacement reads as [-old-]{+new+}: put the deletion first.
    for n in range(len(runs) - 1):
        if runs[n].op == "insert" and runs[n + 1].op == "delete":
            runs[n], runs[n + 1] = runs[n + 1], runs[n]
    return runs


def compare(this: Version, other: Version) -> Comparison:
    """Rows for every paragraph of both versions, in this version's reading order."""
    a, b = this.paragraphs, other.paragraphs
    pairs = align(a, b)
    ordered = _in_order(pairs)
    match_of = {i: (j, score, n in ordered) for n, (i, j, score) in enumerate(pairs)}
    matched_b = {j for _, j, _ in pairs}
    rows: list[Row] = []
    next_b = 0

    def flush_other(upto: int) -> None:
        nonlocal next_b
        while next_b < upto:
            if next_b not in matched_b:
                rows.append(Row(ONLY_OTHER, None, next_b, 0.0, [WordRun("insert", b[next_b])]))
            next_b += 1

    for i, text in enumerate(a):
        if i not in match_of:
            rows.append(Row(ONLY_THIS, i, None, 0.0, [WordRun("delete", text)]))
            continue
        j, score, in_place = match_of[i]
        if in_place:
            flush_other(j)
            next_b = max(next_b, j + 1)
        runs = [WordRun("equal", text)] if score == 1.0 else word_runs(text, b[j])
        status = MOVED if not in_place else (SAME if score == 1.0 else CHANGED)
        rows.append(Row(status, i, j, score, runs))
    flush_other(len(b))
    return Comparison(this, other, rows, {i: j for i, j, _ in pairs})


def corresponding(comparison: Comparison, paragraph: int) -> int:
    """The other version's paragraph to show when leaving `paragraph` of this one.

    Its own match if it has one, else the match of the nearest paragraph before it
    (then after it) that has one, else the same index clipped to the other's length.
    """
    pairs = comparison.pairs
    if paragraph in pairs:
        return pairs[paragraph]
    earlier = [i for i in pairs if i < paragraph]
    if earlier:
        return pairs[max(earlier)]
    later = [i for i in pairs if i > paragraph]
    if later:
        return pairs[min(later)]
    return max(0, min(paragraph, len(comparison.other.paragraphs) - 1))


def coverage(story: Story, this: Version) -> list[Coverage]:
    """For each paragraph of `this`, the versions that carry it and the words that vary."""
    others = [v for v in story.versions if v is not this]
    comparisons = [compare(this, other) for other in others]
    out: list[Coverage] = []
    for i, text in enumerate(this.paragraphs):
        tokens = text.split()
        varies = [False] * len(tokens)
        added: dict[int, list[str]] = defaultdict(list)  # before token k: words some version adds
        carried = [this.id]
        for comparison in comparisons:
            j = comparison.pairs.get(i)
            if j is None:
                continue
            carried.append(comparison.other.id)
            _mark(word_runs(text, comparison.other.paragraphs[j]), varies, added)
        out.append(Coverage(i, carried, len(story.versions), _coverage_runs(tokens, varies, added)))
    return out


def _mark(runs: list[WordRun], varies: list[bool], added: dict[int, list[str]]) -> None:
    k = 0
    for run in runs:
        if run.op == "insert":
            if run.text not in added[k]:
                added[k].append(run.text)
            continue
        n = len(run.text.split())
        if run.op == "delete":
            for m in range(k, k + n):
                varies[m] = True
        k += n


def _coverage_runs(
    tokens: list[str], varies: list[bool], added: dict[int, list[str]]
) -> list[WordRun]:
    runs: list[WordRun] = []

    def push(op: str, text: str) -> None:
        if runs and runs[-1].op == op and op != "insert":
            runs[-1] = WordRun(op, runs[-1].text + " " + text)
        else:
            runs.append(WordRun(op, text))

    for k, token in enumerate(tokens):
        if added.get(k):
            push("insert", " | ".join(added[k]))
        push("vary" if varies[k] else "equal", token)
    if added.get(len(tokens)):
        push("insert", " | ".join(added[len(tokens)]))
    return runs
