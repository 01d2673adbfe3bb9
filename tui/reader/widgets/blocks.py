"""A scrolling view of text blocks (paragraphs, diff rows) drawn line by line.

Blocks are Rich `Text` objects, never markup strings, wrapped to the pane width once
per width change; `render_line` only slices the wrapped lines, so scrolling stays
instant however long the text. Each wrapped line remembers which block it came from,
so subclasses can talk in blocks (paragraphs) while Textual talks in lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip


@dataclass
class Block:
    """One block of text; `key` ties it to what it shows (a paragraph index, a row)."""

    text: Text
    key: int | None = None
    space_after: int = 1
    indent: int = 0


class BlockView(ScrollView, can_focus=True):
    """Scrollable wrapped blocks with a marker beside the current block."""

    BINDINGS = [
        Binding("j,down", "scroll_down", "Down", show=False, id="scroll.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="scroll.up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="scroll.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="scroll.bottom"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="scroll.page_down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="scroll.page_up"),
    ]

    COMPONENT_CLASSES = {"blocks--marker"}

    MAX_MEASURE = 0  # widest line of text; 0 means the pane width
    GUTTER = 2

    class CurrentChanged(Message):
        """The block at the top of the view changed (the reading position)."""

        def __init__(self, view: BlockView, key: int | None) -> None:
            super().__init__()
            self.view = view
            self.key = key

        @property
        def control(self) -> BlockView:
            return self.view

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._blocks: list[Block] = []
        self._lines: list[tuple[Strip, int, bool]] = []  # (wrapped line, block number, is text)
        self._starts: list[int] = []  # first line of each block
        self._width = 0
        self._current = -1
        self._pending: int | None = None
        self._late_layout = False  # a layout is due that no Resize asked for
        self._anchor: tuple[int, int] | None = None  # (block, scroll line) reached by scroll_to_key

    # -- content -------------------------------------------------------------

    def set_blocks(self, blocks: list[Block], top_key: int | None = None) -> None:
        """Show `blocks`, scrolled so the block with `top_key` starts at the top."""
        self._blocks = blocks
        self._width = 0
        self._current = -1
        self._relayout()
        self.scroll_to_key(top_key)
        self._update_current()

    @property
    def blocks(self) -> list[Block]:
        return self._blocks

    def measure(self, width: int) -> int:
        usable = max(10, width - self.GUTTER - 1)
        return min(usable, self.MAX_MEASURE) if self.MAX_MEASURE else usable

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        if width <= 0:
            return
        self._width = width
        measure = self.measure(width)
        console = self.app.console
        lines: list[tuple[Strip, int, bool]] = []
        starts: list[int] = []
        for number, block in enumerate(self._blocks):
            starts.append(len(lines))
            wrap_width = max(4, measure - block.indent)
            overflow = block.text.overflow or "fold"
            for line in block.text.wrap(console, wrap_width, overflow=overflow):
                line.rstrip()
                segments = list(line.render(console))
                if block.indent:
                    segments.insert(0, Segment(" " * block.indent))
                lines.append((Strip(segments), number, True))
            lines.extend((Strip.blank(0), number, False) for _ in range(block.space_after))
        self._lines = lines
        self._starts = starts
        self._set_virtual_size(Size(measure + self.GUTTER, len(lines)))
        self.refresh()

    def _set_virtual_size(self, size: Size) -> None:
        """Set the scrollable size; the screen is laid out again only if the scrollbars
        change. (Textual lays out the whole screen for every change of `virtual_size`:
        each re-wrap, such as the first one when the pane gets its width, would cost a
        layout and a frame more.)"""
        width, height = self.container_size
        vertical = size.height > height  # overflow is auto both ways
        room = width - (self.styles.scrollbar_size_vertical if vertical else 0)
        if (
            not self.is_mounted
            or not height
            or vertical != self.show_vertical_scrollbar
            or size.width > room
            or self.show_horizontal_scrollbar
        ):
            self.virtual_size = size
            return
        self.set_reactive(ScrollView.virtual_size, size)
        self._scroll_update(size)  # the scrollbar's thumb, and the scroll kept in range

    def _lay_out_late(self) -> None:
        self._late_layout = False
        self.on_resize()

    def on_resize(self) -> None:
        top = (
            self._pending
            if self._pending is not None
            else (self.current_key if self.scroll_y > 0 else None)
        )
        if (self.scrollable_content_region.width or self.size.width) != self._width:
            self._relayout()
            if top is not None:
                self.scroll_to_key(top)

    # -- positions -----------------------------------------------------------

    def line_of(self, key: int | None) -> int:
        for number, block in enumerate(self._blocks):
            if block.key == key and number < len(self._starts):
                return self._starts[number]
        return 0

    def block_at_line(self, line: int) -> int:
        if not self._lines:
            return -1
        return self._lines[max(0, min(line, len(self._lines) - 1))][1]

    @property
    def current_key(self) -> int | None:
        if self._pending is not None:
            return self._pending
        if self._anchor is not None and self._anchor[1] == round(self.scroll_y):
            return self._anchor[0]
        number = self.block_at_line(round(self.scroll_y))
        if number < 0:
            return None
        # The first keyed block at or after the top line (headers have no key).
        for block in self._blocks[number:]:
            if block.key is not None:
                return block.key
        return None

    def scroll_to_key(self, key: int | None) -> None:
        """Scroll so block `key` starts at the top (None: the very top).

        A view whose new content has not been laid out yet cannot scroll (Textual has not
        enabled its scrollbar), so the target is held until after the next refresh and
        reported as the current block meanwhile.
        """
        self._pending = key
        if key and not self._width:  # a block further down, and no size yet: `on_resize` scrolls
            return
        line = self.line_of(key) if key is not None else 0
        self.scroll_to(y=line, animate=False, immediate=True)
        self.call_after_refresh(self._settle, key, line)

    def _settle(self, key: int | None, line: int, tries: int = 20) -> None:
        if self._pending != key:
            return
        if round(self.scroll_y) != line:
            self.scroll_to(y=line, animate=False, immediate=True)
        if round(self.scroll_y) != min(line, round(self.max_scroll_y)) or (
            line and not self.allow_vertical_scroll
        ):
            if not tries:
                self._pending = None
                return
            # Not laid out yet (no scrollbar yet, or a screen above is closing): try after the
            # next frame.
            self.call_after_refresh(self._settle, key, line, tries - 1)
            return
        self._pending = None
        # Near the end the block cannot reach the top; it still is the one being read.
        self._anchor = (
            (key, round(self.scroll_y)) if key is not None and round(self.scroll_y) < line else None
        )
        self._update_current()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._update_current()

    def _update_current(self) -> None:
        number = self.block_at_line(round(self.scroll_y))
        if number != self._current:
            self._current = number
            self.refresh()
            self.post_message(self.CurrentChanged(self, self.current_key))

    # -- drawing -------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if width and not self._width and not self._late_layout:
            # Textual can size a widget without sending it a Resize (seen when the blocks
            # arrive before the first layout): laid out at the first paint, not never.
            self._late_layout = True
            self.call_later(self._lay_out_late)
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip, number, is_text = self._lines[index]
        key = self._blocks[number].key
        current = is_text and key is not None and key == self.current_key
        marker = Strip(
            [Segment("▌ " if current else "  ", self.get_component_rich_style("blocks--marker"))]
        )
        line = Strip.join([marker, strip]).apply_style(base)
        return line.crop_extend(scroll_x, scroll_x + width, base)


def styled(text: str, style: Style | str = "") -> Text:
    """Corpus text as a Rich Text: never parsed as markup, however it looks."""
    return Text(text, style=style, no_wrap=False, end="")
