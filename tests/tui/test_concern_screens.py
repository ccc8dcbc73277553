"""Safeguarding concerns on screen: F10 on a drop-in opens the form; it cannot be saved until the lead was told
(one sentence, nothing saved); it saves once they were; volunteers reach no concern by key or palette; a lead
closes one from the list and an advisor cannot."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from laptops import open_laptop
from sqlmodel import func, select
from textual.command import CommandPalette
from textual.widgets import Input, SelectionList

from liferooms_tui.db.models import Concern
from liferooms_tui.dropin import conversations, people
from liferooms_tui.safeguarding import concerns
from liferooms_tui.tui.app import create_app
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.screens.concern import ConcernScreen
from liferooms_tui.tui.screens.concerns import ConcernsScreen
from liferooms_tui.tui.screens.conversation import ConversationScreen
from liferooms_tui.tui.screens.prompt import PromptScreen
from tests.tui.screen import run_from_palette, screen_text, wait_for

NAME = "Robin Q. (fictional)"


def concern_count(runtime) -> int:
    with runtime.store.session() as session:
        return session.exec(select(func.count()).select_from(Concern)).one()


def with_a_drop_in(runtime) -> str:
    with runtime.store.session() as session:
        person = people.add_person(session, runtime.actor, NAME, consent_store=True, consent_share=False)
        conversations.start_conversation(session, runtime.actor, person.id)
        return person.id


async def test_f10_in_a_drop_in_refuses_until_the_lead_was_told_then_saves(make_app, runtime):
    person = with_a_drop_in(runtime)
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        await pilot.press("f10")
        form = await wait_for(pilot, lambda: isinstance(app.screen, ConcernScreen) and app.screen)
        assert NAME in screen_text(app)
        await pilot.press(*"said they feel unsafe at home")
        await pilot.press("tab", "space", "down", "space")  # risk to self, risk from others
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Say who you told" in screen_text(app), what="the refusal sentence")
        assert concern_count(runtime) == 0 and app.screen is form
        await pilot.press("f12")  # the crisis list and back: nothing typed is lost
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is form)
        form.query_one("#lead-who", Input).value = "Sam Lead (fictional)"
        form.query_one("#lead-how", Input).value = "phone"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen), what="the form closes")
        await wait_for(pilot, lambda: "⚑ 1 open safeguarding concern" in screen_text(app), what="the card's flag")
    with runtime.store.session() as session:
        concern = session.exec(select(Concern)).one()
    assert (concern.person_id, concern.status, concern.what) == (person, "open", "said they feel unsafe at home")
    assert concern.categories == ["self", "others"] and concern.lead_informed_on == date.today()


async def test_escape_twice_leaves_and_ctrl_d_keeps_a_draft(make_app, runtime):
    with_a_drop_in(runtime)
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        await pilot.press("f10")
        form = await wait_for(pilot, lambda: isinstance(app.screen, ConcernScreen) and app.screen)
        await pilot.press(*"seen with bruises")
        await pilot.press("escape")
        await wait_for(pilot, lambda: "Escape again leaves" in screen_text(app))
        assert app.screen is form
        form.query_one(SelectionList).select("neglect")
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
    with runtime.store.session() as session:
        assert session.exec(select(Concern.status)).one() == "draft"


async def test_volunteers_reach_no_concern_by_key_or_palette(tmp_path):
    volunteer = open_laptop(tmp_path / "v", role="volunteer")
    try:
        app = create_app(volunteer, ask_passphrase=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("f10")
            await pilot.pause()
            assert not isinstance(app.screen, (ConcernScreen, ConcernsScreen))
            assert not app.check_action("concern", ()) and not app.check_action("concerns", ())
            await pilot.press("ctrl+p")
            await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
            await pilot.press(*"concern")
            await pilot.pause(0.3)
            assert "Safeguarding" not in screen_text(app)
            await pilot.press("escape")
    finally:
        volunteer.close()


async def test_a_lead_closes_from_the_list_and_an_advisor_cannot(make_app, runtime):
    with runtime.store.session() as session:
        person = people.add_person(session, runtime.actor, NAME, consent_store=True, consent_share=False)
        concerns.raise_concern(session, runtime.actor, person.id, what="said they feel unsafe", categories=["self"],
                               lead=concerns.LeadInformed("Sam Lead (fictional)", date.today(), "phone"))
    app = make_app()
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        await run_from_palette(pilot, "safeguarding concerns", "Safeguarding concerns")
        await wait_for(pilot, lambda: isinstance(app.screen, ConcernsScreen) and app.screen.rows)
        await pilot.press("c")
        await wait_for(pilot, lambda: "Only the safeguarding lead can close" in screen_text(app))
        await pilot.press("escape")
        runtime.actor = replace(runtime.actor, role="lead")
        await run_from_palette(pilot, "safeguarding concerns", "Safeguarding concerns")
        await wait_for(pilot, lambda: isinstance(app.screen, ConcernsScreen) and app.screen.rows)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press(*"seen by the crisis team")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "The concern is closed" in screen_text(app))
    with runtime.store.session() as session:
        closed = session.exec(select(Concern)).one()
    assert (closed.status, closed.outcome) == ("closed", "seen by the crisis team")


async def test_the_flag_shows_while_open_and_the_persons_history_lists_every_concern(make_app, runtime):
    person = with_a_drop_in(runtime)
    told = concerns.LeadInformed("Sam Lead (fictional)", date.today(), "phone")
    with runtime.store.session() as session:
        first = concerns.raise_concern(session, runtime.actor, person, what="old worry", categories=["neglect"],
                                       lead=told)
        concerns.close_concern(session, replace(runtime.actor, role="lead"), first.id, "resolved")
    app = make_app()
    async with app.run_test(size=(110, 34)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("enter")
        talk = await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen)
        await pilot.pause(0.3)
        assert "open safeguarding concern" not in screen_text(app)  # closed: no flag
        with runtime.store.session() as session:
            concerns.raise_concern(session, runtime.actor, person, what="new worry", categories=["self"], lead=told)
        talk.query_one("#concern-flag").refresh_count()
        await wait_for(pilot, lambda: "⚑ 1 open safeguarding concern" in screen_text(app))
        await run_from_palette(pilot, "this person's", "This person's concerns")
        history = await wait_for(pilot, lambda: isinstance(app.screen, ConcernsScreen) and app.screen.rows
                                 and app.screen)
        assert [r.concern.what for r in history.rows] == ["new worry", "old worry"]
        assert "Closed" in screen_text(app) and "Open" in screen_text(app)
