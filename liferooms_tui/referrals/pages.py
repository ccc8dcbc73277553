"""What the Referrals section shows: the page of referrals with those due a check-in marked, and one referral's
page (its history and feedback). Each is one call, so a screen asks for it in one go from a worker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from liferooms_tui import referrals
from liferooms_tui.access import Actor
from liferooms_tui.db.models import Feedback
from liferooms_tui.referrals import feedback


@dataclass(frozen=True)
class ReferralPage:
    """A referral's page: the referral and its history, and everything fed back about it."""

    view: referrals.ReferralView
    feedback: list[Feedback]


def referral_page(session: Session, actor: Actor, referral_id: str) -> ReferralPage:
    return ReferralPage(referrals.referral_view(session, actor, referral_id),
                        feedback.feedback_for(session, actor, referral_id))


@dataclass(frozen=True)
class ReferralList:
    """What the Referrals section shows: at most `shown` referrals, newest first."""

    rows: list[referrals.ReferralRow]
    due: set[str]  # those among `rows` with no news for the check-in weeks (time to ring the partner)
    more: bool  # more referrals pass the filters than are shown
    waiting: int  # with due_only: how many need a check-in in all (the longest without news are shown)


def referrals_to_show(session: Session, actor: Actor, *, check_in_weeks: int, shown: int, status: str | None = None,
                      need: str | None = None, partner_id: str | None = None, due_only: bool = False,
                      today: date | None = None) -> ReferralList:
    """The newest `shown` referrals passing the filters, each marked when due a check-in; or, with `due_only`,
    the `shown` that have waited longest for news among those due a check-in (still listed newest first)."""
    if due_only:
        due = feedback.referrals_needing_check_in(session, actor, check_in_weeks, today, status=status, need=need,
                                                  partner_id=partner_id)
        ids = [c.referral_id for c in due[:shown]]
        return ReferralList(referrals.list_referrals(session, actor, ids=ids), set(ids), False, len(due))
    rows = referrals.list_referrals(session, actor, status=status, need=need, partner_id=partner_id, limit=shown + 1)
    more, rows = len(rows) > shown, rows[:shown]
    due = feedback.referrals_needing_check_in(session, actor, check_in_weeks, today,
                                              ids=[r.referral.id for r in rows])
    return ReferralList(rows, {c.referral_id for c in due}, more, 0)
