"""Segmenting glued files and clustering versions, on small hand-made corpora."""

from __future__ import annotations

import textwrap

import pytest

from tui.corpus import load_corpus

STORY_A = [
    "PARIS (AP) — The French parliament voted late Tuesday to approve a contested pension reform "
    "after weeks of strikes.",
    "The measure raises the retirement age from 62 to 64 and passed by a narrow margin after a "
    "long night of debate.",
    "Unions said they would keep up their protests and called for another national day of action "
    "next week.",
    "“This is not the end,” said one union leader outside the assembly, where hundreds of people "
    "had gathered.",
    "The government says the change is needed to keep the pension system from running a deficit "
    "within a decade.",
]
STORY_B = [
    "NAIROBI, Kenya (AP) — Heavy rains have flooded parts of the Kenyan capital, forcing "
    "thousands from their homes.",
    "The Kenya Red Cross said rescue teams were working through the night to reach families "
    "trapped by rising water.",
    "Forecasters expect more rain through the weekend across the region, and schools have been "
    "closed until Monday.",
]
OTHER_OUTLET_SAME_EVENT = [
    "Lawmakers in France approved the pension overhaul on Tuesday night, a victory for the "
    "president after months of unrest.",
    "“This is not the end,” said one union leader outside the assembly, where hundreds of people "
    "had gathered.",
    "Opposition parties said they would challenge the law in the constitutional court before it "
    "can take effect.",
    "Economists were divided on whether the savings would be as large as the government has "
    "promised this year.",
]


def _write(folder, name, lines):
    (folder / name).write_text("\n".join(lines) + "\n", "utf-8")


def test_glued_story_is_split_and_never_bridges(tmp_path):
    _write(
        tmp_path,
        "a-wrapped.txt",
        ["Pension reform passes", "By JANE ROE"] + textwrap.wrap(" ".join(STORY_A), 60),
    )
    _write(
        tmp_path,
        "a-glued.txt",
        ["Pension reform passes", ""] + sum(([p, ""] for p in STORY_A + STORY_B), []),
    )
    _write(tmp_path, "b.txt", ["Floods in Nairobi", ""] + sum(([p, ""] for p in STORY_B), []))
    corpus = load_corpus([tmp_path])
    stories = {s.title: s for s in corpus.stories}
    assert len(corpus.stories) == 2, [s.title for s in corpus.stories]
    pension = stories["Pension reform passes"]
    floods = stories["Floods in Nairobi"]
    assert sorted(v.source for v in pension.versions) == ["a-glued.txt", "a-wrapped.txt"]
    assert sorted(v.source for v in floods.versions) == ["a-glued.txt", "b.txt"]
    glued_b = next(v for v in floods.versions if v.source == "a-glued.txt")
    assert glued_b.paragraphs == STORY_B and glued_b.lines[0] == 13


def test_condensed_rewrite_joins_and_other_outlet_stays_apart(tmp_path):
    _write(
        tmp_path, "full.txt", ["Pension reform passes", ""] + sum(([p, ""] for p in STORY_A), [])
    )
    condensed = [STORY_A[0], STORY_A[1].split(" and passed")[0] + ".", STORY_A[4]]
    _write(tmp_path, "short.txt", condensed)
    _write(tmp_path, "other.txt", ["France approves pension law", ""] + OTHER_OUTLET_SAME_EVENT)
    corpus = load_corpus([tmp_path])
    groups = sorted(sorted(v.source for v in s.versions) for s in corpus.stories)
    assert groups == [["full.txt", "short.txt"], ["other.txt"]]


def test_template_reports_stay_apart(tmp_path):
    def report(day, prices):
        rows = [
            f"  Wheat   {prices[0]}   2.40",
            f"  Corn    {prices[1]}   1.92",
            f"  Oats    {prices[2]}   0.99",
        ]
        return [
            "NATIONAL AVERAGE PRICES FOR GRAIN RESERVE",
            f"1987-04-{day:02d}",
            "",
            f"WASHINGTON, April {day} - The U.S. Agriculture Department reported the",
            f"national five-day average price through April {day} as follows -",
            *rows,
            " Reuter",
        ]

    _write(tmp_path, "r1.txt", report(7, ("2.64", "1.40", "1.57")))
    _write(tmp_path, "r2.txt", report(14, ("2.58", "1.45", "1.61")))
    _write(tmp_path, "r3.txt", report(14, ("2.58", "1.45", "1.61")))  # an exact re-send
    corpus = load_corpus([tmp_path])
    groups = sorted(sorted(v.source for v in s.versions) for s in corpus.stories)
    assert groups == [["r1.txt"], ["r2.txt", "r3.txt"]]


def test_unrelated_short_files_each_their_own_story(tmp_path):
    for i, p in enumerate(STORY_A + STORY_B):
        _write(tmp_path, f"{i}.txt", [p])
    corpus = load_corpus([tmp_path])
    assert len(corpus.stories) == len(STORY_A + STORY_B)


def test_announced_correction_joins_the_item_it_corrects_only(tmp_path):
    first = [
        "ACME CORP <ACME> SETS PAYOUT",
        "2024-03-17",
        "",
        "SPRINGFIELD, Ill., March 17 - Qtly div 12 cts vs 12 cts prior",
        "    Pay April 15",
        "    Record March 31",
    ]
    fixed = [
        "CORRECTED - ACME CORP <ACME> RAISES PAYOUT",
        "2024-03-18",
        "",
        "SPRINGFIELD, Ill., March 18 - Qtly div 14 cts vs 12 cts",
        "    Pay April 15",
        "    Record March 31",
        "    (Corrects dividend figure in item appearing March 17.)",
    ]
    other = [
        "ZENITH MILLS <ZEN> SETS PAYOUT",
        "2024-03-17",
        "",
        "SPRINGFIELD, Ill., March 17 - Qtly div 30 cts vs 30 cts prior",
        "    Pay April 20",
        "    Record April 1",
    ]
    _write(tmp_path, "1.txt", first)
    _write(tmp_path, "2.txt", fixed)
    _write(tmp_path, "3.txt", other)
    groups = sorted(sorted(v.source for v in s.versions) for s in load_corpus([tmp_path]).stories)
    assert groups == [["1.txt", "2.txt"], ["3.txt"]]


def test_of_two_equal_texts_the_canonical_one_does_not_depend_on_their_order(tmp_path):
    # Before, of two versions alike in every way (one text saved twice) the first one
    # given was canonical, so a refresh (kept versions first, then the fresh ones) could
    # pick another one than a cold reading (in file order).
    from tui.corpus.build import read_further
    from tui.corpus.grouping.cluster import cluster
    from tui.corpus.ingest.discover import discover
    from tui.corpus.ingest.workers import read_corpus

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("\n\n".join(STORY_A) + "\n", "utf-8")

    def canonical(reverse: bool) -> str:
        reading = read_corpus(discover([tmp_path], []), [], max_bytes=1 << 20, then=read_further)
        pairs = list(zip(reading.versions, reading.then, strict=True))
        if reverse:
            pairs.reverse()
        (story,) = cluster([v for v, _ in pairs], docs=[d for _, d in pairs])
        return next(v.source for v in story.versions if v.canonical)

    assert canonical(False) == canonical(True)


def test_candidate_pairs_counted_a_range_at_a_time_are_the_same(monkeypatch):
    """Fingerprints counted in many value ranges give the very pairs and counts of one count."""
    from tui.corpus.grouping import cluster as clustering
    from tui.corpus.grouping.docs import doc_of
    from tui.corpus.model import Version

    texts = [STORY_A, STORY_B, OTHER_OUTLET_SAME_EVENT, STORY_A[:3], STORY_A[1:] + STORY_B[:1]]
    docs = []
    for n, paragraphs in enumerate(texts):
        version = Version(f"v{n}", f"f{n}.txt", (1, 9), None, None, None, None, list(paragraphs))
        docs.append(doc_of(version))
    assert all(list(d.shingles) == sorted(d.shingles) for d in docs)
    whole = clustering._candidates(docs)
    assert whole  # the texts that share paragraphs are candidates
    monkeypatch.setattr(clustering, "PART_SHINGLES", 7)
    assert sum(len(d.shingles) for d in docs) // 7 > 20  # so many ranges, most with a few
    assert clustering._candidates(docs) == whole


def _groups(stories):
    return sorted(sorted(v.source for v in s.versions) for s in stories)


def test_versions_added_to_stories_are_grouped_as_all_of_them_would_be(tmp_path):
    # The same text under two headlines is one group, compared with the other texts as
    # the copy read first (a.txt here, whose headline fits c.txt): what `cluster` makes
    # of all three, `cluster_more` makes of a.txt added to the stories of b.txt and c.txt,
    # where b.txt's copy (read first then) was no match for c.txt.
    from tui.corpus.grouping.more import cluster_more

    body = (
        "PORTVILLE, May 4 - Harbour Trust Bank said it would raise its prime lending rate "
        "to 9 pct from 8.75 pct from Tuesday, following similar moves by other banks."
    )
    texts = {
        "a.txt": "Harbour Trust Bank raises prime rate\n\n" + body + "\n",
        "b.txt": "Weather delays dredging of the channel\n\n" + body + "\n",
        "c.txt": "Harbour Trust Bank raises prime rate\n\n" + body + "\n\nThe bank said the "
        "rise reflected the higher cost of its funds this quarter.\n",
    }
    for name, text in texts.items():
        folder = tmp_path / name[0]
        folder.mkdir()
        (folder / name).write_text(text, "utf-8")
        (tmp_path / "all").mkdir(exist_ok=True)
        (tmp_path / "all" / name).write_text(text, "utf-8")
    whole = load_corpus([tmp_path / "all"]).stories
    assert _groups(whole) == [["a.txt", "b.txt", "c.txt"]]
    kept = load_corpus([tmp_path / "b", tmp_path / "c"]).stories
    assert _groups(kept) == [["b.txt"], ["c.txt"]]
    added = [v for s in load_corpus([tmp_path / "a"]).stories for v in s.versions]
    assert _groups(cluster_more(kept, added)) == _groups(whole)


def _pairs_by_dicts(held, cap, sizes, least):
    """The plain way PairCounts replaces: a dict of 5-gram holders, a tuple per pair."""
    from collections import Counter, defaultdict
    from itertools import combinations

    holders = defaultdict(list)
    for i, mine in enumerate(held):
        for gram in mine:
            holders[gram].append(i)
    pairs = Counter()
    for posting in holders.values():
        if 2 <= len(posting) <= cap:
            pairs.update(combinations(posting, 2))
    return {p: n for p, n in pairs.items() if n >= least or n == min(sizes[p[0]], sizes[p[1]])}


@pytest.mark.parametrize("block", [4_000_000, 5])
def test_pair_counts_in_arrays_are_the_counts_of_the_plain_way(monkeypatch, block):
    """Random texts over a small vocabulary of 5-grams (many shared, some by more than
    the cap, some texts empty): the same pairs and counts, also when the codes are
    summed a few at a time."""
    import random
    from array import array

    from tui.corpus.grouping import pairs as counting

    monkeypatch.setattr(counting, "PAIR_BLOCK", block)
    rng = random.Random(7)
    vocabulary = [rng.randrange(-(2**63), 2**63) for _ in range(300)]
    held = [
        array("q", sorted(rng.sample(vocabulary, rng.choice([0, 1, 3, 8, 20, 40]))))
        for _ in range(120)
    ]
    sizes = [len(mine) for mine in held]
    counts = counting.PairCounts(len(held))
    counts.add(held[:0], 5)  # nothing to count
    counts.add(held, 5)
    expected = _pairs_by_dicts(held, 5, sizes, 3)
    assert len(expected) > 100
    assert counts.pairs(sizes, 3) == expected


def _misread(text: str) -> str:
    """`text` as a scanner's OCR might give it: letters taken for look-alikes, one word
    in four or so ("tbe" for "the", "rnay" for "may", "c1ose" for "close")."""
    swaps = (("he", "be"), ("m", "rn"), ("l", "1"), ("e", "c"), ("o", "0"), ("n", "u"))
    words = text.split(" ")
    for n in range(0, len(words), 4):
        for old, new in swaps:
            if old in words[n]:
                words[n] = words[n].replace(old, new, 1)
                break
    return " ".join(words)


def test_a_scanned_copy_with_misread_letters_joins_its_story(tmp_path):
    from tui.corpus.grouping.fingerprint import misread_fold

    assert misread_fold("tbe") == misread_fold("the")
    assert misread_fold("rnay") == misread_fold("may") and misread_fold("c1ose") == "elose"
    _write(tmp_path, "clean.txt", ["Pension reform passes", "", *STORY_A])
    _write(tmp_path, "scan.txt", ["Pension reform passes", "", *map(_misread, STORY_A)])
    _write(tmp_path, "floods.txt", ["Floods in Nairobi", "", *STORY_B])
    _write(tmp_path, "floods scan.txt", ["Floods in Nairobi", "", *map(_misread, STORY_B)])
    stories = load_corpus([tmp_path]).stories
    assert _groups(stories) == [["clean.txt", "scan.txt"], ["floods scan.txt", "floods.txt"]]


def _garbled(text: str, seed: int, rate: float = 0.05) -> str:
    """`text` with letters dropped, added or changed at random (no look-alikes): a poor scan."""
    import random

    rng = random.Random(seed)
    out = []
    for ch in text:
        roll = rng.random()
        if ch.isalpha() and roll < rate / 3:
            continue
        if ch.isalpha() and roll < 2 * rate / 3:
            out.append(rng.choice("abcdefghijklmnopqrstuvwxyz"))
            continue
        out.append(ch)
        if ch.isalpha() and roll < rate:
            out.append(rng.choice("abcdefghijklmnopqrstuvwxyz"))
    return "".join(out)


def test_a_poorly_scanned_copy_joins_its_story_and_other_stories_stay_apart(tmp_path):
    story = [*STORY_A, *STORY_B]  # one text
    _write(tmp_path, "clean.txt", ["Pension reform passes", "", *story])
    scan = [_garbled(p, n) for n, p in enumerate(story)]
    _write(tmp_path, "scan.txt", ["Pension reform passes", "", *scan])
    _write(
        tmp_path, "other outlet.txt", ["France passes pension law", "", *OTHER_OUTLET_SAME_EVENT]
    )
    groups = _groups(load_corpus([tmp_path]).stories)
    assert groups == [["clean.txt", "scan.txt"], ["other outlet.txt"]]


def test_of_a_text_and_its_poor_scan_the_clean_reading_is_canonical(tmp_path):
    story = [*STORY_A, *STORY_B]
    _write(
        tmp_path,
        "a scan.txt",
        ["Pension reform passes", "", *(_garbled(p, n) for n, p in enumerate(story))],
    )
    _write(tmp_path, "clean.txt", ["Pension reform passes", "", *story])
    (found,) = load_corpus([tmp_path]).stories
    (canonical,) = [v for v in found.versions if v.canonical]
    assert canonical.source == "clean.txt"
