"""Moving on by keyboard: on a finished course's page, m lists partners near each person who completed it (the
directory's search, for the course's needs) and Enter adds the highlighted one to their plan; someone who did not
complete gets no suggestions."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from liferooms_tui import courses
from liferooms_tui.courses import enrolment, register
from liferooms_tui.db.models import Partner, PrescriptionItem
from liferooms_tui.dropin import conversations, people, prescriptions
from liferooms_tui.tui.screens.course_page import CoursePageScreen
from liferooms_tui.tui.screens.moving_on import MovingOnScreen
from tests.tui.screen import settle, wait_for


async def test_moving_on_adds_a_partner_near_them_to_their_plan_in_one_key(make_app, runtime):
    with runtime.store.session() as session:
        course = courses.add_course(session, runtime.actor, title="Paint Together (fictional)", needs=["creative"],
                                    hub="Bootle Hub", places=4, status="open",
                                    sessions=courses.weekly(date(2026, 1, 5), date(2026, 1, 19), "10:00-12:00"))
        done = people.add_person(session, runtime.actor, "Dot H. (fictional)", postcode_district="L20",
                                 consent_store=True, consent_share=True)
        missed = people.add_person(session, runtime.actor, "Mo J. (fictional)", consent_store=True,
                                   consent_share=True)
        plan = prescriptions.prescription_for(session, runtime.actor,
                                              conversations.start_conversation(session, runtime.actor, done.id).id)
        for p in (done, missed):
            enrolment.enrol(session, runtime.actor, course.id, p.id, today=date(2026, 1, 1))
        for number in (1, 2, 3):
            register.mark(session, runtime.actor, course.id, number,
                          {done.id: "present", missed.id: "present" if number == 1 else "absent"})
        courses.edit_course(session, runtime.actor, course.id, status="finished")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(CoursePageScreen(course.id))
        await settle(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MovingOnScreen) and app.screen.found)
        found = app.screen.found
        assert {s.person_id for s in found} == {done.id}  # Mo came once in three: not completed
        assert len(found) == 3
        await pilot.press("enter")
        await wait_for(pilot, lambda: "is in Dot H. (fictional)'s plan" in
                       str(app.screen.query_one("#moving-said").render()))
    with runtime.store.session() as session:
        [item] = session.exec(select(PrescriptionItem).where(PrescriptionItem.prescription_id == plan.id)).all()
        partner = session.get(Partner, item.partner_id)
        assert partner.id == found[0].partner_id and "creative" in partner.needs
