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

One read transaction takes a snapshot up to the shared file's current seq. The rows are applied here in
chunks, in seq order, each chunk one short local transaction (about CHUNK_SECONDS, then a pause so the app's
own writes get in between; a first pull of 100,000 rows in one transaction held the write lock for seconds).
A chunk carries the rows it points to (a referral's person, which may have a later seq; the first chunk also
the rows read from before the cursor) and is written in foreign-key order, only where newer than the
laptop's copy; the cursor moves to the chunk's last seq in the same transaction, so a pull stopped between
chunks goes on from there next time, losing and doubling nothing (a row written early as a parent is
skipped when met again: same version). Rows this laptop stamped itself are not read again (it has them),
except on its first pull from a shared file, until that pull has finished. Nothing pulled goes into the
outbox.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from liferooms_tui.db import clock, merges
from liferooms_tui.db.models import SYNCED_TABLES, SyncMeta, table_name
from liferooms_tui.db.store import Store
from liferooms_tui.sync import rows
from liferooms_tui.sync.schema import PARTNERSHIP_TABLES, PULLED_TABLES

CURSOR_PREFIX = "pull_seq:"
FIRST_PREFIX = "pull_first:"  # set while a first pull (own rows included) is applied chunk by chunk
CHUNK_SECONDS = 0.05  # aimed-at length of one local transaction (well under 250 ms, even on a busy laptop)
PAUSE_SECONDS = 0.025  # between chunks: SQLite has no queue, a waiting writer polls, so leave it a gap to get in
FIRST_CHUNK, MIN_CHUNK, MAX_CHUNK = 200, 20, 5_000  # rows per chunk: the first guess and the bounds
GROWTH = 1.5  # a chunk at most this many times the last one (a quick chunk may have been luck)
STAMP_PREFIX = 21  # "<13 digits>.<5 digits>." then the laptop id
DIRECTORY_TABLES = ["partner", "course", "coursesession"]  # all a volunteer's laptop receives: no personal data
NOT_PULLED_LINKS = {"referral": ["conversation_id", "prescription_item_id"]}
LINKS_FOLLOWED = {"person": [("merged_into", "person")]}  # not a foreign key, but rows are moved along it


@dataclass
class Snapshot:
    top: int
    rows: dict[str, dict[str, dict]] = field(default_factory=dict)  # table -> id -> row
    order: list[tuple[int, str, str]] = field(default_factory=list)  # (seq, table, id) of the rows in range
    everything: bool = False  # read from the start (a first pull): includes this laptop's own rows

    @property
    def count(self) -> int:
        return sum(len(found) for found in self.rows.values())


def cursor_key(file_id: str) -> str:
    return CURSOR_PREFIX + file_id


def read_cursor(store: Store, file_id: str) -> int:
    return read_position(store, file_id)[0]


def read_position(store: Store, file_id: str) -> tuple[int, bool]:
    """The cursor, and whether the pull under way is a first pull (this laptop's own rows wanted too)."""
    with store.session() as session:
        meta = session.get(SyncMeta, cursor_key(file_id))
        first = session.get(SyncMeta, FIRST_PREFIX + file_id)
        cursor = int(meta.value) if meta else 0
        return cursor, cursor == 0 or first is not None


def _changed(conn: sqlite3.Connection, table: str, cursor: int, top: int, laptop_id: str,
             everything: bool) -> list[tuple[int, dict]]:
    sql = f"SELECT {rows.quoted(table)}, seq FROM {table} WHERE seq > ? AND seq <= ?"
    params: list = [cursor, top]
    if not everything:
        sql += f" AND substr(version, {STAMP_PREFIX}) <> ?"
        params.append(laptop_id)
    if table == "person":
        sql += (" AND (merged_into IS NOT NULL OR EXISTS (SELECT 1 FROM referral r WHERE r.person_id = person.id)"
                " OR EXISTS (SELECT 1 FROM concern c WHERE c.person_id = person.id)"
                " OR EXISTS (SELECT 1 FROM referralin i WHERE i.person_id = person.id)"
                " OR EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = person.id))")
    return [(r[-1], rows.decode(table, r[:-1])) for r in conn.execute(sql, params)]


def _fetch_missing_parents(conn: sqlite3.Connection, store: Store, snap: Snapshot) -> None:
    """Rows the pulled rows point to that this laptop lacks (changed before the cursor): fetched by id."""
    for table in ["feedback", "referralevent", "referral", "concern", "referralin",
                  *PARTNERSHIP_TABLES, "coursefeedback", "attendance", "enrolment", "coursesession"]:  # children first
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


def read_snapshot(conn: sqlite3.Connection, store: Store, cursor: int, laptop_id: str,
                  everything: bool | None = None, tables: list[str] = PULLED_TABLES) -> Snapshot:
    """What changed after `cursor`, up to the shared file's seq now (own rows too when `everything`; by
    default on a first pull, from 0), in `tables` (a volunteer's laptop: DIRECTORY_TABLES)."""
    everything = cursor == 0 if everything is None else everything
    conn.execute("BEGIN")
    try:
        top = int(conn.execute("SELECT value FROM meta WHERE key='seq'").fetchone()[0])
        snap = Snapshot(top, everything=everything)
        if top > cursor:
            for table in tables:
                changed = _changed(conn, table, cursor, top, laptop_id, everything)
                snap.rows[table] = {r["id"]: r for _, r in changed}
                snap.order += [(seq, table, r["id"]) for seq, r in changed]
            _fetch_missing_parents(conn, store, snap)
            _merges_for_here(conn, store, snap)
            snap.order = sorted(o for o in snap.order if o[2] in snap.rows[o[1]])  # tombstones dropped above
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return snap


def _outside_range(snap: Snapshot) -> list[tuple[str, str]]:
    """Rows read from before the cursor (parents the laptop lacks, records merged into): the first chunk's."""
    in_range = {(table, row_id) for _, table, row_id in snap.order}
    return [(table, row_id) for table, found in snap.rows.items() for row_id in found
            if (table, row_id) not in in_range]


def _with_parents(snap: Snapshot, todo: list[tuple[str, str]], done: set[tuple[str, str]]) -> dict[str, list]:
    """These rows and, from the snapshot, the rows they point to not written yet; table -> rows."""
    chosen: dict[str, dict[str, dict]] = {}
    while todo:
        table, row_id = todo.pop()
        if (table, row_id) in done or row_id in chosen.get(table, {}):
            continue
        row = snap.rows[table][row_id]
        chosen.setdefault(table, {})[row_id] = row
        for column, parent in rows.PARENTS[table] + LINKS_FOLLOWED.get(table, []):
            if row.get(column) and row[column] in snap.rows.get(parent, {}):
                todo.append((parent, row[column]))
    return {table: list(found.values()) for table, found in chosen.items()}


def _apply_chunk(session, found_by_table: dict[str, list]) -> tuple[int, str, frozenset[str]]:
    """Write one chunk's rows in foreign-key order; returns rows written, the newest version seen, and the
    people it brought the erasure of."""
    written, newest = 0, ""
    erased = rows.newly_erased(session, found_by_table.get("person", []))
    for model in SYNCED_TABLES:
        table = table_name(model)
        found = found_by_table.get(table, [])
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
    return written, newest, erased


def apply_snapshot(store: Store, snap: Snapshot, file_id: str, laptop_id: str,
                   progress: Callable[[int, int], None] | None = None, on_erased: rows.OnErased | None = None,
                   *, chunk_rows: int | None = None, held: list[float] | None = None) -> int:
    """Apply pulled rows in chunks, each one local transaction that also moves the cursor past it; returns rows
    written. People newly erased are handed to `on_erased` in the chunk that brings their erasure (to erase
    what this laptop holds about them). `chunk_rows`: a fixed number of rows a chunk (default: as many as
    fit in about CHUNK_SECONDS, measured as it goes). `held`, if given, gets each transaction's seconds."""
    written = 0
    size = chunk_rows or FIRST_CHUNK
    done: set[tuple[str, str]] = set()
    at = 0
    extra = _outside_range(snap)
    while True:
        part = snap.order[at:at + size]
        last = at + len(part) >= len(snap.order)
        started = time.perf_counter()
        with store.session() as session:
            found = _with_parents(snap, extra + [(table, row_id) for _, table, row_id in part], done)
            extra = []
            count, newest, erased = _apply_chunk(session, found)
            rows_seconds = time.perf_counter() - started
            meta = session.get(SyncMeta, cursor_key(file_id)) or SyncMeta(key=cursor_key(file_id))
            meta.value = str(snap.top if last else part[-1][0])
            session.add(meta)
            first = session.get(SyncMeta, FIRST_PREFIX + file_id)
            if last and first is not None:
                session.delete(first)
            elif not last and snap.everything and first is None:
                session.add(SyncMeta(key=FIRST_PREFIX + file_id, value="1"))
            clock.observe(session, laptop_id, newest)
            merges.repoint(session.connection().exec_driver_sql)
            if erased and on_erased:
                on_erased(session, sorted(erased))
        seconds = time.perf_counter() - started
        if held is not None:
            held.append(seconds)
        written += count
        done.update((table, r["id"]) for table, found_rows in found.items() for r in found_rows)
        at += len(part)
        if progress:
            progress(at, len(snap.order))
        if last:
            return written
        if chunk_rows is None:  # aim at CHUNK_SECONDS: the rest of the transaction (commit) took what it took
            per_row = max(rows_seconds, 1e-4) / len(part)
            aim = int((CHUNK_SECONDS - (seconds - rows_seconds)) / per_row)
            size = max(MIN_CHUNK, min(MAX_CHUNK, aim, int(len(part) * GROWTH)))
        time.sleep(PAUSE_SECONDS)


def fetch(conn: sqlite3.Connection, store: Store, file_id: str, laptop_id: str, retry: Callable,
          tables: list[str] = PULLED_TABLES) -> Snapshot | None:
    """Read what changed since this laptop's cursor (None: nothing did). Only this touches the shared file.
    `tables`: a volunteer's laptop reads the directory only (DIRECTORY_TABLES)."""
    cursor, everything = read_position(store, file_id)
    snap = retry(lambda: read_snapshot(conn, store, cursor, laptop_id, everything, tables))
    if snap.top < cursor:  # the shared file was put back from a backup: look at everything again
        return retry(lambda: read_snapshot(conn, store, 0, laptop_id, True, tables))
    return snap if snap.top > cursor else None


def pull(conn: sqlite3.Connection, store: Store, file_id: str, laptop_id: str, retry: Callable,
         progress: Callable[[int, int], None] | None = None, on_erased: rows.OnErased | None = None) -> int:
    """Fetch and apply; returns rows written here."""
    snap = fetch(conn, store, file_id, laptop_id, retry)
    return apply_snapshot(store, snap, file_id, laptop_id, progress, on_erased) if snap else 0
