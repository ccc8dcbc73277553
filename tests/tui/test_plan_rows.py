"""In the Plan and Refer steps the highlighted row stays put, and the goal dialog names its item."""

from __future__ import annotations

from liferooms_tui import conversations, people, prescriptions
from liferooms_tui.screens.plan import PlanTable
from liferooms_tui.screens.prompt import PromptScreen
from liferooms_tui.screens.refer import ReferScreen, ReferTable
from tests.tui.test_dropin_flow import pick_partners


async def test_goal_goes_on_the_highlighted_item_and_rows_stay_put(make_app, runtime):
    with runtime.store.session() as session:
        person = people.add_person(session, runtime.actor, "Morgan Q (fictional)", postcode_district="L8",
                                   consent_store=True, consent_share=True)
        talk = conversations.start_conversation(session, runtime.actor, person.id)
        plan = prescriptions.prescription_for(session, runtime.actor, talk.id)
        for partner in pick_partners(session)[:2]:
            item = prescriptions.add_item(session, runtime.actor, plan.id, partner_id=partner.id, need="wellbeing")
            prescriptions.set_agreed(session, runtime.actor, item.id, True)
        for name in ("Walk the dog", "Call a friend"):
            prescriptions.add_item(session, runtime.actor, plan.id, activity=name)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # carry on with the drop-in left open
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        table = app.screen.query_one(PlanTable)
        await pilot.press("down", "down", "g")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen) and app.screen.title_text == "Their goal for Walk the dog"
        await pilot.press("escape")
        await pilot.pause()
        assert table.cursor_row == 2
        await pilot.press("f9")
        await pilot.pause()
        refer = app.screen.query_one(ReferTable)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReferScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert refer.cursor_row == 1  # Down and Enter next time is the next partner, not the second again
