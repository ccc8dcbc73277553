"""Figures for the learning offer: courses and enrolments by need (creative against practical, as the referrals
balance), fill, waiting, attendance, completion and feedback, and the overlap with small partners (courses whose
need and area a partner with at most 5 places a week also serves: where the service may be copying them).

Courses count when their term starts in the period. Tables use the report cells (tables.py), so exports hide and
round small numbers like every other export.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from sqlmodel import Session, col, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.courses import sessions_of
from liferooms_tui.courses.register import attendance, marks_for
from liferooms_tui.db.courses import Course, CourseFeedback, Enrolment
from liferooms_tui.db.models import Partner, Person
from liferooms_tui.reports.tables import Cell, Count, Ratio, Stat, Table
from liferooms_tui.vocabulary import ATTENDED_MARKS, CREATIVE_NEEDS, NEED_SHORT, NEEDS, PRACTICAL_NEEDS

SMALL_PARTNER = 5  # places a week


def group_of(need: str) -> str:
    return "creative" if need in CREATIVE_NEEDS else "practical" if need in PRACTICAL_NEEDS else "other"


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def course_tables(session: Session, actor: Actor, start: date, end: date, *, today: date | None = None,
                  completed_share: float = 2 / 3) -> list[Table]:
    require_advisor(actor, "reports")
    today = today or date.today()
    courses = [c for c in session.exec(select(Course)) if c.starts_on and start <= c.starts_on <= end
               and c.status != "cancelled"]
    ids = [c.id for c in courses]
    enrolments = [e for e, erased in session.exec(
        select(Enrolment, Person.erased_at).join(Person, col(Person.id) == Enrolment.person_id)
        .where(col(Enrolment.course_id).in_(ids)))]
    by_need_courses: Counter[str] = Counter(n for c in courses for n in c.needs)
    by_need_enrolled: Counter[str] = Counter(e.need or "" for e in enrolments if e.enrolled_on)
    need_rows: list[list[Cell]] = [[NEED_SHORT[n], group_of(n), Count(by_need_courses[n]),
                                     Count(by_need_enrolled[n])] for n in NEEDS]
    need_rows.append(["Not said", "other", Count(0), Count(by_need_enrolled[""])])
    balance = Table("courses_by_need", "Courses and enrolments by need", ["Need", "Group", "Courses", "Enrolled"],
                    need_rows, "A course meeting two needs counts under each; enrolments under the need it meets.")

    places = sum(c.places for c in courses)
    enrolled = [e for e in enrolments if e.enrolled_on]
    waiting = [e for e in enrolments if e.state == "waiting"]
    waits = [(e.enrolled_on - e.asked_at.date()).days for e in enrolled if e.enrolled_on and e.offered_on]
    attended = counted = completed = 0
    for course in courses:
        sessions = sessions_of(session, course.id)
        marks = marks_for(session, [s.id for s in sessions])
        held = {s.id for s in sessions if s.on <= today}
        for e in (e for e in enrolled if e.course_id == course.id):
            mine = [m for (s, who), m in marks.items() if who == e.id and s in held]
            counted += len(mine)
            attended += sum(1 for m in mine if m in ATTENDED_MARKS)
            completed += attendance(e, sessions, marks, course, today, completed_share).completed
    feedback = list(session.exec(select(CourseFeedback).where(
        col(CourseFeedback.enrolment_id).in_([e.id for e in enrolments]))))
    scores = [f.recommend for f in feedback if f.recommend is not None]
    summary = Table("course_figures", "The learning offer", ["Figure", "Value"], [
        ["Courses", Count(len(courses))],
        ["Places", Count(places)],
        ["People enrolled", Count(len(enrolled))],
        ["Fill rate (enrolled of places)", Ratio(len(enrolled), places, 100, whole_is_count=True, unit="%")],
        ["On a waiting list now", Count(len(waiting))],
        ["Days waited, by those who got a place from the list", Stat(_mean(waits), len(waits), unit=" days")],
        ["Attendance (marks present, late or left early)", Ratio(attended, counted, 100, whole_is_count=True,
                                                                 unit="%")],
        ["Completed", Count(completed)],
        ["Would recommend (1-5, mean)", Stat(_mean(scores), len(scores))],
    ])
    return [balance, summary, overlap_table(session, courses)]


def overlap_table(session: Session, courses: list[Course]) -> Table:
    """Courses whose need and area a small partner (at most 5 places a week) also serves."""
    small = [p for p in session.exec(select(Partner).where(col(Partner.capacity_per_week).is_not(None)))
             if p.active and p.capacity_per_week is not None and p.capacity_per_week <= SMALL_PARTNER]
    rows: list[list[Cell]] = []
    for course in sorted(courses, key=lambda c: c.title.lower()):
        same = [p for p in small if set(p.needs) & set(course.needs)
                and (course.where_kind == "online" or not p.catchment or course.postcode_district in p.catchment)]
        if same:
            needs = sorted({n for p in same for n in p.needs if n in course.needs})
            rows.append([course.title, ", ".join(NEED_SHORT[n] for n in needs), course.postcode_district or "online",
                         "; ".join(sorted(p.name for p in same)[:4]) + (" …" if len(same) > 4 else ""),
                         Count(len(same))])
    return Table("course_overlap", "Courses that small partners may already offer",
                 ["Course", "Needs", "Area", "Small partners (≤ 5 a week)", "How many"], rows,
                 "A small partner serves the course's need and has no catchment, or its catchment holds the "
                 "course's postcode district.")
