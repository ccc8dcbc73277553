"""Every test listed as slow in tests/slow_tests.py still exists (a renamed one would quietly lose its mark and its
early start), and the mark reaches the tests it names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from slow_tests import SLOW, is_slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", sorted(SLOW))
def test_each_slow_entry_names_a_test(name):
    path, _, function = name.partition("::")
    source = ROOT / path
    assert source.exists(), f"{name}: no file {path}; update SLOW in tests/slow_tests.py"
    pattern = rf"^\s*(async\s+)?def {re.escape(function)}\(|^{re.escape(function)}\s*=|^class {re.escape(function)}\b"
    assert re.search(pattern, source.read_text(encoding="utf-8"), flags=re.M), \
        f"{name}: {path} has no test {function}; update SLOW in tests/slow_tests.py"


def test_cases_and_steps_of_a_slow_test_are_slow():
    name = sorted(SLOW)[0]
    assert is_slow(name) and is_slow(f"{name}[case]") and is_slow(f"{name}::runTest")
    assert not is_slow(f"{name}_too") and not is_slow(name.rsplit("::", 1)[0])


def test_slow_tests_are_marked_and_started_first(request):
    items = request.session.items
    slow = [i for i, item in enumerate(items) if item.get_closest_marker("slow")]
    assert slow == list(range(len(slow))), "slow tests are not at the front of the run"
