"""The one place that opens a database: engine, pragmas, sessions, schema version and migrations.

The local database is SQLite in WAL mode with synchronous=FULL, foreign keys on and a busy timeout, created
readable by its owner only (0600) in a folder that is too (0700). The schema version lives in
PRAGMA user_version: a new database gets the whole schema at the latest version; an older one is upgraded step
by step by MIGRATIONS, keeping every row.

An advisor's database is encrypted with SQLCipher 4 (the sqlcipher3 module, through SQLAlchemy's pysqlcipher
dialect) under a raw 32-byte data key (db/keys.py holds how it is kept); every pragma above is the same. A
volunteer's database (the partner directory only) is plain SQLite. `encrypt_in_place` turns a database written
before encryption into an encrypted one, keeping a backup until the encrypted copy is verified.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlcipher3
from sqlalchemy import URL, Engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.pool import QueuePool
from sqlmodel import Session, SQLModel, create_engine

from liferooms_tui.config import make_private_dir
from liferooms_tui.db import (
    change_counter,
    courses,
    imported,
    models,  # registers the tables
    partnership,
    referral_status,
)

APPLICATION_ID = 0x4C524D4C  # "LRML": a liferooms local database
SCHEMA_VERSION = 10
BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """The database cannot be used; the message says why and what to do."""


class DatabaseBusy(StoreError):
    """Another connection (a sync, a second window, another program) holds the write lock past the busy timeout.
    Nothing was changed by the attempt; trying again a moment later is safe."""

    def __init__(self) -> None:
        super().__init__("The database is busy (a sync or another window is writing); trying again in a moment. "
                         "Nothing you typed is lost.")


# SQLite's and SQLCipher's errors are separate classes with the same names; code that catches them uses these.
OperationalErrors = (sqlite3.OperationalError, sqlcipher3.OperationalError)
DatabaseErrors = (sqlite3.DatabaseError, sqlcipher3.DatabaseError)
IntegrityErrors = (sqlite3.IntegrityError, sqlcipher3.IntegrityError)
Errors = (sqlite3.Error, sqlcipher3.Error)


def is_busy(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" / "busy", however SQLAlchemy wrapped it."""
    inner = getattr(exc, "orig", exc)
    text = str(inner).lower()
    return isinstance(inner, OperationalErrors) and ("locked" in text or "busy" in text)


def key_pragma(key: bytes) -> str:
    """The SQLCipher key as a raw key (no key derivation per connection: the data key is random already)."""
    return f"\"x'{key.hex()}'\""


def _add_listing_indexes(conn) -> None:
    """Version 2: indexes for the referral history and the unsent outbox."""
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_referralevent_referral_at ON referralevent (referral_id, at)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_outboxentry_sent_at ON outboxentry (sent_at)"))


def _add_referral_status(conn) -> None:
    """Version 3: each referral's current status, kept by triggers from its events (referral_status.py)."""
    referral_status.install(conn.exec_driver_sql)


def _add_change_counters(conn) -> None:
    """Version 4: a counter of changes to people, kept by triggers, for the in-memory person search."""
    change_counter.install(conn.exec_driver_sql)


def _add_corrections(conn) -> None:
    """Version 5: a person record can be merged into another (person.merged_into), and a finished drop-in can
    take a correction note (conversationcorrection). Made from the models, so a new database is the same."""
    conn.execute(text("ALTER TABLE person ADD COLUMN merged_into VARCHAR"))
    for index in models.table_of(models.Person).indexes:
        if index.name == "ix_person_merged_into":
            index.create(conn)
    models.table_of(models.ConversationCorrection).create(conn)


def _add_safeguarding(conn) -> None:
    """Version 6: safeguarding concerns and referrals into the service (with their indexes)."""
    for model in (models.Concern, models.ReferralIn):
        models.table_of(model).create(conn)


PARTNER_FACTS = ("delivery", "districts", "from_description")


def _add_partner_facts(conn) -> None:
    """Version 7: what real directories say about a partner: how it is delivered, the postcode districts where
    it is, and which fields were read from its description (lists, [] for existing rows)."""
    for column in PARTNER_FACTS:
        conn.execute(text(f"ALTER TABLE partner ADD COLUMN {column} JSON NOT NULL DEFAULT '[]'"))


def _add_partnership(conn) -> None:
    """Version 8: the partnership with each partner: owner and agreement, pauses and closures, verifications,
    capacity, catch-ups, induction and partner events (db/partnership.py)."""
    for model in partnership.TABLES:
        models.table_of(model).create(conn)


def _add_source_values(conn) -> None:
    """Version 9: what each import source last said about its partners, so hand edits survive re-imports."""
    for model in imported.TABLES:
        models.table_of(model).create(conn)


def _add_courses(conn) -> None:
    """Version 10: the learning offer: courses, sessions, enrolments, registers and feedback (db/courses.py)."""
    for model in courses.TABLES:
        models.table_of(model).create(conn)


# MIGRATIONS[n] upgrades a database at version n-1 to version n.
MIGRATIONS: dict[int, Callable] = {2: _add_listing_indexes, 3: _add_referral_status, 4: _add_change_counters,
                                   5: _add_corrections, 6: _add_safeguarding, 7: _add_partner_facts,
                                   8: _add_partnership,
                                   9: _add_source_values, 10: _add_courses}


def _pragmas(busy_timeout_ms: int) -> Callable:
    """The listener that sets up each new connection: foreign keys, busy timeout, WAL, full sync, secure delete."""
    return lambda dbapi_connection, _record: _set_pragmas(dbapi_connection, busy_timeout_ms)


def _set_pragmas(dbapi_connection, busy_timeout_ms: int) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA secure_delete=ON")  # erased personal data is overwritten, not left in free pages
    cursor.close()


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only, unless it exists."""
    make_private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)


class Store:
    """An open local database. `busy_timeout_ms`: how long a write waits for another writer before the attempt
    is given up as DatabaseBusy (tests that hold the lock on purpose pass a short one)."""

    def __init__(self, path: Path, *, key: bytes | None = None, busy_timeout_ms: int = BUSY_TIMEOUT_MS):
        self.path = Path(path)
        self.busy_timeout_ms = busy_timeout_ms
        self.encrypted = key is not None
        create_private_file(self.path)
        os.chmod(self.path, 0o600)
        if key is None:
            url: str | URL = f"sqlite:///{self.path}"
        else:  # the dialect sets `PRAGMA key` first on each connection; the pragmas below follow
            url = URL.create("sqlite+pysqlcipher", password=f"x'{key.hex()}'", database=str(self.path))
        self.engine: Engine = create_engine(url, connect_args={"check_same_thread": False}, poolclass=QueuePool)
        event.listen(self.engine, "connect", _pragmas(busy_timeout_ms))
        try:
            self._prepare()
        except (DatabaseError, *DatabaseErrors) as exc:
            self.engine.dispose()
            if self.encrypted and "not a database" in str(exc):
                raise StoreError(f"{self.path} cannot be opened with this laptop's key: it is not this laptop's "
                                 "database, or it is damaged. Restore it from a backup.") from exc
            raise StoreError(
                f"{self.path} is not a liferooms database or is damaged ({exc.__class__.__name__}); "
                "move it aside and start again, or restore a backup."
            ) from exc

    def _prepare(self) -> None:
        with self.engine.begin() as conn:
            version = conn.execute(text("PRAGMA user_version")).scalar_one()
            app_id = conn.execute(text("PRAGMA application_id")).scalar_one()
            tables = conn.execute(text("SELECT count(*) FROM sqlite_master WHERE type='table'")).scalar_one()
            if app_id not in (0, APPLICATION_ID):
                raise StoreError(f"{self.path} belongs to another program; choose another data folder.")
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} was written by a newer liferooms (schema {version}, this one knows "
                    f"{SCHEMA_VERSION}); update liferooms to open it."
                )
            if version == 0 and tables == 0:
                SQLModel.metadata.create_all(conn)
                referral_status.install(conn.exec_driver_sql)
                change_counter.install(conn.exec_driver_sql)
            else:
                for step in range(max(version, 1) + 1, SCHEMA_VERSION + 1):
                    MIGRATIONS[step](conn)
            conn.execute(text(f"PRAGMA user_version={SCHEMA_VERSION}"))
            conn.execute(text(f"PRAGMA application_id={APPLICATION_ID}"))

    @property
    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(text("PRAGMA user_version")).scalar_one()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block ends without error and rolls back otherwise.
        A locked database is raised as DatabaseBusy, the one error callers handle for it."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except (OperationalError, *OperationalErrors) as exc:
                session.rollback()
                if is_busy(exc):
                    raise DatabaseBusy() from exc
                raise
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def is_plain_sqlite(path: Path) -> bool:
    """True for a database file written without encryption (its first bytes say "SQLite format 3")."""
    with open(path, "rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"


def _counts(conn) -> dict[str, int]:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def encrypt_in_place(path: Path, key: bytes) -> None:
    """Encrypt a plain database under `key`, keeping every row, its schema version and application id.

    The encrypted copy is written beside it and verified (integrity check, the same tables with the same counts)
    before it takes the plain file's place; the plain file is kept as a backup until then, and removed after.
    A crash at any point leaves either the plain file or the verified encrypted one under `path` (see
    `finish_encryption`)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.encrypting")
    backup = path.with_name(f"{path.name}.plain-backup")
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
        leftover.unlink(missing_ok=True)
    plain = sqlcipher3.connect(str(path), isolation_level=None)  # no key: reads a plain SQLite file
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = plain.execute("PRAGMA user_version").fetchone()[0]
        app_id = plain.execute("PRAGMA application_id").fetchone()[0]
        before = _counts(plain)
        create_private_file(tmp)
        plain.execute(f"ATTACH DATABASE ? AS encrypted KEY {key_pragma(key)}", (str(tmp),))
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute(f"PRAGMA encrypted.user_version={int(version)}")
        plain.execute(f"PRAGMA encrypted.application_id={int(app_id)}")
        plain.execute("DETACH DATABASE encrypted")
    finally:
        plain.close()
    check = sqlcipher3.connect(str(tmp))
    try:
        check.execute(f"PRAGMA key={key_pragma(key)}")
        ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok" and _counts(check) == before
    finally:
        check.close()
    if not ok:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"Encrypting {path} did not give a faithful copy; nothing was changed. Try again, and "
                         "report it if it happens again.")
    os.replace(path, backup)
    os.replace(tmp, path)
    _fsync_dir(path.parent)
    for sidecar in ("-wal", "-shm"):
        Path(f"{backup}{sidecar}").unlink(missing_ok=True)
        Path(f"{path}{sidecar}").unlink(missing_ok=True)
    backup.unlink()
    _fsync_dir(path.parent)


def finish_encryption(path: Path) -> None:
    """After a crash during `encrypt_in_place`: put the plain backup back if the encrypted copy never took its
    place, and remove a copy half written."""
    path = Path(path)
    backup = path.with_name(f"{path.name}.plain-backup")
    if backup.exists():
        if path.exists() and not is_plain_sqlite(path):
            backup.unlink()  # the encrypted copy was verified before it took the place of the plain file
        else:
            os.replace(backup, path)
    path.with_name(f".{path.name}.encrypting").unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
