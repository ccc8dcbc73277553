"""A person's courses, for subject access and erasure: enrolments (with the waiting list), register marks and
feedback. Erasure blanks the words typed (their goal, why they withdrew, what changed for them) and takes them
off every list and register (courses/enrolment.py lists nobody erased); the marks stay, unnamed, for counts."""

from __future__ import annotations

from sqlmodel import Session, col, select

from liferooms_tui.db.courses import Attendance, Course, CourseFeedback, Enrolment
from liferooms_tui.db.models import Synced

ERASED_FIELDS: dict[str, dict] = {"enrolment": {"goal": "", "withdraw_reason": "", "note": ""},
                                  "coursefeedback": {"what_changed": ""}}


def course_rows(session: Session, person_id: str) -> list[Synced]:
    enrolments = list(session.exec(select(Enrolment).where(Enrolment.person_id == person_id)))
    ids = [e.id for e in enrolments]
    marks = session.exec(select(Attendance).where(col(Attendance.enrolment_id).in_(ids))).all()
    feedback = session.exec(select(CourseFeedback).where(col(CourseFeedback.enrolment_id).in_(ids))).all()
    return [*enrolments, *marks, *feedback]


def course_access(session: Session, person_id: str) -> list[dict]:
    """Each enrolment with its course's title, marks and feedback."""
    out = []
    for enrolment in session.exec(select(Enrolment).where(Enrolment.person_id == person_id)
                                  .order_by(col(Enrolment.asked_at))):
        course = session.get(Course, enrolment.course_id)
        marks = session.exec(select(Attendance).where(Attendance.enrolment_id == enrolment.id)).all()
        feedback = session.exec(select(CourseFeedback).where(CourseFeedback.enrolment_id == enrolment.id)).all()
        out.append({**enrolment.model_dump(mode="json"), "course": course.title if course else None,
                    "register": [m.model_dump(mode="json") for m in marks],
                    "feedback": [f.model_dump(mode="json") for f in feedback]})
    return out
