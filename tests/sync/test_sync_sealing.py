"""Upgrading: today's plain shared file is encrypted in place by the first sync with the key (a byte-for-byte
backup kept until the encrypted copy is verified, then removed); a sync stopped part-way loses nothing. And the
directory published beside it for volunteers: no personal data, never half written."""

from __future__ import annotations

from unittest import mock

import pytest
from laptops import cli, open_laptop
from sync_helpers import add_referral, connect_shared, local_rows, make_laptop, shared_rows, sync, unsent

from liferooms_tui.sync import directory_file, engine, sealing, service_key, shared
from liferooms_tui.sync.errors import SyncError
from liferooms_tui.sync.pull import DIRECTORY_TABLES


class SimulatedCrash(BaseException):
    """The process dying: not an Exception, so nothing on the way catches it."""


def plain_shared_file_in_use(tmp_path, laptop):
    """Today's shared file: plain (made before encryption), with a laptop's referrals already in it."""
    path = shared.init_shared(tmp_path / "shared.db", key=None)
    add_referral(laptop, "Sam T. (fictional)")
    with mock.patch.object(engine.sealing, "seal", lambda opened, key, retry: opened):  # as the app before
        sync(laptop, path)
    assert shared.is_plain(path) and shared_rows(path, "referral")
    return path


def test_todays_plain_shared_file_is_encrypted_in_place_with_every_row_kept(tmp_path):
    a, b = make_laptop(tmp_path, "a"), make_laptop(tmp_path, "b", "Southport Hub")
    path = plain_shared_file_in_use(tmp_path, a)
    before = {t: shared_rows(path, t) for t in ("person", "referral", "referralevent", "partner")}
    plain_bytes = path.read_bytes()
    backups_seen = []

    def reopen(*args, **kw):  # the moment the encrypted copy is verified at its place: the backup is still there
        backups_seen.append(sealing.backup_path(path).read_bytes())
        return real_open(*args, **kw)

    real_open = sealing.open_shared
    add_referral(a, "Second (fictional)")
    with mock.patch.object(sealing, "open_shared", reopen):
        report = sync(a, path)
    assert report.sealed and report.pushed > 0 and unsent(a) == []
    assert backups_seen == [plain_bytes]  # copied byte for byte, not re-serialised, kept until verified
    assert not sealing.backup_path(path).exists() and not list(tmp_path.glob(".shared.db.*"))
    assert not shared.is_plain(path) and b"Sam T." not in path.read_bytes()
    for table, rows in before.items():
        assert rows.items() <= shared_rows(path, table).items(), table
    sync(b, path)  # another laptop with the key reads it all
    assert set(before["referral"]) < set(local_rows(b, "referral"))
    a.close()
    b.close()


def test_a_laptop_that_opened_the_plain_file_just_before_cannot_write_into_it_unseen(tmp_path):
    a = make_laptop(tmp_path, "a")
    path = plain_shared_file_in_use(tmp_path, a)
    older = connect_shared(path, mode="rw")  # an older liferooms, between its opening and its writing
    older.execute("SELECT count(*) FROM meta").fetchone()
    add_referral(a)
    assert sync(a, path).sealed
    with pytest.raises(shared.Error):
        older.execute("BEGIN IMMEDIATE")
        older.execute("UPDATE meta SET value='999999' WHERE key='seq'")
        older.execute("COMMIT")
    older.close()
    assert shared_rows(path, "referral") and int(connect_shared(path).execute(
        "SELECT value FROM meta WHERE key='seq'").fetchone()[0]) < 999999
    a.close()


def test_a_sealing_stopped_before_the_swap_leaves_the_plain_file_and_the_queue(tmp_path):
    a = make_laptop(tmp_path, "a")
    path = plain_shared_file_in_use(tmp_path, a)
    add_referral(a, "Queued (fictional)")
    queued, data = unsent(a), path.read_bytes()
    with mock.patch.object(sealing, "_fsync", side_effect=SimulatedCrash), pytest.raises(SimulatedCrash):
        sync(a, path)
    assert path.read_bytes() == data and unsent(a) == queued
    assert not sealing.backup_path(path).exists() and not list(tmp_path.glob(".shared.db.*"))
    assert sync(a, path).sealed and unsent(a) == []
    a.close()


def test_a_sealing_stopped_after_the_swap_is_finished_by_the_next_sync(tmp_path):
    a = make_laptop(tmp_path, "a")
    path = plain_shared_file_in_use(tmp_path, a)
    add_referral(a, "Queued (fictional)")
    queued, plain_rows = unsent(a), shared_rows(path, "referral")
    with mock.patch.object(sealing, "open_shared", side_effect=SimulatedCrash), pytest.raises(SimulatedCrash):
        sync(a, path)
    assert not shared.is_plain(path) and unsent(a) == queued
    assert sealing.backup_path(path).exists()  # not verified yet: kept
    report = sync(a, path)
    assert not report.sealed and unsent(a) == [] and not sealing.backup_path(path).exists()
    assert plain_rows.items() <= shared_rows(path, "referral").items()
    a.close()


def test_the_directory_beside_the_shared_file_holds_no_personal_data(tmp_path):
    a = make_laptop(tmp_path, "a")
    path = shared.init_shared(tmp_path / "shared.db", key=bytes(range(32)))
    add_referral(a, "Quentin Q. (fictional)")
    sync(a, path)
    beside = directory_file.directory_path(path)
    conn = shared.connect(beside)  # plain: no key
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    partners = conn.execute("SELECT count(*) FROM partner").fetchone()[0]
    conn.close()
    assert tables == {"meta", *DIRECTORY_TABLES} and partners >= 100  # the directory (partners, courses) only
    assert b"Quentin" not in beside.read_bytes()
    a.close()


def test_a_publish_stopped_part_way_leaves_the_last_directory_whole(tmp_path):
    a = make_laptop(tmp_path, "a")
    path = shared.init_shared(tmp_path / "shared.db", key=bytes(range(32)))
    sync(a, path)
    beside = directory_file.directory_path(path)
    published = beside.read_bytes()
    volunteer = open_laptop(tmp_path / "v", role="volunteer")
    with a.store.session() as session:
        from sqlmodel import select

        from liferooms_tui.db.models import Partner
        from liferooms_tui.db.outbox import save
        partner = session.exec(select(Partner).order_by(Partner.id)).first()
        partner.description = "Now also on Saturdays (fictional)."
        save(session, a.actor, partner)
    with mock.patch.object(directory_file, "_swap", side_effect=OSError(28, "No space left on device")):
        report = sync(a, path)
    assert "could not be written" in report.directory_note and unsent(a) == []  # what was sent stays sent
    assert beside.read_bytes() == published and not list(tmp_path.glob(".shared.directory.db*"))
    sync(volunteer, path)  # the old directory, whole
    sync(a, path)  # nothing new to send, but the directory changed: written now
    sync(volunteer, path)
    assert local_rows(volunteer, "partner")[partner.id]["description"] == "Now also on Saturdays (fictional)."
    volunteer.close()
    a.close()


def test_no_directory_beside_the_shared_file_yet_is_said(tmp_path):
    path = shared.init_shared(tmp_path / "shared.db", key=bytes(range(32)))
    volunteer = open_laptop(tmp_path / "v", role="volunteer")
    with pytest.raises(SyncError, match="No directory is published beside the shared file yet"):
        sync(volunteer, path)
    volunteer.close()


def test_a_laptop_waiting_for_the_lease_while_another_seals_the_file_opens_it_again(tmp_path):
    a, b = make_laptop(tmp_path, "a"), make_laptop(tmp_path, "b", "Southport Hub")
    path = plain_shared_file_in_use(tmp_path, a)
    _, theirs = add_referral(b, "Jo R. (fictional)")
    real_acquire, waited = engine.Lease.acquire, []

    def acquire(lease, deadline, *args):  # B opened the plain file; A takes the lease first and seals it
        if not waited:
            waited.append(True)
            assert sync(a, path).sealed
        return real_acquire(lease, deadline, *args)

    with mock.patch.object(engine.Lease, "acquire", acquire):
        report = sync(b, path)
    assert waited and not report.read_only and not report.sealed and report.pushed > 0 and unsent(b) == []
    assert theirs in shared_rows(path, "referral")
    a.close()
    b.close()


def test_shared_init_on_todays_plain_file_encrypts_it_and_shows_the_key_once(tmp_path, capsys):
    a = make_laptop(tmp_path, "a")
    path = plain_shared_file_in_use(tmp_path, a)
    rows_before = shared_rows(path, "referral")
    with a.store.session() as session:
        service_key.forget_key(session)  # the lead's laptop, before the service had a key
    a.close()
    assert cli(["--data-dir", tmp_path / "a", "shared", "init", path]) == 0
    out = capsys.readouterr().out
    assert "Encrypted the shared file" in out and "shown this once" in out
    shown = service_key.parse(out.split("shown this once): ")[1].split()[0])
    a = open_laptop(tmp_path / "a")
    assert service_key.laptop_key(a.store) == shown and not shared.is_plain(path)
    assert not sealing.backup_path(path).exists() and directory_file.directory_path(path).exists()
    conn = shared.connect(path, key=shown)
    assert {r[0] for r in conn.execute("SELECT id FROM referral")} == set(rows_before)
    conn.close()
    a.close()
