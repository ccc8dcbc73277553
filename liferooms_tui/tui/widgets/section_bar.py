"""The row of sections under the header: which one is open, and the F-key for each."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class SectionBar(Static):
    DEFAULT_CSS = """
    SectionBar { height: 1; background: $boost; padding: 0 1; }
    """

    def on_mount(self) -> None:
        parts = Text()
        for section in self.app.sections:
            label = f" {section.key.upper()} {section.title} "
            style = "bold reverse" if section.mode == self.screen.MODE else "dim"
            parts.append(label, style=style)
            parts.append(" ")
        parts.append(" F1 Help", style="dim")
        self.update(parts)
