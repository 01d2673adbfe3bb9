"""Progress reports while a corpus is indexed: every stage's counts go up and end at its
total, and the saves report real counts on the way (not "0 of 1", then "1 of 1")."""

from __future__ import annotations

import random

import pytest

from tui.corpus import Cancelled, open_corpus
from tui.corpus.progress import REPORTS_PER_STAGE, Tally, checked

WORDS = (
    "council harbour budget river school station market winter bridge festival "
    "minister museum library ferry hospital tenants orchard village railway mayor "
    "report vote plan road water power price street garden factory"
).split()


def write_corpus(folder, stories: int, seed: int = 3) -> None:
    """`stories` made-up stories, each in two files: the second one paragraph longer."""
    rng = random.Random(seed)
    folder.mkdir()
    for s in range(stories):
        paragraphs = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(18, 30))).capitalize() + "."
            for _ in range(5)
        ]
        title = f"Story {s} about the {rng.choice(WORDS)} and the {rng.choice(WORDS)}"
        first = "\n\n".join([title, *paragraphs])
        second = "\n\n".join([title, *paragraphs, f"Update {s}: the {rng.choice(WORDS)} opened."])
        (folder / f"{s:03d}-a.txt").write_text(first + "\n", "utf-8")
        (folder / f"{s:03d}-b.txt").write_text(second + "\n", "utf-8")


def runs(calls: list[tuple[str, int, int]]) -> list[tuple[str, list[tuple[int, int]]]]:
    """The reports stage by stage, in order: each stage's run of (n, total)."""
    out: list[tuple[str, list[tuple[int, int]]]] = []
    for stage, n, total in calls:
        if not out or out[-1][0] != stage:
            out.append((stage, []))
        out[-1][1].append((n, total))
    return out


def assert_well_formed(calls: list[tuple[str, int, int]]) -> dict[str, list[tuple[int, int]]]:
    by_stage = {}
    for stage, reports in runs(calls):
        counts = [n for n, _ in reports]
        totals = {total for _, total in reports}
        assert len(totals) == 1, (stage, totals)
        total = totals.pop()
        assert counts == sorted(counts) and counts[0] >= 0, (stage, counts)
        assert counts[-1] == total, (stage, counts[-1], total)
        by_stage[stage] = reports
    return by_stage


def intermediate(reports: list[tuple[int, int]]) -> set[int]:
    return {n for n, total in reports if 0 < n < total}


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "news"
    write_corpus(folder, 60)
    return folder


def test_every_stage_of_a_cold_build_ends_at_its_total_and_the_saves_count(tmp_path, corpus):
    calls: list[tuple[str, int, int]] = []
    found, report = open_corpus(
        [corpus], tmp_path / "index.sqlite", progress=lambda *c: calls.append(c)
    )
    assert report.saved and len(found.stories) == 60
    stages = assert_well_formed(calls)
    order = [stage for stage, _ in runs(calls)]
    assert order == [
        "reading",
        "classifying",
        "evidence",
        "cleaning",  # fingerprints made there too, on the workers
        "clustering",
        "search",
        "search-save",
        "saving",
        "commit",
    ]
    assert stages["commit"] == [(0, 0)]  # one statement: it cannot count, and says so
    for stage in ("reading", "search", "search-save", "saving"):
        assert stages[stage][-1][1] > 0
    # the saves move on the way: many counts between the first and the last
    assert len(intermediate(stages["saving"])) >= 20
    assert len(intermediate(stages["search"])) >= 20
    assert len(intermediate(stages["search-save"])) >= 20
    # and not more often than the tally's share of the total
    assert len(stages["saving"]) <= REPORTS_PER_STAGE + 2


def test_a_refresh_keeping_stories_counts_its_save_to_the_total(tmp_path, corpus):
    index = tmp_path / "index.sqlite"
    open_corpus([corpus], index)
    (corpus / "007-b.txt").write_text("Story 7 rewritten\n\n" + "A new paragraph here. " * 8)
    calls: list[tuple[str, int, int]] = []
    _, report = open_corpus([corpus], index, progress=lambda *c: calls.append(c))
    assert report.read >= 1 and report.reused > 0
    stages = assert_well_formed(calls)
    assert stages["saving"][-1][1] > 0 and "commit" in stages


def test_a_tally_reports_about_two_hundred_times_and_its_total():
    calls: list[tuple[str, int, int]] = []
    tally = Tally(lambda *c: calls.append(c), "search", 10_000)
    for _ in range(10_000):
        tally.add()
    counts = [n for _, n, _ in calls]
    assert counts[0] == 0 and counts[-1] == 10_000 and counts == sorted(set(counts))
    assert REPORTS_PER_STAGE <= len(counts) <= REPORTS_PER_STAGE + 2
    nothing: list[tuple[str, int, int]] = []
    Tally(lambda *c: nothing.append(c), "search", 0).add()
    assert nothing == []  # nothing to count: no stage at all


def test_checked_ends_a_stage_at_its_total_when_the_next_begins_and_still_cancels():
    calls: list[tuple[str, int, int]] = []
    stop = [False]
    report = checked(lambda *c: calls.append(c), lambda: stop[0])
    assert report is not None
    report("reading", 0, 600)
    report("reading", 500, 600)
    report("cleaning", 0, 10)
    report("cleaning", 10, 10)
    report("commit", 0, 0)
    assert calls == [
        ("reading", 0, 600),
        ("reading", 500, 600),
        ("reading", 600, 600),
        ("cleaning", 0, 10),
        ("cleaning", 10, 10),
        ("commit", 0, 0),
    ]
    stop[0] = True
    with pytest.raises(Cancelled):
        report("saving", 0, 5)


def test_cancelling_part_way_through_the_save_commits_nothing(tmp_path, corpus):
    import sqlite3

    seen: list[str] = []

    def progress(stage: str, n: int, total: int) -> None:
        seen.append(stage)

    def cancel() -> bool:  # stop in the middle of writing the rows of the save
        return seen.count("saving") > 3

    index = tmp_path / "index.sqlite"
    with pytest.raises(Cancelled):
        open_corpus([corpus], index, progress=progress, cancel=cancel)
    with sqlite3.connect(index) as db:
        assert db.execute("SELECT count(*) FROM versions").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM meta WHERE key = 'generation'").fetchone()[0] == 0
