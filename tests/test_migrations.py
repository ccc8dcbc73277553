"""A database upgraded from version 1 (tests/data/schema_v1.sql) ends with exactly the schema a new one gets:
the same tables, columns (name, type, not null, default, primary key), foreign keys, indexes, triggers and views.

Anything a model gains (a column, an index, a trigger) must come with a migration step, or this test says which
table differs and how."""

from __future__ import annotations

import difflib
import re
import sqlite3
from pathlib import Path

import pytest

from liferooms_tui.db import store as store_module
from liferooms_tui.db.store import SCHEMA_VERSION, Store

SCHEMA_V1 = Path(__file__).parent / "data" / "schema_v1.sql"


def _words(sql: str | None) -> str:
    """SQL with its spacing and the optional IF NOT EXISTS evened out, for comparing triggers and views."""
    sql = re.sub(r"\s+", " ", sql or "").strip()
    sql = re.sub(r"\bIF NOT EXISTS\b ", "", sql, flags=re.I)
    return re.sub(r"\s*([(),;])\s*", r"\1", sql)


def describe(path: Path) -> list[str]:
    """The schema of the database at `path`, one line per fact, sorted (column order is not compared)."""
    conn = sqlite3.connect(path)
    facts: list[str] = []
    try:
        objects = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                               "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").fetchall()
        for kind, name, table, sql in objects:
            if kind == "table":
                facts.append(f"table {name}")
                for _cid, column, type_, notnull, default, pk in conn.execute(f'PRAGMA table_info("{name}")'):
                    facts.append(f"column {name}.{column} type={type_.upper()} notnull={notnull} "
                                 f"default={default} pk={pk}")
                for fk in conn.execute(f'PRAGMA foreign_key_list("{name}")'):
                    _id, seq, target, source, to, on_update, on_delete, match = fk
                    facts.append(f"foreign key {name}.{source} -> {target}.{to} seq={seq} "
                                 f"on_update={on_update} on_delete={on_delete} match={match}")
                for _seq, index, unique, origin, partial in conn.execute(f'PRAGMA index_list("{name}")'):
                    columns = [row[2] for row in conn.execute(f'PRAGMA index_info("{index}")')]
                    # automatic (sqlite_autoindex_*) names depend on creation order; their columns do not
                    shown = index if not index.startswith("sqlite_autoindex_") else "(automatic)"
                    facts.append(f"index {shown} on {name}({', '.join(columns)}) unique={unique} origin={origin} "
                                 f"partial={partial}")
            elif kind in ("trigger", "view"):
                facts.append(f"{kind} {name} on {table}: {_words(sql)}")
            elif kind != "index":  # indexes are described above, by structure rather than by their SQL text
                facts.append(f"{kind} {name} on {table}")
    finally:
        conn.close()
    return sorted(facts)


def fresh(folder: Path) -> Path:
    path = folder / "fresh.db"
    Store(path).close()
    return path


def migrated(folder: Path) -> Path:
    path = folder / "from_v1.db"
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_V1.read_text())
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()
    store = Store(path)
    assert store.schema_version == SCHEMA_VERSION
    store.close()
    return path


def differences(expected: list[str], got: list[str]) -> str:
    return "\n".join(difflib.unified_diff(expected, got, "new database", "upgraded from version 1", lineterm=""))


def test_an_upgraded_database_has_the_schema_of_a_new_one(tmp_path):
    new, upgraded = describe(fresh(tmp_path)), describe(migrated(tmp_path))
    assert any(f.startswith("trigger ") for f in new) and any(f.startswith("index ") for f in new)
    assert upgraded == new, "the migrations do not reach the current schema:\n" + differences(new, upgraded)


@pytest.mark.parametrize("step", sorted(store_module.MIGRATIONS))
def test_leaving_out_any_migration_step_is_noticed(tmp_path, monkeypatch, step):
    """The comparison above can fail: without any one step, the upgraded schema differs from a new one."""
    new = describe(fresh(tmp_path))
    monkeypatch.setitem(store_module.MIGRATIONS, step, lambda conn: None)
    upgraded = describe(migrated(tmp_path))
    assert upgraded != new, f"removing migration step {step} changed nothing this test compares"
