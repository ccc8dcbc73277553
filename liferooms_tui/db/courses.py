"""The learning offer's tables: courses, their sessions, enrolments (with the waiting list and offers), the
register and feedback at the end. Every one syncs (a text UUID, origin site and version, as in models.py).

An enrolment is one person's place on, or wait for, one course. Its `state` is "enrolled", "waiting" or
"withdrawn"; the waiting list is ordered by `asked_at` (then id). A place offered to someone waiting is
recorded as `offered_on` on their enrolment; whether the offer still stands is derived from that date and the
`offer_days` setting (courses/offers.py), so nothing needs to run when an offer lapses. The shared file keeps a
course from being overfilled by laptops that enrolled offline (sync/places.py): the enrolment that arrives
second is put on the waiting list, with `note` saying so in words.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON
from sqlmodel import Field

from liferooms_tui.db.models import Synced, utcnow


class Course(Synced, table=True):
    title: str = Field(index=True)
    what_you_do: str = ""  # what you will do, in plain words
    needs: list[str] = Field(default_factory=list, sa_type=JSON)
    partner_ids: list[str] = Field(default_factory=list, sa_type=JSON)  # co-delivering partners (directory ids)
    facilitators: list[str] = Field(default_factory=list, sa_type=JSON)
    where_kind: str = "hub"  # "hub", "community" (a community site) or "online"
    hub: str = ""  # the hub or community site it runs at ("" online)
    room: str = ""  # the room, or the address of a community venue, or how to join online
    postcode_district: str = ""  # where it runs, for moving on and the overlap with small partners
    access_notes: str = ""  # step-free, hearing loop ...
    starts_on: date | None = None  # the term
    ends_on: date | None = None
    places: int = 0
    status: str = "planned"  # a key of vocabulary.COURSE_STATUSES
    source: str = "manual"  # "sample" for the fictional training courses
    created_by: str = ""
    updated_at: datetime = Field(default_factory=utcnow)


class CourseSession(Synced, table=True):
    course_id: str = Field(foreign_key="course.id", index=True)
    number: int = 1  # 1, 2, 3 ... in date order
    on: date
    starts: str = ""  # "HH:MM"
    ends: str = ""


class Enrolment(Synced, table=True):
    course_id: str = Field(foreign_key="course.id", index=True)
    person_id: str = Field(foreign_key="person.id", index=True)
    state: str = "enrolled"  # "enrolled", "waiting" or "withdrawn"
    asked_at: datetime = Field(default_factory=utcnow)  # the waiting list's order
    enrolled_on: date | None = None  # sessions before this day never count as absences
    offered_on: date | None = None  # a place was offered to them (waiting) on this day
    withdrawn_on: date | None = None
    withdraw_reason: str = ""
    note: str = ""  # what sync settled, in words (moved to the waiting list: the last place went elsewhere)
    need: str | None = None  # the need it meets for them
    goal: str = ""  # their own goal, in their words
    prescription_item_id: str | None = None  # the plan item it came from (not a key: plans stay on their laptop)
    created_by: str = ""
    site: str = ""


class Attendance(Synced, table=True):
    """One person's mark in one session's register. Its id is made from the session and the enrolment, so
    marking again (here or on another laptop) changes the one row and the newer mark wins."""

    session_id: str = Field(foreign_key="coursesession.id", index=True)
    enrolment_id: str = Field(foreign_key="enrolment.id", index=True)
    mark: str  # a key of vocabulary.ATTENDANCE_MARKS
    at: datetime = Field(default_factory=utcnow)
    by: str = ""


class CourseFeedback(Synced, table=True):
    """At the end of a course: would they recommend it, what changed for them (their words), and the four ONS
    wellbeing questions before and after (each optional, 0-10, never summed)."""

    enrolment_id: str = Field(foreign_key="enrolment.id", index=True)
    recommend: int | None = None  # 1-5
    what_changed: str = ""
    ons_satisfied_before: int | None = None
    ons_worthwhile_before: int | None = None
    ons_happy_before: int | None = None
    ons_anxious_before: int | None = None
    ons_satisfied_after: int | None = None
    ons_worthwhile_after: int | None = None
    ons_happy_after: int | None = None
    ons_anxious_after: int | None = None
    recorded_at: datetime = Field(default_factory=utcnow)
    by: str = ""


# In foreign-key order, after the tables of models.py.
TABLES: list[type[Synced]] = [Course, CourseSession, Enrolment, Attendance, CourseFeedback]
