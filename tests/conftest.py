"""Shared fixtures: a fresh 'laptop' (data folder) per test, opened the way the CLI opens it."""

from __future__ import annotations

import pytest
from laptops import open_laptop
from slow_tests import is_slow


@pytest.fixture
def runtime(tmp_path):
    rt = open_laptop(tmp_path / "laptop")
    yield rt
    rt.close()


@pytest.fixture
def actor(runtime):
    return runtime.actor


@pytest.fixture
def session(runtime):
    with runtime.store.session() as s:
        yield s


def pytest_addoption(parser):
    parser.addoption("--update-snapshots", action="store_true", default=False,
                     help="rewrite the golden screen texts in tests/tui/snapshots/ instead of comparing with them")


@pytest.fixture
def update_snapshots(request) -> bool:
    return request.config.getoption("--update-snapshots")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if is_slow(item.nodeid):
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: not is_slow(item.nodeid))  # stable: the rest keep their order
