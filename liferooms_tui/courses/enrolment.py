"""Enrolling people on courses: the checks, the waiting list and its order, withdrawing, and offers of places.

Enrolling checks that the course is open, that the person is not already on it or waiting for it, that they
consented (to their details being kept; to sharing them too when partners co-deliver the course), and that the
course meets a need of theirs. With no place free (places, less those enrolled and those offered to people
waiting) they join the waiting list, and are told their position. Someone who withdraws gives a reason; their
place is offered to the first waiting (offers.py: recorded, and passed on when not taken within `offer_days`).
Someone waiting who holds an offer takes the place by being enrolled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.courses import OPEN_TO_ENROL, find_course, offers
from liferooms_tui.db.courses import Course, Enrolment
from liferooms_tui.db.models import Conversation, Person, utcnow
from liferooms_tui.db.outbox import save
from liferooms_tui.dropin.people import live_person
from liferooms_tui.privacy import audit
from liferooms_tui.safetext import literal
from liferooms_tui.vocabulary import COURSE_STATUSES, NEEDS, InvalidValue, check_need

ACTIVE = ("enrolled", "waiting")


@dataclass(frozen=True)
class Outcome:
    enrolment: Enrolment
    position: int | None  # on the waiting list (1 = next)
    message: str  # what happened, in words to pass on


def members(session: Session, course_id: str, state: str) -> list[tuple[Enrolment, str]]:
    """(enrolment, person's name) in one state, in the waiting list's order; erased people are on no list."""
    query = (select(Enrolment, Person.display_name).join(Person, col(Person.id) == Enrolment.person_id)
             .where(Enrolment.course_id == course_id, Enrolment.state == state, col(Person.erased_at).is_(None))
             .order_by(col(Enrolment.asked_at), col(Enrolment.id)))
    return list(session.exec(query).all())


def offers_now(session: Session, course: Course, today: date, offer_days: int) -> list[offers.Offer]:
    if course.status not in OPEN_TO_ENROL:
        return []
    waiting = [offers.Waiting(e.id, e.offered_on) for e, _ in members(session, course.id, "waiting")]
    return offers.offers(course.places, len(members(session, course.id, "enrolled")), waiting, today, offer_days)


def record_offers(session: Session, actor: Actor, course: Course, today: date, offer_days: int) -> list[offers.Offer]:
    """Write the offers that stand but are only derived so far (a place came free); returns them."""
    require_advisor(actor, "enrolments")
    made = []
    for offer in offers_now(session, course, today, offer_days):
        if offer.recorded or offer.lapsed:
            continue
        enrolment = session.get_one(Enrolment, offer.enrolment_id)
        enrolment.offered_on = offer.offered_on
        save(session, actor, enrolment, was={"offered_on": None})
        audit.record(session, actor, "change", "enrolment", enrolment.id, enrolment.person_id,
                     f"offered a place on course {course.id}")
        made.append(offer)
    return made


def position_of(session: Session, enrolment: Enrolment) -> int | None:
    waiting = [e.id for e, _ in members(session, enrolment.course_id, "waiting")]
    return waiting.index(enrolment.id) + 1 if enrolment.id in waiting else None


def current_enrolment(session: Session, course_id: str, person_id: str) -> Enrolment | None:
    query = select(Enrolment).where(Enrolment.course_id == course_id, Enrolment.person_id == person_id,
                                    col(Enrolment.state).in_(ACTIVE))
    return session.exec(query.order_by(col(Enrolment.asked_at))).first()


def their_needs(session: Session, person_id: str) -> list[str]:
    """The needs named at the person's latest drop-in on this laptop (none known elsewhere)."""
    query = (select(Conversation.needs).where(Conversation.person_id == person_id)
             .order_by(col(Conversation.started_at).desc()).limit(1))
    return list(session.exec(query).first() or [])


def need_met(session: Session, course: Course, person: Person, need: str | None) -> str | None:
    """The need this course meets for them: the one named, or the first of their own needs it meets."""
    meets = ", ".join(NEEDS[n].split(":")[0].lower() for n in course.needs) or "no need named yet"
    if need:
        need = check_need(need)
        if need not in course.needs:
            raise InvalidValue(f"'{literal(course.title)}' does not meet the need '{NEEDS[need]}': it meets {meets}.")
        return need
    theirs = their_needs(session, person.id)
    shared = [n for n in theirs if n in course.needs]
    if theirs and not shared:
        raise InvalidValue(f"'{literal(course.title)}' meets {meets}; {literal(person.display_name)}'s needs are "
                           f"{', '.join(NEEDS[n].split(':')[0].lower() for n in theirs if n in NEEDS)}: choose a "
                           "course that meets one, or name the need it meets for them.")
    return shared[0] if shared else None


def _check_consent(course: Course, person: Person) -> None:
    name = literal(person.display_name)
    if not person.consent_store:
        raise InvalidValue(f"{name} has not consented to their details being kept: record their consent first.")
    if course.partner_ids and not person.consent_share:
        raise InvalidValue(f"'{literal(course.title)}' is run with partners, who see its register; {name} has not "
                           "consented to sharing their details: record their consent first, or choose another course.")


def _taking_offer(session: Session, actor: Actor, course: Course, mine: Enrolment, name: str, today: date,
                  offer_days: int) -> Outcome:
    held = next((o for o in offers.standing(offers_now(session, course, today, offer_days))
                 if o.enrolment_id == mine.id), None)
    if held is None:
        raise InvalidValue(f"{name} is already on the waiting list for '{literal(course.title)}' (position "
                           f"{position_of(session, mine)}); they are offered a place when one comes free.")
    mine.state, mine.enrolled_on = "enrolled", today
    save(session, actor, mine, was={"state": "waiting", "enrolled_on": None})
    audit.record(session, actor, "change", "enrolment", mine.id, mine.person_id, "took the place offered")
    return Outcome(mine, None, f"{name} took the place offered on {held.offered_on:%d %b %Y}: enrolled on "
                               f"'{literal(course.title)}'.")


def enrol(session: Session, actor: Actor, typed_course: str, person_id: str, *, need: str | None = None,
          goal: str = "", prescription_item_id: str | None = None, today: date | None = None,
          offer_days: int = 7) -> Outcome:
    """Enrol someone, put them on the waiting list when the course is full, or give them the place offered."""
    require_advisor(actor, "enrolments")
    today = today or date.today()
    course = find_course(session, typed_course)
    person = live_person(session, person_id)
    name, title = literal(person.display_name), literal(course.title)
    mine = current_enrolment(session, course.id, person.id)
    if mine is not None and mine.state == "enrolled":
        raise InvalidValue(f"{name} is already enrolled on '{title}'.")
    if mine is not None:
        return _taking_offer(session, actor, course, mine, name, today, offer_days)
    if course.status not in OPEN_TO_ENROL:
        raise InvalidValue(f"'{title}' is {COURSE_STATUSES[course.status].lower()}: it is not open for enrolment.")
    _check_consent(course, person)
    met = need_met(session, course, person, need)
    held = len(offers.standing(offers_now(session, course, today, offer_days)))
    free = course.places - len(members(session, course.id, "enrolled")) - held
    enrolment = Enrolment(course_id=course.id, person_id=person.id, state="enrolled" if free > 0 else "waiting",
                          asked_at=_at(today), enrolled_on=today if free > 0 else None, need=met, goal=goal.strip(),
                          prescription_item_id=prescription_item_id, created_by=actor.name, site=actor.site)
    save(session, actor, enrolment)
    audit.record(session, actor, "create", "enrolment", enrolment.id, person.id, f"{enrolment.state} on {course.id}")
    if enrolment.state == "enrolled":
        left = free - 1
        return Outcome(enrolment, None, f"{name} is enrolled on '{title}' ({left} place{'s' * (left != 1)} left).")
    position = position_of(session, enrolment)
    return Outcome(enrolment, position, f"'{title}' is full: {name} is on the waiting list, position {position}.")


@dataclass(frozen=True)
class Withdrawal:
    enrolment: Enrolment
    offered: list[tuple[offers.Offer, str]]  # offers made because of it, with the person's name
    message: str


def withdraw(session: Session, actor: Actor, typed_course: str, person_id: str, reason: str, *,
             today: date | None = None, offer_days: int = 7) -> Withdrawal:
    """Take someone off a course or its waiting list (the reason is kept); a place freed is offered on."""
    require_advisor(actor, "enrolments")
    today = today or date.today()
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidValue("Say why they are withdrawing (for example 'started work on Tuesdays').")
    course = find_course(session, typed_course)
    person = session.get(Person, person_id)
    mine = current_enrolment(session, course.id, person_id) if person else None
    if person is None or mine is None:
        who = literal(person.display_name) if person else f"person {literal(person_id)[:40]}"
        raise InvalidValue(f"{who} is not on '{literal(course.title)}' or its waiting list.")
    before = {"state": mine.state, "withdrawn_on": None, "withdraw_reason": ""}
    mine.state, mine.withdrawn_on, mine.withdraw_reason = "withdrawn", today, reason
    save(session, actor, mine, was=before)
    audit.record(session, actor, "change", "enrolment", mine.id, person_id, "withdrew")
    made = record_offers(session, actor, course, today, offer_days)
    named = [(o, _name(session, o.enrolment_id)) for o in made]
    left = "withdrew from" if before["state"] == "enrolled" else "left the waiting list of"
    message = f"{literal(person.display_name)} {left} '{literal(course.title)}'."
    for offer, who in named:
        message += f" The place is offered to {who} (first on the waiting list) until {offer.until:%d %b %Y}: " \
                   "tell them."
    return Withdrawal(mine, named, message)


def _name(session: Session, enrolment_id: str) -> str:
    enrolment = session.get_one(Enrolment, enrolment_id)
    return literal(session.get_one(Person, enrolment.person_id).display_name)


def _at(today: date) -> datetime:
    now = utcnow()
    return now if today == now.date() else datetime.combine(today, now.timetz())
