"""Fixtures shared by the sync tests: one laptop with a queued referral, or two laptops and a shared store.

The protocol's tests run twice, on the shared file and on a PostgreSQL server (BOTH; a test about the file
itself, marked file_only, runs once). The server is started once per test process (pytest-xdist worker) and each
test gets a database of its own. In CI (CI=true) a server that cannot start fails the run; elsewhere those tests
skip, saying why in one line.
"""

from __future__ import annotations

import os

import pgserver
import pytest
import sync_helpers
from sync_helpers import add_referral, make_laptop, new_shared

BOTH = {"test_sync_push", "test_sync_pull", "test_sync_pull_chunks", "test_sync_conflicts", "test_sync_faults",
        "test_sync_people_edit", "test_sync_concerns", "test_sync_volunteer", "test_sync_cli", "test_sync_crash"}


def pytest_configure(config):
    config.addinivalue_line("markers", "file_only: a sync test about the shared file itself (not run on PostgreSQL)")


def pytest_generate_tests(metafunc):
    if metafunc.module.__name__ in BOTH and not metafunc.definition.get_closest_marker("file_only"):
        metafunc.parametrize("shared_backend", ["file", "postgres"], indirect=True)


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL 15 server for this test process, stopped at the end."""
    try:
        server = pgserver.start()
    except pgserver.NoServer as exc:
        if os.environ.get("CI") == "true":
            pytest.exit(f"CI must run the PostgreSQL sync tests, but no server could start: {exc}", returncode=1)
        pytest.skip(f"no PostgreSQL server here: {exc}")
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def shared_backend(request):
    """'file' or 'postgres': which shared store new_shared() makes for this test."""
    kind = getattr(request, "param", "file")
    if kind == "postgres":
        sync_helpers.use_server(request.getfixturevalue("pg_server"))
    yield kind
    sync_helpers.use_server(None)


@pytest.fixture
def laptop(tmp_path):
    """A laptop (Bootle Hub) with one fictional person and a referral queued for sync."""
    rt = make_laptop(tmp_path, "a")
    add_referral(rt)
    yield rt
    rt.close()


@pytest.fixture
def pair(tmp_path):
    """Two laptops at different hubs and a new, empty shared store."""
    a = make_laptop(tmp_path, "a", "Bootle Hub")
    b = make_laptop(tmp_path, "b", "Southport Hub")
    yield a, b, new_shared(tmp_path)
    a.close()
    b.close()
