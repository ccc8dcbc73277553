"""A change counter per table, kept by triggers, so an in-memory index knows in one read whether to refresh.

Every insert, update or delete of a person row (by the app, a pull, an erasure or another program) adds one
to the counter in syncmeta under COUNTER_KEYS["person"], in the same transaction as the change. Reading it
is one primary-key lookup, where fingerprinting the table would be a scan of every row.
"""

from __future__ import annotations

COUNTED = ["person"]
COUNTER_KEYS = {table: f"changes:{table}" for table in COUNTED}


def _triggers(table: str) -> list[str]:
    key = COUNTER_KEYS[table]
    # (no REPLACE or upsert: inside a trigger fired by an upsert, SQLite applies the outer conflict handling)
    bump = (f"UPDATE syncmeta SET value = CAST(value AS INTEGER) + 1 WHERE key = '{key}'; "
            f"INSERT INTO syncmeta (key, value) SELECT '{key}', '1' "
            f"WHERE NOT EXISTS (SELECT 1 FROM syncmeta WHERE key = '{key}')")
    return [f"CREATE TRIGGER IF NOT EXISTS count_{table}_{event.lower()} AFTER {event} ON {table} "
            f"BEGIN {bump}; END" for event in ("INSERT", "UPDATE", "DELETE")]


def install(execute) -> None:
    """Create the counting triggers (new databases and migration 4). `execute` runs one SQL statement."""
    for table in COUNTED:
        for trigger in _triggers(table):
            execute(trigger)
