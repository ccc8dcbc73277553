"""The row of sections under the header: which one is open, and the F-key for each; then, on the right, the keys
that work everywhere (F1 help, Ctrl+Q quit, Ctrl+L lock), as many as the width leaves room for. They are not in
the footer, which keeps its width for the screen's own keys and F12 Crisis; F1 help and the palette list them all.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

# The app's own keys by binding id, most needed first: the first is always shown, the others where they fit.
APP_KEYS = [("app.help", "F1", "Help"), ("app.quit", "^Q", "Quit"), ("app.lock", "^L", "Lock")]


class SectionBar(Static):
    DEFAULT_CSS = """
    SectionBar { height: 1; background: $boost; padding: 0 1; }
    """

    def render(self) -> Text:
        width = self.content_region.width or self.app.size.width - 2
        sections = Text()
        for section in self.app.sections:
            style = "bold reverse" if section.mode == self.screen.MODE else "dim"
            sections.append(f" {section.key.upper()} {section.title} ", style=style)
        keys = [f"{self._key(binding_id, usual)} {what}" for binding_id, usual, what in APP_KEYS]
        shown = keys[:1]
        for key in keys[1:]:
            if sections.cell_len + 1 + len("  ".join([*shown, key])) <= width:
                shown.append(key)
        right = "  ".join(shown)
        gap = max(1, width - sections.cell_len - len(right))
        return sections + Text(" " * gap) + Text(right, style="dim")

    def _key(self, binding_id: str, usual: str) -> str:
        """The key as it is bound now (a keymap in settings.toml may have moved it)."""
        for active in self.screen.active_bindings.values():
            if active.binding.id == binding_id:
                return self.app.get_key_display(active.binding).upper()
        return usual
