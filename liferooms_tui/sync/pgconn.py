"""A PostgreSQL connection that speaks the few SQL forms the sync code sends a shared SQLite file.

The protocol (push.py, pull.py, schema.py, db/merges.py) is written once, for a sqlite3 connection. To run it on
PostgreSQL unchanged, this wrapper takes the same `execute(sql, params)` calls and translates, explicitly and
only these forms (anything else is passed as written, which is plain SQL both understand):

- `?` placeholders become `%s` (the sync code never puts `?` or `%` in a literal);
- `INSERT OR IGNORE INTO ...` becomes `INSERT INTO ... ON CONFLICT DO NOTHING`;
- column types in CREATE/ALTER TABLE: INTEGER becomes BIGINT, REAL becomes DOUBLE PRECISION; WITHOUT ROWID goes;
- `PRAGMA user_version` / `application_id` (read or set) are kept in the meta table (schema_version,
  application_id); `PRAGMA table_info(t)` reads information_schema; other PRAGMAs (integrity checks, journal
  modes) mean nothing here and are refused;
- `BEGIN IMMEDIATE` (a write: push, init, upgrade) is `BEGIN` in READ COMMITTED plus the store's write lock,
  `pg_advisory_xact_lock(WRITE_LOCK)`, held until COMMIT or ROLLBACK. Writers therefore take turns, as on the
  file, and each reads the meta seq counter only after the one before it committed (READ COMMITTED gives each
  statement a fresh snapshot, taken after the lock was granted; PostgreSQL releases a transaction's locks
  only after its commit is visible). So seq numbers are given in commit order: see pull_order below;
- a plain `BEGIN` (a pull's read) is `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`: one snapshot for the
  top seq and every row read, taking no lock and never waiting for a writer.

Why pulls cannot skip a row (the issue PostgreSQL sequences have: numbers handed out at insert time, committed
in another order): seq is not a sequence but the meta counter, read and moved only under the write lock.
When a pull's snapshot shows the counter at N, the writer that set N had committed, and so had every writer
before it (they held the lock in turn); every later writer reads the counter after that commit, so gives
numbers above N. "Everything with seq <= N" is therefore complete and final when read, and a cursor at N
misses nothing. tests/sync/test_sync_pg_order.py interleaves two pushes and a pull to show it.

Integrity and data errors (a foreign key, a unique key; a value PostgreSQL cannot hold that SQLite can, such as a
NUL character in text) are raised as sqlite3.IntegrityError, so push.py's rule "a row the shared store refuses
is a reject, the rows after it still go" is one implementation for both: such a row never blocks the queue.
"""

from __future__ import annotations

import re
import sqlite3

import psycopg
from psycopg import errors as pg_errors
from psycopg.pq import TransactionStatus

WRITE_LOCK = 0x4C525348  # "LRSH": the advisory lock writers take in turn (per database)
_PRAGMA_META = {"user_version": "schema_version", "application_id": "application_id"}
_PRAGMA = re.compile(r"^\s*PRAGMA\s+(\w+)\s*(?:=\s*(-?\d+)|\((\w+)\))?\s*$", re.IGNORECASE)
_INSERT_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.IGNORECASE)
_DDL = re.compile(r"^\s*(CREATE|ALTER)\s+TABLE\b", re.IGNORECASE)


class _Rows:
    """What execute() returns when no statement was sent (a PRAGMA answered from meta): a cursor's reading half."""

    def __init__(self, rows: list[tuple]):
        self._rows, self.rowcount = rows, len(rows)

    def fetchone(self):
        return self._rows[0] if self._rows else None

    def fetchall(self):
        return list(self._rows)

    def __iter__(self):
        return iter(self._rows)


def translate(sql: str, has_params: bool) -> str:
    """The PostgreSQL form of one statement the sync code sends (see the module's list)."""
    if _INSERT_OR_IGNORE.match(sql):
        sql = _INSERT_OR_IGNORE.sub("INSERT INTO", sql, count=1) + " ON CONFLICT DO NOTHING"
    if _DDL.match(sql):
        sql = re.sub(r"\bINTEGER\b", "BIGINT", sql)
        sql = re.sub(r"\bREAL\b", "DOUBLE PRECISION", sql)
        sql = re.sub(r"\)\s*WITHOUT\s+ROWID\s*$", ")", sql, flags=re.IGNORECASE)
    if has_params:
        sql = sql.replace("%", "%%").replace("?", "%s")
    return sql


class PgConnection:
    """The part of sqlite3.Connection the sync code uses, over a psycopg connection in autocommit mode (so the
    BEGIN and COMMIT the sync code sends are the transactions)."""

    def __init__(self, conn: psycopg.Connection):
        self.raw = conn
        self.write_lock = True  # only the interleaving test's negative control turns it off

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, params=()):
        word = sql.strip().upper()
        if word == "BEGIN IMMEDIATE":
            self.raw.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
            return self._run("SELECT pg_advisory_xact_lock(%s)" if self.write_lock else "SELECT %s", (WRITE_LOCK,))
        if word in ("BEGIN", "BEGIN DEFERRED"):
            return self.raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        pragma = _PRAGMA.match(sql)
        if pragma:
            return self._pragma(pragma.group(1).lower(), pragma.group(2), pragma.group(3))
        return self._run(translate(sql, bool(params)), params or None)

    def executemany(self, sql: str, seq_of_params) -> None:
        """One statement, many rows (psycopg pipelines them: one round trip, not one a row)."""
        try:
            with self.raw.cursor() as cursor:
                cursor.executemany(translate(sql, True), seq_of_params)
        except (pg_errors.IntegrityError, pg_errors.DataError) as exc:
            raise sqlite3.IntegrityError(str(exc).strip()) from exc

    def _run(self, sql: str, params):
        try:
            return self.raw.execute(sql, params)
        except (pg_errors.IntegrityError, pg_errors.DataError) as exc:
            raise sqlite3.IntegrityError(str(exc).strip()) from exc

    def _pragma(self, name: str, value: str | None, table: str | None = None):
        if name == "table_info" and table:  # (cid, name, type, notnull, default, pk), as SQLite gives them
            return self.raw.execute(
                "SELECT ordinal_position - 1, column_name, data_type, (is_nullable = 'NO')::int, column_default, 0 "
                "FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = %s "
                "ORDER BY ordinal_position", (table,))
        key = _PRAGMA_META.get(name)
        if key is None:
            raise sqlite3.OperationalError(f"PRAGMA {name} has no meaning on a PostgreSQL shared store")
        if value is not None:
            self._run("INSERT INTO meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET "
                      "value = excluded.value", (key, value))
            return _Rows([])
        found = self.raw.execute("SELECT value FROM meta WHERE key = %s", (key,)).fetchone()
        return _Rows([(int(found[0]) if found else 0,)])

    def close(self) -> None:
        self.raw.close()
