"""Feedback that closes the loop: the person's word on each partner, and partners' updates on engagement.

Both are Feedback rows recorded against a referral. A person's feedback is taken at a follow-up: did they go,
did it help (1-5), would they recommend it, in their own words. A partner's update (by phone or email, typed
by an advisor) says how the person is engaging and progressing, with the day the partner reported it.
Open referrals with no news for a set number of weeks are flagged for a check-in with the partner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import bindparam, text
from sqlmodel import Session, col, select

from liferooms_tui import typed
from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import Feedback, Partner, Person, Referral
from liferooms_tui.db.outbox import save
from liferooms_tui.db.referral_status import current_sql
from liferooms_tui.db.sites import site_of_sql
from liferooms_tui.privacy import audit
from liferooms_tui.vocabulary import OPEN_STATUSES, InvalidValue

# What a partner says about how the person is engaging (stored in Feedback.engagement).
ENGAGEMENT: dict[str, str] = {
    "engaged": "Engaging well",
    "some": "Some engagement",
    "not_engaged": "Not engaging",
    "not_started": "Not started yet",
    "no_contact": "Partner could not reach them",
}
MAX_WORDS = 2000  # characters of a comment or note


@dataclass(frozen=True)
class CheckIn:
    """An open referral with no news for too long: ring or email the partner."""

    referral_id: str
    person_name: str
    partner_id: str
    partner_name: str
    partner_phone: str
    partner_email: str
    need: str | None
    status: str
    site: str  # the conversation's site, or the slug of the laptop's site
    last_news: date  # the latest of: made, a status recorded, a partner update
    days_since: int


@dataclass(frozen=True)
class ReferralAbout:
    """What a feedback dialog shows about the referral it is for."""

    referral_id: str
    person_name: str
    partner_name: str
    need: str | None
    made: date
    signposting: bool


def about_referral(session: Session, actor: Actor, referral_id: str) -> ReferralAbout:
    require_advisor(actor, "feedback")
    referral = _referral(session, referral_id)
    person, partner = session.get(Person, referral.person_id), session.get(Partner, referral.partner_id)
    return ReferralAbout(referral.id, person.display_name if person else "", partner.name if partner else "",
                         referral.need, referral.created_at.date(), referral.signposting)


def parse_day(value: date | str | None, what: str = "date", *, today: date | None = None) -> date:
    """A day: a date, 'YYYY-MM-DD' or 'DD/MM/YYYY'; empty means today. Never in the future."""
    today = today or date.today()
    day = typed.parse_day(value, what, not_after=today, empty=today, today=today)
    assert day is not None  # empty gives today
    return day


def parse_score(value) -> int | None:
    """Did it help: a whole number 1-5, or None when not asked."""
    return typed.parse_whole_number(value, "score", 1, 5, scale="1 (not at all) to 5 (a lot)")


def _words(value: str | None, what: str) -> str:
    words = (value or "").strip()
    if len(words) > MAX_WORDS:
        raise InvalidValue(f"The {what} is too long: keep it under {MAX_WORDS} characters.")
    return words


def _referral(session: Session, referral_id: str) -> Referral:
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise InvalidValue(f"No referral {referral_id}; check the id with 'liferooms referrals list'.")
    return referral


def record_person_feedback(session: Session, actor: Actor, referral_id: str, *, went: bool | None = None,
                           helped: int | str | None = None, recommend: bool | None = None, comment: str = "",
                           reported_on: date | str | None = None, today: date | None = None) -> Feedback:
    """The person's feedback on the partner they were referred to, taken at a follow-up."""
    require_advisor(actor, "feedback")
    referral = _referral(session, referral_id)
    score = parse_score(helped)
    comment = _words(comment, "comment")
    if went is None and score is None and recommend is None and not comment:
        raise InvalidValue("Record at least one answer: did they go, did it help, would they recommend it, "
                           "or their own words.")
    day = parse_day(reported_on, "follow-up date", today=today)
    row = Feedback(referral_id=referral.id, partner_id=referral.partner_id, source="person", went=went,
                   helped=score, recommend=recommend, comment=comment, reported_on=day, by=actor.name)
    save(session, actor, row)
    audit.record(session, actor, "create", "feedback", row.id, referral.person_id, "from the person")
    return row


def record_partner_update(session: Session, actor: Actor, referral_id: str, *, note: str, engagement: str = "",
                          reported_on: date | str | None = None, today: date | None = None) -> Feedback:
    """What a partner reported (by phone or email) about the person's engagement and progress, on a day."""
    require_advisor(actor, "feedback")
    referral = _referral(session, referral_id)
    if referral.signposting:
        raise InvalidValue("This was signposting: nothing was sent to the partner, so there is no update from them.")
    engagement = (engagement or "").strip()
    if engagement and engagement not in ENGAGEMENT:
        raise InvalidValue(f"'{engagement}' is not a word for engagement: use one of {', '.join(ENGAGEMENT)}.")
    note = _words(note, "note")
    if not note:
        raise InvalidValue("Type what the partner said about how the person is getting on.")
    day = parse_day(reported_on, "date reported", today=today)
    if day < referral.created_at.date():
        raise InvalidValue(f"{day:%d/%m/%Y} is before the referral was made ({referral.created_at:%d/%m/%Y}).")
    row = Feedback(referral_id=referral.id, partner_id=referral.partner_id, source="partner",
                   engagement=engagement, comment=note, reported_on=day, by=actor.name)
    save(session, actor, row)
    audit.record(session, actor, "create", "feedback", row.id, referral.person_id, "update from the partner")
    return row


def feedback_for(session: Session, actor: Actor, referral_id: str) -> list[Feedback]:
    """Everything fed back about one referral, oldest first."""
    require_advisor(actor, "feedback")
    referral = _referral(session, referral_id)
    audit.record(session, actor, "view", "feedback", referral_id, referral.person_id)
    rows = session.exec(select(Feedback).where(col(Feedback.referral_id) == referral_id))
    return sorted(rows, key=lambda f: (f.reported_on or f.recorded_at.date(), f.recorded_at))


# The current status and when it was set come from referralstatus (kept by the database from the events).
_CHECK_IN_SQL = f"""
SELECT r.id, pe.display_name, pa.id, pa.name, pa.contact_phone, pa.contact_email, r.need,
       {current_sql("s")} AS status,
       {site_of_sql("r", "c")},
       MAX(substr(r.created_at, 1, 10), COALESCE(substr(s.at, 1, 10), ''), COALESCE((
           SELECT MAX(COALESCE(f.reported_on, substr(f.recorded_at, 1, 10))) FROM feedback f
           WHERE f.referral_id = r.id AND f.source = 'partner'), '')) AS news
FROM referral r JOIN person pe ON pe.id = r.person_id JOIN partner pa ON pa.id = r.partner_id
LEFT JOIN conversation c ON c.id = r.conversation_id LEFT JOIN referralstatus s ON s.referral_id = r.id
WHERE NOT r.signposting AND pe.erased_at IS NULL AND {current_sql("s")} IN :open AND news <= :cutoff
{{filters}}
ORDER BY news, pa.name
"""
# Narrowing the check-ins to what a list is filtered by (the Referrals section's s, n and p keys, its page).
_FILTERS = {"status": f"AND {current_sql('s')} = :status", "need": "AND r.need = :need",
            "partner_id": "AND r.partner_id = :partner_id", "ids": "AND r.id IN :ids"}


def referrals_needing_check_in(session: Session, actor: Actor, weeks: int, today: date | None = None, *,
                               status: str | None = None, need: str | None = None, partner_id: str | None = None,
                               ids: list[str] | None = None) -> list[CheckIn]:
    """Open referrals with no news (made, status recorded, partner update) for `weeks` weeks, oldest news first;
    only those with this current status, need or partner, or among `ids`, when given."""
    require_advisor(actor, "referrals")
    if not isinstance(weeks, int) or weeks < 1:
        raise InvalidValue("check_in_weeks in settings must be a whole number of weeks, 1 or more.")
    today = today or date.today()
    cutoff = today - timedelta(weeks=weeks)
    wanted = {k: v for k, v in (("status", status), ("need", need), ("partner_id", partner_id), ("ids", ids))
              if v is not None}
    session.flush()  # the status table is kept as events are written
    stmt = text(_CHECK_IN_SQL.format(filters=" ".join(_FILTERS[k] for k in wanted)))
    stmt = stmt.bindparams(*(bindparam(k, expanding=True) for k in ("open", "ids") if k == "open" or k in wanted))
    rows = session.connection().execute(stmt, {"open": sorted(OPEN_STATUSES), "cutoff": cutoff.isoformat(),
                                               **wanted})
    out = []
    for rid, person, pid, partner, phone, email, need_, state, site, news in rows:
        last = date.fromisoformat(news)
        out.append(CheckIn(rid, person, pid, partner, phone, email, need_, state, site, last, (today - last).days))
    return out
