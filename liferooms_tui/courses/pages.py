"""What the Courses section's screens ask for: the list (searched with the directory's own search engine), a
course page (volunteers: the course only, never who is on it) and one session's register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.courses import CourseRow, find_course, list_courses, sessions_of, term_of
from liferooms_tui.courses.register import course_session, mark, marks_for, on_register
from liferooms_tui.courses.views import CourseView, course_view
from liferooms_tui.db.courses import CourseSession
from liferooms_tui.db.models import Partner
from liferooms_tui.directory.search import Filters, PartnerIndex


@dataclass(frozen=True)
class Found:
    row: CourseRow
    why: str  # why it matched the words typed ("" with no words)


def _as_partner(row: CourseRow) -> Partner:
    """A course as the directory's search reads a partner (never saved): its title is the name, what you will do
    the description, its partners and facilitators the keywords, its access notes who it is for."""
    c = row.course
    return Partner(id=c.id, name=c.title, description=c.what_you_do, needs=list(c.needs), services=[],
                   keywords=[*row.partner_names, *c.facilitators, c.room], who_for=c.access_notes,
                   hubs=[c.hub] if c.hub else [], active=True)


def search_courses(session: Session, actor: Actor, text: str = "", *, need: str | None = None,
                   term: str | None = None, hub: str | None = None, has_places: bool = False) -> list[Found]:
    """Courses passing the filters; with words typed, the best matches first (spelling forgiven, lay words
    understood: the directory's search over the courses)."""
    rows = list_courses(session, actor, need=need, term=term, hub=hub, has_places=has_places)
    if not text.strip():
        return [Found(r, "") for r in rows]
    by_id = {r.course.id: r for r in rows}
    index = PartnerIndex.build(_as_partner(r) for r in rows)
    return [Found(by_id[hit.partner.id], hit.why) for hit in index.search(text, Filters(), limit=len(rows))]


def terms(session: Session, actor: Actor) -> list[str]:
    """The terms that have courses, in time order."""
    rows = list_courses(session, actor)
    return list(dict.fromkeys(term_of(r.course.starts_on) for r in rows if r.course.starts_on))


@dataclass(frozen=True)
class CoursePage:
    row: CourseRow
    sessions: list[CourseSession]
    view: CourseView | None  # who is on it: advisors only


def course_page(session: Session, actor: Actor, course_id: str, *, today: date | None = None,
                offer_days: int = 7) -> CoursePage:
    course = find_course(session, course_id)
    [row] = list_courses(session, actor, ids=[course.id])
    view = None if actor.is_volunteer else course_view(session, actor, course.id, today=today,
                                                       offer_days=offer_days)
    return CoursePage(row, sessions_of(session, course.id), view)


@dataclass(frozen=True)
class RegisterLine:
    person_id: str
    name: str
    mark: str | None


@dataclass(frozen=True)
class RegisterSheet:
    title: str
    course_id: str
    sessions: list[CourseSession]
    held: CourseSession
    lines: list[RegisterLine]


def register_sheet(session: Session, actor: Actor, course_id: str, number: int | None = None, *,
                   today: date | None = None) -> RegisterSheet:
    """One session's register (default: today's, or the last one before today, or the first)."""
    require_advisor(actor, "registers")
    course = find_course(session, course_id)
    sessions = sessions_of(session, course.id)
    if number is None:
        today = today or date.today()
        past = [s for s in sessions if s.on <= today]
        number = past[-1].number if past else (sessions[0].number if sessions else 1)
    held = course_session(session, course, number)
    marks = marks_for(session, [held.id])
    lines = [RegisterLine(e.person_id, name, marks.get((held.id, e.id))) for e, name in
             on_register(session, course, held)]
    return RegisterSheet(course.title, course.id, sessions, held, lines)


def mark_one(session: Session, actor: Actor, course_id: str, number: int, person_id: str, value: str) -> int:
    """One mark in a session's register (the register screen saves each as it is pressed)."""
    return mark(session, actor, course_id, number, {person_id: value})
