"""Moving on: when someone completes a course, community partners near them that meet the course's needs (the
directory's search, nearest first), to add to their plan in one key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.courses import find_course, sessions_of
from liferooms_tui.courses.enrolment import members
from liferooms_tui.courses.register import attendance, marks_for
from liferooms_tui.db.models import Person, Prescription, PrescriptionItem
from liferooms_tui.directory.search import Filters, index_for
from liferooms_tui.dropin import prescriptions
from liferooms_tui.safetext import literal
from liferooms_tui.vocabulary import InvalidValue


@dataclass(frozen=True)
class Suggestion:
    person_id: str
    person_name: str
    partner_id: str
    partner_name: str
    why: str


def moving_on(session: Session, actor: Actor, course_id: str, *, today: date | None = None,
              completed_share: float = 2 / 3, per_person: int = 3) -> list[Suggestion]:
    """For each person who completed the course: up to `per_person` partners meeting its needs, near them first
    (its own co-delivering partners left out: they are already met)."""
    require_advisor(actor, "who completed a course")
    today = today or date.today()
    course = find_course(session, course_id)
    sessions = sessions_of(session, course.id)
    marks = marks_for(session, [s.id for s in sessions])
    index = index_for(session)
    out = []
    for enrolment, name in members(session, course.id, "enrolled"):
        if not attendance(enrolment, sessions, marks, course, today, completed_share).completed:
            continue
        person = session.get_one(Person, enrolment.person_id)
        filters = Filters(needs=frozenset(course.needs), postcode=person.postcode_district)
        hits = [h for h in index.search("", filters, limit=per_person + len(course.partner_ids))
                if h.partner.id not in course.partner_ids][:per_person]
        out += [Suggestion(person.id, name, h.partner.id, h.partner.name, h.why) for h in hits]
    return out


def add_to_plan(session: Session, actor: Actor, person_id: str, partner_id: str) -> PrescriptionItem:
    """Add a partner to the person's latest plan (as a partner item, their goal asked later)."""
    require_advisor(actor, "plans")
    plan = session.exec(select(Prescription).where(Prescription.person_id == person_id)
                        .order_by(col(Prescription.created_at).desc())).first()
    if plan is None:
        person = session.get(Person, person_id)
        raise InvalidValue(f"{literal(person.display_name) if person else 'They'} have no plan on this laptop yet: "
                           "start a drop-in with them, then add it from the Plan.")
    return prescriptions.add_item(session, actor, plan.id, partner_id=partner_id)
