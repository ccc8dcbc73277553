"""What a course page shows: the course, its sessions, who is enrolled, the waiting list in order, and offers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.courses import CourseRow, course_summary, find_course, list_courses, sessions_of
from liferooms_tui.courses.enrolment import members, offers_now
from liferooms_tui.courses.offers import Offer
from liferooms_tui.db.courses import CourseSession, Enrolment
from liferooms_tui.privacy import audit


@dataclass(frozen=True)
class Member:
    enrolment: Enrolment
    name: str
    position: int | None = None  # on the waiting list
    offer: Offer | None = None  # a place offered to them (standing or lapsed)


@dataclass(frozen=True)
class CourseView:
    row: CourseRow
    sessions: list[CourseSession]
    enrolled: list[Member]
    waiting: list[Member]
    withdrawn: list[Member]

    @property
    def offers(self) -> list[Member]:
        return [m for m in self.waiting if m.offer is not None]

    @property
    def free(self) -> int:
        """Places nobody holds: not enrolled, not offered to someone waiting."""
        held = sum(1 for m in self.offers if m.offer is not None and not m.offer.lapsed)
        return max(0, self.row.course.places - len(self.enrolled) - held)


def course_view(session: Session, actor: Actor, typed: str, *, today: date | None = None,
                offer_days: int = 7) -> CourseView:
    require_advisor(actor, "who is on a course")
    today = today or date.today()
    course = find_course(session, typed)
    [row] = list_courses(session, actor, ids=[course.id])
    found = {o.enrolment_id: o for o in offers_now(session, course, today, offer_days)}
    waiting = [Member(e, name, n, found.get(e.id)) for n, (e, name) in enumerate(members(session, course.id,
                                                                                           "waiting"), 1)]
    audit.record(session, actor, "view", "course", course.id, None, "who is enrolled and waiting")
    return CourseView(row, sessions_of(session, course.id), [Member(e, n) for e, n in members(session, course.id,
                                                                                              "enrolled")],
                      waiting, [Member(e, n) for e, n in members(session, course.id, "withdrawn")])


def _offer(offer: Offer | None) -> dict | None:
    if offer is None:
        return None
    return {"offered_on": offer.offered_on.isoformat(), "until": offer.until.isoformat(),
            "standing": not offer.lapsed, "recorded": offer.recorded}


def view_summary(view: CourseView) -> dict:
    """`courses show --json`: places, enrolled, the waiting list in order and the offers."""
    return {
        "course": course_summary(view.row),
        "places": view.row.course.places,
        "free": view.free,
        "sessions": [{"number": s.number, "on": s.on.isoformat(), "starts": s.starts, "ends": s.ends}
                     for s in view.sessions],
        "enrolled": [{"person_id": m.enrolment.person_id, "name": m.name, "enrolment_id": m.enrolment.id,
                      "enrolled_on": m.enrolment.enrolled_on.isoformat() if m.enrolment.enrolled_on else None,
                      "need": m.enrolment.need} for m in view.enrolled],
        "waiting": [{"position": m.position, "person_id": m.enrolment.person_id, "name": m.name,
                     "enrolment_id": m.enrolment.id, "asked_at": m.enrolment.asked_at.isoformat(),
                     "offer": _offer(m.offer), "note": m.enrolment.note} for m in view.waiting],
        "offers": [{"person_id": m.enrolment.person_id, "name": m.name, **(_offer(m.offer) or {})}
                   for m in view.offers],
        "withdrawn": [{"person_id": m.enrolment.person_id, "name": m.name,
                       "withdrawn_on": m.enrolment.withdrawn_on.isoformat() if m.enrolment.withdrawn_on else None,
                       "reason": m.enrolment.withdraw_reason} for m in view.withdrawn],
    }
