"""The footer every screen shows: F12 Crisis first, so it is never the key a narrow terminal cuts (safeguarding),
then the keys of the screen and of the widget in focus. The app's own keys (F1, Ctrl+Q, Ctrl+L) are in the
section bar, F1 help and the palette instead (tests/tui/test_footers.py checks each footer fits at 80 columns)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeysFooter(Footer):
    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        first = [key for key in keys if isinstance(key, FooterKey) and key.action == "crisis"]
        yield from first
        yield from (key for key in keys if key not in first)
