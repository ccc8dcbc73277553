"""Small helpers shared by the CLI subcommands."""

from __future__ import annotations

import json
import sys


def print_json(data) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def plain(text: str | None) -> str:
    """Untrusted text for a terminal: control characters (escape sequences included) shown, not obeyed."""
    if not text:
        return ""
    return "".join(ch if ch.isprintable() or ch == " " else f"\\x{ord(ch):02x}" for ch in text)
