"""Checks on the real corpora beside the repo (skipped when they are absent)."""

from __future__ import annotations

import gzip
import json

import pytest

from tests.conftest import SHARED_CORPORA
from tui.corpus import load_corpus

REUTERS = SHARED_CORPORA / "reuters21578" / "reuters21578.jsonl.gz"
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.slow,
    pytest.mark.skipif(not REUTERS.exists(), reason="Reuters-21578 not present"),
]


def _write_like_to_txt(folder, wanted):
    """Write stories the way the corpus's own to_txt.py does (headline, date, blank, body)."""
    with gzip.open(REUTERS, "rt", encoding="utf-8") as handle:
        for line in handle:
            s = json.loads(line)
            if s["id"] not in wanted or not s.get("body", "").strip():
                continue
            head = [s["title"]] if s.get("title") else []
            if s.get("date"):
                head.append(s["date"][:10])
            body = (
                (s.get("dateline", "") + " " + s["body"].lstrip())
                if s.get("dateline")
                else s["body"]
            )
            (folder / f"reuters-{s['id']:05d}.txt").write_text(
                "\n".join(head) + "\n\n" + body.rstrip() + "\n", "utf-8"
            )


def _groups(corpus):
    return sorted(sorted(int(v.source[8:13]) for v in s.versions) for s in corpus.stories)


def test_corrected_resend_clusters_with_its_original(tmp_path):
    # Rexnord (3790 -> 3910, buyer corrected); Pegasus Gold (2016 -> 2249, period corrected).
    _write_like_to_txt(tmp_path, {3790, 3910, 2188, 2249, 2016})
    groups = _groups(load_corpus([tmp_path]))
    assert [3790, 3910] in groups
    assert any({2016, 2249} <= set(g) for g in groups)


def test_corrections_that_rewrite_text_or_swap_figures_join_their_original(tmp_path):
    # Austria growth (prose rewritten), Network Video (every figure swapped), Federal
    # Paper (headline and dividend corrected); 6205 is another company's payout that
    # day and 19657 another company entirely: both stay apart.
    _write_like_to_txt(tmp_path, {3800, 3838, 3668, 4169, 6154, 6741, 6205, 7167, 19657, 19725})
    groups = _groups(load_corpus([tmp_path]))
    assert [3800, 3838] in groups and [3668, 4169] in groups and [6154, 6741] in groups
    assert [6205] in groups and [19657] in groups


def test_weekly_template_reports_stay_apart(tmp_path):
    _write_like_to_txt(tmp_path, {5, 13799, 14486, 15952})
    assert _groups(load_corpus([tmp_path])) == [[5], [13799], [14486], [15952]]
