"""Referrals in on screen: recorded from the palette (bad input said in the form, nothing saved), triaged as
accepted, then the person shows as expected in the Drop-in; Enter there starts their drop-in, which links back to
the referral; y copies the text for the referrer."""

from __future__ import annotations

from sqlmodel import func, select
from textual.widgets import Checkbox, Input

from liferooms_tui.db.models import ReferralIn
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.screens.conversation import ConversationScreen
from liferooms_tui.tui.screens.dropin import DropInScreen
from liferooms_tui.tui.screens.prompt import PromptScreen
from liferooms_tui.tui.screens.referrals_in import ReferralInForm, ReferralsInScreen
from liferooms_tui.tui.widgets.expected import ExpectedTable
from tests.tui.screen import run_from_palette, screen_text, wait_for

NAME = "Jo Referred (fictional)"


async def test_record_triage_then_expected_in_the_drop_in(make_app, runtime):
    app = make_app()
    copied = []
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        await run_from_palette(pilot, "referrals in", "Referrals in")
        listing = await wait_for(pilot, lambda: isinstance(app.screen, ReferralsInScreen) and app.screen)
        await pilot.press("n")
        form = await wait_for(pilot, lambda: isinstance(app.screen, ReferralInForm) and app.screen)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Say who referred" in screen_text(app))
        with runtime.store.session() as session:
            assert session.exec(select(func.count()).select_from(ReferralIn)).one() == 0
        form.query_one("#source", Input).value = "gp: Dr Khan (fictional)"
        form.query_one("#reason", Input).value = "Low mood since losing work"
        form.query_one("#person", Input).value = NAME
        form.query_one("#consent", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is listing and listing.rows, what="the list shows it")
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("enter")  # accepted for a drop-in
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press("enter")  # no reason needed
        await wait_for(pilot, lambda: "Triaged: accepted" in screen_text(app))
        await pilot.press("y")
        assert copied and copied[0].startswith(f"Thank you for referring {NAME}") and "expect them" in copied[0]
        await pilot.press("escape")
        dropin = await wait_for(pilot, lambda: isinstance(app.screen, DropInScreen) and app.screen)
        expected = dropin.query_one(ExpectedTable)
        await wait_for(pilot, lambda: expected.display and NAME in screen_text(app), what="expected in the Drop-in")
        expected.focus()
        await pilot.press("enter")
        talk = await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen)
    with runtime.store.session() as session:
        referral = session.exec(select(ReferralIn)).one()
    assert referral.outcome == "accepted" and referral.conversation_id == talk.conversation_id
