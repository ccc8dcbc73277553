"""Enrol from the plan by keyboard: c in the Plan step picks a course with the Courses search, enrols the person
(a full course: the waiting list, with the position said) and asks their goal, like a partner."""

from __future__ import annotations

from sqlmodel import select

from liferooms_tui import courses
from liferooms_tui.courses import enrolment
from liferooms_tui.db.courses import Enrolment
from liferooms_tui.db.models import PrescriptionItem
from liferooms_tui.dropin import conversations, people
from liferooms_tui.tui.screens.conversation import ConversationScreen
from liferooms_tui.tui.screens.prompt import PromptScreen
from tests.tui.screen import screen_lines, settle, wait_for
from tests.tui.test_dropin_flow import type_text


async def test_a_course_from_the_plan_enrols_them_or_puts_them_on_the_waiting_list(make_app, runtime):
    with runtime.store.session() as session:
        course = courses.add_course(session, runtime.actor, title="Ukulele Mornings (fictional)",
                                    needs=["creative"], hub="Bootle Hub", places=1, status="open",
                                    sessions=[courses.parse_session("12/01/2027 10:00-12:00")])
        first = people.add_person(session, runtime.actor, "Ola F. (fictional)", consent_store=True,
                                  consent_share=True)
        enrolment.enrol(session, runtime.actor, course.id, first.id)  # the one place is taken
        sam = people.add_person(session, runtime.actor, "Sam G. (fictional)", consent_store=True, consent_share=True)
        talk = conversations.start_conversation(session, runtime.actor, sam.id)
        conversations.autosave(session, runtime.actor, talk.id, needs=["creative"])
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ConversationScreen(talk.id))
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await type_text(pilot, "ukulele")
        await settle(pilot)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen) and "Ukulele" in screen_lines(app))
        assert any("waiting list, position 1" in n.message for n in app._notifications)  # said at once
        await type_text(pilot, "play a song for my grandson")
        await pilot.press("enter")
        await settle(pilot)
    with runtime.store.session() as session:
        [item] = session.exec(select(PrescriptionItem).where(PrescriptionItem.activity != "")).all()
        assert (item.activity, item.goal, item.need) == ("Course: Ukulele Mornings (fictional)",
                                                         "play a song for my grandson", "creative")
        mine = session.exec(select(Enrolment).where(Enrolment.person_id == sam.id)).one()
        assert (mine.state, mine.prescription_item_id) == ("waiting", item.id)
        assert enrolment.position_of(session, mine) == 1
