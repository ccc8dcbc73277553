"""Untrusted text (partner data, imported files, notes) made safe for a terminal, for the CLI and the TUI."""

from __future__ import annotations


def literal(text: str | None) -> str:
    """Escape and control characters (ANSI sequences, right-to-left overrides) shown as \\xNN, not obeyed."""
    if not text:
        return ""
    return "".join(ch if ch.isprintable() or ch in " \n" else f"\\x{ord(ch):02x}" for ch in text)
