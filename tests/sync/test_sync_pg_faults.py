"""A PostgreSQL shared store that cannot be used: one sentence, and nothing queued is lost. And the laptops' role
may read and write the shared tables but not change them."""

from __future__ import annotations

import pytest
from laptops import cli
from sqlmodel import select
from sync_helpers import add_referral, make_laptop, new_database, shared_rows, sync, unsent

from liferooms_tui.db.models import OutboxEntry
from liferooms_tui.sync import postgres, schema, shared
from liferooms_tui.sync.errors import SyncError


@pytest.fixture
def laptop(tmp_path):
    rt = make_laptop(tmp_path, "a")
    add_referral(rt)
    yield rt
    rt.close()


def refused(laptop, url: str) -> SyncError:
    """Sync, expecting a refusal; checks nothing queued was sent or lost, and the status line says it failed."""
    queued = unsent(laptop)
    with pytest.raises(SyncError) as caught:
        sync(laptop, url, wait=2)
    assert unsent(laptop) == queued and queued
    message = str(caught.value)
    assert message.count(". ") <= 3 and "Traceback" not in message and "queue is kept" in message
    return caught.value


def test_a_server_that_is_down_is_said_and_the_queue_kept(laptop, pg_server, tmp_path):
    (tmp_path / "nosocket").mkdir()
    url = pg_server.url("lr_none").replace(str(pg_server.socket_dir).replace("/", "%2F"),
                                            str(tmp_path / "nosocket").replace("/", "%2F"))
    error = refused(laptop, url)
    assert error.kind == "down" and "did not answer" in str(error) and "is the server running" in str(error)


def test_a_refused_login_is_said_and_the_queue_kept(laptop, pg_server, tmp_path):
    url = new_database(pg_server)
    pg_server.add_role("lr_wrong", in_passfile=False)
    passfile = tmp_path / "pgpass"
    passfile.write_text("*:*:*:lr_wrong:not-the-password\n")
    passfile.chmod(0o600)
    bad = url.replace("lr_admin@", "lr_wrong@").split("&passfile=")[0] + f"&passfile={passfile}"
    error = refused(laptop, bad)
    assert error.kind == "login" and "refused this laptop's login" in str(error)


def test_a_password_in_the_address_or_a_passfile_others_can_read_is_refused(laptop, pg_server, tmp_path):
    url = new_database(pg_server)
    error = refused(laptop, url.replace("lr_admin@", "lr_admin:secret@"))
    assert error.kind == "password" and "secret" not in str(error) and "passfile" in str(error)
    open_file = tmp_path / "pgpass"
    open_file.write_text("*:*:*:lr_admin:whatever\n")
    open_file.chmod(0o644)
    error = refused(laptop, url.split("&passfile=")[0] + f"&passfile={open_file}")
    assert f"chmod 600 {open_file}" in str(error)


def test_an_older_store_is_left_to_its_owner_and_a_newer_one_to_an_update(laptop, pg_server):
    older = new_database(pg_server, init=False)
    shared.init_shared(older, key=None, version=schema.SCHEMA_VERSION - 1)
    error = refused(laptop, older)
    assert error.kind == "older" and "upgrade" in str(error)
    newer = new_database(pg_server)
    conn = postgres.connect(newer)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(schema.SCHEMA_VERSION + 1),))
    conn.close()
    error = refused(laptop, newer)
    assert error.kind == "newer" and "Update liferooms on this laptop" in str(error)


def test_an_empty_database_is_not_taken_for_a_store(laptop, pg_server):
    error = refused(laptop, new_database(pg_server, init=False))
    assert error.kind == "foreign" and "an empty database" in str(error) and "shared init" in str(error)


def test_the_laptops_role_syncs_but_cannot_change_the_schema(laptop, pg_server, tmp_path, capsys):
    owner_url = new_database(pg_server, init=False)
    database = owner_url.split("/")[3].split("?")[0]
    pg_server.add_role(f"lr_owner_{database}")
    pg_server.admin(f"ALTER DATABASE {database} OWNER TO lr_owner_{database}")
    pg_server.admin(f"ALTER SCHEMA public OWNER TO lr_owner_{database}", database)
    pg_server.add_role(f"lr_laptop_{database}")
    as_owner = owner_url.replace("lr_admin@", f"lr_owner_{database}@")
    code = cli(["--data-dir", laptop.paths.data_dir, "shared", "init", as_owner, "--laptop-role",
                f"lr_laptop_{database}"])
    out, err = capsys.readouterr()
    assert code == 0 and "laptops log in as" in out, err
    as_laptop = owner_url.replace("lr_admin@", f"lr_laptop_{database}@")
    report = sync(laptop, as_laptop)
    assert report.pushed > 0 and unsent(laptop) == []
    conn = postgres.connect(as_laptop)
    try:
        for ddl in ("CREATE TABLE sneaky (x int)", "ALTER TABLE referral ADD COLUMN sneaky int",
                    "DROP TABLE conflict", "TRUNCATE referral"):
            with pytest.raises(Exception, match="permission denied|must be owner"):
                conn.execute(ddl)
    finally:
        conn.close()


def test_a_row_the_server_cannot_hold_is_refused_and_never_blocks_the_queue(laptop, pg_server):
    """SQLite keeps a NUL character in text, PostgreSQL refuses it: that row is listed, the rest still go."""
    url = new_database(pg_server)
    with laptop.store.session() as session:
        referral_id = session.exec(select(OutboxEntry.row_id).where(OutboxEntry.table_name == "referral")).first()
        session.add(OutboxEntry(table_name="referralevent", row_id="x3", version="v", payload={
            "id": "x3", "version": "1800000000000.00002.lapa", "origin_site": "s:lapa", "referral_id": referral_id,
            "status": "sent", "reason": "", "note": "a\x00b", "at": "2026-01-05T10:00:00Z", "by": "A"}))
    _, after = add_referral(laptop, "After (fictional)")
    report = sync(laptop, url)
    assert [r["row_id"] for r in report.rejects] == ["x3"] and "refused it" in report.rejects[0]["reason"]
    assert after in shared_rows(url, "referral") and unsent(laptop) == [] and report.queued == 0
