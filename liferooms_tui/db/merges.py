"""Two records of the same person, merged: one is kept, the other becomes a tombstone (`person.merged_into`).

The tombstone is the one fact that travels: each database that learns of it (the laptop that merged, the shared
file when it arrives, every laptop that pulls it) moves the rows it holds from the merged-away record to the
record kept, in place, without a new version: the move follows from the tombstone, so every copy of a row
agrees once its holder knows the merge. Rows that arrive later still pointing at the merged-away record are
moved on arrival. Merges chain (A into B, then B into C: A's rows end at C).

The SQL is plain and positional, so the same functions run on the laptop (SQLAlchemy's exec_driver_sql) and on
the shared file (sqlite3's execute): one rule, one implementation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from liferooms_tui.db.models import SYNCED_TABLES, table_name

Execute = Callable[..., Any]  # execute(sql, params) -> a cursor-like result with fetchone()/rowcount

# The tables whose rows belong to a person, by a person_id column (feedback and status events follow their
# referral, plan items their plan, corrections their drop-in).
PERSON_TABLES = [table_name(m) for m in SYNCED_TABLES if "person_id" in m.model_fields]
MAX_CHAIN = 50


def final_person(execute: Execute, person_id: str | None) -> str | None:
    """The record a person id ends at, following merges (itself when not merged; None for None).
    A loop (two laptops merged two records into each other) stops at the last record before it repeats."""
    seen: list[str] = []
    current = person_id
    while current is not None and current not in seen and len(seen) < MAX_CHAIN:
        seen.append(current)
        found = execute("SELECT merged_into FROM person WHERE id = ?", (current,)).fetchone()
        if found is None or found[0] is None:
            return current
        current = found[0]
    return seen[-1] if seen else None


def merged_ids(execute: Execute) -> list[str]:
    return [r[0] for r in execute("SELECT id FROM person WHERE merged_into IS NOT NULL", ()).fetchall()]


def repoint(execute: Execute) -> int:
    """Move every row that points at a merged-away record to the record kept; returns rows moved."""
    moved = 0
    for old in merged_ids(execute):
        new = final_person(execute, old)
        if new is None or new == old:
            continue
        for table in PERSON_TABLES:
            moved += execute(f"UPDATE {table} SET person_id = ? WHERE person_id = ?", (new, old)).rowcount or 0
    return moved
