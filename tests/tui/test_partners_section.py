"""The Partners section by keyboard, as an advisor uses it: add a partner, correct it (a bad phone number is said
and nothing is saved until it is right), pause it, verify it, and the list of what needs attention."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from liferooms_tui.db.models import Partner
from liferooms_tui.db.partnership import PartnerCheck, PartnerStatus
from liferooms_tui.tui.screens.partner_form import PartnerForm
from liferooms_tui.tui.screens.partner_page import PartnerPageScreen
from liferooms_tui.tui.screens.partners_attention import AttentionScreen
from tests.tui.screen import screen_lines, settle, wait_for


async def type_in(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


def partner_named(runtime, name: str) -> Partner | None:
    with runtime.store.session() as session:
        return session.exec(select(Partner).where(Partner.name == name)).first()


async def test_add_edit_pause_verify_and_the_review_list_by_keyboard(make_app, runtime):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert app.screen.title.startswith("Partners · ") and app.screen.title.endswith(" need attention")
        before = int(app.screen.title.split()[2])
        assert "F3 Partners" in screen_lines(app)

        await pilot.press("ctrl+n")  # add a partner
        await wait_for(pilot, lambda: isinstance(app.screen, PartnerForm))
        await type_in(pilot, "Kite Club (fictional)")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PartnerPageScreen))
        await settle(pilot)
        added = partner_named(runtime, "Kite Club (fictional)")
        assert added is not None and added.source == "manual"
        assert "no key contact" in screen_lines(app)

        await pilot.press("e")  # correct it: the phone is typed wrong first
        await wait_for(pilot, lambda: isinstance(app.screen, PartnerForm))
        form = app.screen
        for _ in range(form.fields.index(next(f for f in form.fields if f.key == "contact_name"))):
            await pilot.press("tab")
        await type_in(pilot, "Kim Example")
        await pilot.press("tab", "tab")  # past the contact's role, to the phone
        await type_in(pilot, "call us")
        await pilot.press("tab")  # on to the next field: Ctrl+S brings the cursor back to the wrong one
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and form.query_one("#f-contact_phone").has_focus
        assert "Phone: 'call us' is not a phone number" in screen_lines(app)
        assert partner_named(runtime, "Kite Club (fictional)").contact_name == ""  # nothing half-saved
        await pilot.press(*["backspace"] * 7)
        await type_in(pilot, "0151 496 0707")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PartnerPageScreen))
        await settle(pilot)
        saved = partner_named(runtime, "Kite Club (fictional)")
        assert (saved.contact_name, saved.contact_phone) == ("Kim Example", "0151 496 0707")

        await pilot.press("p")  # pause it until a day
        await wait_for(pilot, lambda: isinstance(app.screen, PartnerForm))
        await type_in(pilot, "volunteers away")
        await pilot.press("tab", "tab")
        await type_in(pilot, "01/01/2099")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PartnerPageScreen))
        await settle(pilot)
        assert "paused from" in screen_lines(app) and "until 01 Jan 2099: volunteers away" in screen_lines(app)

        await pilot.press("v")  # verified today: contact and still running
        await wait_for(pilot, lambda: isinstance(app.screen, PartnerForm))
        await pilot.press("space", "tab", "tab", "tab", "space")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PartnerPageScreen))
        await settle(pilot)
        with runtime.store.session() as session:
            (check,) = session.exec(select(PartnerCheck).where(PartnerCheck.partner_id == added.id)).all()
            (pause,) = session.exec(select(PartnerStatus).where(PartnerStatus.partner_id == added.id)).all()
        assert check.checked == ["contact", "running"] and pause.until_on == date(2099, 1, 1)
        assert partner_named(runtime, "Kite Club (fictional)").last_verified == date.today()

        await pilot.press("escape")  # back to the section, which counts again
        await settle(pilot)
        assert int(app.screen.title.split()[2]) == before + 1

        await pilot.press("ctrl+f")  # what needs attention
        await wait_for(pilot, lambda: isinstance(app.screen, AttentionScreen) and app.screen.items)
        attention = app.screen
        assert [i.name for i in attention.items].index("Kite Club (fictional)") >= 0
        row = next(n for n, i in enumerate(attention.items) if i.partner_id == added.id)
        await pilot.press(*["down"] * row)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PartnerPageScreen))
        assert app.screen.partner_id == added.id


async def test_a_paused_partner_says_so_in_the_search_and_on_its_card(make_app, runtime):
    from liferooms_tui.partners import changes
    from liferooms_tui.tui.widgets.partner_search import PartnerSearch

    with runtime.store.session() as session:
        partner = session.exec(select(Partner).where(Partner.name == "Bootle Money Matters")).one()
        changes.pause(session, runtime.actor, partner.id, reason="adviser on leave", until_on="01/01/2099")
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await type_in(pilot, "Bootle Money Matters")
        await settle(pilot)
        search = app.screen.query_one(PartnerSearch)
        assert search.hits[0].partner.id == partner.id
        shown = screen_lines(app)
        assert "✻ Bootle Money Matters                     paused until" in shown  # in the list, first (✻: fictional)
        assert "Paused until 01 Jan 2099: no new referrals" in shown  # first on the card
