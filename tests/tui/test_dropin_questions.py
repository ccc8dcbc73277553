"""The two questions the Drop-in asks: 'is this someone already recorded?' and 'resume the drop-in left open?'."""

from __future__ import annotations

from sqlmodel import select

from liferooms_tui.db.models import Person
from liferooms_tui.dropin import conversations, people
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.screens.conversation import ConversationScreen
from tests.tui.screen import settle


async def test_a_look_alike_is_asked_about_before_a_second_record(make_app, runtime):
    with runtime.store.session() as session:
        first = people.add_person(session, runtime.actor, "Kit", postcode_district="L8", consent_store=True,
                                  consent_share=True)
        conversations.finish_conversation(session, runtime.actor,
                                          conversations.start_conversation(session, runtime.actor, first.id).id)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("K", "i", "t", "tab", "l", "8", "tab", "tab", "tab", "space", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen) and "already recorded" in app.screen.question
        await pilot.press("enter")  # "Use Kit, L8": the existing record
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen) and app.screen.person.id == first.id
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("K", "i", "t", "tab", "l", "8", "tab", "tab", "tab", "space", "ctrl+s")
        await settle(pilot)
        await pilot.press("n")  # no: a different person who shares the name and district
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen) and app.screen.person.id != first.id
    with runtime.store.session() as session:
        assert len(session.exec(select(Person)).all()) == 2


async def test_a_drop_in_left_open_is_offered_at_start(make_app, runtime):
    with runtime.store.session() as session:
        person = people.add_person(session, runtime.actor, "Jo [b]x[/b]", consent_store=True, consent_share=False)
        left = conversations.start_conversation(session, runtime.actor, person.id)
        conversations.autosave(session, runtime.actor, left.id, what_matters="the rent")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        assert "Resume Jo [b]x[/b]" in str(app.screen.query_one("#answer-0").label)  # literal, not markup
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen) and app.screen.conversation_id == left.id


async def test_enter_on_a_drop_in_left_open_carries_on_with_it(make_app, runtime):
    with runtime.store.session() as session:
        for name in ("Ash (fictional)", "Bo (fictional)"):
            person = people.add_person(session, runtime.actor, name, consent_store=True, consent_share=True)
            conversations.start_conversation(session, runtime.actor, person.id)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # not now
        await settle(pilot)
        drafts = app.screen.query_one("#drafts")
        drafts.focus()
        second = drafts.coordinate_to_cell_key((1, 0)).row_key.value
        await pilot.press("down", "enter")  # the second one left open
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen) and app.screen.conversation_id == second
