"""The register: each session's marks (present, late, left early, absent, excused), attendance and completion.

A mark is one row per session and enrolment (its id made from both), so marking again changes it. Sessions
before someone joined never count: not as absences, not towards completing. Someone has completed a course
when it has finished (or its last session is past) and they came to at least `completed_share` of the sessions
held since they joined (settings: course_completed_share, two thirds by default).
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.courses import find_course, sessions_of
from liferooms_tui.courses.enrolment import members
from liferooms_tui.db.courses import Attendance, Course, CourseSession, Enrolment
from liferooms_tui.db.models import Person, utcnow
from liferooms_tui.db.outbox import save
from liferooms_tui.privacy import audit
from liferooms_tui.safetext import literal
from liferooms_tui.vocabulary import ATTENDANCE_MARKS, ATTENDED_MARKS, InvalidValue

MARKS_NAMESPACE = uuid.UUID("6f1d2c9e-2b7a-4f55-9d0c-2f6a8f9b1c11")


def mark_id(session_id: str, enrolment_id: str) -> str:
    return str(uuid.uuid5(MARKS_NAMESPACE, f"{session_id}:{enrolment_id}"))


def course_session(session: Session, course: Course, number: int) -> CourseSession:
    found = [s for s in sessions_of(session, course.id) if s.number == number]
    if not found:
        raise InvalidValue(f"'{literal(course.title)}' has no session {number}: it has "
                           f"{len(sessions_of(session, course.id))}.")
    return found[0]


def on_register(session: Session, course: Course, held: CourseSession) -> list[tuple[Enrolment, str]]:
    """Who the session's register lists: enrolled by its day (and those withdrawn after it), in name order."""
    out = []
    for state in ("enrolled", "withdrawn"):
        for enrolment, name in members(session, course.id, state):
            joined = enrolment.enrolled_on
            if joined is None or joined > held.on:
                continue
            if state == "withdrawn" and (enrolment.withdrawn_on is None or enrolment.withdrawn_on <= held.on):
                continue
            out.append((enrolment, name))
    return sorted(out, key=lambda pair: (pair[1].lower(), pair[0].id))


def marks_for(session: Session, session_ids: list[str]) -> dict[tuple[str, str], str]:
    """(session id, enrolment id) -> mark."""
    query = select(Attendance).where(col(Attendance.session_id).in_(session_ids))
    return {(a.session_id, a.enrolment_id): a.mark for a in session.exec(query)}


def mark(session: Session, actor: Actor, typed_course: str, number: int, marks: dict[str, str]) -> int:
    """Mark people (enrolment or person ids) in session `number`; returns how many marks changed."""
    require_advisor(actor, "registers")
    course = find_course(session, typed_course)
    held = course_session(session, course, number)
    listed = on_register(session, course, held)
    by_person = {e.person_id: e for e, _ in listed} | {e.id: e for e, _ in listed}
    before = marks_for(session, [held.id])
    changed = 0
    for who, value in marks.items():
        if value not in ATTENDANCE_MARKS:
            raise InvalidValue(f"'{literal(value)[:20]}' is not a mark: use {', '.join(ATTENDANCE_MARKS)}.")
        enrolment = by_person.get(who)
        if enrolment is None:
            person = session.get(Person, who)
            name = literal(person.display_name) if person else literal(who)[:40]
            raise InvalidValue(f"{name} is not on the register of session {number} of '{literal(course.title)}' "
                               f"({held.on:%d %b %Y}): only people enrolled by then are.")
        if before.get((held.id, enrolment.id)) == value:
            continue
        row = session.get(Attendance, mark_id(held.id, enrolment.id))
        if row is None:
            row = Attendance(id=mark_id(held.id, enrolment.id), session_id=held.id, enrolment_id=enrolment.id,
                             mark=value, by=actor.name)
            save(session, actor, row)
        else:
            was = {"mark": row.mark}
            row.mark, row.at, row.by = value, utcnow(), actor.name
            save(session, actor, row, was=was)
        audit.record(session, actor, "change", "register", row.id, enrolment.person_id,
                     f"session {number} of course {course.id}: {value}")
        changed += 1
    return changed


@dataclass(frozen=True)
class Record:
    sessions_counted: int  # held since they joined (up to today)
    attended: int  # present, late or left early
    absent: int
    excused: int
    unmarked: int
    completed: bool


def attendance(enrolment: Enrolment, sessions: list[CourseSession], marks: dict[tuple[str, str], str],
               course: Course, today: date, share: float) -> Record:
    """One person's attendance on one course (pure: the caller reads sessions and marks)."""
    joined = enrolment.enrolled_on or date.max
    counted = [s for s in sessions if joined <= s.on <= today
               and (enrolment.withdrawn_on is None or s.on < enrolment.withdrawn_on)]
    got = [marks.get((s.id, enrolment.id)) for s in counted]
    attended = sum(1 for m in got if m in ATTENDED_MARKS)
    since_joined = [s for s in sessions if s.on >= joined]
    over = course.status == "finished" or (bool(sessions) and sessions[-1].on < today)
    needed = math.ceil(share * len(since_joined) - 1e-9)
    completed = (over and enrolment.state == "enrolled" and bool(since_joined) and attended >= needed)
    return Record(len(counted), attended, got.count("absent"), got.count("excused"), got.count(None), completed)
