"""The learning offer: the service's own courses (with partners), their terms and sessions.

This module keeps the catalogue: adding, correcting and cancelling courses, and listing them by term, need, hub
and free places. Enrolment and the waiting list are in enrolment.py, the register in register.py, what a
course page shows in views.py. Volunteers may browse courses; only advisors change them or see who is on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, func, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.courses import Course, CourseSession, Enrolment
from liferooms_tui.db.models import Partner, utcnow
from liferooms_tui.db.outbox import save
from liferooms_tui.safetext import literal
from liferooms_tui.typed import parse_day
from liferooms_tui.vocabulary import COURSE_PLACES, COURSE_STATUSES, SITES, InvalidValue, check_need, normalise_district

TERMS = [(1, 4, "Spring"), (5, 8, "Summer"), (9, 12, "Autumn")]
TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
OPEN_TO_ENROL = {"open", "running"}


def term_of(day: date | None) -> str:
    """The term a course starting on `day` belongs to: 'Spring 2027' (Jan-Apr), 'Summer' (May-Aug), 'Autumn'."""
    if day is None:
        return "No dates yet"
    name = next(label for first, last, label in TERMS if first <= day.month <= last)
    return f"{name} {day.year}"


def check_term(text: str) -> str:
    """'spring-2027', 'Spring 2027' -> 'Spring 2027'."""
    match = re.fullmatch(r"\s*([A-Za-z]+)[\s_-]*(\d{4})\s*", text or "")
    names = {label.lower(): label for _, _, label in TERMS}
    if not match or match.group(1).lower() not in names:
        raise InvalidValue(f"'{literal(text)[:30]}' is not a term: type one such as 'Spring 2027', 'Summer 2027' or "
                           "'Autumn 2026'.")
    return f"{names[match.group(1).lower()]} {match.group(2)}"


def check_time(text: str, what: str) -> str:
    match = TIME_RE.match((text or "").strip())
    if not match:
        raise InvalidValue(f"'{literal(text)[:20]}' is not a time for {what}: type it as HH:MM, such as 10:00.")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


@dataclass(frozen=True)
class SessionTimes:
    on: date
    starts: str
    ends: str


def parse_session(text: str) -> SessionTimes:
    """'12/01/2027 10:00-12:00' (or 2027-01-12 10:00-12:00) -> a session."""
    parts = (text or "").split()
    if len(parts) != 2 or "-" not in parts[1]:
        raise InvalidValue(f"'{literal(text)[:40]}' is not a session: type it as DD/MM/YYYY HH:MM-HH:MM, "
                           "such as '12/01/2027 10:00-12:00'.")
    start, end = parts[1].split("-", 1)
    day = parse_day(parts[0], "a session's date")
    assert day is not None
    return SessionTimes(day, *_ordered(check_time(start, "the start"), check_time(end, "the end")))


def _ordered(start: str, end: str) -> tuple[str, str]:
    if end <= start:
        raise InvalidValue(f"A session ending at {end} cannot start at {start}: type the start first.")
    return start, end


def weekly(starts_on: date, ends_on: date, times: str) -> list[SessionTimes]:
    """One session a week from the first day to the last, at 'HH:MM-HH:MM'."""
    if "-" not in (times or ""):
        raise InvalidValue(f"'{literal(times)[:20]}' is not a time of day for the sessions: type HH:MM-HH:MM.")
    start, end = _ordered(*(check_time(t, "the sessions") for t in times.split("-", 1)))
    out, day = [], starts_on
    while day <= ends_on:
        out.append(SessionTimes(day, start, end))
        day += timedelta(days=7)
    return out


def find_course(session: Session, typed: str) -> Course:
    """The course an id, the start of an id (4 or more characters) or its exact title means."""
    text = (typed or "").strip()
    if not text:
        raise InvalidValue("Say which course: its id (or the start of it) or its title; 'liferooms courses list' "
                           "shows them.")
    course = session.get(Course, text)
    if course is not None:
        return course
    found = list(session.exec(select(Course).where(func.lower(Course.title) == text.lower()).limit(3)))
    if not found and len(text) >= 4:
        found = list(session.exec(select(Course).where(func.substr(Course.id, 1, len(text)) == text).limit(3)))
    if not found:
        raise InvalidValue(f"No course '{literal(text)[:40]}': 'liferooms courses list' shows their ids and titles.")
    if len(found) > 1:
        raise InvalidValue(f"'{literal(text)[:40]}' means more than one course: use its id.")
    return found[0]


def sessions_of(session: Session, course_id: str) -> list[CourseSession]:
    query = select(CourseSession).where(CourseSession.course_id == course_id)
    return sorted(session.exec(query), key=lambda s: (s.number, s.on))


def _checked(fields: dict, session: Session) -> dict:
    """The course fields given, checked and in stored form; InvalidValue says what to type instead."""
    out = dict(fields)
    if "title" in out:
        out["title"] = " ".join(str(out["title"] or "").split())
        if not out["title"]:
            raise InvalidValue("A course needs a title.")
    if "needs" in out:
        out["needs"] = [check_need(n) for n in dict.fromkeys(out["needs"] or [])]
    if "where_kind" in out and out["where_kind"] not in COURSE_PLACES:
        raise InvalidValue(f"'{literal(str(out['where_kind']))[:20]}' is not where a course runs: use hub, community "
                           "or online.")
    if out.get("hub") and out["hub"] not in SITES:
        raise InvalidValue(f"'{literal(out['hub'])[:30]}' is not a hub or community site: use one of "
                           f"{', '.join(SITES)}.")
    if "postcode_district" in out:
        out["postcode_district"] = normalise_district(out["postcode_district"]) or ""
    if "status" in out and out["status"] not in COURSE_STATUSES:
        raise InvalidValue(f"'{literal(str(out['status']))[:20]}' is not a course status: use one of "
                           f"{', '.join(COURSE_STATUSES)}.")
    if "places" in out:
        places = out["places"]
        if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 500:
            raise InvalidValue("Places is a whole number from 0 to 500.")
    for key in ("starts_on", "ends_on"):
        if key in out:
            out[key] = parse_day(out[key], "the term's " + ("first" if key == "starts_on" else "last") + " day")
    if "partner_ids" in out:
        ids = list(dict.fromkeys(out["partner_ids"] or []))
        missing = [i for i in ids if session.get(Partner, i) is None]
        if missing:
            raise InvalidValue(f"No partner {literal(missing[0])[:40]} in the directory: 'liferooms directory search' "
                               "shows partners' ids.")
        out["partner_ids"] = ids
    if "facilitators" in out:
        out["facilitators"] = [" ".join(f.split()) for f in out["facilitators"] or [] if f.strip()]
    return out


def _check_term(course: Course) -> None:
    if course.starts_on and course.ends_on and course.ends_on < course.starts_on:
        raise InvalidValue(f"The term ends ({course.ends_on:%d/%m/%Y}) before it starts ({course.starts_on:%d/%m/%Y}):"
                           " check the dates.")
    if course.where_kind != "online" and not course.hub:
        raise InvalidValue("Say where the course runs: the hub or community site (or that it is online).")


def add_course(session: Session, actor: Actor, *, title: str, sessions: list[SessionTimes] = (),  # type: ignore[assignment]
               **fields) -> Course:
    """A new course with its sessions (numbered in date order); the term defaults to the sessions' dates."""
    require_advisor(actor, "courses")
    course = Course(**_checked({"title": title, **fields}, session), created_by=actor.name)
    ordered = sorted(sessions, key=lambda s: (s.on, s.starts))
    if ordered:
        course.starts_on = course.starts_on or ordered[0].on
        course.ends_on = course.ends_on or ordered[-1].on
    _check_term(course)
    save(session, actor, course)
    for number, times in enumerate(ordered, 1):
        save(session, actor, CourseSession(course_id=course.id, number=number, on=times.on, starts=times.starts,
                                           ends=times.ends))
    return course


def edit_course(session: Session, actor: Actor, typed: str, **changes) -> Course:
    """Correct a course; only the fields given change (places cannot drop below the people enrolled)."""
    require_advisor(actor, "courses")
    course = find_course(session, typed)
    clean = _checked({k: v for k, v in changes.items() if v is not None}, session)
    if "places" in clean:
        enrolled = enrolled_count(session, course.id)
        if clean["places"] < enrolled:
            raise InvalidValue(f"{enrolled} people are enrolled on '{literal(course.title)}': places cannot be fewer;"
                               " withdraw someone first.")
    before = course.model_dump(mode="json")
    for key, value in clean.items():
        setattr(course, key, value)
    _check_term(course)
    after = course.model_dump(mode="json")
    was = {key: before[key] for key in after if after[key] != before[key]}
    if not was:
        return course
    course.updated_at = utcnow()
    return save(session, actor, course, was=was)


def cancel_course(session: Session, actor: Actor, typed: str) -> Course:
    require_advisor(actor, "courses")
    course = find_course(session, typed)
    if course.status == "cancelled":
        raise InvalidValue(f"'{literal(course.title)}' is already cancelled.")
    return edit_course(session, actor, course.id, status="cancelled")


def enrolled_count(session: Session, course_id: str) -> int:
    query = select(func.count()).select_from(Enrolment).where(Enrolment.course_id == course_id,
                                                             Enrolment.state == "enrolled")
    return session.exec(query).one()


@dataclass(frozen=True)
class CourseRow:
    course: Course
    term: str
    sessions: int
    enrolled: int
    waiting: int
    partner_names: list[str]

    @property
    def free(self) -> int:
        return max(0, self.course.places - self.enrolled)


def list_courses(session: Session, actor: Actor, *, need: str | None = None, term: str | None = None,
                 hub: str | None = None, has_places: bool = False, ids: list[str] | None = None) -> list[CourseRow]:
    """Courses in term order, then title; volunteers too (counts only: never who is on them)."""
    del actor  # anyone may browse the learning offer
    need = check_need(need) if need else None
    term = check_term(term) if term else None
    query = select(Course)
    if ids is not None:
        query = query.where(col(Course.id).in_(ids))
    courses = [c for c in session.exec(query) if (not need or need in c.needs) and (not hub or c.hub == hub)
               and (not term or term_of(c.starts_on) == term)]
    counts: dict[tuple[str, str], int] = {}
    for course_id, state, n in session.exec(select(Enrolment.course_id, Enrolment.state, func.count())
                                            .group_by(Enrolment.course_id, Enrolment.state)):
        counts[(course_id, state)] = n
    sessions = dict(session.exec(select(CourseSession.course_id, func.count()).group_by(CourseSession.course_id)).all())
    partners = {p.id: p.name for p in session.exec(select(Partner).where(
        col(Partner.id).in_(sorted({i for c in courses for i in c.partner_ids}))))}
    rows = [CourseRow(c, term_of(c.starts_on), sessions.get(c.id, 0), counts.get((c.id, "enrolled"), 0),
                      counts.get((c.id, "waiting"), 0), [partners[i] for i in c.partner_ids if i in partners])
            for c in courses]
    if has_places:
        rows = [r for r in rows if r.free > 0 and r.course.status in OPEN_TO_ENROL]
    return sorted(rows, key=lambda r: (r.course.starts_on or date.max, r.course.title.lower(), r.course.id))


def course_summary(row: CourseRow) -> dict:
    c = row.course
    return {"id": c.id, "title": c.title, "what_you_do": c.what_you_do, "needs": c.needs, "term": row.term,
            "starts_on": c.starts_on.isoformat() if c.starts_on else None,
            "ends_on": c.ends_on.isoformat() if c.ends_on else None, "where": where_text(c), "hub": c.hub,
            "access_notes": c.access_notes, "partners": row.partner_names, "facilitators": c.facilitators,
            "places": c.places, "enrolled": row.enrolled, "waiting": row.waiting, "free": row.free,
            "sessions": row.sessions, "status": c.status, "origin_site": c.origin_site}


def where_text(course: Course) -> str:
    if course.where_kind == "online":
        return "Online" + (f" ({course.room})" if course.room else "")
    return ", ".join(part for part in (course.hub, course.room) if part)
