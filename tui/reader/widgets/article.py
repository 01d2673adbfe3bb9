"""The main pane: one version's clean text, laid out for reading.

A header line says which version this is and where it came from, then the title,
byline, date and source, the paragraphs (subheads styled, the dateline bold) at a
readable measure, the photo captions apart (collapsible) and the credits.
"""

from __future__ import annotations

from pathlib import Path

from textual.content import Content

from ...corpus import Corpus, Story, Version, printable, sanitize_line, shown
from .blocks import Block, BlockView, styled

MEASURE = 76  # a readable line length for prose


def short_source(source: str, limit: int = 32) -> str:
    """A file name that fits a header: the middle elided when it is long (a source is
    printable already, see `names.shown`; `printable` holds any other string to that)."""
    name = printable(source)
    if len(name) <= limit:
        return name
    head = limit // 2 - 1
    return name[:head] + "…" + name[-(limit - head - 1) :]


def version_header(story: Story, version: Version) -> str:
    number = story.versions.index(version) + 1
    first, last = version.lines
    parts = [
        f"version {number} of {len(story.versions)}",
        short_source(version.source),
        f"lines {first}–{last}",
    ]
    if version.canonical:
        parts.append("the canonical version")
    else:
        parts.append(f"{round(version.similarity * 100)}% like the canonical")
    return " · ".join(parts)


class ArticleView(BlockView):
    """The clean text of the current version."""

    MAX_MEASURE = MEASURE

    COMPONENT_CLASSES = BlockView.COMPONENT_CLASSES | {
        "article--title",
        "article--meta",
        "article--subhead",
        "article--dateline",
        "article--caption",
        "article--note",
        "article--match",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.story: Story | None = None
        self.version: Version | None = None
        self.show_captions = False
        self.highlights: dict[int, list[tuple[int, int]]] = {}  # paragraph -> spans to light up

    def show(self, story: Story, version: Version, paragraph: int | None = None) -> None:
        self.story, self.version = story, version
        self.set_blocks(self._build(), top_key=paragraph if paragraph else None)

    def show_welcome(self, corpus: Corpus | None) -> None:
        """The start page: what the corpus holds and the keys to begin with."""
        self.story = self.version = None
        style = self.get_component_rich_style
        self.border_title = Content("copydesk")
        self.border_subtitle = Content("")
        if corpus is None:
            self.set_blocks([Block(styled("Opening the corpus…", style("article--note")))])
            return
        counts = [s.version_count for s in corpus.stories]  # one pass: 18,822 at Reuters
        versions, several = sum(counts), len(counts) - counts.count(1) - counts.count(0)
        roots = ", ".join(shown(Path(r).name or r) for r in corpus.roots)
        blocks = [
            Block(styled("Every story once, every version a key away.", style("article--title"))),
            Block(
                styled(
                    f"{_count(len(corpus.stories), 'story', 'stories')} from "
                    f"{_count(corpus.files, 'file')} "
                    f"({_count(versions, 'version')}; {several:,} "
                    f"{'story has' if several == 1 else 'stories have'} more than one).",
                    style("article--meta"),
                )
            ),
            Block(styled(f"Corpus: {roots}", style("article--note"))),
        ]
        if corpus.warnings:
            blocks.append(
                Block(
                    styled(
                        f"{_count(len(corpus.warnings), 'file')} "
                        f"{'was' if len(corpus.warnings) == 1 else 'were'} skipped "
                        "(unreadable, binary, empty or no article text); "
                        "`copydesk stories --json` lists them with reasons.",
                        style("article--note"),
                    )
                )
            )
        for line in (
            "enter opens the highlighted story, j and k move; / searches everything, "
            "f filters the list, o changes the order.",
            "[ and ] step through the story's versions, keeping your place; v lists them.",
            "d shows what differs from another version; D picks which, then all versions at once.",
            "Q lists the story's quotes; ? lists every key; ctrl+p finds any action by name; "
            "q quits.",
        ):
            blocks.append(Block(styled(line), space_after=0))
        self.set_blocks(blocks)

    def rebuild(self) -> None:
        """Lay the same version out again (captions toggled, theme changed)."""
        if self.story and self.version:
            self.set_blocks(self._build(), top_key=self.current_key if self.scroll_y > 0 else None)

    def _build(self) -> list[Block]:
        story, version = self.story, self.version
        assert story is not None and version is not None
        style = self.get_component_rich_style
        self.border_title = Content(version_header(story, version))
        self.border_subtitle = Content(version.kind if not version.canonical else "")
        blocks = [
            Block(
                styled(sanitize_line(version.title or story.title), style("article--title")),
                space_after=0,
            )
        ]
        meta = [
            sanitize_line(x) for x in (version.byline and f"By {version.byline}", version.date) if x
        ]
        meta.append(short_source(version.source, 48))
        blocks.append(Block(styled(" · ".join(meta), style("article--meta"))))
        subheads = set(version.subheads)
        for i, paragraph in enumerate(version.paragraphs):
            if i in subheads:
                blocks.append(Block(styled(paragraph, style("article--subhead")), key=i))
                continue
            text = styled(paragraph)
            if i == 0 and version.dateline and paragraph.startswith(version.dateline):
                text.stylize(style("article--dateline"), 0, len(version.dateline))
            for start, end in self.highlights.get(i, ()):
                text.stylize(style("article--match"), start, end)
            blocks.append(Block(text, key=i))
        if version.captions:
            count = len(version.captions)
            label = f"{count} photo caption{'s' if count > 1 else ''}"
            if self.show_captions:
                blocks.append(
                    Block(styled(f"▾ {label} (c hides)", style("article--note")), space_after=0)
                )
                blocks.extend(
                    Block(styled(c, style("article--caption")), indent=2) for c in version.captions
                )
            else:
                blocks.append(Block(styled(f"▸ {label} (c shows)", style("article--note"))))
        for credit in version.credits:
            blocks.append(Block(styled(credit, style("article--note")), space_after=0))
        return blocks

    def paragraph_text(self, key: int | None) -> str | None:
        if self.version is None or key is None or not 0 <= key < len(self.version.paragraphs):
            return None
        return self.version.paragraphs[key]


def plain_text(story: Story, version: Version) -> str:
    """The version as plain text for the clipboard: title, byline, date, paragraphs."""
    head = [version.title or story.title]
    meta = " · ".join(x for x in (version.byline, version.date) if x)
    if meta:
        head.append(meta)
    return "\n\n".join(["\n".join(head), *version.paragraphs]) + "\n"


def _count(n: int, one: str, many: str | None = None) -> str:
    """ "1 file", "2 files", "1,000 stories"."""
    return f"{n:,} {one if n == 1 else many or one + 's'}"
