"""Untrusted text (partner data, imported files, notes) made safe for a terminal, for the CLI and the TUI."""

from __future__ import annotations

import re


def literal(text: str | None) -> str:
    """Escape and control characters (ANSI sequences, right-to-left overrides) shown as \\xNN, not obeyed."""
    if not text:
        return ""
    return "".join(ch if ch.isprintable() or ch in " \n" else f"\\x{ord(ch):02x}" for ch in text)


# Markdown's characters that make links, images, emphasis, code, tables, HTML and entities, wherever they are.
_MARKDOWN_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~&@#!])")
# What makes a web address or an email a link by itself (GFM's autolinks, linkify): "://" and a dot between a
# word and a letter ('evil.example', 'www.x'); a backslash before each keeps the text and drops the link.
_AUTOLINK = re.compile(r"(?<=\w)([.:])(?=[A-Za-z/])")
# Line starts that make headings, quotes, lists, rules and setext underlines: "# ", "> ", "- ", "+ ", "= ", "1. ".
_LINE_START = re.compile(r"^([-+=>]|\d+(?=[.)]))")


def markdown_text(text: str | None) -> str:
    """Untrusted text as Markdown that shows it word for word and can never become a link, an image, HTML,
    emphasis or a heading, list or quote (each line's leading spaces dropped: they would make code)."""
    lines = []
    for line in literal(text).split("\n"):
        line = _AUTOLINK.sub(r"\\\1", _MARKDOWN_ANYWHERE.sub(r"\\\1", line.lstrip(" ")))
        found = _LINE_START.match(line)
        if found:
            mark = found.group(1)
            line = "\\" + line if not mark[0].isdigit() else mark + "\\" + line[len(mark):]
        lines.append(line)
    return "\n".join(lines)
