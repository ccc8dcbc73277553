"""Shared fixtures: a fresh 'laptop' (data folder) per test, opened the way the CLI opens it."""

from __future__ import annotations

import pytest

from liferooms_tui.runtime import open_runtime


@pytest.fixture
def runtime(tmp_path):
    rt = open_runtime(str(tmp_path / "laptop"))
    yield rt
    rt.close()


@pytest.fixture
def actor(runtime):
    return runtime.actor


@pytest.fixture
def session(runtime):
    with runtime.store.session() as s:
        yield s
