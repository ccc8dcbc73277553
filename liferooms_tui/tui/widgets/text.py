"""Untrusted text (partner data, imported files, notes) made safe to show: literal, never markup."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from liferooms_tui.safetext import literal

__all__ = ["literal", "plural", "safe", "safe_label"]


def safe(text: str | None, style: str = "") -> Text:
    """A rich Text for a DataTable cell or a Static: shown as typed, never parsed as markup."""
    return Text(literal(text), style=style)


def safe_label(text: str | None) -> Content:
    """A literal label for a Button or an option."""
    return Content(literal(text))


def plural(n: int, word: str) -> str:
    """'1 referral', '2 referrals', '1,200 referrals'."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"
