"""The Referrals section lists the newest referrals, filters them, and finds those due a check-in."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from textual.containers import VerticalScroll
from textual.widgets import OptionList

from liferooms_tui import demo, referrals
from liferooms_tui.directory.partners import list_partners
from liferooms_tui.dropin import people
from liferooms_tui.referrals import feedback
from liferooms_tui.tui.screens import referrals as referrals_screen
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.screens.feedback import PartnerUpdateScreen, PersonFeedbackScreen
from liferooms_tui.tui.screens.prompt import PromptScreen
from liferooms_tui.tui.screens.referral_detail import ReferralDetailScreen, StatusPickerScreen, feedback_line
from liferooms_tui.tui.screens.referrals import ReferralsScreen, ReferralTable
from liferooms_tui.vocabulary import STATUSES

from .screen import screen_text, wait_for


async def test_newest_first_a_limited_list_and_the_filters_reach_the_rest(make_app, runtime, monkeypatch):
    monkeypatch.setattr(referrals_screen, "SHOWN", 4)
    with runtime.store.session() as session:
        demo.fill(session, runtime.actor, 12, seed=4, today=date.today())
        every = referrals.list_referrals(session, runtime.actor)
        due = feedback.referrals_needing_check_in(session, runtime.actor, runtime.settings.check_in_weeks)
    assert len(every) > 4 and due
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f4")
        screen = await wait_for(pilot, lambda: isinstance(app.screen, ReferralsScreen) and app.screen)
        table = screen.query_one(ReferralTable)

        def filters() -> str:
            return str(screen.query_one("#filters").render())

        await wait_for(pilot, lambda: table.row_count)
        assert [str(k.value) for k in table.rows] == [r.referral.id for r in every[:4]]
        assert filters().startswith("the newest 4 referrals")
        await pilot.press("k")  # only those with no news for a while: older ones, found all the same
        await wait_for(pilot, lambda: "only (k)" in filters())
        shown = [str(k.value) for k in table.rows]
        assert shown and set(shown) <= {c.referral_id for c in due} and len(shown) == min(4, len(due))
        assert all(str(table.get_row_at(i)[3]).startswith("⚑") for i in range(len(shown)))
        await pilot.press("c", "s", "s")  # status: the second one
        status = list(STATUSES)[1]
        await wait_for(pilot, lambda: f"Status: {STATUSES[status]} (s)" in filters())
        assert [str(k.value) for k in table.rows] == [r.referral.id for r in every if r.status == status][:4]


async def test_a_closed_referral_says_reopen_first_before_offering_statuses(make_app, runtime):
    with runtime.store.session() as session:
        demo.fill(session, runtime.actor, 12, seed=4, today=date.today())
        rows = referrals.list_referrals(session, runtime.actor)
    closed = next(r for r in rows if r.status == "declined")
    still_open = next(r for r in rows if r.status == "sent")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for row, offered in ((closed, False), (still_open, True)):
            app.push_screen(ReferralDetailScreen(row.referral.id))
            await wait_for(pilot, lambda: isinstance(app.screen, ReferralDetailScreen) and app.screen.view)
            await pilot.press("t")
            await pilot.pause()
            assert isinstance(app.screen, StatusPickerScreen) is offered
            if offered:
                await pilot.press("escape")
                await pilot.pause()


async def test_a_status_recorded_after_a_later_one_is_marked(make_app, runtime):
    with runtime.store.session() as session:
        partner = next(p for p in list_partners(session) if not p.catchment and not p.benefits_required
                       and p.min_age is None and p.max_age is None and not p.capacity_per_week)
        person = people.add_person(session, runtime.actor, "Morgan Q (fictional)", consent_store=True,
                                   consent_share=True)
        referral = referrals.create_referral(session, runtime.actor, person.id, partner.id, need=partner.needs[0])
        for status in ("sent", "accepted", "sent"):  # as two laptops would leave it, neither having synced
            referrals.record_status(session, runtime.actor, referral.id, status)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, ReferralsScreen) and app.screen.rows)
        table = app.screen.query_one(ReferralTable)
        assert str(table.get_row_at(0)[3]).endswith("Sent ⚠")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Accepted was recorded before this Sent" in screen_text(app))


async def test_a_referral_page_shows_what_changed_while_away(make_app, runtime):
    with runtime.store.session() as session:
        demo.fill(session, runtime.actor, 6, seed=4, today=date.today())
        row = next(r for r in referrals.list_referrals(session, runtime.actor) if r.status == "sent")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        app.push_screen(ReferralDetailScreen(row.referral.id))
        await wait_for(pilot, lambda: "Status: Sent" in screen_text(app))
        await pilot.press("f6")  # to Sync, say; meanwhile the partner's news arrives
        await pilot.pause()
        with runtime.store.session() as session:
            referrals.record_status(session, runtime.actor, row.referral.id, "accepted")
        await pilot.press("f4")
        await wait_for(pilot, lambda: "Status: Accepted" in screen_text(app))
        assert isinstance(app.screen, ReferralDetailScreen)


def _fresh_referral(runtime, *statuses: str) -> str:
    with runtime.store.session() as session:
        partner = next(p for p in list_partners(session) if not p.catchment and not p.benefits_required
                       and p.min_age is None and p.max_age is None and not p.capacity_per_week)
        person = people.add_person(session, runtime.actor, "Morgan Q (fictional)", consent_store=True,
                                   consent_share=True)
        referral = referrals.create_referral(session, runtime.actor, person.id, partner.id, need=partner.needs[0])
        for status in statuses:
            referrals.record_status(session, runtime.actor, referral.id, status)
        return referral.id


async def test_the_status_picker_offers_the_next_steps_first_and_asks_before_a_jump(make_app, runtime):
    referral_id = _fresh_referral(runtime)  # queued
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ReferralDetailScreen(referral_id))
        await wait_for(pilot, lambda: isinstance(app.screen, ReferralDetailScreen) and app.screen.view)
        await pilot.press("t")
        picker = await wait_for(pilot, lambda: isinstance(app.screen, StatusPickerScreen) and app.screen)
        options = picker.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids[:3] == ["sent", "withdrawn", "jumps-heading"]  # the steps from Queued, then the jumps
        assert "Other (skips a step)" in screen_text(app)
        assert "accepted" in ids[3:] and options.get_option("jumps-heading").disabled
        options.highlighted = ids.index("accepted")
        await pilot.press("enter")
        question = await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen) and app.screen)
        assert question.question == "Queued straight to Accepted skips Sent. Record it as a jump?"
        await pilot.press("n")  # not recorded
        await wait_for(pilot, lambda: isinstance(app.screen, ReferralDetailScreen))
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, StatusPickerScreen))
        app.screen.query_one(OptionList).highlighted = ids.index("accepted")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press("enter")  # no note
        await wait_for(pilot, lambda: "Status: Accepted" in screen_text(app))
    with runtime.store.session() as session:
        events = referrals.referral_history(session, runtime.actor, referral_id)
    assert [e.status for e in events] == ["queued", "accepted"] and events[-1].note.startswith(referrals.JUMP_MARK)


async def test_a_next_step_is_recorded_without_asking(make_app, runtime):
    referral_id = _fresh_referral(runtime, "sent")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ReferralDetailScreen(referral_id))
        await wait_for(pilot, lambda: isinstance(app.screen, ReferralDetailScreen) and app.screen.view)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, StatusPickerScreen))
        await pilot.press("enter")  # the first: Accepted, the next step from Sent
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Status: Accepted" in screen_text(app))
    with runtime.store.session() as session:
        assert not referrals.referral_history(session, runtime.actor, referral_id)[-1].note


def test_feedback_lines_leave_out_what_was_not_said():
    partner = SimpleNamespace(source="partner", engagement="", comment="Seen twice")
    assert feedback_line(partner) == "From the partner: Seen twice."
    partner.engagement = "some"
    assert feedback_line(partner) == "From the partner: Some engagement. Seen twice."
    person = SimpleNamespace(source="person", went=None, helped=None, recommend=None, comment="")
    assert feedback_line(person) == "From the person: nothing said."
    person.went, person.helped = True, 4
    assert feedback_line(person) == "From the person: went, helped 4/5."


async def test_every_column_fits_at_80_columns(make_app, runtime):
    with runtime.store.session() as session:
        demo.fill(session, runtime.actor, 6, seed=4, today=date.today())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        screen = await wait_for(pilot, lambda: isinstance(app.screen, ReferralsScreen) and app.screen.rows
                                and app.screen)
        table = screen.query_one(ReferralTable)
        await pilot.pause()
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= table.scrollable_content_region.width
        header = next(line for line in screen_text(app).splitlines() if "Person" in line)
        assert header.split() == ["Person", "Partner", "Need", "Status", "Age"]


async def test_a_long_referral_page_scrolls_with_the_keys_at_80x24(make_app, runtime):
    referral_id = _fresh_referral(runtime, "sent", "accepted", "attended", "completed")
    with runtime.store.session() as session:
        for n in range(6):  # a long history: reopened and closed again, each with a note
            referrals.record_status(session, runtime.actor, referral_id, "reopened", note=f"Asked again ({n})")
            referrals.record_status(session, runtime.actor, referral_id, "withdrawn", note="Moved away")
        feedback.record_partner_update(session, runtime.actor, referral_id, note="Seen twice")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ReferralDetailScreen(referral_id))
        screen = await wait_for(pilot, lambda: isinstance(app.screen, ReferralDetailScreen) and app.screen.view
                                and app.screen)
        page = screen.query_one(VerticalScroll)
        await wait_for(pilot, lambda: page.max_scroll_y > 0)  # taller than the screen
        await pilot.press("end")
        await wait_for(pilot, lambda: page.scroll_y == page.max_scroll_y)
        assert "From the partner: Seen twice." in screen_text(app)


async def test_the_feedback_dialogs_fit_at_80x24(make_app, runtime):
    referral_id = _fresh_referral(runtime, "sent")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for dialog in (PersonFeedbackScreen(referral_id), PartnerUpdateScreen(referral_id)):
            app.push_screen(dialog)
            await wait_for(pilot, lambda dialog=dialog: dialog.about is not None)
            dialog.say("A sentence long enough to wrap onto a second line of the dialog, saying what to do next "
                       "about the answer typed.")
            await pilot.pause()
            frame = dialog.query_one("Vertical")
            assert frame.region.bottom <= 24 and frame.region.y >= 0
            assert "Ctrl+S saves" in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()
