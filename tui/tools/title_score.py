"""Score the titles and dates of a labelled corpus's stories against its truth.

`python -m tui.tools.title_score DIR [--truth FILE] [--show N]`

Each story is mapped to the truth story most of its versions overlap (by line ranges).

* **Titles.** The truth titles come from page metadata, and on many pages that is the
  site's name or a section label, not the headline. A truth title is *usable* only if it
  is a headline of this page: it is not the site's name (the site's main label, letters
  only, is not inside it), no other story of the site has the same one, and it is printed
  in the story's own text (a line, or two joined lines, of one of its segments matches it,
  fuzzy score >= 90). A story's title is *not a headline* when its truth title is usable and
  the two do not match (rapidfuzz token-set score, or partial score for titles over 20
  characters, below 70).
* **Dates.** A story's text *carries a date* when one of its segments holds a full date
  (a month name with a day and a year, an ISO date, d/m/yyyy, or a /yyyy/mm/dd/ stamp in a
  URL) in a line of its header (the lines before the first line of its reference text),
  or a URL stamp anywhere in it. A story *lacks a date* when its text carries one and the
  story has none.

Nothing of the corpus is written anywhere; the figures and, with --show, a sample of the
stories counted are printed.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from ..corpus.model import Story
from ..corpus.text import fold

MATCH = 70  # a title matches its truth title at this fuzzy score
PRINTED = 90  # a truth title is printed in the text at this fuzzy score

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATES = re.compile(
    rf"\b{_MONTH},?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s+)?\d{{4}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s+)?\d{{4}}\b"
    r"|\b(?:19|20)\d{2}-[01]\d-[0-3]\d\b"
    r"|\b[0-3]?\d[/.][01]?\d[/.](?:19|20)\d{2}\b",
    re.I,
)
_URL_STAMP = re.compile(r"/(?:19|20)\d{2}/[01]?\d/[0-3]?\d(?:/|\b)")
_GENERIC_LABELS = frozenset("www com net org edu gov info biz news co uk au nz in ca".split())


@dataclass
class TitleScore:
    """The figures, overall and per source (the truth's source_key prefix)."""

    stories: int = 0
    judged: int = 0  # stories whose truth title is usable
    not_headline: list[tuple[str, str, str]] = field(default_factory=list)  # (src, ours, truth)
    raw_mismatch: int = 0  # against every non-empty truth title, usable or not
    dated_text: int = 0  # stories whose text carries a date
    no_date: list[tuple[str, str, str]] = field(default_factory=list)  # (src, title, a dated line)
    by_source: dict[str, list[int]] = field(
        default_factory=dict
    )  # src -> [judged, bad, dated, none]

    @property
    def title_error(self) -> float:
        return len(self.not_headline) / max(1, self.judged)

    @property
    def date_error(self) -> float:
        return len(self.no_date) / max(1, self.dated_text)


def title_match(ours: str, want: str) -> float:
    a, b = fold(ours), fold(want)
    partial = fuzz.partial_ratio(a, b) if len(ours) > 20 else 0.0
    return max(fuzz.token_set_ratio(a, b), partial)


def carries_date(text: str) -> bool:
    """Whether a line holds a full date (with a year) or a URL date stamp."""
    return bool(_DATES.search(text) or _URL_STAMP.search(text))


def _site_labels(site: str) -> list[str]:
    """The labels of a site's name that may name it ("guardian" of sport.guardian.co.uk)."""
    return [x for x in re.split(r"[.\-]", site.lower()) if len(x) >= 3 and x not in _GENERIC_LABELS]


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


_PARTS = re.compile(r"\s+(?:\||::|[-–—>:])\s+")


def headline_part(title: str, site: str) -> str:
    """The truth title without the parts that name the site ("Headline | Site")."""
    labels = _site_labels(site)
    parts = [p for p in _PARTS.split(title.strip()) if not any(x in _letters(p) for x in labels)]
    return " - ".join(parts) if len(parts) > 0 and parts != [""] else ""


def _printed(want: str, lines: list[str]) -> bool:
    key = fold(want)
    for i, line in enumerate(lines):
        for text in (line, " ".join(lines[i : i + 2])):
            folded = fold(text)
            if len(folded) < 0.6 * len(key):
                continue
            if key in folded or fuzz.partial_ratio(key, folded) >= PRINTED:
                return True
    return False


def _usable(
    sid: str, truth: dict[str, Any], shared: Counter[tuple[str, str]], lines: list[str]
) -> bool:
    story = truth["stories"][sid]
    want = headline_part(story.get("title") or "", story["site"])
    if not want or shared[(story["site"], fold(story.get("title") or ""))] > 1:
        return False
    return _printed(want, lines) and _about_body(want, story["paragraphs"])


def _about_body(want: str, paragraphs: list[str]) -> bool:
    """Whether a third of the title's longer words (four letters or more) are in the body."""
    body = set(re.findall(r"\w+", fold(" ".join(paragraphs))))
    long = [w for w in re.findall(r"\w+", fold(want)) if len(w) >= 4]
    return bool(long) and sum(w in body for w in long) >= len(long) / 3


def _segments(truth: dict[str, Any], sid: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (name, seg) for name, segs in truth["files"].items() for seg in segs if seg["story"] == sid
    ]


def _header_dates(
    corpus: Path, truth: dict[str, Any], sid: str, texts: dict[str, list[str]]
) -> tuple[list[str], str | None]:
    """The story's lines (all its segments), and a dated header or URL line, if any."""
    paragraphs = truth["stories"][sid]["paragraphs"]
    every: list[str] = []
    dated: str | None = None
    for name, seg in _segments(truth, sid):
        if name not in texts:
            texts[name] = (corpus / name).read_text(encoding="utf-8", errors="replace").splitlines()
        lo, hi = seg["lines"]
        lines = texts[name][lo - 1 : hi]
        every.extend(lines)
        first_ref = fold(paragraphs[seg["ref"][0]])[:60] if seg["ref"] else ""
        in_header = True
        for line in lines:
            folded = fold(line)
            if (
                in_header
                and len(folded) >= 30
                and (folded[:30] in first_ref or first_ref[:30] in folded)
            ):
                in_header = False
            if dated is None and (
                _URL_STAMP.search(line) or in_header and len(line) <= 120 and _DATES.search(line)
            ):
                dated = line.strip()
    return every, dated


def _truth_of(story: Story, truth: dict[str, Any]) -> str | None:
    votes: Counter[str] = Counter()
    for v in story.versions:
        for seg in truth["files"].get(Path(v.source).name, []):
            lo, hi = seg["lines"]
            if min(hi, v.lines[1]) >= max(lo, v.lines[0]):
                votes[seg["story"]] += 1
    return votes.most_common(1)[0][0] if votes else None


def excluded(truth_path: Path) -> list[str]:
    """The truth titles found not to be headlines (for a look by eye)."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    shared = Counter((s["site"], fold(s.get("title") or "")) for s in truth["stories"].values())
    corpus = truth_path.parent / "corpus"
    texts: dict[str, list[str]] = {}
    return [
        f"{s['source_key'][:3]} {s['site']}: {s.get('title')!r}"
        for sid, s in truth["stories"].items()
        if not _usable(sid, truth, shared, _header_dates(corpus, truth, sid, texts)[0])
    ]


def score(corpus: Path, truth_path: Path, stories: list[Story] | None = None) -> TitleScore:
    """Read `corpus` (unless its `stories` are given) and score their titles and dates."""
    if stories is None:
        from ..corpus import load_corpus

        stories = load_corpus([corpus]).stories
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    shared = Counter((s["site"], fold(s.get("title") or "")) for s in truth["stories"].values())
    result = TitleScore()
    texts: dict[str, list[str]] = {}
    for story in stories:
        sid = _truth_of(story, truth)
        if sid is None:
            continue
        result.stories += 1
        src = truth["stories"][sid]["source_key"].split("-")[0]
        counts = result.by_source.setdefault(src, [0, 0, 0, 0])
        lines, dated = _header_dates(corpus, truth, sid, texts)
        want = headline_part(
            truth["stories"][sid].get("title") or "", truth["stories"][sid]["site"]
        )
        if want and title_match(story.title, want) < MATCH:
            result.raw_mismatch += 1
        if _usable(sid, truth, shared, lines):
            result.judged += 1
            counts[0] += 1
            if title_match(story.title, want) < MATCH:
                result.not_headline.append((src, story.title, want))
                counts[1] += 1
        if dated is not None:
            result.dated_text += 1
            counts[2] += 1
            if not story.date:
                result.no_date.append((src, story.title, dated))
                counts[3] += 1
    return result


def report(result: TitleScore, show: int = 0) -> str:
    out = [
        f"stories={result.stories} titles_judged={result.judged} "
        f"not_headline={len(result.not_headline)} ({result.title_error:.1%}) "
        f"raw_mismatch={result.raw_mismatch} dated_text={result.dated_text} "
        f"no_date={len(result.no_date)} ({result.date_error:.1%})"
    ]
    for src, (judged, bad, dated, none) in sorted(result.by_source.items()):
        out.append(f"  {src:4} titles {bad}/{judged} not headlines, dates {none}/{dated} missing")
    for src, ours, want in result.not_headline[:show]:
        out.append(f"  title {src:4} {ours[:60]!r} | truth {want[:50]!r}")
    for src, title, line in result.no_date[:show]:
        out.append(f"  nodate {src:4} {title[:50]!r} | {line[:70]!r}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpus")
    parser.add_argument("--truth", default=None)
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    truth = Path(args.truth) if args.truth else corpus.parent / "truth.json"
    print(report(score(corpus, truth), args.show))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
