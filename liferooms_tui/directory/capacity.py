"""How full each partner is this week: open referrals counted per partner, numbers only.

The same rule as the capacity check before a referral (eligibility.check_capacity, referrals.history_for):
a referral counts when it was made since Monday of this week (UTC), it was sent rather than only noted as
signposting, and its latest status event (by time, then version) is not a closed status; a referral with no
event yet counts as open (queued). Only counts per partner leave this module, never who was referred, so
volunteers' mode may show them. The counting is one aggregate SQL query, fast with 100,000 referrals.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlmodel import Session, col, func, select

from liferooms_tui.db.models import Referral, ReferralEvent
from liferooms_tui.referrals.eligibility import week_start
from liferooms_tui.vocabulary import CLOSED_STATUSES


def open_referrals_this_week(session: Session, today: date | None = None) -> dict[str, int]:
    """partner id -> open referrals made this week; partners with none are left out."""
    monday = datetime.combine(week_start(today or date.today()), time(0), tzinfo=UTC)
    # This week's sent referrals first (by the created_at index), as its own step: left to itself SQLite,
    # having no statistics, would walk every referral in partner order to group them.
    week = (
        select(Referral.id, Referral.partner_id)
        .where(col(Referral.created_at) >= monday, Referral.signposting == False)  # noqa: E712  (SQL)
        .cte("week")
        .prefix_with("MATERIALIZED")
    )
    latest_status = (
        select(ReferralEvent.status)
        .where(ReferralEvent.referral_id == week.c.id)
        .order_by(col(ReferralEvent.at).desc(), col(ReferralEvent.version).desc())
        .limit(1)
        .correlate(week)
        .scalar_subquery()
    )
    query = (
        select(week.c.partner_id, func.count())
        .where(func.coalesce(latest_status, "queued").not_in(sorted(CLOSED_STATUSES)))
        .group_by(week.c.partner_id)
    )
    return {partner_id: count for partner_id, count in session.exec(query)}


def places_left(capacity_per_week: int | None, open_referrals: int) -> int | None:
    """Places left this week; None when the partner sets no weekly limit."""
    if capacity_per_week is None:
        return None
    return max(capacity_per_week - open_referrals, 0)
