"""Course rules as services: offers lapse to the next waiting after offer_days (from dates, no job), sessions
before someone joined never count, completion at the settings' share, and erasure takes a person off every list."""

from __future__ import annotations

from datetime import date

import pytest

from liferooms_tui import courses, privacy
from liferooms_tui.courses import enrolment, register, views
from liferooms_tui.courses.offers import Waiting, offers
from liferooms_tui.dropin import people
from liferooms_tui.vocabulary import InvalidValue

DAY = date(2027, 1, 4)


def _course(session, actor, places=1, weeks=3):
    first = date(2027, 1, 11)
    sessions = courses.weekly(first, date(2027, 1, 11 + 7 * (weeks - 1)), "10:00-12:00")
    return courses.add_course(session, actor, title="Rules Pottery (fictional)", needs=["creative"],
                              hub="Bootle Hub", places=places, status="open", sessions=sessions)


def _people(session, actor, n):
    return [people.add_person(session, actor, f"P{i} (fictional)", consent_store=True, consent_share=True).id
            for i in range(n)]


def test_an_offer_not_taken_in_offer_days_goes_to_the_next_and_then_stands(session, actor):
    found = offers(1, 0, [Waiting("a", date(2027, 1, 1)), Waiting("b", None), Waiting("c", None)], date(2027, 1, 8), 7)
    assert [(o.enrolment_id, o.lapsed) for o in found] == [("a", False)]  # day 7: still standing
    found = offers(1, 0, [Waiting("a", date(2027, 1, 1)), Waiting("b", None), Waiting("c", None)], date(2027, 1, 9), 7)
    assert [(o.enrolment_id, o.offered_on, o.lapsed) for o in found] == [
        ("a", date(2027, 1, 1), True), ("b", date(2027, 1, 9), False)]

    course = _course(session, actor)
    a, b, c = _people(session, actor, 3)
    for who in (a, b, c):
        enrolment.enrol(session, actor, course.id, who, today=DAY, offer_days=7)
    enrolment.withdraw(session, actor, course.id, a, "Moved away (fictional)", today=DAY, offer_days=7)
    later = views.course_view(session, actor, course.id, today=date(2027, 1, 12), offer_days=7)
    assert [(m.enrolment.person_id, m.offer.lapsed) for m in later.offers] == [(b, True), (c, False)]
    with pytest.raises(InvalidValue, match="already on the waiting list"):
        enrolment.enrol(session, actor, course.id, b, today=date(2027, 1, 12), offer_days=7)  # lapsed: not hers
    took = enrolment.enrol(session, actor, course.id, c, today=date(2027, 1, 12), offer_days=7)
    assert took.enrolment.state == "enrolled"


def test_sessions_before_joining_never_count_and_completion_follows_the_share(session, actor):
    course = _course(session, actor, places=3, weeks=3)
    early, late = _people(session, actor, 2)
    enrolment.enrol(session, actor, course.id, early, today=DAY)
    register.mark(session, actor, course.id, 1, {early: "present"})
    joined = enrolment.enrol(session, actor, course.id, late, today=date(2027, 1, 12)).enrolment
    with pytest.raises(InvalidValue, match="not on the register of session 1"):
        register.mark(session, actor, course.id, 1, {late: "absent"})
    register.mark(session, actor, course.id, 2, {early: "absent", late: "late"})
    register.mark(session, actor, course.id, 3, {early: "present", late: "present"})
    sessions = courses.sessions_of(session, course.id)
    marks = register.marks_for(session, [s.id for s in sessions])
    after = date(2027, 2, 1)
    mine = register.attendance(joined, sessions, marks, course, after, 2 / 3)
    assert (mine.sessions_counted, mine.attended, mine.absent, mine.completed) == (2, 2, 0, True)
    first = enrolment.current_enrolment(session, course.id, early)
    theirs = register.attendance(first, sessions, marks, course, after, 2 / 3)
    assert (theirs.sessions_counted, theirs.attended, theirs.absent, theirs.completed) == (3, 2, 1, True)
    assert not register.attendance(first, sessions, marks, course, after, 0.9).completed
    assert not register.attendance(first, sessions, marks, course, date(2027, 1, 20), 2 / 3).completed  # not over


def test_erasure_takes_a_person_off_every_list_and_register(session, actor):
    course = _course(session, actor, places=1)
    kept, erased, waiting = _people(session, actor, 3)
    enrolment.enrol(session, actor, course.id, kept, today=DAY)
    enrolment.enrol(session, actor, course.id, erased, today=DAY, goal="Make a bowl for my mum (fictional)")
    enrolment.enrol(session, actor, course.id, waiting, today=DAY)
    privacy.erase_person(session, actor, erased)
    view = views.course_view(session, actor, course.id, today=DAY)
    assert [m.enrolment.person_id for m in view.waiting] == [waiting]
    held = courses.sessions_of(session, course.id)[0]
    assert [e.person_id for e, _ in register.on_register(session, course, held)] == [kept]
    gone = enrolment.members  # the enrolment row stays for counts, with the words typed blanked
    assert all(e.goal == "" for e, _ in gone(session, course.id, "waiting"))
    from sqlmodel import select

    from liferooms_tui.db.courses import Enrolment
    row = session.exec(select(Enrolment).where(Enrolment.person_id == erased)).one()
    assert row.goal == ""
