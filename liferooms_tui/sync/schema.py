"""The shared file's own schema: the synced tables plus `seq`, laptops, versions received, conflicts.

The shared file is not a laptop database: it has its own PRAGMA application_id ("LRSH") and its own schema
version in PRAGMA user_version, upgraded step by step by MIGRATIONS (a backup is taken first, in shared.py).
Each synced table has the same columns as its model in models.py (values kept as SQLite sees JSON: dates
and times as ISO text, lists as JSON text, booleans as 0/1) plus `seq`: a number the shared file gives a row
each time it is written, in the write transaction, so a laptop pulls "everything after seq N" without
trusting anyone's clock. This module only builds SQL; shared.py opens the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer

from liferooms_tui.db.models import SYNCED_TABLES, Synced, table_name, table_of
from liferooms_tui.db.partnership import TABLES as PARTNERSHIP_MODELS

APPLICATION_ID = 0x4C525348  # "LRSH": a liferooms shared file (a laptop's own database is "LRML")
SCHEMA_VERSION = 7
COURSES_VERSION = 7  # the version that brought courses: a file upgraded past it gets the sample courses
BOOKKEEPING_TABLES = ["meta", "laptop"]
PARTNERSHIP_TABLES = [table_name(m) for m in PARTNERSHIP_MODELS]

# What a laptop pulls back (the rest stays with the laptop that made it, and in the shared record).
PULLED_TABLES = ["partner", "person", "referral", "referralevent", "feedback", "concern", "referralin",
                 *PARTNERSHIP_TABLES, "course", "coursesession", "enrolment", "attendance", "coursefeedback"]


def column_kind(column) -> str:
    """How a model column is kept in the shared file: json, bool, int, float, date, datetime or text."""
    kinds = [(JSON, "json"), (Boolean, "bool"), (Integer, "int"), (Float, "float"), (DateTime, "datetime"),
             (Date, "date")]
    return next((kind for cls, kind in kinds if isinstance(column.type, cls)), "text")


def columns(model: type[Synced]) -> list[tuple[str, str, bool, str | None]]:
    """(name, kind, nullable, referenced table) for each column of a synced model, in model order."""
    out = []
    for column in table_of(model).columns:
        parent = next((fk.column.table.name for fk in column.foreign_keys), None)
        out.append((column.name, column_kind(column), bool(column.nullable), parent))
    return out


AFFINITY = {"json": "TEXT", "bool": "INTEGER", "int": "INTEGER", "float": "REAL", "date": "TEXT",
            "datetime": "TEXT", "text": "TEXT"}


# What each version after the first added to the synced tables: (table, column), or (table, None) for a table.
ADDED: dict[int, list[tuple[str, str | None]]] = {3: [("person", "merged_into"), ("conversationcorrection", None)],
                                                  4: [("concern", None), ("referralin", None)],
                                                  5: [("partner", "delivery"), ("partner", "districts"),
                                                      ("partner", "from_description")],
                                                  6: [(table, None) for table in PARTNERSHIP_TABLES],
                                                  7: [("course", None), ("coursesession", None), ("enrolment", None),
                                                      ("attendance", None), ("coursefeedback", None)]}


def _added_after(version: int) -> set[tuple[str, str | None]]:
    return {item for step, items in ADDED.items() if step > version for item in items}


def column_sql(column: str, kind: str, nullable: bool, parent: str | None) -> str:
    sql = f'"{column}" {AFFINITY[kind]}'
    if column == "id":
        sql += " PRIMARY KEY NOT NULL"
    elif not nullable:
        sql += " NOT NULL"
    if parent:
        sql += f" REFERENCES {parent}(id)"
    return sql


def table_sql(model: type[Synced], version: int = SCHEMA_VERSION) -> list[str]:
    """The table as it was at schema `version` (columns added later left out)."""
    name = table_name(model)
    later = _added_after(version)
    parts = []
    for column, kind, nullable, parent in columns(model):
        if (name, column) in later:
            continue
        parts.append(column_sql(column, kind, nullable, parent))
    parts.append("seq INTEGER NOT NULL")
    statements = [f"CREATE TABLE {name} ({', '.join(parts)})",
                  f"CREATE INDEX ix_{name}_seq ON {name} (seq)"]
    for column, _, _, parent in columns(model):
        if parent and (name, column) not in later:
            statements.append(f"CREATE INDEX ix_{name}_{column} ON {name} ({column})")
    return statements


def _version_1(conn: sqlite3.Connection) -> None:
    """The synced tables, the file's facts (meta) and the laptops that have synced with it."""
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)")
    conn.execute(
        "CREATE TABLE laptop (laptop_id TEXT PRIMARY KEY NOT NULL, origin TEXT NOT NULL, site TEXT NOT NULL, "
        "app_version TEXT NOT NULL, first_seen_at TEXT NOT NULL, last_sync_at TEXT NOT NULL, "
        "rows_pushed INTEGER NOT NULL DEFAULT 0)"
    )
    for model in SYNCED_TABLES:
        if (table_name(model), None) not in _added_after(1):
            for statement in table_sql(model, 1):
                conn.execute(statement)
    conn.execute("INSERT INTO meta (key, value) VALUES ('seq', '0')")


def _version_2(conn: sqlite3.Connection) -> None:
    """Every version received (so a re-sent row after a crash is recognised, not taken for a conflict), and
    the conflict log: values that lost a concurrent edit, kept for people to look at."""
    conn.execute(
        "CREATE TABLE received (tbl TEXT NOT NULL, id TEXT NOT NULL, version TEXT NOT NULL, "
        "PRIMARY KEY (tbl, id, version)) WITHOUT ROWID"
    )
    conn.execute(
        "CREATE TABLE conflict (tbl TEXT NOT NULL, row_id TEXT NOT NULL, field TEXT NOT NULL, "
        "kept_value TEXT NOT NULL, kept_version TEXT NOT NULL, lost_value TEXT NOT NULL, "
        "lost_version TEXT NOT NULL, laptop_id TEXT NOT NULL, at TEXT NOT NULL, "
        "UNIQUE (tbl, row_id, field, lost_version))"
    )


def _version_3(conn: sqlite3.Connection) -> None:
    """Merged records (person.merged_into: a tombstone pointing at the record kept, db/merges.py) and
    corrections to finished drop-ins (conversationcorrection)."""
    by_name = {table_name(m): m for m in SYNCED_TABLES}
    for table, column in ADDED[3]:
        if column is None:
            for statement in table_sql(by_name[table], 3):
                conn.execute(statement)
        else:
            _, kind, nullable, parent = next(c for c in columns(by_name[table]) if c[0] == column)
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column_sql(column, kind, nullable, parent)}")
    conn.execute("CREATE INDEX ix_person_merged_into ON person (merged_into)")


def _version_4(conn: sqlite3.Connection) -> None:
    """Safeguarding concerns and referrals into the service."""
    by_name = {table_name(m): m for m in SYNCED_TABLES}
    for table, _ in ADDED[4]:
        for statement in table_sql(by_name[table], 4):
            conn.execute(statement)


def _version_5(conn: sqlite3.Connection) -> None:
    """What real directories say about a partner: how it is delivered, where it is, fields read from its text."""
    by_name = {table_name(m): m for m in SYNCED_TABLES}
    for table, column in ADDED[5]:
        assert column is not None
        _, kind, nullable, parent = next(c for c in columns(by_name[table]) if c[0] == column)
        conn.execute(f"ALTER TABLE {table} ADD COLUMN {column_sql(column, kind, nullable, parent)} DEFAULT '[]'")


def _version_6(conn: sqlite3.Connection) -> None:
    """The partnership with each partner (db/partnership.py)."""
    by_name = {table_name(m): m for m in SYNCED_TABLES}
    for table, _ in ADDED[6]:
        for statement in table_sql(by_name[table], 6):
            conn.execute(statement)


def _version_7(conn: sqlite3.Connection) -> None:
    """The learning offer: courses, their sessions, enrolments, registers and feedback (db/courses.py)."""
    by_name = {table_name(m): m for m in SYNCED_TABLES}
    for table, _ in ADDED[7]:
        for statement in table_sql(by_name[table], 7):
            conn.execute(statement)


# MIGRATIONS[n] takes a shared file at version n-1 to version n; a new file runs them all.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _version_1, 2: _version_2, 3: _version_3,
                                                               4: _version_4, 5: _version_5, 6: _version_6,
                                                               7: _version_7}


def expected_tables(version: int = SCHEMA_VERSION) -> set[str]:
    tables = {"meta", "laptop", *(table_name(m) for m in SYNCED_TABLES)} - {
        table for table, column in _added_after(version) if column is None}
    if version >= 2:
        tables |= {"received", "conflict"}
    return tables


def migrate(conn: sqlite3.Connection, from_version: int, to_version: int = SCHEMA_VERSION) -> None:
    """Run the steps after `from_version` (0 for a new file) inside the caller's transaction."""
    for step in range(from_version + 1, to_version + 1):
        MIGRATIONS[step](conn)
    conn.execute(f"PRAGMA user_version={to_version}")
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
