"""Pull: what changed in the shared file since this laptop last looked, by the shared file's own seq numbers.

What a laptop pulls, and why (schema.PULLED_TABLES):
- partners: the directory is shared; an edit made anywhere reaches everyone;
- referrals and their status events, from every laptop: capacity checks count open referrals everywhere, and
  a status recorded at one site shows at the others; feedback, so what partners and people said comes back;
- the people those referrals are for (foreign keys, and the checks for prior use and duplicates), including
  an erased person's blanked row, so erasure reaches every laptop;
- records merged into another (tombstones), where this laptop holds the record merged away, with the record
  kept: this laptop then moves its own rows to the record kept (db/merges.py), so it ends with one person;
- safeguarding concerns and the people they are about: a concern raised at one site must be seen by the lead
  and by advisors wherever the person turns up next; referrals into the service, so triage can happen anywhere.
Conversations, plans and audit entries stay with the laptop that made them (and in the shared record): a
laptop does not carry other sites' notes. A pulled referral's link to a conversation or plan item this
laptop does not have is left empty on this laptop.

One read transaction takes a snapshot up to the shared file's current seq; the rows are applied in one local
transaction, in foreign-key order, only where newer than the laptop's copy, with the new cursor stored in the
same transaction. Rows this laptop stamped itself are not read again (it has them), except on its first pull
from a shared file. Nothing pulled goes into the outbox.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from liferooms_tui.db import clock, merges
from liferooms_tui.db.models import SYNCED_TABLES, SyncMeta, table_name
from liferooms_tui.db.store import Store
from liferooms_tui.sync import rows
from liferooms_tui.sync.schema import PULLED_TABLES

CURSOR_PREFIX = "pull_seq:"
STAMP_PREFIX = 21  # "<13 digits>.<5 digits>." then the laptop id
NOT_PULLED_LINKS = {"referral": ["conversation_id", "prescription_item_id"]}


@dataclass
class Snapshot:
    top: int
    rows: dict[str, dict[str, dict]] = field(default_factory=dict)  # table -> id -> row

    @property
    def count(self) -> int:
        return sum(len(found) for found in self.rows.values())


def cursor_key(file_id: str) -> str:
    return CURSOR_PREFIX + file_id


def read_cursor(store: Store, file_id: str) -> int:
    with store.session() as session:
        meta = session.get(SyncMeta, cursor_key(file_id))
        return int(meta.value) if meta else 0


def _changed(conn: sqlite3.Connection, table: str, cursor: int, top: int, laptop_id: str) -> list[dict]:
    sql = f"{rows.select_sql(table)} WHERE seq > ? AND seq <= ?"
    params: list = [cursor, top]
    if cursor:
        sql += f" AND substr(version, {STAMP_PREFIX}) <> ?"
        params.append(laptop_id)
    if table == "person":
        sql += (" AND (merged_into IS NOT NULL OR EXISTS (SELECT 1 FROM referral r WHERE r.person_id = person.id)"
                " OR EXISTS (SELECT 1 FROM concern c WHERE c.person_id = person.id)"
                " OR EXISTS (SELECT 1 FROM referralin i WHERE i.person_id = person.id))")
    return [rows.decode(table, r) for r in conn.execute(sql, params)]


def _fetch_missing_parents(conn: sqlite3.Connection, store: Store, snap: Snapshot) -> None:
    """Rows the pulled rows point to that this laptop lacks (changed before the cursor): fetched by id."""
    for table in ["feedback", "referralevent", "referral", "concern", "referralin"]:  # children first
        wanted: dict[str, set[str]] = {}
        for row in snap.rows.get(table, {}).values():
            for column, parent in rows.PARENTS[table]:
                if parent in PULLED_TABLES and row.get(column) and row[column] not in snap.rows.get(parent, {}):
                    wanted.setdefault(parent, set()).add(row[column])
        with store.session() as session:
            for parent, ids in wanted.items():
                ids -= rows.local_ids(session, parent, ids)
                for part in rows.chunks(sorted(ids)):
                    marks = ", ".join("?" * len(part))
                    found = conn.execute(f"{rows.select_sql(parent)} WHERE id IN ({marks})", part)
                    snap.rows.setdefault(parent, {}).update({r[0]: rows.decode(parent, r) for r in found})


def _merges_for_here(conn: sqlite3.Connection, store: Store, snap: Snapshot) -> None:
    """Keep the pulled tombstones of records this laptop holds (drop the rest), and fetch the records they
    were merged into when this laptop lacks them."""
    people = snap.rows.get("person", {})
    tombstones = [p["id"] for p in people.values() if p.get("merged_into")]
    if not tombstones:
        return
    with store.session() as session:
        held = rows.local_ids(session, "person", tombstones)
        for person_id in set(tombstones) - held:
            del people[person_id]
        wanted = {people[t]["merged_into"] for t in held}
        for _ in range(merges.MAX_CHAIN):
            wanted -= set(people) | rows.local_ids(session, "person", wanted)
            if not wanted:
                return
            part = sorted(wanted)
            found = conn.execute(f"{rows.select_sql('person')} WHERE id IN ({', '.join('?' * len(part))})", part)
            fetched = {r[0]: rows.decode("person", r) for r in found}
            people.update(fetched)
            wanted = {p["merged_into"] for p in fetched.values() if p.get("merged_into")}


def read_snapshot(conn: sqlite3.Connection, store: Store, cursor: int, laptop_id: str) -> Snapshot:
    conn.execute("BEGIN")
    try:
        top = int(conn.execute("SELECT value FROM meta WHERE key='seq'").fetchone()[0])
        snap = Snapshot(top)
        if top > cursor:
            for table in PULLED_TABLES:
                snap.rows[table] = {r["id"]: r for r in _changed(conn, table, cursor, top, laptop_id)}
            _fetch_missing_parents(conn, store, snap)
            _merges_for_here(conn, store, snap)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return snap


def apply_snapshot(store: Store, snap: Snapshot, file_id: str, laptop_id: str,
                   progress: Callable[[int, int], None] | None = None, on_erased: rows.OnErased | None = None) -> int:
    """Apply pulled rows and move the cursor, in one local transaction; returns rows written. People newly
    erased are handed to `on_erased` in the same transaction (to erase what this laptop holds about them)."""
    written = done = 0
    newest = ""
    with store.session() as session:
        erased = rows.newly_erased(session, list(snap.rows.get("person", {}).values()))
        for model in SYNCED_TABLES:
            table = table_name(model)
            found = list(snap.rows.get(table, {}).values())
            if not found:
                continue
            if table == "person":
                found = rows.without_unerasing(session, found)
            for column in NOT_PULLED_LINKS.get(table, []):
                have = rows.local_ids(session, rows.PARENTS_BY_COLUMN[table][column],
                                      [r[column] for r in found if r[column]])
                found = [r if r[column] is None or r[column] in have else {**r, column: None} for r in found]
            written += rows.apply_local(session, table, found, force=erased if table == "person" else frozenset())
            newest = max([newest, *(r["version"] for r in found)])
            done += len(found)
            if progress:
                progress(done, snap.count)
        meta = session.get(SyncMeta, cursor_key(file_id)) or SyncMeta(key=cursor_key(file_id))
        meta.value = str(snap.top)
        session.add(meta)
        clock.observe(session, laptop_id, newest)
        merges.repoint(session.connection().exec_driver_sql)
        if erased and on_erased:
            on_erased(session, sorted(erased))
    return written


def fetch(conn: sqlite3.Connection, store: Store, file_id: str, laptop_id: str, retry: Callable) -> Snapshot | None:
    """Read what changed since this laptop's cursor (None: nothing did). Only this touches the shared file."""
    cursor = read_cursor(store, file_id)
    snap = retry(lambda: read_snapshot(conn, store, cursor, laptop_id))
    if snap.top < cursor:  # the shared file was put back from a backup: look at everything again
        return retry(lambda: read_snapshot(conn, store, 0, laptop_id))
    return snap if snap.top > cursor else None


def pull(conn: sqlite3.Connection, store: Store, file_id: str, laptop_id: str, retry: Callable,
         progress: Callable[[int, int], None] | None = None, on_erased: rows.OnErased | None = None) -> int:
    """Fetch and apply; returns rows written here."""
    snap = fetch(conn, store, file_id, laptop_id, retry)
    return apply_snapshot(store, snap, file_id, laptop_id, progress, on_erased) if snap else 0
