"""A bar chart drawn with text: one line per bar, label, bar in eighths of a cell, and a caption.

Labels may be partner names (untrusted): they are shown literally, never as markup. The chart fits the width
it is given and is as tall as its bars (plus a title line).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widget import Widget

from liferooms_tui.tui.widgets.text import literal

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    caption: str = ""
    style: str = "bold cyan"  # a rich style
    marker: float | None = None  # a limit to mark on the bar's scale (e.g. 100% of capacity)


def bar_cells(value: float, scale: float, width: int) -> str:
    """The bar for `value` on a scale where `scale` fills `width` cells, to an eighth of a cell."""
    if scale <= 0 or width <= 0 or value <= 0:
        return ""
    eighths = round(min(value, scale) / scale * width * 8)
    full, part = divmod(eighths, 8)
    return FULL * full + (EIGHTHS[part] if part else "")


class BarChart(Widget):
    DEFAULT_CSS = """
    BarChart { height: auto; width: 1fr; padding: 0 1; }
    """

    def __init__(self, title: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.title = title
        self.bars: list[Bar] = []
        self.scale: float | None = None
        self.empty = "Nothing in this period."

    def set_bars(self, bars: list[Bar], *, title: str | None = None, scale: float | None = None,
                 empty: str | None = None) -> None:
        """Show these bars; `scale` is the value that fills the bar (default: the largest value or marker)."""
        self.bars = list(bars)
        self.scale = scale
        if title is not None:
            self.title = title
        if empty is not None:
            self.empty = empty
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return (1 if self.title else 0) + max(1, len(self.bars))

    def render(self) -> Text:
        width = max(self.size.width, 20)
        out = Text(no_wrap=True, overflow="ellipsis")
        if self.title:
            out.append(self.title + "\n", style="bold underline")
        if not self.bars:
            out.append(self.empty, style="dim italic")
            return out
        scale = self.scale or max(max(b.value for b in self.bars), *(b.marker or 0 for b in self.bars)) or 1
        label_w = min(max(len(literal(b.label)) for b in self.bars), max(8, width // 3))
        caption_w = max(len(b.caption) for b in self.bars)
        bar_w = max(4, width - label_w - caption_w - 2)
        for i, bar in enumerate(self.bars):
            label = literal(bar.label)
            label = label if len(label) <= label_w else label[: label_w - 1] + "…"
            cells = bar_cells(bar.value, scale, bar_w)
            out.append(label.ljust(label_w) + " ")
            out.append(cells, style=bar.style)
            rest = bar_w - len(cells)
            if bar.marker is not None and 0 < bar.marker <= scale:
                at = min(bar_w - 1, round(bar.marker / scale * bar_w) - 1)
                if at >= len(cells):
                    out.append(" " * (at - len(cells)) + "│", style="dim")
                    rest = bar_w - at - 1
            out.append(" " * rest + " " + bar.caption.rjust(caption_w))
            if i < len(self.bars) - 1:
                out.append("\n")
        return out

