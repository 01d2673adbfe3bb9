"""The differences panel: this version against one other version, or against all.

Rows follow this version's paragraphs so the panel scrolls in step with the text.
Changed words carry colour and, for monochrome terminals, marks: `[-words only in
this version-]`, `{+words only in the other+}`, and in the all-versions mode
`{~words some version words differently~}`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.content import Content

from ...corpus import Story, Version
from .article import short_source
from .blocks import Block, BlockView, styled

if TYPE_CHECKING:
    from ...corpus import diff

MARKS = {"delete": ("[-", "-]"), "insert": ("{+", "+}"), "vary": ("{~", "~}")}


class DiffPanel(BlockView):
    """What differs, paragraph by paragraph."""

    COMPONENT_CLASSES = BlockView.COMPONENT_CLASSES | {
        "diff--label",
        "diff--same",
        "diff--delete",
        "diff--insert",
        "diff--vary",
        "diff--only-this",
        "diff--only-other",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.comparison: diff.Comparison | None = None
        self.coverage: list[diff.Coverage] | None = None

    def show_pair(
        self,
        story: Story,
        this: Version,
        other: Version,
        paragraph: int | None,
        comparison: diff.Comparison | None = None,
    ) -> None:
        """This version against `other` (`comparison`: already worked out)."""
        from ...corpus import diff

        self.coverage = None
        self.comparison = comparison if comparison is not None else diff.compare(this, other)
        self.set_blocks(self._pair_blocks(story, self.comparison), top_key=paragraph)

    def show_all(
        self,
        story: Story,
        this: Version,
        paragraph: int | None,
        coverage: list[diff.Coverage] | None = None,
    ) -> None:
        """This version against all the others (`coverage`: already worked out)."""
        from ...corpus import diff

        self.comparison = None
        self.coverage = coverage if coverage is not None else diff.coverage(story, this)
        self.set_blocks(self._all_blocks(story, self.coverage), top_key=paragraph)

    def show_working(self, story: Story, other: Version | None) -> None:
        """A large story's differences are being worked out (in a thread)."""
        self.comparison = self.coverage = None
        if other is None:
            self.border_title = Content(f"against all {len(story.versions)} versions")
        else:
            number = story.versions.index(other) + 1
            self.border_title = Content(f"against version {number}")
        self.border_subtitle = Content("")
        note = "Comparing the versions of this long story…"
        self.set_blocks([Block(styled(note, self._style("diff--same")))])

    def show_single(self) -> None:
        """A story with one version has nothing to compare."""
        self.comparison = self.coverage = None
        self.border_title = Content("differences")
        self.border_subtitle = Content("")
        note = (
            "This story has one version: nothing to compare. "
            "Stories with several show a count in the list."
        )
        self.set_blocks([Block(styled(note, self._style("diff--same")))])

    # -- rendering -----------------------------------------------------------

    def _runs(self, runs: list[diff.WordRun], cap: int = 0) -> Text:
        """Words with their changes marked; `cap` shortens long additions to their start."""
        text = Text(end="")
        for n, run in enumerate(runs):
            if n:
                text.append(" ")
            if run.op == "equal":
                text.append(run.text)
                continue
            words = run.text.split()
            shown = run.text
            if cap and run.op == "insert" and len(words) > cap:
                shown = " ".join(words[:cap]) + f" … (+{len(words) - cap} words)"
            start, end = MARKS[run.op]
            text.append(start + shown + end, self._style(f"diff--{run.op}"))
        return text

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name)

    def _labelled(self, label: str, body: Text) -> Text:
        text = Text(end="")
        text.append(label + "\n", self._style("diff--label"))
        text.append_text(body)
        return text

    def _stub(self, label: str, body: str) -> Text:
        text = styled(f"{label}  {body}", self._style("diff--same"))
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text

    def _pair_blocks(self, story: Story, comparison: diff.Comparison) -> list[Block]:
        from ...corpus import diff

        other = comparison.other
        number = story.versions.index(other) + 1
        name = short_source(other.source, 28)
        counts = [
            f"{comparison.count(diff.SAME)} same",
            f"{comparison.count(diff.CHANGED)} changed",
            f"{comparison.count(diff.MOVED)} moved",
            f"{comparison.count(diff.ONLY_THIS)} only here",
            f"{comparison.count(diff.ONLY_OTHER)} only there",
        ]
        self.border_title = Content(f"against version {number} · {name}")
        self.border_subtitle = Content(" · ".join(counts))
        header = Text(end="")
        header.append("[-only in this version-]", self._style("diff--delete"))
        header.append(" ")
        header.append(f"{{+only in version {number}+}}", self._style("diff--insert"))
        blocks = [Block(header)]
        for row in comparison.rows:
            here = f"¶{row.this + 1}" if row.this is not None else ""
            there = f"¶{row.other + 1}" if row.other is not None else ""
            if row.status == diff.SAME:
                blocks.append(
                    Block(self._stub(f"{here} same", row.runs[0].text), key=row.this, space_after=0)
                )
            elif row.status == diff.ONLY_THIS:
                body = styled(row.runs[0].text, self._style("diff--only-this"))
                blocks.append(
                    Block(self._labelled(f"{here} only in this version", body), key=row.this)
                )
            elif row.status == diff.ONLY_OTHER:
                body = styled(row.runs[0].text, self._style("diff--only-other"))
                blocks.append(
                    Block(self._labelled(f"only in version {number} (its {there})", body))
                )
            else:
                moved = f"moved (its {there})" if row.status == diff.MOVED else "changed"
                label = f"{here} {moved} · {round(row.similarity * 100)}% alike"
                blocks.append(Block(self._labelled(label, self._runs(row.runs)), key=row.this))
        return _spaced(blocks)

    def _all_blocks(self, story: Story, coverage: list[diff.Coverage]) -> list[Block]:
        total = len(story.versions)
        self.border_title = Content(f"against all {total} versions")
        self.border_subtitle = Content("")
        header = Text(end="")
        header.append("{~worded differently elsewhere~}", self._style("diff--vary"))
        header.append(" ")
        header.append("{+added elsewhere+}", self._style("diff--insert"))
        blocks = [Block(header)]
        for item in coverage:
            carried = len(item.carried_by)
            label = f"¶{item.index + 1} in {carried} of {total} version{'s' if total > 1 else ''}"
            if all(r.op == "equal" for r in item.runs):
                note = "same words" if carried > 1 else "only this version"
                text = " ".join(r.text for r in item.runs)
                blocks.append(
                    Block(self._stub(f"{label}, {note}", text), key=item.index, space_after=0)
                )
            else:
                blocks.append(
                    Block(self._labelled(label, self._runs(item.runs, cap=8)), key=item.index)
                )
        return _spaced(blocks)


def _spaced(blocks: list[Block]) -> list[Block]:
    """One blank line before and after each run of one-line stubs, none inside it."""
    for block, following in zip(blocks, blocks[1:], strict=False):
        if block.space_after == 0 and following.space_after != 0:
            block.space_after = 1
    return blocks
