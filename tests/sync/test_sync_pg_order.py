"""Pull cursors on PostgreSQL cannot skip a row: two pushes interleaved on purpose, and a pull between them.

Laptop A's push is held open just before its COMMIT (its rows numbered, not yet visible); laptop B pushes
meanwhile; laptop C pulls while A's is open, again after A commits, and at the end. Every row A and B sent must
reach C. With writers taking turns on the store's write lock (pgconn.py), B waits for A's commit and numbers
its rows after A's. The negative control runs the same interleaving with the lock off: B numbers its rows while
A's are still invisible, C's cursor passes A's numbers, and A's rows are never pulled.
"""

from __future__ import annotations

import threading
import time

import pytest
from sync_helpers import add_referral, local_rows, make_laptop, new_database

from liferooms_tui import __version__
from liferooms_tui.sync import postgres, push
from liferooms_tui.sync import pull as pulling


@pytest.fixture
def url(pg_server):
    return new_database(pg_server)


def _sender(laptop) -> push.Sender:
    actor = laptop.actor
    return push.Sender(actor.laptop_id, actor.origin, actor.site, __version__)


def _wait_until_blocked(watch, pid: int, thread: threading.Thread, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while thread.is_alive():
        found = watch.raw.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()
        if found and found[0] == "Lock":
            return
        if time.monotonic() > deadline:
            raise AssertionError("B's push neither finished nor waited for a lock")
        time.sleep(0.02)


def interleave(tmp_path, url: str, *, write_lock: bool) -> list[str]:
    """Run the interleaving; returns what C lacks (empty when nothing was skipped)."""
    a, b, c = (make_laptop(tmp_path, name, site) for name, site in
               [("a", "Bootle Hub"), ("b", "Southport Hub"), ("c", "Netherton community site")])
    conns = [postgres.connect(url) for _ in range(4)]
    conn_a, conn_b, conn_c, watch = conns
    try:
        for conn in (conn_a, conn_b):
            conn.write_lock = write_lock
        for n in range(3):  # A sends more rows than B, so B's numbers fall inside A's
            add_referral(a, f"A{n} (fictional)")
        add_referral(b, "B0 (fictional)")
        file_id = postgres.open_store(url).file_id
        pulling.pull(conn_c, c.store, file_id, c.actor.laptop_id, lambda work: work())  # C is up to date

        entries_a = push.unsent(a.store)
        conn_a.execute("BEGIN IMMEDIATE")  # A's push: numbered and written, not committed
        outcome_a = push.apply_batch(conn_a, entries_a, _sender(a))

        done_b: list[BaseException | None] = []

        def push_b():
            try:
                push.push_batch(conn_b, b.store, push.unsent(b.store), _sender(b), lambda work: work())
                done_b.append(None)
            except BaseException as exc:  # noqa: BLE001 (reported by the test below)
                done_b.append(exc)

        thread = threading.Thread(target=push_b)
        thread.start()
        _wait_until_blocked(watch, conn_b.raw.info.backend_pid, thread)
        pulling.pull(conn_c, c.store, file_id, c.actor.laptop_id, lambda work: work())  # A open, B waiting

        conn_a.execute("COMMIT")
        push.record_outcome(a.store, outcome_a, a.actor.laptop_id)
        thread.join(30)
        assert done_b == [None], done_b
        pulling.pull(conn_c, c.store, file_id, c.actor.laptop_id, lambda work: work())  # both committed
        pulling.pull(conn_c, c.store, file_id, c.actor.laptop_id, lambda work: work())  # and once more

        missing = []
        have = local_rows(c, "referral")
        for laptop in (a, b):
            for row_id in local_rows(laptop, "referral"):
                if row_id not in have:
                    missing.append(f"referral {row_id} from {laptop.actor.laptop_id}")
        return missing
    finally:
        for conn in conns:
            conn.close()
        for laptop in (a, b, c):
            laptop.close()


def test_a_pull_between_two_interleaved_pushes_skips_nothing(tmp_path, url):
    assert interleave(tmp_path, url, write_lock=True) == []


def test_the_interleaving_check_catches_pushes_that_do_not_take_turns(tmp_path, url):
    missing = interleave(tmp_path, url, write_lock=False)
    assert missing and all("from lapa" in m for m in missing), missing  # A's rows, numbered under B's, skipped
