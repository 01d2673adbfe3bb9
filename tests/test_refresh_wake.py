"""A refresh reads again only the kept files whose evidence it changes, and its corpus is
the one a cold reading of the same files gives (tui.corpus.index.refresh, evidence_store)."""

from __future__ import annotations

import json
import random
import subprocess
import sys

from tests.conftest import ROOT
from tui.corpus import load_corpus
from tui.corpus.index.refresh import open_corpus
from tui.corpus.ingest.evidence import unit_keys
from tui.corpus.text import words

_SYLLABLES = "ka lo mi ren tus va dor pel sin ga ru fe nol bri tam ose lud qua zen har".split()
_LONG = (
    "The harbour board of Velmora approved on Tuesday a plan to dredge the northern "
    "channel before the winter storms, after three freighters ran aground there in "
    "September and the port lost most of its grain traffic to rival towns."
)
_SENTENCE = "after three freighters ran aground there in September and the port lost"


def _story(title: str, *paragraphs: str) -> str:
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def _base(folder):
    folder.mkdir()
    (folder / "a.txt").write_text(
        _story(
            "Velmora to dredge its channel",
            _LONG,
            "Dock workers welcomed the decision but said the money would come too late for "
            "the fishing fleet, which has moored in the southern basin since the summer.",
            "The board expects the work to take eleven weeks and to cost about four million.",
        ),
        "utf-8",
    )
    (folder / "c.txt").write_text(
        _story(
            "Orchard growers count frost losses",
            "Apple growers in the upland valleys said a late frost had cut this year's crop by "
            "nearly a third, the worst loss since the cooperative began keeping records.",
            "Several farms will ask the provincial government for emergency loans next month.",
        ),
        "utf-8",
    )


def _indexed(tmp_path):
    """The base corpus, indexed: its folder and the index."""
    corpus, index = tmp_path / "corpus", tmp_path / "i.sqlite"
    _base(corpus)
    open_corpus([corpus], index)
    return corpus, index


def _sampled_overlap(part: str, whole: str) -> set[int]:
    """The sampled 5-grams a `part` of a paragraph shares with the `whole` of it."""
    return set(unit_keys(words(part)).grams) & set(unit_keys(words(whole)).grams)


def test_a_few_shared_words_wake_no_kept_file(tmp_path):
    # the new file holds one sentence of a.txt's long paragraph: some of that paragraph's
    # sampled 5-grams gain a holder (which woke a.txt before), but far from most of them,
    # so what a.txt's units are told is the same, and it is not read again
    assert _sampled_overlap(_SENTENCE, _LONG)  # the keys a.txt holds do change
    corpus, index = _indexed(tmp_path)
    (corpus / "b.txt").write_text(
        _story(
            "Ferry crews strike over pay",
            "Ferry crews on the island routes walked out at dawn, and a union leader recalled "
            "that " + _SENTENCE + " money, saying the crews would not wait as long.",
            "The operator said talks would resume on Friday with a mediator present.",
        ),
        "utf-8",
    )
    refreshed, report = open_corpus([corpus], index)
    assert (report.read, report.reused) == (1, 2)
    assert refreshed.to_dict() == load_corpus([corpus]).to_dict()


def test_a_shared_paragraph_wakes_the_file_that_holds_it(tmp_path):
    # the new file holds a.txt's long paragraph word for word: that paragraph now has a
    # copy elsewhere, so a.txt's evidence changes and it is read again
    corpus, index = _indexed(tmp_path)
    (corpus / "b.txt").write_text(
        _story(
            "Velmora dredging plan approved",
            _LONG,
            "Officials said tenders would open in the spring.",
        ),
        "utf-8",
    )
    refreshed, report = open_corpus([corpus], index)
    assert (report.read, report.reused) == (2, 1)
    assert refreshed.to_dict() == load_corpus([corpus]).to_dict()
    (corpus / "b.txt").unlink()  # and gone again: a.txt is told what it was at first
    fewer, report = open_corpus([corpus], index)
    assert (report.read, report.reused, report.deleted) == (1, 1, 1)
    assert fewer.to_dict() == load_corpus([corpus]).to_dict()


def _words(rng: random.Random, n: int) -> str:
    return " ".join(
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3))) for _ in range(n)
    )


def _paragraph(rng: random.Random) -> str:
    return _words(rng, rng.randint(12, 40)).capitalize() + "."


def _random_corpus(rng: random.Random, folder) -> list[list[str]]:
    """Files telling made-up stories: versions with paragraphs dropped and one edited, a
    few with a second story glued on, most with a shared menu line."""
    folder.mkdir()
    stories = [[_paragraph(rng) for _ in range(rng.randint(2, 5))] for _ in range(6)]
    menu = "Home | " + _words(rng, 4) + " | Contact"
    for n in range(14):
        (folder / f"f{n:02d}.txt").write_text(_version(rng, stories, menu), "utf-8")
    return stories


def _version(rng: random.Random, stories: list[list[str]], menu: str) -> str:
    told = rng.sample(stories, 2 if rng.random() < 0.2 else 1)
    parts = [menu] if rng.random() < 0.7 else []
    for story in told:  # one paragraph edited in each (no two versions word for word the
        # same: which of those is canonical is not for these tests)
        kept = [p for p in story if rng.random() < 0.8] or story[:1]
        at = rng.randrange(len(kept))
        kept[at] = kept[at].replace(".", " " + _words(rng, 6) + ".")
        parts += [kept[0].split()[0].title() + " " + _words(rng, 3).title(), *kept]
    return "\n\n".join(parts) + "\n"


def _change(rng: random.Random, folder, stories: list[list[str]], step: int) -> None:
    files = sorted(folder.iterdir())
    kind = step % 3
    if kind == 0 or len(files) < 4:  # a new version of some story
        (folder / f"new{step:02d}.txt").write_text(
            _version(rng, stories, "Home | Contact"), "utf-8"
        )
    elif kind == 1:
        rng.choice(files).unlink()
    else:  # one paragraph of a file edited
        target = rng.choice(files)
        paragraphs = target.read_text("utf-8").split("\n\n")
        at = rng.randrange(len(paragraphs))
        paragraphs[at] = _words(rng, 5) + " " + paragraphs[at]
        target.write_text("\n\n".join(paragraphs), "utf-8")


def test_refreshes_give_what_a_cold_reading_gives(tmp_path):
    for seed in range(3):
        rng = random.Random(seed)
        corpus = tmp_path / f"corpus{seed}"
        stories = _random_corpus(rng, corpus)
        index = tmp_path / f"i{seed}.sqlite"
        open_corpus([corpus], index)
        for step in range(4):
            _change(rng, corpus, stories, step)
            refreshed, report = open_corpus([corpus], index)
            assert not report.warm
            assert refreshed.to_dict() == load_corpus([corpus]).to_dict(), (seed, step)


def _stories_json(*args: str) -> bytes:
    return subprocess.run(
        [sys.executable, "-m", "tui", "stories", *args, "--json"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout


def test_stories_json_through_the_refreshed_index_is_the_cold_one(tmp_path):
    corpus = tmp_path / "corpus"
    _base(corpus)
    index = str(tmp_path / "i.sqlite")
    _stories_json(str(corpus), "--index", index)
    (corpus / "b.txt").write_text(_story("Velmora dredging plan approved", _LONG), "utf-8")
    (corpus / "c.txt").unlink()
    through = _stories_json(str(corpus), "--index", index)
    assert through == _stories_json(str(corpus), "--no-index")
    assert {v["source"] for s in json.loads(through)["stories"] for v in s["versions"]} == {
        "a.txt",
        "b.txt",
    }


def test_a_glued_page_kept_is_cut_once_the_files_of_its_stories_come(tmp_path):
    # indexed alone, the page reads as one story; once files telling each of its two
    # stories come, what they hold of its text changes its evidence, and read again it is
    # cut in two (as a cold reading cuts it): not waking it would keep it whole
    from tests.test_reading import ARTICLE, OTHER, _page

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    glued = _page("Rail plan approved", ARTICLE) + ["", ""]
    glued += _page("Fishermen wait for anchovies", OTHER)
    (corpus / "glued.txt").write_text("\n".join(glued) + "\n", "utf-8")
    index = tmp_path / "i.sqlite"
    alone, _ = open_corpus([corpus], index)
    assert sum(len(s.versions) for s in alone.stories) == 1
    (corpus / "rail.txt").write_text(
        "\n".join(["Rail plan approved", "", *ARTICLE]) + "\n", "utf-8"
    )
    (corpus / "fish.txt").write_text(
        "\n".join(["Fishermen wait for anchovies", "", *OTHER]) + "\n", "utf-8"
    )
    after, report = open_corpus([corpus], index)
    assert (report.read, report.reused) == (3, 0)
    assert after.to_dict() == load_corpus([corpus]).to_dict()
    assert sum(1 for s in after.stories for v in s.versions if v.source == "glued.txt") == 2


def test_a_kept_file_showing_new_keys_has_only_the_files_they_reach_read_again(
    tmp_path, monkeypatch
):
    # Indexed without 003, 000 hides three paragraph ends in its layout. 003 shows them:
    # 000, read again, is cut there, so it shows the other files keys the index did not
    # have. Of the files read before it, only those holding such a key (003) are read
    # again, not every file read so far; and the corpus is still the cold reading's.
    import shutil

    from tests.conftest import SEEDS
    from tui.corpus.index import rereading

    corpus, aside = tmp_path / "corpus", tmp_path / "aside"
    shutil.copytree(SEEDS, corpus)
    aside.mkdir()
    names = ("001_f37c53d0b554e430.txt", "003_0fad9a114cb273cf.txt", "004_ef2da63387aa98ac.txt")
    for name in names:
        (corpus / name).rename(aside / name)
    index = tmp_path / "i.sqlite"
    open_corpus([corpus], index)
    reads: list[list[str]] = []
    read_batch = rereading._read_batch

    def recorded(job, items, *rest):
        reads.append(sorted(item.source[:3] for item in items))
        return read_batch(job, items, *rest)

    monkeypatch.setattr(rereading, "_read_batch", recorded)
    (aside / names[1]).rename(corpus / names[1])
    later, report = open_corpus([corpus], index)
    assert reads == [["003"], ["000", "002"], ["003"]]
    assert report.read == 3
    assert later.to_dict() == load_corpus([corpus]).to_dict()


def _wire(title: str, *lines: str) -> str:
    return "\n".join([title, "1987-05-04", "", *lines, " Reuter"]) + "\n"


def test_a_correction_kept_with_its_item_meets_a_new_better_match_as_a_cold_reading_does(
    tmp_path,
):
    # A correction joins the one item it matches best. Indexed, the correction of a
    # results table sits with the table it repeats; once the full story of those results
    # is read (new, or changed), the refresh must weigh it as the cold reading does, not
    # join the story to the pair kept whole.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    figures = (
        "    Note: <Harbour Trust Bank PLC> subsidiary.",
        "    Loan loss provision 21.4 mln vs 19.6 mln",
        "    Investment securities gains 3,114,000 dlrs vs 287,000 dlrs.",
        "    Figures in dollars.",
    )
    (corpus / "table.txt").write_text(
        _wire(
            "<HARBOUR TRUST BANK PLC> 1ST QTR NET",
            "PORTVILLE, May 4 - Net 26.3 mln vs 22.8 mln",
            *figures,
        ),
        "utf-8",
    )
    (corpus / "corrected.txt").write_text(
        _wire(
            "CORRECTED-<HARBOUR TRUST BANK USA>1ST QTR",
            "PORTVILLE, May 4 - Net 26.3 mln vs 22.8 mln",
            *figures,
            "    Corrects name to subsidiary from parent.",
        ),
        "utf-8",
    )
    (corpus / "story.txt").write_text(
        _wire(
            "HARBOUR TRUST BANK USA 1ST-QTR NET RISES",
            "PORTVILLE, May 4 - Harbour Trust Bank USA said higher loans and deposit",
            "volumes and a rise in net interest income lifted first-quarter earnings by",
            "15 pct to 26.3 mln dlrs from 22.8 mln dlrs a year earlier.",
            "    Provision for loan losses rose to 21.4 mln dlrs from 19.6 mln dlrs, and",
            "investment securities gains were 3,114,000 dlrs against 287,000 dlrs.",
            "    The bank, a subsidiary of Harbour Trust Bank PLC, said its net interest",
            "income rose to 88.1 mln dlrs from 84.9 mln as lending to middle market",
            "businesses grew, though low interest rates held back some of the gains.",
        ),
        "utf-8",
    )
    index = tmp_path / "i.sqlite"
    first, _ = open_corpus([corpus], index)
    cold = load_corpus([corpus])
    assert first.to_dict() == cold.to_dict()
    groups = sorted(sorted(v.source for v in s.versions) for s in cold.stories)
    assert groups == [["corrected.txt", "table.txt"], ["story.txt"]]
    story = corpus / "story.txt"
    story.write_text(story.read_text("utf-8") + "\n", "utf-8")  # changed: read again
    later, report = open_corpus([corpus], index)
    assert report.read == 1
    assert later.to_dict() == load_corpus([corpus]).to_dict()
