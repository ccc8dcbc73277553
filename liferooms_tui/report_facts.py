"""The facts about referrals and their events that the referral reports count.

For each referral made before the end of the period (at the site): person, partner, need, signposting, whether
it was made in the period, its current status, its status at the end of a past period, the statuses it has
had, the days from being made to first being accepted, and the latest reason for a decline.
Two queries, both in SQL, tuned for 100,000 referrals:
- the status: for each referral the event with the latest `at` (found in the (referral_id, at) index without
  reading the table), and among events at that same moment the highest version; so only one event row is read
  per referral;
- everything else from one sequential read of the events (no index lookups), grouped by referral, on a
  second connection at the same time when nothing is left uncommitted (fetch_alongside).
Inside build_reports the rows are read once and shared by every report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, timedelta

from sqlmodel import Session

from liferooms_tui.report_period import Period, slug

_KEY = "liferooms.report_facts"
# Reports read most of the file: let the connection keep up to 64 MB of it in memory (SQLite's default is 2 MB),
# which saves re-reading pages. It changes nothing on disk.
_CACHE = "PRAGMA cache_size=-65536"
# The status of the latest event of referral r by (at, version), optionally among the events before the end.
_STATUS = """(SELECT e.status FROM referralevent e WHERE e.referral_id = r.id AND e.at = (
    SELECT MAX(x.at) FROM referralevent x WHERE x.referral_id = r.id{until}) ORDER BY e.version DESC LIMIT 1)"""
_REFERRALS = """SELECT r.id, r.person_id, r.partner_id, r.need, r.signposting, r.created_at >= :start,
       julianday(r.created_at), COALESCE({status}, 'queued'), {at_end}
FROM referral r {join} WHERE +r.created_at < :end AND {here}"""  # + : read the table in order, not the index
_EVENTS = """SELECT referral_id, group_concat(status), julianday(MIN(CASE WHEN status = 'accepted' THEN at END)),
       MAX(CASE WHEN status = 'declined' THEN at || char(31) || TRIM(reason) END)
FROM referralevent NOT INDEXED WHERE status != 'queued' GROUP BY referral_id"""


def site_sql(period: Period, row: str, conv: str) -> str:
    """SQL true for a row made at the period's site: by its conversation's site, else its origin's site."""
    if not period.site:
        return "1"
    names = ", ".join(f":site_{i}" for i in range(len(period.site_names or (period.site,))))
    return f"({conv}.site IN ({names}) OR (COALESCE({conv}.site, '') = '' AND {row}.origin_site LIKE :site_like))"


def _params(period: Period, sql: str, **params) -> dict:
    params = {"start": period.start.isoformat(), "end": (period.end + timedelta(days=1)).isoformat(), **params}
    if period.site:
        params |= {f"site_{i}": name for i, name in enumerate(period.site_names or (period.site,))}
        params["site_like"] = f"{slug(period.site)}:%"
    return {k: v for k, v in params.items() if f":{k}" in sql}


def _run(connection, sql: str, params: dict) -> list[tuple]:
    cursor = connection.cursor()
    try:
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        cursor.close()


def fetch(session: Session, period: Period, sql: str, **params) -> list[tuple]:
    """Run report SQL with the period's bounds (:start, :end exclusive) and site bound in; plain tuples back.

    Report queries return up to one row per referral: they go straight to the sqlite3 cursor of the
    session's connection (same transaction), which is several times faster than building ORM rows."""
    return _run(session.connection().connection.driver_connection, sql, _params(period, sql, **params))


def fetch_alongside(session: Session, period: Period, sql: str) -> Callable[[], list[tuple]]:
    """Start a query on a second connection in a thread, so it runs while this one works (SQLite lets go of
    Python's lock while it reads); call the result to wait for the rows. When the session holds changes not yet
    committed, a second connection would not see them: then the query runs here and now instead."""
    params, own = _params(period, sql), session.connection().connection.driver_connection
    if own.in_transaction:
        rows = _run(own, sql, params)
        return lambda: rows
    engine = session.get_bind()

    def work() -> list[tuple]:
        with engine.connect() as conn:
            conn.exec_driver_sql(_CACHE)
            return _run(conn.connection.driver_connection, sql, params)

    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(work)
    pool.shutdown(wait=False)
    return future.result


class F:
    """The columns of a fact row, by position: f[F.PERSON], f[F.STATUS], ..."""

    PERSON, PARTNER, NEED, SIGN, IN_PERIOD, STATUS, END_STATUS, SEEN, DAYS_TO_ACCEPT, DECLINE_REASON = range(10)


def referral_facts(session: Session, period: Period, today: date | None = None) -> list[tuple]:
    """One row per referral made before the end of the period at the site (see the module's docstring);
    index the rows with F.PERSON, F.PARTNER, ... ."""
    today = today or date.today()
    shared = session.info.get(_KEY)
    if shared and shared[0] == (period, today):
        return shared[1]
    # Before today the status at the end of the period comes from the events up to then.
    at_end = f"COALESCE({_STATUS.format(until=' AND x.at < :end')}, 'queued')" if period.end < today else "NULL"
    join = "LEFT JOIN conversation c ON c.id = r.conversation_id" if period.site else ""
    session.connection().exec_driver_sql(_CACHE)
    events_of = fetch_alongside(session, period, _EVENTS)
    referrals = fetch(session, period, _REFERRALS.format(status=_STATUS.format(until=""), at_end=at_end, join=join,
                                                         here=site_sql(period, "r", "c")))
    events = {rid: rest for rid, *rest in events_of()}
    facts = []
    for rid, person, partner, need, sign, in_period, made, status, at_end_status in referrals:
        seen, accepted, declined = events.get(rid, (None, None, None))
        facts.append((person, partner, need, sign, in_period, status, at_end_status or status, seen,
                      None if accepted is None else accepted - made,
                      None if declined is None else declined.split("\x1f", 1)[1]))
    return facts


@contextmanager
def shared_facts(session: Session, period: Period, today: date) -> Iterator[None]:
    """Within the block, every report for this period reads the same rows (read once)."""
    session.info[_KEY] = ((period, today), referral_facts(session, period, today))
    try:
        yield
    finally:
        session.info.pop(_KEY, None)
