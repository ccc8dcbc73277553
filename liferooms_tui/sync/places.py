"""The shared file keeps a course from being overfilled by laptops that enrolled people offline.

Two laptops that each enrolled someone into a course's last place without seeing each other both sent an
enrolment. The first to reach the shared file keeps the place; the second is put on the waiting list there,
with a new version (so the laptop that sent it takes it back at once) and a note in words that every laptop
shows. Only an enrolment that newly takes a place is checked: one already holding its place is left alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from liferooms_tui.sync.resolve import Resolution

MOVED_NOTE = ("Moved to the waiting list at sync: the last place had already been taken by an enrolment made on "
              "another laptop.")


def settle_enrolment(conn: sqlite3.Connection, existing: dict | None, settled: Resolution,
                     mint: Callable[[str], str]) -> Resolution:
    row = settled.row
    if settled.action not in ("insert", "update") or row.get("state") != "enrolled":
        return settled
    if existing is not None and existing.get("state") == "enrolled":
        return settled
    found = conn.execute("SELECT places FROM course WHERE id=?", (row["course_id"],)).fetchone()
    if found is None:
        return settled  # the parent check refuses it
    taken = conn.execute("SELECT count(*) FROM enrolment WHERE course_id=? AND state='enrolled' AND id<>?",
                         (row["course_id"], row["id"])).fetchone()[0]
    if taken < int(found[0] or 0):
        return settled
    newest = max(row["version"], existing["version"] if existing else "")
    moved = {**row, "state": "waiting", "enrolled_on": None, "note": MOVED_NOTE, "version": mint(newest)}
    return Resolution(settled.action, moved, settled.conflicts, restore=True)
