"""Pull in chunks: each chunk is its own short local transaction with the cursor moved in it, so a pull stopped
between chunks goes on to the same result, and the app's own writes get in between chunks."""

from __future__ import annotations

import pytest
from laptops import other_connection
from sync_helpers import PULLED, add_referral, local_rows, make_laptop, shared_value, sync

from liferooms_tui import referrals
from liferooms_tui.db.models import SyncMeta
from liferooms_tui.sync import pull


class Interrupted(Exception):
    pass


@pytest.fixture
def small_chunks(monkeypatch):
    """Five rows a chunk, whatever the timings."""
    for name in ("FIRST_CHUNK", "MIN_CHUNK", "MAX_CHUNK"):
        monkeypatch.setattr(pull, name, 5, raising=False)


def made_elsewhere(laptop, path, count: int = 8) -> None:
    """Referrals (with their people and status events) made at `laptop` and sent to the shared file."""
    for n in range(count):
        _, referral_id = add_referral(laptop, f"Chunk {n} (fictional)")
        if n % 2:
            with laptop.store.session() as session:
                referrals.record_status(session, laptop.actor, referral_id, "sent")
    sync(laptop, path)


def stop_after(chunks: int):
    seen = []

    def progress(what, done, total):
        if what == "Receiving":
            seen.append(done)
            if len(seen) == chunks:
                raise Interrupted
    return progress


def cursor_of(laptop, path) -> int:
    (file_id,), = shared_value(path, "SELECT value FROM meta WHERE key='file_id'")
    with laptop.store.session() as session:
        meta = session.get(SyncMeta, pull.cursor_key(file_id))
        return int(meta.value) if meta else 0


def pulled_rows(laptop) -> dict:
    return {table: local_rows(laptop, table) for table in PULLED}


@pytest.mark.parametrize("same_laptop_id", [False, True], ids=["another-laptop", "same-laptop-new-database"])
def test_a_pull_stopped_between_chunks_goes_on_to_the_same_result(tmp_path, pair, small_chunks, same_laptop_id):
    a, b, path = pair
    made_elsewhere(a, path)
    whole = make_laptop(tmp_path / "whole", "c")
    sync(whole, path)  # the same rows, pulled without stopping
    # a first pull by a new database of laptop a itself (its own rows are wanted) or by laptop b
    stopped = make_laptop(tmp_path / "again", "a") if same_laptop_id else b
    with pytest.raises(Interrupted):
        sync(stopped, path, progress=stop_after(2))
    (top,), = shared_value(path, "SELECT value FROM meta WHERE key='seq'")
    assert 0 < cursor_of(stopped, path) < int(top)  # two chunks kept, the rest not yet
    assert pulled_rows(stopped) != pulled_rows(whole)
    sync(stopped, path)
    assert cursor_of(stopped, path) == int(top)
    assert pulled_rows(stopped) == pulled_rows(whole)  # nothing lost, nothing doubled
    assert sync(stopped, path).pulled == 0
    whole.close()
    if same_laptop_id:
        stopped.close()


def test_another_connection_writes_between_chunks(pair, small_chunks):
    a, b, path = pair
    made_elsewhere(a, path)
    wrote = []

    def progress(what, done, total):
        if what != "Receiving" or done == total:
            return
        other = other_connection(b, timeout=0, isolation_level="")  # no waiting: the write lock must be free now
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("INSERT INTO syncmeta (key, value) VALUES (?, 'written between chunks')", (f"t{done}",))
            other.execute("COMMIT")
            wrote.append(done)
        finally:
            other.close()

    report = sync(b, path, progress=progress)
    assert len(wrote) >= 3 and report.pulled > 0  # several chunks, and a write got in after each
    with b.store.session() as session:
        assert all(session.get(SyncMeta, f"t{done}") is not None for done in wrote)
