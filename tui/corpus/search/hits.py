"""What a search gives: hits (a unit, its score, the spans to highlight), hits
grouped by story, and a snippet of a hit's text around its first match."""

from __future__ import annotations

from dataclasses import dataclass

from .units import SearchUnit


@dataclass
class Hit:
    unit: SearchUnit
    score: float
    spans: list[tuple[int, int]]  # character spans in unit.text to highlight


@dataclass
class StoryHits:
    """Hits in one story: the best first, and how many of its versions have one."""

    story: int
    hits: list[Hit]
    versions_hit: int
    versions: int

    @property
    def best(self) -> Hit:
        return self.hits[0]

    def per_version(self) -> list[Hit]:
        """The best hit of each version (a story-title hit counts as its own), best first."""
        seen: set[int] = set()
        out = []
        for hit in self.hits:
            if hit.unit.version not in seen:
                seen.add(hit.unit.version)
                out.append(hit)
        return out


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(hit: Hit, width: int = 100) -> tuple[str, list[tuple[int, int]]]:
    """The unit's text cut to about `width` characters around the first match, and its
    spans there."""
    text = hit.unit.text
    if len(text) <= width or not hit.spans:
        return text[:width] + ("…" if len(text) > width else ""), [
            s for s in hit.spans if s[1] <= width
        ]
    first = hit.spans[0][0]
    start = max(0, min(first - width // 3, len(text) - width))
    space = text.rfind(" ", 0, start + 1)
    if start and space > start - 15:
        start = space + 1
    end = min(len(text), start + width)
    prefix = "…" if start else ""
    cut = prefix + text[start:end] + ("…" if end < len(text) else "")
    shift = len(prefix) - start
    spans = [(a + shift, b + shift) for a, b in hit.spans if a >= start and b <= end]
    return cut, spans
