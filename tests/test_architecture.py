"""Services never import textual: only app.py, screens/ and widgets/ may (DESIGN.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import liferooms_tui

PACKAGE = Path(liferooms_tui.__file__).parent
UI_DIRS = {"tui"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_ui_imports_textual():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in UI_DIRS:
            continue
        textual = {m for m in imported_modules(path) if m == "textual" or m.startswith("textual.")}
        # cli.py may import the app lazily to run the TUI, but never textual itself.
        if textual:
            offenders.append(f"{relative}: {sorted(textual)}")
    assert offenders == []


def test_the_check_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from textual.widgets import Static\nimport textual\n")
    assert imported_modules(bad) >= {"textual", "textual.widgets"}


def test_screens_and_widgets_never_write_sql():
    for path in (PACKAGE / "tui").rglob("*.py"):
        modules = imported_modules(path)
        assert not any(m.startswith(("sqlalchemy", "sqlmodel", "sqlite3")) for m in modules), path
