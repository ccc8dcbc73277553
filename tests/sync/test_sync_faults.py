"""Faults: each says what happened in words, writes nothing it should not, and keeps the local queue."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
from sync_helpers import (
    add_referral,
    connect_shared,
    local_rows,
    make_laptop,
    new_shared,
    shared_value,
    sync,
    unsent,
)

from liferooms_tui.db.models import SyncMeta
from liferooms_tui.sync import schema, shared
from liferooms_tui.sync.errors import SyncError
from liferooms_tui.sync.lease import lease_path
from liferooms_tui.sync.status import LAST_SYNC_RESULT


def fails(laptop, path, kind: str, *words: str, wait: float = 0.3) -> str:
    """Sync, expect SyncError of `kind` whose message has `words`; the queue must be as it was."""
    before = unsent(laptop)
    with pytest.raises(SyncError) as caught:
        sync(laptop, path, wait=wait)
    message = str(caught.value)
    assert caught.value.kind == kind, message
    for word in words:
        assert word in message, (word, message)
    assert "queue is kept" in message or "queued changes are kept" in message, message
    assert unsent(laptop) == before and before
    with laptop.store.session() as session:
        assert session.get(SyncMeta, LAST_SYNC_RESULT).value.startswith("failed: ")
    return message


def test_missing_shared_file_says_where_it_looked_and_creates_nothing(laptop, tmp_path):
    path = tmp_path / "share" / "liferooms-shared.db"
    fails(laptop, path, "missing", str(path), "not found", "liferooms shared init")
    assert not path.exists() and not path.parent.exists()
    (tmp_path / "share").mkdir()
    fails(laptop, path, "missing", str(path))
    assert not path.exists()


def test_no_shared_file_set(laptop):
    before = unsent(laptop)
    with pytest.raises(SyncError, match="No shared file is set"):
        sync(laptop, "")
    assert unsent(laptop) == before


@contextmanager
def read_only(path):
    """The shared file as on a write-protected stick: chattr +i when running as root (root ignores modes)."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("cannot make a read-only file here (running as root without chattr)")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o600)


@pytest.mark.file_only
def test_read_only_shared_file_is_only_pulled_from(laptop, tmp_path):
    path = new_shared(tmp_path)
    other = make_laptop(tmp_path, "b", "Southport Hub")
    _, theirs = add_referral(other, "Jo R. (fictional)")
    sync(other, path)
    before = unsent(laptop)
    data = path.read_bytes()
    with read_only(path):
        report = sync(laptop, path)
    assert report.read_only and report.pushed == 0 and report.pulled > 0
    assert theirs in local_rows(laptop, "referral")
    assert unsent(laptop) == before and report.queued == len(before)
    assert "read-only" in report.message and f"{len(before)} stay queued" in report.message
    assert path.read_bytes() == data
    other.close()


@pytest.mark.file_only
def test_locked_for_long_retries_then_says_so(laptop, tmp_path):
    path = new_shared(tmp_path)
    holder = connect_shared(path, mode="rw")  # through the same SQLite library: locks are per process and library
    holder.execute("BEGIN IMMEDIATE")  # another laptop in the middle of a long write
    try:
        fails(laptop, path, "locked", str(path), "stayed busy")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert sync(laptop, path).pushed > 0


@pytest.mark.file_only
def test_a_live_lease_from_another_laptop_is_waited_for_then_named(laptop, tmp_path):
    path = new_shared(tmp_path)
    lease = {"token": "t", "host": "advisor-laptop-7", "pid": 4242, "laptop": "lapz", "expires": time.time() + 60}
    lease_path(path).write_text(json.dumps(lease))
    fails(laptop, path, "locked", "laptop lapz on advisor-laptop-7")
    assert json.loads(lease_path(path).read_text())["token"] == "t"  # not broken


@pytest.mark.file_only
def test_a_lease_left_by_a_killed_sync_on_this_host_is_broken(laptop, tmp_path):
    path = new_shared(tmp_path)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lease = {"token": "t", "host": socket.gethostname(), "pid": dead.pid, "laptop": "lapa",
             "expires": time.time() + 60}
    lease_path(path).write_text(json.dumps(lease))
    assert sync(laptop, path).pushed > 0 and not lease_path(path).exists()


def test_not_a_sqlite_file(laptop, tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("Fictional notes, not a database. " * 200)
    fails(laptop, path, "truncated", str(path), "not a whole liferooms shared file", "another kind of file")
    assert path.read_text().startswith("Fictional notes")


@pytest.mark.parametrize(("content", "says"), [("empty", "an empty file"), ("laptop", "a laptop's own"),
                                               ("other", "another program's SQLite database")])
def test_a_sqlite_file_that_is_not_ours(laptop, tmp_path, content, says):
    path = tmp_path / "other.db"
    if content == "empty":
        path.write_bytes(b"")
    elif content == "laptop":  # the laptop's own (encrypted) database, chosen by mistake
        path = laptop.paths.database
    else:
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE photos (name TEXT)")
        conn.commit()
        conn.close()
    data = path.read_bytes()
    fails(laptop, path, "foreign", says)
    assert path.read_bytes() == data


@pytest.mark.file_only
def test_a_damaged_shared_file_is_not_written(laptop, tmp_path):
    path = new_shared(tmp_path)
    (page_size,), = shared_value(path, "PRAGMA page_size")
    (root,), = shared_value(path, "SELECT rootpage FROM sqlite_master WHERE name='laptop'")
    with open(path, "r+b") as handle:  # scribble over the laptop table's page
        handle.seek((root - 1) * int(page_size))
        handle.write(b"\xa5" * int(page_size))
    data = path.read_bytes()
    fails(laptop, path, "corrupt", "damaged", "backup")
    assert path.read_bytes() == data


@pytest.mark.file_only
def test_a_shared_file_from_a_newer_liferooms_is_not_written(laptop, tmp_path):
    path = new_shared(tmp_path)
    conn = connect_shared(path, mode="rw")
    conn.execute(f"PRAGMA user_version={schema.SCHEMA_VERSION + 1}")
    conn.close()
    data = path.read_bytes()
    fails(laptop, path, "newer", "newer liferooms", "Update liferooms")
    assert path.read_bytes() == data


def test_an_older_shared_file_is_backed_up_then_upgraded(laptop, tmp_path):
    path = shared.init_shared(tmp_path / "old.db", key=None, version=1)  # from before encryption too
    report = sync(laptop, path)
    assert report.upgraded_from == 1 and report.pushed > 0 and unsent(laptop) == []
    assert report.sealed and not shared.is_plain(path) and shared.is_plain(report.backup) is False
    backup = tmp_path / report.backup.rsplit("/", 1)[1]
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert shared_value(backup, "PRAGMA user_version") == [(1,)]
    assert shared_value(path, "PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
    assert shared_value(backup, "SELECT count(*) FROM person") == [(0,)]  # as it was before


def test_a_refused_row_is_shown_and_the_queue_behind_it_still_goes(laptop, tmp_path):
    path = new_shared(tmp_path)
    with laptop.store.session() as session:
        from liferooms_tui.db.models import OutboxEntry
        session.add(OutboxEntry(table_name="spaceship", row_id="s1", version="v", payload={"id": "s1"}))
    _, last = add_referral(laptop, "Last (fictional)")
    report = sync(laptop, path)
    assert report.rejects == [{"table": "spaceship", "row_id": "s1",
                               "reason": "'spaceship' is not something the shared file keeps."}]
    assert last in local_rows(laptop, "referral") and unsent(laptop) == []
    assert report.summary == "ok, 1 rejected"
