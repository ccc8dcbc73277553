"""The checks that keep the shape (DESIGN.md): import-linter's layer contracts, ruff, and mypy on the services and
db layers. They run here so the README's one test command (and so CI) runs them."""

from __future__ import annotations

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
