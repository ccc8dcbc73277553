"""Attendance on the person's page: h on the Drop-in list shows their courses, where they stand and their
attendance (sessions before they joined never count), and whether they completed."""

from __future__ import annotations

from datetime import date

from liferooms_tui import courses
from liferooms_tui.courses import enrolment, register
from liferooms_tui.courses.person import person_courses
from liferooms_tui.dropin import conversations, people
from tests.tui.screen import settle, wait_for
from tests.tui.test_corrections_tui import open_list


async def test_the_persons_page_shows_their_attendance(make_app, runtime):
    with runtime.store.session() as session:
        course = courses.add_course(session, runtime.actor, title="Drums (fictional)", needs=["creative"],
                                    hub="Bootle Hub", places=5, status="open",
                                    sessions=courses.weekly(date(2026, 1, 5), date(2026, 1, 26), "10:00-12:00"))
        kit = people.add_person(session, runtime.actor, "Kit (fictional)", consent_store=True, consent_share=True)
        talk = conversations.start_conversation(session, runtime.actor, kit.id)
        conversations.finish_conversation(session, runtime.actor, talk.id, what_matters="music")
        enrolment.enrol(session, runtime.actor, course.id, kit.id, today=date(2026, 1, 10))  # after session 1
        for number, mark in ((2, "present"), (3, "absent"), (4, "late")):
            register.mark(session, runtime.actor, course.id, number, {kit.id: mark})
        [mine] = person_courses(session, runtime.actor, kit.id, today=date(2026, 2, 1))
    assert mine.words() == "Drums (fictional): enrolled, came to 2 of 3 sessions, 1 absent · completed"
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_list(pilot, "Kit")
        await pilot.press("h")
        await settle(pilot)
        await wait_for(pilot, lambda: "came to 2 of 3 sessions" in
                       str(app.screen.query_one("#history-courses").render()))
