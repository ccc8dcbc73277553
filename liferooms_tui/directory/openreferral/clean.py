"""Reading one record from someone else's file: typed fields, safe text, and every problem noted.

Text is kept as plain text: escape sequences and control characters are removed (and reported), HTML tags
become plain text, and overlong text is shortened (and reported). Markup of any other kind (rich's [bold],
Markdown) is kept literally: the screens show partner text as it is, never parsed.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

SHORT = 300  # one-line fields: names, phones, roles, terms
LONG = 6000  # descriptions and eligibility text
MAX_ITEMS = 500  # items read from one list (contacts, schedules, attributes...)
MAX_URL = 2000  # a longer web address is left out whole: a shortened one is a broken link
ESSENTIAL = ("id", "name")  # the only fields whose problems reject a record; any other bad field is left out

_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]")
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*>", re.S)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.I)
_BLOCK_TAGS = {"br", "p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section"}
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of one record (or with the file, when record is "")."""

    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"service {self.record}" if self.record else "file"
        return f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


def _html_to_text(text: str) -> str:
    def replace(match: re.Match) -> str:
        name = (match.group(2) or "").lower()
        return "\n" if name in _BLOCK_TAGS else ""

    return _TAG.sub(replace, text)


def clean_text(value: str, *, multiline: bool, limit: int) -> tuple[str, list[str]]:
    """The text made plain and safe, and notes on what had to be removed or shortened."""
    notes: list[str] = []
    text = value
    overlong = len(text) > limit * 4 + 1000  # cut huge text before cleaning it: markup rarely shrinks it 4 times
    if overlong:
        text = text[: limit * 4 + 1000]
    if "\x1b" in text or "\x9b" in text:
        text, count = _ESCAPES.subn("", text)
        if count:
            notes.append("terminal escape sequences removed")
    if "<" in text and _TAG.search(text):
        text = _html_to_text(text)
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isprintable():
        kept = []
        removed = False
        for ch in text:
            if ch.isprintable():
                kept.append(ch)
                continue
            category = unicodedata.category(ch)
            if ch == "\n" or category in ("Zl", "Zp"):
                kept.append("\n")
            elif ch == "\t" or category == "Zs":
                kept.append(" ")
            else:
                removed = True
        text = "".join(kept)
        if removed:
            notes.append("control characters removed")
    if multiline:
        lines = [line.rstrip() for line in text.split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    else:
        text = " ".join(text.split())
    if len(text) > limit or overlong:
        text = text[: limit - 1].rstrip() + "…"
        notes.append(f"longer than {limit} characters, shortened")
    return text, notes


def parse_date(text: str) -> date | None:
    text = text.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


class Record:
    """Reads the fields of one record, collecting errors (the record is rejected) and warnings (it is not).
    Only a problem with the id or the name rejects a record: one bad field anywhere else costs that field,
    which is left out with a warning naming it."""

    def __init__(self, label: str):
        self.label = label
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def error(self, field: str, message: str) -> None:
        if field not in ESSENTIAL:
            self.warn(field, f"{message}; left out")
            return
        problem = Problem(self.label, field, message)
        if problem not in self.errors:  # a field read twice is reported once
            self.errors.append(problem)

    def warn(self, field: str, message: str) -> None:
        problem = Problem(self.label, field, message)
        if problem not in self.warnings:
            self.warnings.append(problem)

    def obj(self, data: dict, key: str, path: str) -> dict | None:
        value = data.get(key)
        if value is None or isinstance(value, dict):
            return value
        self.error(path, f"should be an object, not {_kind(value)}")
        return None

    def items(self, data: dict, key: str, path: str) -> list[dict]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, f"should be a list, not {_kind(value)}")
            return []
        if len(value) > MAX_ITEMS:
            self.warn(path, f"has {len(value)} items; only the first {MAX_ITEMS} were read")
        found = []
        for index, item in enumerate(value[:MAX_ITEMS]):
            if isinstance(item, dict):
                found.append(item)
            else:
                self.error(f"{path}[{index}]", f"should be an object, not {_kind(item)}")
        return found

    def text(self, data: dict, key: str, path: str, *, limit: int = SHORT, multiline: bool = False,
             required: bool = False, numbers: bool = False) -> str:
        value = data.get(key)
        if numbers and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        elif numbers and isinstance(value, float) and math.isfinite(value):
            value = str(int(value)) if value.is_integer() else str(value)
        if value is None or value == "":
            if required:
                self.error(path, "missing")
            return ""
        if not isinstance(value, str):
            self.error(path, f"should be text, not {_kind(value)}")
            return ""
        text, notes = clean_text(value, multiline=multiline, limit=limit)
        for note in notes:
            self.warn(path, note)
        if required and not text:
            self.error(path, "is empty once control characters and markup are removed")
        return text

    def url(self, data: dict, key: str, path: str) -> str:
        """A web address, whole or not at all (never shortened: a cut link is broken, and fails `format: uri`)."""
        value = data.get(key)
        if isinstance(value, str) and len(value.strip()) > MAX_URL:
            self.warn(path, f"is {len(value.strip()):,} characters, longer than {MAX_URL:,}; left out (a shortened "
                      "address would be a broken link)")
            return ""
        return self.text(data, key, path, limit=MAX_URL)

    def number(self, data: dict, key: str, path: str, *, low: int, high: int) -> int | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                self.error(path, "should be a number")
                return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(path, f"should be a number, not {_kind(value)}")
            return None
        if (isinstance(value, float) and not math.isfinite(value)) or not low <= value <= high:
            self.warn(path, f"{_short(value)} is outside {low} to {high}; left out")
            return None
        return int(value)

    def date(self, data: dict, key: str, path: str) -> date | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.error(path, f"should be a date as text, not {_kind(value)}")
            return None
        parsed = parse_date(value[:40])
        if parsed is None:
            self.warn(path, f"'{_short(value)}' is not a date (expected YYYY-MM-DD); left out")
        return parsed


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else type(value).__name__


def _short(value: Any) -> str:
    text, _ = clean_text(str(value), multiline=False, limit=40)
    return text
