"""Push: every queued row reaches the shared file once; marking sent comes after the shared commit; rejects."""

from __future__ import annotations

import os
import stat
from datetime import datetime

import pytest
from laptops import SERVICE_KEY
from sqlmodel import select
from sync_helpers import add_referral, make_laptop, new_shared, server_sessions, shared_rows, shared_value, sync, unsent

from liferooms_tui.db.models import OutboxEntry, SyncMeta, SyncReject
from liferooms_tui.db.store import APPLICATION_ID as LOCAL_ID
from liferooms_tui.sync import push, review, schema, shared
from liferooms_tui.sync.status import LAST_SYNC_AT, LAST_SYNC_RESULT, sync_status


class SimulatedCrash(BaseException):
    """Stands for the process dying: not an Exception, so nothing on the way catches it."""


@pytest.fixture
def laptop(tmp_path):
    rt = make_laptop(tmp_path, "a")
    yield rt
    rt.close()


def test_a_new_shared_file_is_ours_private_encrypted_and_uses_a_rollback_journal(tmp_path):
    path = shared.init_shared(tmp_path / "new.db", key=SERVICE_KEY)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not shared.is_plain(path)
    (app_id,), = shared_value(path, "PRAGMA application_id")
    (version,), = shared_value(path, "PRAGMA user_version")
    (journal,), = shared_value(path, "PRAGMA journal_mode")
    assert app_id == schema.APPLICATION_ID != LOCAL_ID and version == schema.SCHEMA_VERSION
    assert journal == "delete"
    assert len(shared_rows(path, "partner")) >= 100  # the sample directory, as every laptop has it
    assert not list(tmp_path.glob("*.tmp"))


def test_every_queued_row_arrives_once_and_is_marked_sent_after(laptop, tmp_path):
    path = new_shared(tmp_path)
    person_id, referral_id = add_referral(laptop)
    with laptop.store.session() as session:
        queued = {(e.table_name, e.row_id): e.version for e in session.exec(select(OutboxEntry))}
    report = sync(laptop, path)
    assert report.pushed == len(queued) and report.rejects == [] and report.queued == 0
    for (table, row_id), version in queued.items():
        assert shared_rows(path, table)[row_id] <= version  # the latest version of each row is there
    assert shared_rows(path, "referral")[referral_id] == queued[("referral", referral_id)]
    assert unsent(laptop) == []
    (laptop_id, site, pushed), = shared_value(path, "SELECT laptop_id, site, rows_pushed FROM laptop")
    assert (laptop_id, site, pushed) == (laptop.actor.laptop_id, "Bootle Hub", report.pushed)
    again = sync(laptop, path)
    assert again.pushed == 0 and again.pulled == 0


def test_a_crash_between_the_shared_commit_and_marking_sent_resends_harmlessly(laptop, tmp_path, monkeypatch):
    path = new_shared(tmp_path)
    add_referral(laptop)
    queued = len(unsent(laptop))

    def crash(*args, **kw):
        raise SimulatedCrash

    monkeypatch.setattr(push, "record_outcome", crash)
    with pytest.raises(SimulatedCrash):
        sync(laptop, path)
    assert len(unsent(laptop)) == queued  # the shared file has them, the laptop does not know yet
    assert shared_rows(path, "referral")
    monkeypatch.undo()
    report = sync(laptop, path)
    assert report.pushed == 0 and report.unchanged == queued and report.conflicts == 0
    assert unsent(laptop) == []
    (count,), = shared_value(path, "SELECT count(*) FROM conflict")
    assert count == 0


def test_a_crash_before_the_shared_commit_leaves_nothing_half_written(laptop, tmp_path, monkeypatch):
    path = new_shared(tmp_path)
    add_referral(laptop)
    queued = len(unsent(laptop))
    real, calls = push._settle, []

    def settle_then_crash(*args):
        calls.append(1)
        if len(calls) == 3:
            raise SimulatedCrash
        return real(*args)

    monkeypatch.setattr(push, "_settle", settle_then_crash)
    with pytest.raises(SimulatedCrash):
        sync(laptop, path)
    assert shared_rows(path, "person") == {} and len(unsent(laptop)) == queued
    monkeypatch.undo()
    assert sync(laptop, path).pushed == queued


def test_batches_each_commit_then_mark(laptop, tmp_path, monkeypatch):
    path = new_shared(tmp_path)
    for n in range(4):
        add_referral(laptop, f"Person {n} (fictional)")
    queued = len(unsent(laptop))
    monkeypatch.setattr(push, "BATCH", 5)
    marked = []
    real = push.record_outcome
    monkeypatch.setattr(push, "record_outcome", lambda store, out, *a: (marked.append(len(out.seqs)),
                                                                        real(store, out, *a)))
    report = sync(laptop, path)
    assert report.pushed == queued and sum(marked) == queued and max(marked) == 5 and len(marked) > 2


def test_a_refused_row_is_listed_and_never_blocks_the_rows_after_it(laptop, tmp_path):
    path = new_shared(tmp_path)
    add_referral(laptop, "First (fictional)")
    with laptop.store.session() as session:  # a row from a newer liferooms, and one pointing nowhere
        session.add(OutboxEntry(table_name="person", row_id="x1", version="v", payload={
            "id": "x1", "version": "1800000000000.00000.lapa", "origin_site": "s:lapa", "display_name": "N",
            "shoe_size": 9}))
        session.add(OutboxEntry(table_name="referralevent", row_id="x2", version="v", payload={
            "id": "x2", "version": "1800000000000.00001.lapa", "origin_site": "s:lapa", "referral_id": "nowhere",
            "status": "sent", "reason": "", "note": "", "at": "2026-01-05T10:00:00Z", "by": "A"}))
    _, after = add_referral(laptop, "After (fictional)")
    report = sync(laptop, path)
    reasons = {r["row_id"]: r["reason"] for r in report.rejects}
    assert "shoe_size" in reasons["x1"] and "update liferooms" in reasons["x1"]
    assert "refers to a referral (nowhere) that is not in the shared file" in reasons["x2"]
    assert after in shared_rows(path, "referral")  # the rows after the refused ones went
    assert unsent(laptop) == [] and report.queued == 0
    with laptop.store.session() as session:
        listed = review.rejects(session, laptop.actor)
        assert {r.row_id for r in listed} == {"x1", "x2"}
        assert review.counts(session) == (2, 0)
    sync(laptop, path)  # not listed twice
    with laptop.store.session() as session:
        assert len(session.exec(select(SyncReject)).all()) == 2


def test_the_status_line_learns_the_last_sync(laptop, tmp_path):
    path = new_shared(tmp_path)
    add_referral(laptop)
    with laptop.store.session() as session:
        assert sync_status(session).queued_referrals == 1
    sync(laptop, path)
    with laptop.store.session() as session:
        status = sync_status(session)
        assert status.queued_referrals == 0 and status.last_result == "ok"
        assert datetime.fromisoformat(session.get(SyncMeta, LAST_SYNC_AT).value).tzinfo is not None
        assert session.get(SyncMeta, LAST_SYNC_RESULT).value == "ok"


def test_the_shared_connection_is_closed_after_each_sync(laptop, tmp_path):
    path = new_shared(tmp_path)
    add_referral(laptop)
    sync(laptop, path)
    if isinstance(path, str):
        assert server_sessions(path) == 0
        return
    fds = [os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd") if _exists(fd)]
    assert str(path) not in fds and not path.with_name(path.name + ".lease").exists()


def _exists(fd: str) -> bool:
    try:
        os.readlink(f"/proc/self/fd/{fd}")
        return True
    except OSError:
        return False
