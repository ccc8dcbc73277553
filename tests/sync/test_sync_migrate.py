"""`liferooms shared migrate FROM TO`: a shared file into a new PostgreSQL store and back, every table checked,
the source untouched; laptops carry on with the new store."""

from __future__ import annotations

import json

import pytest
from laptops import SERVICE_KEY, cli
from sync_helpers import add_referral, local_rows, make_laptop, new_database, new_shared, shared_value, sync, unsent

from liferooms_tui.db.models import SYNCED_TABLES
from liferooms_tui.sync import migrate as moving
from liferooms_tui.sync.errors import SyncError


@pytest.fixture
def busy_file(tmp_path):
    """A shared file two laptops have synced with (their people, referrals and status events)."""
    a, b = make_laptop(tmp_path, "a", "Bootle Hub"), make_laptop(tmp_path, "b", "Southport Hub")
    path = new_shared(tmp_path)
    for n in range(3):
        add_referral(a, f"A{n} (fictional)")
        add_referral(b, f"B{n} (fictional)")
    for laptop in (a, b, a):
        sync(laptop, path)
    yield a, b, path
    a.close()
    b.close()


def test_a_file_moves_to_postgres_and_back_unchanged(busy_file, pg_server, tmp_path, capsys):
    a, b, path = busy_file
    before = path.read_bytes()
    url = new_database(pg_server, init=False)
    code = cli(["--data-dir", a.paths.data_dir, "shared", "migrate", path, url, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    there = json.loads(out)
    assert path.read_bytes() == before  # the source is only read
    assert there["rows"]["referral"] == 6 and there["rows"]["partner"] >= 100 and there["rows"]["laptop"] == 2
    assert set(there["rows"]) >= {m.__tablename__ for m in SYNCED_TABLES} | {"received", "conflict"}
    (seq_file,), = shared_value(path, "SELECT value FROM meta WHERE key='seq'")
    assert shared_value(url, "SELECT value FROM meta WHERE key='seq'") == [(seq_file,)]
    (old_id,), = shared_value(path, "SELECT value FROM meta WHERE key='file_id'")
    (new_id,), = shared_value(url, "SELECT value FROM meta WHERE key='file_id'")
    assert new_id != old_id and shared_value(url, "SELECT value FROM meta WHERE key='migrated_from'") == [(old_id,)]

    back = tmp_path / "back.db"
    again = moving.migrate(url, str(back), key=SERVICE_KEY)
    assert again.checksums == there["checksums"] and again.rows == there["rows"]  # the same rows, byte for byte

    c = make_laptop(tmp_path, "c", "Netherton community site")  # a laptop new to the server gets everything
    add_referral(c, "C0 (fictional)")
    sync(c, url)
    assert set(local_rows(a, "referral")) | set(local_rows(b, "referral")) <= set(local_rows(c, "referral"))
    for laptop in (a, b):  # and the old laptops go on: their first sync with it reads everything again
        report = sync(laptop, url)
        assert report.rejects == [] and unsent(laptop) == []
        assert set(local_rows(laptop, "referral")) == set(local_rows(c, "referral"))
    c.close()


def test_a_copy_that_differs_is_caught_and_an_existing_target_refused(busy_file, pg_server, tmp_path, monkeypatch):
    a, b, path = busy_file
    with pytest.raises(SyncError, match="already exists"):
        moving.migrate(str(path), str(new_shared(tmp_path, "x.db")), key=SERVICE_KEY)
    real_copy = moving._copy

    def lossy(src, dst, table, order, names):  # a copy that drops the last status event
        real_copy(src, dst, table, order, names)
        if table == "referralevent":
            dst.execute("DELETE FROM referralevent WHERE id = (SELECT max(id) FROM referralevent)")

    monkeypatch.setattr(moving, "_copy", lossy)
    with pytest.raises(SyncError, match="referralevent .* differs from the source"):
        moving.migrate(str(path), new_database(pg_server, init=False), key=SERVICE_KEY)
