"""A person's courses, for their page: each course with where they stand and their attendance (sessions before
they joined never count), and whether they completed it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.courses import sessions_of
from liferooms_tui.courses.enrolment import position_of
from liferooms_tui.courses.register import Record, attendance, marks_for
from liferooms_tui.db.courses import Course, Enrolment
from liferooms_tui.safetext import literal


@dataclass(frozen=True)
class PersonCourse:
    title: str
    state: str  # enrolled, waiting, withdrawn
    position: int | None
    record: Record | None  # attendance, once enrolled

    def words(self) -> str:
        if self.state == "waiting":
            return f"{literal(self.title)}: waiting list, position {self.position}"
        r = self.record
        if r is None:
            return f"{literal(self.title)}: {self.state}"
        said = f"{literal(self.title)}: {self.state}, came to {r.attended} of {r.sessions_counted} sessions"
        if r.absent:
            said += f", {r.absent} absent"
        if r.excused:
            said += f", {r.excused} excused"
        return said + (" · completed" if r.completed else "")


def person_courses(session: Session, actor: Actor, person_id: str, *, today: date | None = None,
                   completed_share: float = 2 / 3) -> list[PersonCourse]:
    require_advisor(actor)
    today = today or date.today()
    out = []
    for e in session.exec(select(Enrolment).where(Enrolment.person_id == person_id)
                          .order_by(col(Enrolment.asked_at))):
        course = session.get_one(Course, e.course_id)
        if e.state == "waiting":
            out.append(PersonCourse(course.title, e.state, position_of(session, e), None))
            continue
        sessions = sessions_of(session, course.id)
        record = attendance(e, sessions, marks_for(session, [s.id for s in sessions]), course, today,
                            completed_share) if e.enrolled_on else None
        out.append(PersonCourse(course.title, e.state, None, record))
    return out
