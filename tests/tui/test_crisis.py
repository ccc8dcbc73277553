"""The crisis list is one key (F12) away from every screen, the lock screen included, and closing it goes back
to exactly where the advisor was, with what they were typing intact."""

from __future__ import annotations

from laptops import open_laptop
from textual.widgets import Input, TextArea

from liferooms_tui.dropin import conversations, people
from liferooms_tui.tui.app import create_app
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.screens.conversation import ConversationScreen
from liferooms_tui.tui.screens.crisis import CrisisScreen
from liferooms_tui.tui.screens.lock import LockScreen
from liferooms_tui.tui.screens.prompt import PromptScreen
from tests.tui.screen import screen_text, wait_for


async def open_and_close_crisis(pilot) -> str:
    """F12, check the list shows, Escape; returns what the list showed."""
    before = pilot.app.screen
    await pilot.press("f12")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CrisisScreen), what="the crisis list opens")
    shown = screen_text(pilot.app)
    assert "Samaritans: 116 123" in shown and "text SHOUT to 85258" in shown and "999" in shown
    assert "NHS 111" in shown and "mental health option" in shown
    await pilot.press("escape")
    await wait_for(pilot, lambda: pilot.app.screen is before, what="the crisis list closes back")
    return shown


async def test_from_the_drop_in_the_typed_search_is_intact(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"robi")
        await open_and_close_crisis(pilot)
        box = app.screen.query_one("#find", Input)
        assert box.value == "robi" and box.has_focus
        await pilot.press("n")  # typing goes on where it was
        assert box.value == "robin"


async def test_from_the_plan_step_a_half_typed_activity_is_intact(make_app, runtime):
    with runtime.store.session() as session:
        person = people.add_person(session, runtime.actor, "Robin Q. (test)", consent_store=True,
                                   consent_share=False)
        conversations.start_conversation(session, runtime.actor, person.id)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen), what="the question about the open one")
        await pilot.press("enter")  # resume it
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen), what="the drop-in resumes")
        conversation = app.screen
        await pilot.press(*"lonely")
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("a")  # a free-text activity
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen), what="the activity question")
        await pilot.press(*"walk wi")
        await open_and_close_crisis(pilot)
        assert app.screen.query_one("#answer", Input).value == "walk wi"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is conversation)
        assert conversation.query_one("#what-matters", TextArea).text == "lonely"


async def test_from_the_lock_screen_and_back_to_it(runtime):
    app = create_app(runtime, ask_passphrase=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen), what="the lock")
        await pilot.press(*"correct")
        shown = await open_and_close_crisis(pilot)
        assert "not set yet: ask your lead" in shown  # the local line and the lead, before settings fill them
        assert isinstance(app.screen, LockScreen) and app.lock.locked
        assert app.screen.query_one("#passphrase", Input).value == "correct"


async def test_volunteers_have_it_too_and_the_settings_show(tmp_path):
    volunteer = open_laptop(tmp_path / "v", role="volunteer")
    volunteer.settings.local_crisis_line = "0800 000 0000 (fictional)"
    volunteer.settings.safeguarding_lead = "Sam [b]Lead[/b], 0151 000 0000"
    try:
        app = create_app(volunteer, ask_passphrase=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            shown = await open_and_close_crisis(pilot)
            assert "Local crisis line: 0800 000 0000 (fictional)" in shown
            assert "Sam [b]Lead[/b]" in shown  # settings text is shown as typed, never as markup
            assert "not set yet" not in shown
    finally:
        volunteer.close()
