"""Small helpers shared by the CLI subcommands."""

from __future__ import annotations

import json
import sys

from liferooms_tui.safetext import literal


def print_json(data) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def plain(text: str | None) -> str:
    """Untrusted text for one line of terminal output: control characters shown, not obeyed."""
    return literal(text).replace("\n", " ")
