"""The dev set's figures (../shared/devset, skipped when absent): later work must not lose them.

`copydesk bench --accuracy` reads the labelled corpus and scores it with the dev set's
own scorer. The floors are the figures reached, less a little for noise in the last
digit; see the README's "How it reads a corpus" for the figures themselves.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

DEVSET = ROOT.parent / "shared" / "devset"
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.slow,
    pytest.mark.skipif(not (DEVSET / "truth.json").exists(), reason="the dev set is not present"),
]

FLOORS = {  # corpus: (bcubed F1, clean precision, clean recall, near-miss pairs merged at most)
    "corpus": (0.986, 0.937, 0.962, 0),
    "chrome/corpus": (0.981, 0.916, 0.947, 0),
}


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_dev_set_reads_at_least_as_well_as_it_did(corpus):
    run = subprocess.run(
        [sys.executable, "-m", "tui", "bench", "--accuracy", str(DEVSET / corpus)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    found = re.search(
        r"bcubed_f1=([\d.]+) clean_precision=([\d.]+) clean_recall=([\d.]+) "
        r"near_miss_merged=(\d+)/",
        run.stdout,
    )
    assert found, run.stdout
    f1, precision, recall, merged = float(found[1]), float(found[2]), float(found[3]), int(found[4])
    floor = FLOORS[corpus]
    assert f1 >= floor[0] and precision >= floor[1] and recall >= floor[2], run.stdout
    assert merged <= floor[3], run.stdout
    assert "median precision" in run.stdout  # per-kind medians printed
