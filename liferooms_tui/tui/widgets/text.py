"""Untrusted text (partner data, imported files, notes) made safe to show: literal, never markup."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from liferooms_tui.safetext import literal
from liferooms_tui.vocabulary import plural  # noqa: F401  (screens count things in words)

__all__ = ["literal", "plural", "safe", "safe_label"]


def safe(text: str | None, style: str = "") -> Text:
    """A rich Text for a DataTable cell or a Static: shown as typed, never parsed as markup."""
    return Text(literal(text), style=style)


def safe_label(text: str | None) -> Content:
    """A literal label for a Button or an option."""
    return Content(literal(text))


