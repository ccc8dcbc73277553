"""Referrals: checked before they are queued, then a history of appended status events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlmodel import Session, col, func, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import Partner, Person, PrescriptionItem, Referral, ReferralEvent, utcnow
from liferooms_tui.db.outbox import save
from liferooms_tui.db.referral_status import CURRENT, STANDING, current_status, current_statuses, passed_by
from liferooms_tui.dropin import prescriptions
from liferooms_tui.dropin.people import live_person
from liferooms_tui.partners import current
from liferooms_tui.privacy import audit
from liferooms_tui.referrals.eligibility import Check, History, blocking, run_checks, week_start
from liferooms_tui.vocabulary import CLOSED_STATUSES, NEXT_STEPS, RECORDABLE_STATUSES, STATUSES, InvalidValue


class ReferralBlocked(ValueError):
    """A check failed and no override reason was given (or the check cannot be overridden). The message is the
    failed checks' sentences."""

    def __init__(self, checks: list[Check]):
        self.checks = checks
        super().__init__("; ".join(c.message for c in checks))


@dataclass(frozen=True)
class ReferralRow:
    referral: Referral
    status: str
    status_at: datetime
    person_name: str
    partner_name: str
    passed: str | None = None  # a later status it had already reached (see referral_status.passed_by)


def open_referrals_this_week(session: Session, today: date | None = None,
                             partner_ids: list[str] | None = None) -> dict[str, int]:
    """partner id -> open referrals made this week (all partners, or those named); partners with none are left
    out. The capacity rule: a referral counts when it was made since Monday of this week (UTC), it was sent
    rather than only noted as signposting, and its current status (the referralstatus table) is not closed; one
    with no event yet is queued, so open. One aggregate query, fast with 100,000 referrals."""
    monday = datetime.combine(week_start(today or date.today()), time(0), tzinfo=UTC)
    session.flush()  # the status table is kept as events are written
    # This week's sent referrals first (by the created_at index), as its own step: left to itself SQLite,
    # having no statistics, would walk every referral in partner order to group them.
    week = select(Referral.id, Referral.partner_id).where(
        col(Referral.created_at) >= monday, Referral.signposting == False)  # noqa: E712  (SQL)
    if partner_ids is not None:
        week = week.where(col(Referral.partner_id).in_(partner_ids))
    made = week.cte("week").prefix_with("MATERIALIZED")
    query = (
        select(made.c.partner_id, func.count())
        .select_from(made.outerjoin(STANDING, STANDING.c.referral_id == made.c.id))
        .where(CURRENT.not_in(sorted(CLOSED_STATUSES)))
        .group_by(made.c.partner_id)
    )
    return {partner_id: count for partner_id, count in session.exec(query)}


def history_for(session: Session, person: Person, partner: Partner, today: date) -> History:
    mine = list(session.exec(select(Referral).where(Referral.partner_id == partner.id,
                                                    Referral.person_id == person.id)))
    status = current_statuses(session, [r.id for r in mine])

    def is_open(r: Referral) -> bool:
        event = status.get(r.id)
        return not r.signposting and (event is None or event.status not in CLOSED_STATUSES)

    # A referral counts as a use unless it was only signposting, withdrawn, or declined by the partner.
    uses = [r.created_at for r in mine if not r.signposting
            and getattr(status.get(r.id), "status", "queued") not in {"withdrawn", "declined"}]
    attended = session.exec(
        select(ReferralEvent.at).where(
            col(ReferralEvent.referral_id).in_([r.id for r in mine]),
            col(ReferralEvent.status).in_(["attended", "completed"]),
        )
    )
    return History(
        uses=uses + list(attended),
        open_referrals_this_week=open_referrals_this_week(session, today, [partner.id]).get(partner.id, 0),
        has_open_referral=any(is_open(r) for r in mine),
        state=current.state_of(session, partner.id, today),
        said=current.capacity_of(session, partner.id),
        today=today,
    )


def check_referral(session: Session, actor: Actor, person_id: str, partner_id: str,
                   today: date | None = None) -> list[Check]:
    require_advisor(actor, "referrals")
    person, partner = live_person(session, person_id), _partner(session, partner_id)
    today = today or date.today()
    return run_checks(partner, person, history_for(session, person, partner, today), today)


def create_referral(
    session: Session,
    actor: Actor,
    person_id: str,
    partner_id: str,
    *,
    need: str | None = None,
    note_for_partner: str = "",
    overrides: dict[str, str] | None = None,
    conversation_id: str | None = None,
    prescription_item_id: str | None = None,
    signposting: bool = False,
    today: date | None = None,
) -> Referral:
    """Run the checks, then queue the referral (or note it as signposting) with its first status event.

    `overrides` maps a failed check's key to the advisor's reason; a failed check without one blocks.
    """
    require_advisor(actor, "referrals")
    person = live_person(session, person_id)
    overrides = {k: v.strip() for k, v in (overrides or {}).items() if v and v.strip()}
    if not person.consent_share and not signposting:
        raise InvalidValue(
            f"{person.display_name} has not consented to share their details with partners: "
            "note this as signposting instead, or record their consent first."
        )
    checks = check_referral(session, actor, person_id, partner_id, today)
    failed = [c for c in checks if not c.passed]
    stopping = blocking(checks, overrides)
    if stopping:
        raise ReferralBlocked(stopping)
    referral = Referral(
        person_id=person_id,
        partner_id=partner_id,
        conversation_id=conversation_id,
        prescription_item_id=prescription_item_id,
        need=need,
        note_for_partner=note_for_partner,
        consent_share=person.consent_share,
        signposting=signposting,
        overrides=[{"check": c.key, "reason": overrides[c.key], "message": c.message} for c in failed],
        created_by=actor.name,
        created_at=_now(today),
    )
    save(session, actor, referral)
    status = "signposted" if signposting else "queued"
    save(session, actor, ReferralEvent(referral_id=referral.id, status=status, by=actor.name, at=referral.created_at))
    audit.record(session, actor, "create", "referral", referral.id, person_id, f"to partner {partner_id}, {status}")
    return referral


def record_status(session: Session, actor: Actor, referral_id: str, status: str, *, reason: str = "",
                  note: str = "", at: datetime | None = None) -> ReferralEvent:
    """Append a status event. Declining needs a reason; reopening needs a note; a closed referral must be
    reopened before it moves on."""
    require_advisor(actor, "referrals")
    if status not in STATUSES or status in {"queued", "signposted"}:
        raise InvalidValue(f"'{status}' is not a status to record: use one of sent, accepted, declined, attended, "
                           "completed, did_not_attend, withdrawn, reopened.")
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise InvalidValue(f"No referral {referral_id}; check the id with 'liferooms referrals list'.")
    if status == "declined" and not reason.strip():
        raise InvalidValue("Say why the partner declined (for example 'full', 'outside area').")
    if status == "reopened" and not note.strip():
        raise InvalidValue("Add a note saying why the referral is reopened.")
    current = current_statuses(session, [referral_id]).get(referral_id)
    if current and current.status in CLOSED_STATUSES and status != "reopened":
        raise InvalidValue(f"This referral is closed ({STATUSES[current.status]}); reopen it first.")
    if status == "reopened" and (current is None or current.status not in CLOSED_STATUSES):
        raise InvalidValue("Only a closed referral can be reopened.")
    was = current.status if current else "queued"
    if is_jump(was, status):  # kept in the history's own words, so every laptop shows it
        note = f"{JUMP_MARK} from {STATUSES[was]}. {note.strip()}".strip()
    event = ReferralEvent(referral_id=referral_id, status=status, reason=reason.strip(), note=note.strip(),
                          by=actor.name, at=at or utcnow())
    audit.record(session, actor, "change", "referral", referral_id, referral.person_id, f"status {status}")
    return save(session, actor, event)


JUMP_MARK = "Recorded as a jump"


def is_jump(current: str, status: str) -> bool:
    """A status that is not one of the next steps from `current` (reopening a closed referral is a step)."""
    if status == "reopened":
        return False
    return status not in NEXT_STEPS.get(current, [])


def status_choices(current: str) -> tuple[list[str], list[str]]:
    """What the status picker offers from `current`: the next steps, then the jumps (each asked to confirm)."""
    steps = NEXT_STEPS.get(current, [])
    return steps, [s for s in RECORDABLE_STATUSES if s not in steps and s != current]


def referral_history(session: Session, actor: Actor, referral_id: str) -> list[ReferralEvent]:
    require_advisor(actor, "referrals")
    person_id = getattr(session.get(Referral, referral_id), "person_id", None)
    audit.record(session, actor, "view", "referral", referral_id, person_id)
    query = select(ReferralEvent).where(ReferralEvent.referral_id == referral_id)
    return sorted(session.exec(query), key=lambda e: (e.at, e.version))


def list_referrals(session: Session, actor: Actor, *, status: str | None = None, partner_id: str | None = None,
                   need: str | None = None, person_id: str | None = None, ids: list[str] | None = None,
                   limit: int | None = None) -> list[ReferralRow]:
    """Referrals with their current status, newest first, filtered (all of them, or the newest `limit`)."""
    require_advisor(actor, "referrals")
    if status is not None and status not in STATUSES:
        raise InvalidValue(f"'{status}' is not a status: use one of {', '.join(STATUSES)}.")
    session.flush()  # the status table is kept as events are written
    now = CURRENT
    query = (select(Referral, Person.display_name, Partner.name, now, STANDING.c.at,  # type: ignore[call-overload]
                    STANDING.c.reached)
             .join(Person).join(Partner).outerjoin(STANDING, STANDING.c.referral_id == Referral.id))
    for column, wanted in ((Referral.partner_id, partner_id), (Referral.need, need), (Referral.person_id, person_id),
                           (now, status)):
        if wanted:
            query = query.where(column == wanted)
    if ids is not None:
        query = query.where(col(Referral.id).in_(ids))
    query = query.order_by(col(Referral.created_at).desc(), col(Referral.id)).limit(limit)
    return [ReferralRow(referral, current, datetime.fromisoformat(at).replace(tzinfo=UTC) if at else
                        referral.created_at, person_name, partner_name, passed_by(current, (reached or "").split(",")))
            for referral, person_name, partner_name, current, at, reached in session.exec(query)]


def referrals_for_items(session: Session, actor: Actor, item_ids: list[str]) -> dict[str, ReferralRow]:
    """The referral made from each plan item, if any (the latest one when an item was referred again)."""
    require_advisor(actor, "referrals")
    if not item_ids:
        return {}
    query = select(Referral).where(col(Referral.prescription_item_id).in_(item_ids)).order_by(col(Referral.created_at))
    found = list(session.exec(query))
    latest = current_statuses(session, [r.id for r in found])
    out: dict[str, ReferralRow] = {}
    for r in found:
        event = latest.get(r.id)
        out[r.prescription_item_id or ""] = ReferralRow(r, event.status if event else "queued",
                                                  event.at if event else r.created_at, "", "")
    return out


@dataclass(frozen=True)
class ReferableItem:
    """A plan item that can be referred (agreed, and a partner rather than an activity), with its partner and the
    referral made from it so far, if any."""

    item: PrescriptionItem
    partner: Partner
    referral: ReferralRow | None


def can_be_referred(item: PrescriptionItem) -> bool:
    """Only what the person agreed to, and only partners: their own activities are not referred anywhere."""
    return bool(item.agreed and item.partner_id and not item.removed)


def referable_items(session: Session, actor: Actor, conversation_id: str) -> list[ReferableItem]:
    """The Refer step's rows: the conversation's plan items that can be referred, in plan order."""
    require_advisor(actor, "referrals")
    plan = prescriptions.existing_prescription(session, conversation_id)  # reading it makes none
    if plan is None:
        return []
    found = [i for i in prescriptions.items(session, actor, plan.id) if can_be_referred(i)]
    made = referrals_for_items(session, actor, [i.id for i in found])
    return [ReferableItem(i, _partner(session, i.partner_id or ""), made.get(i.id)) for i in found]


@dataclass(frozen=True)
class ReferralView:
    referral: Referral
    person_name: str
    partner_name: str
    status: str
    events: list[ReferralEvent]


def referral_view(session: Session, actor: Actor, referral_id: str) -> ReferralView:
    """One referral with its people-facing names and its whole history, oldest first."""
    require_advisor(actor, "referrals")
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise InvalidValue(f"No referral {referral_id}; check the id with 'liferooms referrals list'.")
    events = referral_history(session, actor, referral_id)
    person, partner = session.get_one(Person, referral.person_id), session.get_one(Partner, referral.partner_id)
    return ReferralView(referral, person.display_name, partner.name, current_status(session, referral_id), events)


def referral_summary(row: ReferralRow) -> dict:
    r = row.referral
    return {
        "id": r.id, "person_id": r.person_id, "partner_id": r.partner_id, "partner": row.partner_name,
        "need": r.need, "status": row.status, "status_at": row.status_at.isoformat(),
        "created_at": r.created_at.isoformat(), "origin_site": r.origin_site, "signposting": r.signposting,
        "overrides": r.overrides,
    }


def _now(today: date | None) -> datetime:
    now = utcnow()
    if today is None or today == now.date():
        return now
    return datetime.combine(today, now.timetz())


def _partner(session: Session, partner_id: str) -> Partner:
    partner = session.get(Partner, partner_id)
    if partner is None:
        raise InvalidValue(f"No partner {partner_id} in the directory.")
    return partner

