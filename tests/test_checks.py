"""The checks that keep the shape (DESIGN.md): import-linter's layer contracts, ruff, and mypy on the services and
db layers. They run here so the README's one test command (and so CI) runs them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*command: str) -> subprocess.CompletedProcess:
    tool = shutil.which(command[0], path=str(Path(sys.executable).parent)) or shutil.which(command[0])
    if tool is None:
        pytest.fail(f"{command[0]} is not installed: pip install -e '.[test]'")
    return subprocess.run([tool, *command[1:]], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_import_contracts_hold():
    result = run("lint-imports", "--no-cache")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_ruff_finds_nothing():
    result = run("ruff", "check", "liferooms_tui", "tests", "bench")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_mypy_passes_on_services_and_db():
    result = run("mypy")  # what it checks is in pyproject.toml: everything but tui/ and commands/
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


DATABASE_FROM_A_SCREEN = re.compile(r"store\.session\(|(?<!\bdb)\.store\b")  # the db.store module (its errors) is fine


def test_screens_and_widgets_reach_the_data_only_through_the_gateway():
    """No module under tui/ opens a session or touches the store: screens ask services through the gateway from
    thread workers (tui/work.py), so a busy database is a sentence and a retry, never a frozen or crashed app."""
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for path in sorted((ROOT / "liferooms_tui" / "tui").rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if DATABASE_FROM_A_SCREEN.search(line)]
    assert not found, "\n".join(found)


def test_screens_open_dialogs_through_the_lock():
    """Screens and widgets open screens with app.show(), which holds them while the app is locked; only the
    app, the lock controller and the start-up app (before any data is open) push screens themselves."""
    tui = ROOT / "liferooms_tui" / "tui"
    allowed = {tui / "app.py", tui / "lock.py", tui / "start.py"}
    offenders = [str(p.relative_to(ROOT)) for p in tui.rglob("*.py")
                 if p not in allowed and "push_screen(" in p.read_text(encoding="utf-8")]
    assert offenders == [], f"use self.app.show(screen, callback) in {offenders}"
