"""Push: the laptop's queued rows into the shared file, in batches, each one commit there and then one here.

For each batch: BEGIN IMMEDIATE on the shared file; each row is checked and settled (resolve.py) in its own
savepoint, so a row the shared file refuses is listed as a reject and never stops the rows after it; the
shared file's seq counter numbers every row written; COMMIT. Only then, in a separate local transaction, the
batch's outbox entries are marked sent, with the rejects and conflicts recorded and any row the laptop lost
taken back. A crash between the two commits sends the batch again, harmlessly: every version received is
remembered, so a re-send changes nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import update
from sqlmodel import Session, col, select

from liferooms_tui.db import clock, merges
from liferooms_tui.db.models import OutboxEntry, SyncConflict, SyncReject, utcnow
from liferooms_tui.db.store import Store
from liferooms_tui.sync import places, rows
from liferooms_tui.sync import shared as sharing
from liferooms_tui.sync.errors import RowRejected
from liferooms_tui.sync.resolve import Conflict, Resolution, resolve

BATCH = 500


@dataclass(frozen=True)
class Queued:
    seq: int
    table_name: str
    row_id: str
    payload: dict


@dataclass(frozen=True)
class Sender:
    """Who is pushing: written to the shared file's laptop table, and used to stamp settled rows."""

    laptop_id: str
    origin: str
    site: str
    app_version: str

    def mint(self, after: str) -> str:
        return clock.stamp_after(after, self.laptop_id)


@dataclass
class BatchOutcome:
    seqs: list[int] = field(default_factory=list)
    pushed: int = 0  # rows written to the shared file
    unchanged: int = 0  # already there: the same version, a re-send, or an older one that lost
    rejects: list[tuple[int, str, str, str]] = field(default_factory=list)  # outbox seq, table, row id, reason
    conflicts: list[tuple[str, str, Conflict]] = field(default_factory=list)  # table, row id, conflict
    restores: list[tuple[str, dict, str]] = field(default_factory=list)  # table, row kept, version we sent
    newest: str = ""  # the newest version met, for this laptop's clock


def unsent(store: Store, after: int = 0, limit: int | None = None) -> list[Queued]:
    with store.session() as session:
        query = (select(OutboxEntry.seq, OutboxEntry.table_name, OutboxEntry.row_id, OutboxEntry.payload)
                 .where(col(OutboxEntry.sent_at).is_(None), col(OutboxEntry.seq) > after)
                 .order_by(col(OutboxEntry.seq)).limit(limit or BATCH))
        return [Queued(*found) for found in session.exec(query)]


def queued_tables(store: Store) -> set[str]:
    with store.session() as session:
        query = select(OutboxEntry.table_name).where(col(OutboxEntry.sent_at).is_(None)).distinct()
        return set(session.exec(query))


def _check_parents(conn: sqlite3.Connection, table: str, row: dict) -> None:
    for column, parent in rows.PARENTS[table]:
        value = row.get(column)
        if value is not None and conn.execute(f"SELECT 1 FROM {parent} WHERE id=?", (value,)).fetchone() is None:
            raise RowRejected(f"it refers to a {rows.LABELS[parent]} ({value}) that is not in the shared file.")


def _write(conn: sqlite3.Connection, table: str, row: dict, seq: int, action: str) -> None:
    values = rows.encode(table, row)
    if action == "insert":
        marks = ", ".join("?" * (len(values) + 1))
        conn.execute(f"INSERT INTO {table} ({rows.quoted(table)}, seq) VALUES ({marks})", [*values, seq])
    else:
        sets = ", ".join(f'"{name}"=?' for name in rows.NAMES[table])
        conn.execute(f"UPDATE {table} SET {sets}, seq=? WHERE id=?", [*values, seq, row["id"]])


def _forget_conflicts_of_erased(conn: sqlite3.Connection, person_id: str) -> None:
    """An erased person's values must not live on in the conflict log: drop its entries for every row about
    them (this file's pages are zeroed when freed: secure_delete, in shared.py)."""
    ids = [person_id]
    for table in ("conversation", "prescription", "referral"):
        ids += [r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE person_id=?", (person_id,))]
    ids += [r[0] for r in conn.execute("SELECT i.id FROM prescriptionitem i JOIN prescription p "
                                       "ON p.id = i.prescription_id WHERE p.person_id=?", (person_id,))]
    for table in ("referralevent", "feedback"):
        ids += [r[0] for r in conn.execute(f"SELECT t.id FROM {table} t JOIN referral r ON r.id = t.referral_id "
                                           "WHERE r.person_id=?", (person_id,))]
    for part in rows.chunks(ids):
        conn.execute(f"DELETE FROM conflict WHERE row_id IN ({', '.join('?' * len(part))})", part)


def _merged_the_other_way(existing: dict, incoming: dict) -> Resolution:
    """Two laptops merged two records each into the other: the merge that reached the shared file first stands
    (this record stays the one kept); the sender takes it back, and its rows follow the first merge."""
    lost = Conflict("merged_into", "", existing["version"], incoming["merged_into"], incoming["version"])
    return Resolution("keep", existing, [lost], restore=True)


def _settle(conn: sqlite3.Connection, entry: Queued, sender: Sender, seq: int, out: BatchOutcome) -> int:
    """Settle one queued row inside its own savepoint; returns the seq counter after it."""
    table = entry.table_name
    row, base = rows.check_payload(table, entry.payload)
    if table in merges.PERSON_TABLES and row.get("person_id"):  # made before its person was merged away
        row["person_id"] = merges.final_person(conn.execute, row["person_id"])
    found = conn.execute(f"{rows.select_sql(table)} WHERE id=?", (row["id"],)).fetchone()
    existing = rows.decode(table, found) if found else None
    seen = (table, row["id"], row["version"])
    if conn.execute("SELECT 1 FROM received WHERE tbl=? AND id=? AND version=?", seen).fetchone():
        out.unchanged += 1  # sent before (a crash came before it was marked sent): take back what won
        if existing is not None and existing["version"] != row["version"]:
            out.restores.append((table, existing, row["version"]))
        return seq
    target = row.get("merged_into") if table == "person" else None
    if existing is not None and target and merges.final_person(conn.execute, target) == row["id"]:
        settled = _merged_the_other_way(existing, row)
    else:
        settled = resolve(table, existing, row, base, sender.mint, rows.was_of(table, entry.payload))
    if table == "enrolment":  # no course overfilled by enrolments made offline
        settled = places.settle_enrolment(conn, existing, settled, sender.mint)
    conn.execute("SAVEPOINT queued_row")
    try:
        if settled.action in ("insert", "update"):
            _check_parents(conn, table, settled.row)
            seq += 1
            _write(conn, table, settled.row, seq, settled.action)
            if table == "person" and settled.row.get("erased_at"):
                _forget_conflicts_of_erased(conn, row["id"])
            if table == "person" and settled.row.get("merged_into"):
                merges.repoint(conn.execute)
        conn.execute("INSERT OR IGNORE INTO received (tbl, id, version) VALUES (?, ?, ?)", seen)
        now = utcnow().isoformat()
        for c in settled.conflicts:
            conn.execute("INSERT OR IGNORE INTO conflict VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (table, row["id"], c.field, c.kept_value, c.kept_version, c.lost_value, c.lost_version,
                          sender.laptop_id, now))
        conn.execute("RELEASE queued_row")
    except (RowRejected, *sharing.IntegrityError) as exc:
        conn.execute("ROLLBACK TO queued_row")
        conn.execute("RELEASE queued_row")
        raise RowRejected(str(exc) if isinstance(exc, RowRejected) else f"the shared file refused it ({exc}).") from exc
    if settled.action == "keep":
        out.unchanged += 1
    else:
        out.pushed += 1
    out.conflicts += [(table, row["id"], c) for c in settled.conflicts]
    if settled.restore:
        out.restores.append((table, settled.row, row["version"]))
    out.newest = max(out.newest, settled.row["version"], row["version"])
    return seq


def apply_batch(conn: sqlite3.Connection, entries: list[Queued], sender: Sender) -> BatchOutcome:
    """Settle a batch inside the caller's write transaction on the shared file."""
    out = BatchOutcome()
    seq = int(conn.execute("SELECT value FROM meta WHERE key='seq'").fetchone()[0])
    for entry in entries:
        out.seqs.append(entry.seq)
        try:
            seq = _settle(conn, entry, sender, seq, out)
        except RowRejected as exc:
            out.rejects.append((entry.seq, entry.table_name, entry.row_id, str(exc)))
    conn.execute("UPDATE meta SET value=? WHERE key='seq'", (str(seq),))
    now = utcnow().isoformat(timespec="seconds")
    conn.execute(
        "INSERT INTO laptop (laptop_id, origin, site, app_version, first_seen_at, last_sync_at, rows_pushed) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (laptop_id) DO UPDATE SET origin=excluded.origin, "
        "site=excluded.site, app_version=excluded.app_version, last_sync_at=excluded.last_sync_at, "
        "rows_pushed=laptop.rows_pushed + excluded.rows_pushed",
        (sender.laptop_id, sender.origin, sender.site, sender.app_version, now, now, out.pushed),
    )
    return out


def send_batch(conn: sqlite3.Connection, entries: list[Queued], sender: Sender) -> BatchOutcome:
    """One write transaction on the shared file: BEGIN IMMEDIATE, settle the batch, COMMIT."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        outcome = apply_batch(conn, entries, sender)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return outcome


def record_outcome(store: Store, outcome: BatchOutcome, laptop_id: str, on_erased: rows.OnErased | None = None
                   ) -> None:
    """The local half, after the shared commit: mark sent, keep rejects and conflicts, take back lost rows
    (a person erased elsewhere is handed to `on_erased`, in the same transaction)."""
    with store.session() as session:
        erased = rows.newly_erased(session, [row for table, row, _ in outcome.restores if table == "person"])
        now = utcnow()
        for part in rows.chunks(outcome.seqs):
            session.exec(update(OutboxEntry).where(col(OutboxEntry.seq).in_(part), col(OutboxEntry.sent_at).is_(None))
                         .values(sent_at=now))
        _keep_rejects(session, outcome.rejects)
        _keep_conflicts(session, outcome.conflicts)
        for table, row, sent_version in outcome.restores:
            if table != "person" or rows.without_unerasing(session, [row]):
                rows.apply_local(session, table, [row], also_over=sent_version,
                                 force=erased if table == "person" else frozenset())
        merges.repoint(session.connection().exec_driver_sql)
        clock.observe(session, laptop_id, outcome.newest)
        if erased and on_erased:
            on_erased(session, sorted(erased))


def _keep_rejects(session: Session, rejects) -> None:
    for seq, table, row_id, reason in rejects:
        if session.exec(select(SyncReject).where(SyncReject.outbox_seq == seq)).first() is None:
            session.add(SyncReject(outbox_seq=seq, table_name=table, row_id=row_id, reason=reason))


def _keep_conflicts(session: Session, conflicts) -> None:
    for table, row_id, c in conflicts:
        query = select(SyncConflict).where(SyncConflict.table_name == table, SyncConflict.row_id == row_id,
                                           SyncConflict.field == c.field, SyncConflict.lost_version == c.lost_version)
        if session.exec(query).first() is None:
            session.add(SyncConflict(table_name=table, row_id=row_id, field=c.field, kept_value=c.kept_value,
                                     kept_version=c.kept_version, lost_value=c.lost_value,
                                     lost_version=c.lost_version))


def push_batch(conn: sqlite3.Connection, store: Store, entries: list[Queued], sender: Sender,
               retry: Callable, on_erased: rows.OnErased | None = None) -> BatchOutcome:
    """Send one batch (retrying while the shared file is busy), then record it here."""
    outcome = retry(lambda: send_batch(conn, entries, sender))
    record_outcome(store, outcome, sender.laptop_id, on_erased)
    return outcome
