"""Offline, nothing double-booked silently: two laptops that each enrol someone into a course's last place
without seeing each other end, after sync, with one enrolment and one waiting-list entry, and both say so."""

from __future__ import annotations

from sync_helpers import shared_value, sync

from liferooms_tui import courses
from liferooms_tui.courses import enrolment, views
from liferooms_tui.dropin import people
from liferooms_tui.sync.places import MOVED_NOTE


def _person(laptop, name: str) -> str:
    with laptop.store.session() as session:
        return people.add_person(session, laptop.actor, name, consent_store=True, consent_share=True).id


def _enrol(laptop, course_id: str, person_id: str) -> enrolment.Outcome:
    with laptop.store.session() as session:
        return enrolment.enrol(session, laptop.actor, course_id, person_id)


def _view(laptop, course_id: str) -> views.CourseView:
    with laptop.store.session() as session:
        return views.course_view(session, laptop.actor, course_id)


def test_two_laptops_enrolling_into_the_last_place_end_with_one_enrolled_and_one_waiting(pair):
    a, b, path = pair
    with a.store.session() as session:
        course = courses.add_course(session, a.actor, title="Last Place Pottery (fictional)", needs=["creative"],
                                    hub="Bootle Hub", places=1, status="open",
                                    sessions=[courses.parse_session("12/01/2027 10:00-12:00")]).id
    sync(a, path)
    sync(b, path)  # both laptops know the course, with its one place free

    ana, ben = _person(a, "Ana P. (fictional)"), _person(b, "Ben Q. (fictional)")
    assert _enrol(a, course, ana).enrolment.state == "enrolled"  # offline: neither sees the other's
    assert _enrol(b, course, ben).enrolment.state == "enrolled"
    sync(a, path)  # a reaches the shared file first and keeps the place
    sync(b, path)  # b's enrolment arrives second: the course is full there
    sync(a, path)

    assert shared_value(path, "SELECT person_id, state FROM enrolment ORDER BY state") == [
        (ana, "enrolled"), (ben, "waiting")]
    for laptop in (a, b):
        view = _view(laptop, course)
        assert [m.enrolment.person_id for m in view.enrolled] == [ana]
        assert [(m.enrolment.person_id, m.position) for m in view.waiting] == [(ben, 1)]
        assert view.waiting[0].enrolment.note == MOVED_NOTE  # said in words on both laptops
        assert view.free == 0
    with b.store.session() as session:  # b's laptop now refuses a second try in words too
        again = enrolment.enrol(session, b.actor, course, _person(b, "Cal R. (fictional)"))
    assert again.enrolment.state == "waiting" and again.position == 2
