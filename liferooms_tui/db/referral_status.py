"""Where each referral stands now, kept by SQLite itself from the referral's status events.

A referral's status is its latest event (by time, then version: latest_first below). Working that out for
every referral on each report read every event; instead the table `referralstatus` holds, per referral with
events: the current status and when it was set, the statuses it has reached (besides queued), when it was
first accepted and the reason given with its latest decline. Everything that needs a referral's status now
reads it here (current_statuses, current_status, CURRENT, current_sql); a past period's reports use
status_before_sql, which reads events only for referrals whose status changed since. Triggers on
`referralevent` recompute a referral's row whenever one of its events is added, changed (an erasure blanks
reasons) or removed, however that happens (the app, a sync pull, a migration), so the table can never
disagree with the events. It is local: it is not synced, and a database is given it by `install` (new
databases and migration 3).
(An INSERT OR REPLACE that moved an event to another referral would skip the delete trigger and leave the
first referral's row stale: nothing writes events that way; sync writes them with an upsert, which runs the
update trigger.)
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import column, func, table
from sqlmodel import Session

TABLE = """CREATE TABLE IF NOT EXISTS referralstatus (
    referral_id TEXT PRIMARY KEY NOT NULL REFERENCES referral(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    at TEXT NOT NULL,
    reached TEXT NOT NULL,
    accepted_at TEXT,
    decline_reason TEXT
) WITHOUT ROWID"""



def latest_first(alias: str = "") -> str:
    """The order (SQL ORDER BY) in which a referral's event that says where it stands comes first: the latest
    by time, then by version; `alias` is the events table's alias, if any."""
    of = f"{alias}." if alias else ""
    return f"{of}at DESC, {of}version DESC"


LATEST = latest_first()


def _recompute(rid: str) -> str:
    """SQL that rebuilds the row of referral `rid` (an SQL expression) from its events."""
    latest = f"FROM referralevent WHERE referral_id = {rid} ORDER BY {LATEST} LIMIT 1"
    return f"""DELETE FROM referralstatus WHERE referral_id = {rid};
    INSERT INTO referralstatus (referral_id, status, at, reached, accepted_at, decline_reason)
    SELECT {rid}, (SELECT status {latest}), (SELECT at {latest}),
        COALESCE((SELECT group_concat(DISTINCT status) FROM referralevent
                  WHERE referral_id = {rid} AND status != 'queued'), ''),
        (SELECT MIN(at) FROM referralevent WHERE referral_id = {rid} AND status = 'accepted'),
        (SELECT reason FROM referralevent WHERE referral_id = {rid} AND status = 'declined'
         ORDER BY {LATEST} LIMIT 1)
    WHERE EXISTS (SELECT 1 FROM referralevent WHERE referral_id = {rid});"""


# Each recompute deletes the row first, so no conflict clause is needed (one on the statement that fires a
# trigger would override a clause inside it).
TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS referralstatus_on_add AFTER INSERT ON referralevent BEGIN
    {_recompute("NEW.referral_id")} END""",
    f"""CREATE TRIGGER IF NOT EXISTS referralstatus_on_change AFTER UPDATE ON referralevent BEGIN
    {_recompute("OLD.referral_id")} {_recompute("NEW.referral_id")} END""",
    f"""CREATE TRIGGER IF NOT EXISTS referralstatus_on_remove AFTER DELETE ON referralevent BEGIN
    {_recompute("OLD.referral_id")} END""",
]
# The table for queries built with SQLAlchemy (it is not a model: it is made and kept by the SQL here).
STANDING = table("referralstatus", column("referral_id"), column("status"), column("at"), column("reached"))
# A referral's status now, for those queries (outer-joined to STANDING): queued when it has no events yet.
CURRENT = func.coalesce(STANDING.c.status, "queued")
TRIGGER_NAMES = ["referralstatus_on_add", "referralstatus_on_change", "referralstatus_on_remove"]

_FILL = f"""INSERT INTO referralstatus (referral_id, status, at, reached, accepted_at, decline_reason)
SELECT referral_id, status, at,
    COALESCE((SELECT group_concat(DISTINCT x.status) FROM referralevent x
              WHERE x.referral_id = e.referral_id AND x.status != 'queued'), ''),
    (SELECT MIN(x.at) FROM referralevent x WHERE x.referral_id = e.referral_id AND x.status = 'accepted'),
    (SELECT x.reason FROM referralevent x WHERE x.referral_id = e.referral_id AND x.status = 'declined'
     ORDER BY {latest_first("x")} LIMIT 1)
FROM (SELECT referral_id, status, at,
             ROW_NUMBER() OVER (PARTITION BY referral_id ORDER BY {LATEST}) AS n
      FROM referralevent) e
WHERE n = 1"""


def install(execute) -> None:
    """Create the table and its triggers and fill it from the events already there. `execute` runs one SQL
    statement (a sqlite3 connection's, or a SQLAlchemy connection's exec_driver_sql)."""
    execute(TABLE)
    execute("DELETE FROM referralstatus")
    execute(_FILL)
    for trigger in TRIGGERS:
        execute(trigger)


def drop_triggers(execute) -> None:
    """For bulk loads (the benchmarks): stop keeping the table; `install` fills it again and restores them."""
    for name in TRIGGER_NAMES:
        execute(f"DROP TRIGGER IF EXISTS {name}")


def current_sql(standing: str = "s") -> str:
    """SQL for a referral's status now, from its referralstatus row `standing` (an alias joined with LEFT JOIN):
    a referral with no events yet is queued."""
    return f"COALESCE({standing}.status, 'queued')"


def status_before_sql(end: str, referral: str = "r", standing: str = "s") -> str:
    """SQL for where referral `referral` stood just before `end` (an SQL expression, such as :end; exclusive),
    for a past period: its current status when that was set before then (read from its referralstatus row
    `standing`, no event read), else its latest event before then; queued when it had none."""
    return (f"CASE WHEN {standing}.at < {end} THEN {standing}.status ELSE COALESCE((SELECT e.status "
            f"FROM referralevent e WHERE e.referral_id = {referral}.id AND e.at < {end} "
            f"ORDER BY {latest_first('e')} LIMIT 1), 'queued') END")


def current_status(session: Session, referral_id: str) -> str:
    """Where one referral stands now (queued when it has no events yet)."""
    standing = current_statuses(session, [referral_id]).get(referral_id)
    return standing.status if standing else "queued"


class Standing(NamedTuple):
    status: str
    at: datetime


def current_statuses(session: Session, referral_ids: list[str] | None = None) -> dict[str, Standing]:
    """Where each referral (all, or those named) stands: its latest status and when it was set. A referral
    with no events yet is left out (it is queued)."""
    session.flush()  # events added in this session are counted (the triggers run as they are written)
    sql = "SELECT referral_id, status, at FROM referralstatus"
    parts: list[list[str] | None] = [None]
    if referral_ids is not None:
        parts = [referral_ids[i:i + 500] for i in range(0, len(referral_ids), 500)]
    out = {}
    for part in parts:
        where = "" if part is None else f" WHERE referral_id IN ({', '.join('?' * len(part))})"
        for rid, status, at in session.connection().exec_driver_sql(sql + where, tuple(part or ())):
            out[rid] = Standing(status, datetime.fromisoformat(at).replace(tzinfo=UTC))
    return out


# How far along a referral is; a later status recorded before the current one means the current one was
# recorded without knowing it (two laptops, neither synced). Reopening starts the count again.
STAGE = {"queued": 0, "sent": 1, "accepted": 2, "declined": 2, "attended": 3, "did_not_attend": 3, "completed": 4}


def passed_by(status: str, reached) -> str | None:
    """A status the referral had already reached beyond its current one (it was accepted, and now says sent),
    or None when the history is in order or the referral was reopened."""
    reached = set(reached)
    if "reopened" in reached or status not in STAGE:
        return None
    later = sorted((STAGE[s], s) for s in reached if STAGE.get(s, -1) > STAGE[status])
    return later[-1][1] if later else None
