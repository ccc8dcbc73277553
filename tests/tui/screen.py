"""What a person would see: the rendered screen as plain text (from Textual's own screenshot)."""

from __future__ import annotations

import html
import re


def screen_text(app) -> str:
    svg = app.export_screenshot()
    lines = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape("".join(lines) if lines else re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")
