"""Generate a test corpus of many versions from real articles.

Each base article becomes a family of versions in the shapes real corpora have:
a clean extraction (one paragraph per line), a hard-wrapped print layout with a
header, a whole-page scrape with navigation and duplicated captions, a condensed
rewrite that keeps part of the text, and a page with an unrelated story glued on.
"""

from __future__ import annotations

import gzip
import json
import random
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Article:
    title: str
    date: str | None
    paragraphs: list[str]


def _from_jsonl(path: Path) -> Iterator[Article]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            body = item.get("body") or ""
            if "\n    " in body:  # wire style: indented paragraphs, hard-wrapped
                paras = [" ".join(p.split()) for p in body.split("\n    ")]
            else:
                paras = [" ".join(p.split()) for p in body.split("\n")]
            paras = [p for p in paras if len(p.split()) >= 5 and p.strip() != "Reuter"]
            if len(paras) >= 3 and item.get("title"):
                yield Article(item["title"].strip(), (item.get("date") or "")[:10] or None, paras)


def _from_folder(path: Path) -> Iterator[Article]:
    for file in sorted(path.glob("*.txt")):
        lines = [line.strip() for line in file.read_text("utf-8", errors="replace").splitlines()]
        paras = [line for line in lines if len(line.split()) >= 8]
        if len(paras) >= 3:
            yield Article(paras[0][:80], None, paras[1:])


def load_articles(sources: list[Path]) -> list[Article]:
    articles: list[Article] = []
    for source in sources:
        if source.is_file() and source.name.endswith(".jsonl.gz"):
            articles.extend(_from_jsonl(source))
        elif source.is_dir():
            articles.extend(_from_folder(source))
    return articles


_CHROME_TOP = [
    "Skip to main content",
    "Menu",
    "Share on Facebook",
    "Share on X",
    "Sign in",
    "News",
    "World",
]
_CHROME_END = ["Advertisement", "Recommended Articles", "Most Read"]


def _caption(rng: random.Random, article: Article) -> str:
    words = article.paragraphs[0].split()[:12]
    return (
        " ".join(words).rstrip(",.")
        + f", on a recent day. (AP Photo/Photographer {rng.randint(1, 99)})"
    )


def _clean(article: Article, rng: random.Random) -> str:
    return "\n".join(article.paragraphs) + "\n"


def _print_layout(article: Article, rng: random.Random) -> str:
    width = rng.randint(60, 76)
    head = textwrap.wrap(article.title, width)
    if article.date:
        head.append(f"[{article.date}]")
    head.append("By STAFF WRITER")
    body = []
    for paragraph in article.paragraphs:
        body += textwrap.wrap(paragraph, width)
        if rng.random() < 0.1:
            body.append("")
    return (
        "\n".join(head + body)
        + "\n___\nAll contents © copyright Example News. All rights reserved |\n"
    )


def _scrape(article: Article, rng: random.Random) -> str:
    caption = _caption(rng, article)
    parts = [*rng.sample(_CHROME_TOP, 3), article.title, "News", article.title]
    if article.date:
        parts.append(f"{article.date} 09:44 Last Updated At:09:50")
    parts += article.paragraphs[:1] + ["More Images", caption, caption] + article.paragraphs[1:]
    parts += [caption, caption, rng.choice(_CHROME_END)]
    return "\n\n".join(parts) + "\n"


def _condensed(article: Article, rng: random.Random) -> str:
    keep = max(2, int(len(article.paragraphs) * rng.uniform(0.4, 0.6)))
    chosen = sorted(rng.sample(range(len(article.paragraphs)), keep))
    if 0 not in chosen:
        chosen = [0, *chosen[1:]]
    text = "\n\n".join(article.paragraphs[i] for i in chosen)
    prefix = f"date {article.date} " if article.date else ""
    return prefix + text + "\n"


def _glued(article: Article, other: Article, rng: random.Random) -> str:
    first = "\n\n".join([article.title, *article.paragraphs])
    lead = other.paragraphs[0]
    if not lead[:1].isupper() or "(AP)" not in lead[:60]:
        lead = "SPRINGFIELD (AP) — " + lead
    second = "\n\n".join([lead, *other.paragraphs[1:]])
    return first + "\n\n" + second + "\n\nRecommended Articles\n"


SHAPES = (_clean, _print_layout, _scrape, _condensed)


def generate(articles: list[Article], folder: Path, versions: int, seed: int = 7) -> int:
    """Write about `versions` files into `folder`; return how many were written."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    index = 0
    while written < versions and articles:
        article = articles[index % len(articles)]
        index += 1
        family = rng.choice((1, 1, 2, 3, 4, 5))
        for n in range(min(family, versions - written)):
            if n == 4 or rng.random() < 0.05:
                text = _glued(article, articles[(index * 7919 + n) % len(articles)], rng)
            else:
                text = SHAPES[n % len(SHAPES)](article, rng)
            (folder / f"{index:06d}-{n}.txt").write_text(text, "utf-8")
            written += 1
    return written
