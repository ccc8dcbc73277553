from __future__ import annotations

import sqlite3
import stat

import pytest
from sqlalchemy import text

from liferooms_tui.db.store import APPLICATION_ID, SCHEMA_VERSION, Store, StoreError


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_database_is_private_and_configured(tmp_path):
    store = Store(tmp_path / "data" / "liferooms.db")
    assert mode(tmp_path / "data") == 0o700
    assert mode(tmp_path / "data" / "liferooms.db") == 0o600
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() >= 1000
        assert conn.execute(text("PRAGMA application_id")).scalar_one() == APPLICATION_ID
    assert store.schema_version == SCHEMA_VERSION
    store.close()


def test_wal_file_is_private_too(tmp_path, session, runtime):
    wal = runtime.paths.database.with_name(runtime.paths.database.name + "-wal")
    assert wal.exists() and mode(wal) == 0o600


def test_older_database_is_upgraded_not_rebuilt(tmp_path):
    """A version-1 database (schema dumped from version 1, with a partner in it) keeps its rows."""
    from pathlib import Path

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript((Path(__file__).parent / "data" / "schema_v1.sql").read_text())
    conn.execute("INSERT INTO partner (id, origin_site, version, name, description, needs, services, keywords, "
                 "catchment, benefits_required, who_for, not_for, contact_name, contact_role, contact_phone, "
                 "contact_email, delivered_at, hubs, schedule, website, active, source, taxonomy_terms, updated_at) "
                 "VALUES ('p1', 'x', 'v', 'Kept Partner', '', '[]', '[]', '[]', '[]', '[]', '', '', '', '', '', '', "
                 "'', '[]', '', '', 1, 'manual', '[]', '2026-01-01 00:00:00')")
    conn.execute("INSERT INTO person (id, origin_site, version, display_name, benefits, consent_store, "
                 "consent_share, created_at, last_seen_at) VALUES ('a', 'x', 'v', 'Fictional A', '[]', 1, 1, "
                 "'2026-01-01 00:00:00', '2026-01-01 00:00:00')")
    conn.execute("INSERT INTO referral (id, origin_site, version, person_id, partner_id, note_for_partner, "
                 "consent_share, signposting, overrides, created_at, created_by) VALUES ('r1', 'x', 'v', 'a', "
                 "'p1', '', 1, 0, '[]', '2026-01-01 00:00:00', 'A')")
    conn.executemany("INSERT INTO referralevent (id, origin_site, version, referral_id, status, reason, note, at, "
                     "\"by\") VALUES (?, 'x', ?, 'r1', ?, ?, '', ?, 'A')",
                     [("e1", "1", "queued", "", "2026-01-01 00:00:00"),  # a tie at 01-02: the later version wins
                      ("e2", "2", "sent", "", "2026-01-02 00:00:00"),
                      ("e3", "3", "declined", "Full", "2026-01-02 00:00:00")])
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()
    store = Store(path)
    assert store.schema_version == SCHEMA_VERSION
    with store.engine.connect() as c:
        assert c.execute(text("SELECT name FROM partner")).scalars().all() == ["Kept Partner"]
        indexes = c.execute(text("SELECT name FROM sqlite_master WHERE type='index'")).scalars().all()
        # version 3: where each referral stands, filled from the events already there
        standing = c.execute(text("SELECT status, reached, decline_reason FROM referralstatus")).all()
    assert "ix_referralevent_referral_at" in indexes and "ix_outboxentry_sent_at" in indexes
    assert [(status, set(reached.split(",")), why) for status, reached, why in standing] == [
        ("declined", {"sent", "declined"}, "Full")]
    store.close()


def test_newer_database_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer liferooms"):
        Store(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are someone's notes, not a database " * 100)
    with pytest.raises(StoreError, match="not a liferooms database"):
        Store(path)
    assert "someone's notes" in path.read_text()  # nothing overwritten
