"""In the Plan and Refer steps the highlighted row stays put, and the goal dialog names its item."""

from __future__ import annotations

from liferooms_tui.directory.partners import list_partners
from liferooms_tui.dropin import conversations, people, prescriptions
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.screens.plan import PlanTable
from liferooms_tui.tui.screens.prompt import PromptScreen
from liferooms_tui.tui.screens.refer import ReferScreen, ReferTable
from liferooms_tui.vocabulary import NEEDS
from tests.tui.screen import settle
from tests.tui.test_dropin_flow import pick_partners, type_text


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
        await settle(pilot)
        await pilot.press("enter")  # carry on with the drop-in left open
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        table = app.screen.query_one(PlanTable)
        await pilot.press("down", "down", "g")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen) and app.screen.title_text == "Their goal for Walk the dog"
        await pilot.press("escape")
        await settle(pilot)
        assert table.cursor_row == 2
        await pilot.press("f9")
        await settle(pilot)
        refer = app.screen.query_one(ReferTable)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReferScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert refer.cursor_row == 1  # Down and Enter next time is the next partner, not the second again


async def test_a_partner_meeting_two_of_their_needs_asks_which(make_app, runtime):
    with runtime.store.session() as session:
        partner = next(p for p in list_partners(session) if {"housing", "debt"} <= set(p.needs) and not p.catchment)
        person = people.add_person(session, runtime.actor, "Morgan Q (fictional)", consent_store=True,
                                   consent_share=True)
        talk = conversations.start_conversation(session, runtime.actor, person.id)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # carry on with the drop-in
        await settle(pilot)
        await pilot.press("tab", "h", "d")  # Talk: their needs, ticked now
        await settle(pilot)
        await pilot.press("f8", "p")  # Plan: add a partner
        await settle(pilot)
        await type_text(pilot, partner.name)
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen) and partner.name in app.screen.question
        assert [label for _, label in app.screen.answers] == [NEEDS["housing"], NEEDS["debt"]]
        await pilot.press("down", "enter")  # money and debt
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("escape")
        await settle(pilot)
    with runtime.store.session() as session:
        plan = prescriptions.prescription_for(session, runtime.actor, talk.id)
        assert [(i.partner_id, i.need) for i in prescriptions.items(session, runtime.actor, plan.id)] == [
            (partner.id, "debt")]
