"""The Courses section (F11) by keyboard: search with the directory's search, filter, open a course, and mark a
register quickly down the list; a volunteer browses courses but never sees who is on one."""

from __future__ import annotations

from datetime import date

from laptops import open_laptop

from liferooms_tui import courses
from liferooms_tui.courses import enrolment, register
from liferooms_tui.dropin import people
from liferooms_tui.tui.app import create_app
from liferooms_tui.tui.screens.course_page import CoursePageScreen
from liferooms_tui.tui.screens.course_register import RegisterScreen
from liferooms_tui.tui.screens.courses import CoursesScreen

from .screen import screen_lines, wait_for

CHOIR = "Community Choir: Winter Songs (fictional)"  # a sample course, Autumn 2026, Bootle Hub, 20 places


def _enrol_three(runtime) -> tuple[str, list[str]]:
    with runtime.store.session() as session:
        course = courses.find_course(session, CHOIR)
        who = [people.add_person(session, runtime.actor, name, consent_store=True, consent_share=True).id
               for name in ("Ama B. (fictional)", "Bea C. (fictional)", "Cal D. (fictional)")]
        for p in who:
            enrolment.enrol(session, runtime.actor, course.id, p, today=date(2026, 9, 1))
        return course.id, who


async def test_search_open_a_course_and_mark_its_register_by_keyboard(make_app, runtime):
    course_id, who = _enrol_three(runtime)
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f11")
        await wait_for(pilot, lambda: isinstance(app.screen, CoursesScreen) and len(app.screen.found) == 30)
        await pilot.press(*"chior")  # spelling forgiven, as in the Directory
        await wait_for(pilot, lambda: app.screen.found and app.screen.found[0].row.course.title == CHOIR)
        await pilot.press("ctrl+o")  # has places: the choir has 17 free
        await wait_for(pilot, lambda: "places free only" in screen_lines(app))
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CoursePageScreen)
                       and "Ama B. (fictional)" in screen_lines(app))
        assert "Enrolled (3)" in screen_lines(app)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, RegisterScreen) and app.screen.sheet is not None)
        number = app.screen.sheet.held.number  # the latest session held by today (or the first)
        await pilot.press("p", "a", "l")  # down the list, one key each (in name order: Ama, Bea, Cal)
        await wait_for(pilot, lambda: len(_marks(runtime, course_id, number)) == 3)
        await pilot.press("left_square_bracket" if number > 1 else "right_square_bracket")
        await wait_for(pilot, lambda: app.screen.sheet.held.number != number)
    assert _marks(runtime, course_id, number) == {who[0]: "present", who[1]: "absent", who[2]: "late"}


def _marks(runtime, course_id, number) -> dict[str, str]:
    with runtime.store.session() as session:
        course = courses.find_course(session, course_id)
        first = courses.sessions_of(session, course_id)[number - 1]
        found = register.marks_for(session, [first.id])
        return {e.person_id: found[(first.id, e.id)] for e, _ in register.on_register(session, course, first)
                if (first.id, e.id) in found}


async def test_a_volunteer_browses_courses_but_never_who_is_on_them(runtime, tmp_path):
    _enrol_three(runtime)
    volunteer = open_laptop(tmp_path / "volunteer", role="volunteer")
    try:
        app = create_app(volunteer, ask_passphrase=False)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.press("f11")
            await wait_for(pilot, lambda: isinstance(app.screen, CoursesScreen) and len(app.screen.found) == 30)
            await pilot.press("down", "enter")
            await wait_for(pilot, lambda: isinstance(app.screen, CoursePageScreen) and "Sessions:" in
                           screen_lines(app))
            assert "Enrolled" not in screen_lines(app) and "Waiting list" not in screen_lines(app)
            await pilot.press("r")
            await pilot.pause(0.2)
            assert isinstance(app.screen, CoursePageScreen)
    finally:
        volunteer.close()
