"""Tables of figures for screens and exports: cells that hide small numbers, and CSV, JSON and text output.

A table is a title, column names and rows of cells. A cell is plain text or a date (shown as is), or:
- Count: how many people or referrals; in exports 1 to 4 is shown as "<5" so nobody can be identified, and
  every other count is rounded to the nearest 5, so a hidden one cannot be worked out exactly by taking the
  others from a total (in the same table or another): hiding only the small cells would not stop that;
- Ratio: a share, load or rate worked out from a count; in exports worked out from the rounded count, so it
  tells no more than the count does; hidden ("n<5") when the count is 1 to 4;
- Stat: a mean or median of `n` people's answers or waits; hidden ("n<5") when n is 1 to 4, and given to one
  decimal place in exports (more places would tell how many answered: 19/6 is 3.17, no fifth gives that);
- Words: people's own words about a partner; left out of exports when fewer than 5 people gave them.
The screen shows exact figures to advisors; every export (CLI output and files) is suppressed and rounded.

CSV layout: one file, one header, every row the same shape: `table,row,column,value` (a "long" table).
Several tables of different shapes cannot share one header otherwise; the long layout opens cleanly in a
spreadsheet, filters by `table`, and pivots back into each grid. An `about` table first says what the file is.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from liferooms_tui.files import export_path, write_private
from liferooms_tui.vocabulary import InvalidValue

SMALL = 5  # cells counting fewer people than this are hidden in exports
HIDDEN_COUNT = "<5"
HIDDEN_STAT = "n<5"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Count:
    n: int


@dataclass(frozen=True)
class Stat:
    value: float | None
    n: int  # how many people or referrals the figure is worked out from
    digits: int = 1
    unit: str = ""  # "%" or " days": shown on screen and in text, not in CSV/JSON


@dataclass(frozen=True)
class Ratio:
    """scale * part / whole, where part is a count (and whole may be one: a share of a total)."""

    part: int
    whole: float
    scale: float = 1.0
    whole_is_count: bool = False
    digits: int = 1
    unit: str = ""


@dataclass(frozen=True)
class Words:
    text: str
    n: int


Cell = str | int | float | date | Count | Stat | Ratio | Words | None


@dataclass
class Table:
    key: str  # short name used in CSV/JSON: referrals_by_need, partner_load, ...
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""


def is_small(n: int) -> bool:
    return 0 < n < SMALL


def rounded(n: int) -> int:
    """To the nearest 5 (12 -> 10, 13 -> 15; 5, 6 and 7 -> 5)."""
    return 5 * ((n + 2) // 5)


def cell_value(cell: Cell, *, suppress: bool):
    """A cell as a plain value for CSV/JSON: int, float, ISO date text, or text (markers when suppressed)."""
    if isinstance(cell, Count):
        if suppress:
            return HIDDEN_COUNT if is_small(cell.n) else rounded(cell.n)
        return cell.n
    if isinstance(cell, Ratio):
        if suppress and is_small(cell.part):
            return HIDDEN_STAT
        part = rounded(cell.part) if suppress else cell.part
        whole = rounded(int(cell.whole)) if suppress and cell.whole_is_count else cell.whole
        if not whole:
            return None
        return _round(cell.scale * part / whole, cell.digits)
    if isinstance(cell, Stat):
        if cell.value is None:
            return None
        if suppress and is_small(cell.n):
            return HIDDEN_STAT
        return _round(cell.value, min(cell.digits, 1) if suppress else cell.digits)
    if isinstance(cell, Words):
        return "" if suppress and is_small(cell.n) else safe_text(cell.text)
    if isinstance(cell, datetime):
        return cell.isoformat(timespec="seconds")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, str):
        return safe_text(cell)
    return cell


def _round(value: float, digits: int) -> float | int:
    return round(value) if digits == 0 else round(value, digits)


def cell_text(cell: Cell, *, suppress: bool) -> str:
    """A cell as text for the screen or a text report (units shown, numbers grouped)."""
    value = cell_value(cell, suppress=suppress)
    if value is None:
        return ""
    if isinstance(cell, (Stat, Ratio)) and isinstance(value, (int, float)):
        digits = min(cell.digits, 1) if suppress and isinstance(cell, Stat) else cell.digits
        return f"{value:,.{digits}f}{cell.unit}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def safe_text(text: str) -> str:
    """Untrusted text for a file or terminal: one line, control characters shown as \\xNN, no formulas."""
    text = re.sub(r"[\r\n\t]+", " ", text or "").strip()
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    return "'" + text if text.startswith(FORMULA_START) else text


def render_csv(tables: list[Table], about: list[tuple[str, str]], *, suppress: bool = True) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["table", "row", "column", "value"])
    for name, value in about:
        writer.writerow(["about", name, "value", safe_text(value)])
    for table in tables:
        for row in table.rows:
            label = cell_value(row[0], suppress=suppress)
            for column, cell in zip(table.columns[1:], row[1:], strict=True):
                value = cell_value(cell, suppress=suppress)
                writer.writerow([table.key, label, column, "" if value is None else value])
    return out.getvalue()


def render_wide_csv(table: Table, *, suppress: bool = True) -> str:
    """One table as an ordinary spreadsheet: its own header, then one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(["" if v is None else v for v in (cell_value(c, suppress=suppress) for c in row)])
    return out.getvalue()


def render_json(tables: list[Table], about: list[tuple[str, str]], *, suppress: bool = True) -> str:
    data = {
        "about": dict(about),
        "tables": [
            {"table": t.key, "title": t.title, "note": t.note, "columns": t.columns,
             "rows": [{c: cell_value(v, suppress=suppress) for c, v in zip(t.columns, row, strict=True)}
                      for row in t.rows]}
            for t in tables
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_text(tables: list[Table], about: list[tuple[str, str]], *, suppress: bool = True,
                width: int = 40) -> str:
    """Plain text tables for a terminal: aligned columns, long text cut at `width` characters."""
    lines = [f"{name}: {safe_text(value)}" for name, value in about]
    for table in tables:
        lines += ["", table.title, "=" * len(table.title)]
        if table.note:
            lines.append(table.note)
        cells = [[_cut(cell_text(c, suppress=suppress), width) for c in row] for row in table.rows]
        widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(table.columns)]
        lines.append("  ".join(h.ljust(w) for h, w in zip(table.columns, widths, strict=True)).rstrip())
        for row, raw in zip(cells, table.rows, strict=True):
            lines.append("  ".join(_align(v, w, c) for v, w, c in zip(row, widths, raw, strict=True)).rstrip())
        if not table.rows:
            lines.append("(nothing in this period)")
    return "\n".join(lines) + "\n"


def render(tables: list[Table], about: list[tuple[str, str]], fmt: str, *, suppress: bool = True) -> str:
    renderers = {"csv": render_csv, "json": render_json, "table": render_text}
    if fmt not in renderers:
        raise InvalidValue(f"'{fmt}' is not a format: use table, csv or json.")
    return renderers[fmt](tables, about, suppress=suppress)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _align(text: str, width: int, cell: Cell) -> str:
    numeric = isinstance(cell, (Count, Stat, Ratio, int, float)) and not isinstance(cell, bool)
    return text.rjust(width) if numeric else text.ljust(width)


def export_target(out: str | Path, what: str, suffix: str, *, folder: bool | None = None) -> Path:
    """Where an export goes: a new file named for it when `out` is a folder (an existing one, one ending in '/',
    or folder=True), else the file `out` itself."""
    if folder is None:
        folder = str(out).endswith(("/", "\\")) or Path(out).expanduser().is_dir()
    out = Path(out).expanduser()
    return export_path(out, what, suffix, personal=False) if folder else out


def write_export(text: str, out: str | Path, what: str, suffix: str, *, folder: bool | None = None) -> Path:
    """Write an export 0600 to export_target(out, ...)."""
    return write_private(export_target(out, what, suffix, folder=folder), text)
