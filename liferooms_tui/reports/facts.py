"""The facts about referrals and their events that the referral reports count.

For each referral made before the end of the period (at the site): person, partner, need, signposting, whether
it was made in the period, its current status, its status at the end of a past period, the statuses it has
had, the days from being made to first being accepted, the latest reason for a decline, and its age in days at
the end of the period.
One query, tuned for 100,000 referrals: the referrals joined to where each stands now (the `referralstatus`
table the database keeps from the events, referral_status.py), so no event is read; except for a past period,
where a referral whose status changed after the period's end has its status then looked up in its events.
Inside build_reports the rows are read once and shared by every report.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from sqlmodel import Session

from liferooms_tui.db.referral_status import current_sql, status_before_sql
from liferooms_tui.db.sites import at_site_sql
from liferooms_tui.reports.period import Period
from liferooms_tui.vocabulary import slug

_KEY = "liferooms.report_facts"
# Reports read most of the file: let the connection keep up to 64 MB of it in memory (SQLite's default is 2 MB),
# which saves re-reading pages. It changes nothing on disk.
_CACHE = "PRAGMA cache_size=-65536"
# The status of referral r at the end of the period (for a past period), and now.
_STATUS_AT_END = status_before_sql(":end", referral="r", standing="s")
_NOW = current_sql("s")
_REFERRALS = """SELECT r.person_id, r.partner_id, r.need, r.signposting, r.created_at >= :start,
       """ + _NOW + """, {at_end}, s.reached, julianday(s.accepted_at) - julianday(r.created_at),
       CASE WHEN s.reached LIKE '%declined%' THEN COALESCE(TRIM(s.decline_reason), '') END,
       julianday(:end) - julianday(r.created_at)
FROM referral r LEFT JOIN referralstatus s ON s.referral_id = r.id {join}
WHERE +r.created_at < :end AND {here}"""  # + : read the table in order, not the index


def _spellings(period: Period) -> list[str]:
    """Every way a row can name the period's site: its names on conversations, and its slug (origins)."""
    names = list(period.site_names or (period.site or "",))
    return names + [slug(period.site or "")]


def site_sql(period: Period, row: str, conv: str) -> str:
    """SQL true for a row made at the period's site (db/sites.py: its conversation's site, else its origin's)."""
    if not period.site:
        return "1"
    return at_site_sql(row, conv, ", ".join(f":site_{i}" for i in range(len(_spellings(period)))))


def _params(period: Period, sql: str, **params) -> dict:
    params = {"start": period.start.isoformat(), "end": (period.end + timedelta(days=1)).isoformat(), **params}
    if period.site:
        params |= {f"site_{i}": name for i, name in enumerate(_spellings(period))}
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


class F:
    """The columns of a fact row, by position: f[F.PERSON], f[F.STATUS], ..."""

    PERSON, PARTNER, NEED, SIGN, IN_PERIOD, STATUS, END_STATUS, SEEN, DAYS_TO_ACCEPT, DECLINE_REASON, AGE = range(11)
    # AGE: days from when it was made to the end of the period (midnight after its last day)


def referral_facts(session: Session, period: Period, today: date | None = None) -> list[tuple]:
    """One row per referral made before the end of the period at the site (see the module's docstring);
    index the rows with F.PERSON, F.PARTNER, ... ."""
    today = today or date.today()
    shared = session.info.get(_KEY)
    if shared and shared[0] == (period, today):
        return shared[1]
    # Before today the status at the end of the period may differ from the status now.
    join = "LEFT JOIN conversation c ON c.id = r.conversation_id" if period.site else ""
    session.connection().exec_driver_sql(_CACHE)
    return fetch(session, period, _REFERRALS.format(at_end=_STATUS_AT_END if period.end < today else _NOW,
                                                    join=join, here=site_sql(period, "r", "c")))


@contextmanager
def shared_facts(session: Session, period: Period, today: date) -> Iterator[None]:
    """Within the block, every report for this period reads the same rows (read once)."""
    session.info[_KEY] = ((period, today), referral_facts(session, period, today))
    try:
        yield
    finally:
        session.info.pop(_KEY, None)
