"""The advisor's whole drop-in by keyboard: new person with consent, notes, two needs, ONS4, three partners
from search plus one activity, agree, one referral blocked by catchment then queued with an override reason,
one duplicate refused; then the database holds exactly what was entered."""

from __future__ import annotations

from sqlmodel import select

from liferooms_tui.db.models import Conversation, Partner, Person, PrescriptionItem, Referral, ReferralEvent
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.screens.conversation import ConversationScreen
from liferooms_tui.tui.screens.refer import ReferScreen
from tests.tui.screen import settle


def pick_partners(session):
    """Three active partners for wellbeing/creative: two that take L8 and have room, one outside L8."""
    partners = [p for p in session.exec(select(Partner).where(Partner.active == True)).all()  # noqa: E712
                if not p.benefits_required and p.min_age is None and p.max_age is None and not p.prior_use_months]
    takes = [p for p in partners
             if (not p.catchment or "L8" in p.catchment) and {"wellbeing", "creative"} & set(p.needs)]
    outside = [p for p in partners if p.catchment and "L8" not in p.catchment and "creative" in p.needs]
    return takes[0], takes[1], outside[0]


async def type_text(pilot, text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def add_partner(pilot, name: str, goal: str, clear_area: bool = False) -> None:
    await pilot.press("p")
    await settle(pilot)
    if clear_area:
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("ctrl+u", "enter")  # empty: anywhere
        await settle(pilot)
    await type_text(pilot, name)
    await settle(pilot)
    await pilot.press("down", "enter")
    await settle(pilot)
    if isinstance(pilot.app.screen, ChoiceScreen):  # it meets both their needs: which is this one for?
        await pilot.press("enter")
        await settle(pilot)
    await type_text(pilot, goal)
    await pilot.press("enter")
    await settle(pilot)


async def test_whole_drop_in_by_keyboard(make_app, runtime):
    with runtime.store.session() as session:
        near1, near2, far = pick_partners(session)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await type_text(pilot, "Robin Q. (test)")
        await pilot.press("tab")
        await type_text(pilot, "l8")
        await pilot.press("tab")
        await type_text(pilot, "01/02/1980")
        await pilot.press("tab", "tab", "space", "tab", "space", "ctrl+s")  # skip benefits; both consents
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen)

        await type_text(pilot, "I want to feel less alone")
        await pilot.press("tab", "w", "c")  # needs: wellbeing, creative
        await pilot.press("tab", "7", "tab", "6", "tab", "4", "tab", "3")  # ONS4
        await settle(pilot)

        await pilot.press("f8")
        await settle(pilot)
        await add_partner(pilot, near1.name, "meet people")
        await add_partner(pilot, near2.name, "get out of the house")
        await add_partner(pilot, far.name, "sing again", clear_area=True)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Walk with my neighbour")
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "twice a week")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("up", "up", "up")  # the cursor stays on the item just added: back to the top
        for _ in range(4):  # agree every item, top to bottom
            await pilot.press("space", "down")
        await settle(pilot)

        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("enter")  # first partner: every check passes
        await settle(pilot)
        assert isinstance(app.screen, ReferScreen) and not app.screen.blocked
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # the partner outside L8
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReferScreen)
        assert [c.key for c in screen.checks if not c.passed] == ["catchment"]
        await pilot.press("ctrl+s")  # no reason yet: stays blocked
        await settle(pilot)
        assert app.screen is screen
        await type_text(pilot, "Partner agreed by phone")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("up", "up", "enter")  # the first partner again: a duplicate
        await settle(pilot)
        assert isinstance(app.screen, ReferScreen) and app.screen.blocked
        await pilot.press("ctrl+s", "escape")
        await settle(pilot)
        await pilot.press("escape")  # back to the Drop-in list, nothing lost
        await settle(pilot)

    with runtime.store.session() as session:
        person = session.exec(select(Person)).one()
        assert (person.display_name, person.postcode_district, f"{person.date_of_birth}") == (
            "Robin Q. (test)", "L8", "1980-02-01")
        assert person.consent_store and person.consent_share
        conversation = session.exec(select(Conversation)).one()
        assert conversation.what_matters == "I want to feel less alone"
        assert conversation.needs == ["creative", "wellbeing"]
        assert (conversation.ons_satisfied, conversation.ons_worthwhile, conversation.ons_happy,
                conversation.ons_anxious) == (7, 6, 4, 3)
        items = sorted(session.exec(select(PrescriptionItem)).all(), key=lambda i: i.position)
        assert [(i.partner_id, i.activity, i.goal, i.agreed) for i in items] == [
            (near1.id, "", "meet people", True), (near2.id, "", "get out of the house", True),
            (far.id, "", "sing again", True), (None, "Walk with my neighbour", "twice a week", True)]
        made = session.exec(select(Referral)).all()
        assert sorted(r.partner_id for r in made) == sorted([near1.id, far.id])
        overridden = next(r for r in made if r.partner_id == far.id)
        assert [(o["check"], o["reason"]) for o in overridden.overrides] == [("catchment", "Partner agreed by phone")]
        assert all(r.consent_share and not r.signposting for r in made)
        assert sorted(e.status for e in session.exec(select(ReferralEvent)).all()) == ["queued", "queued"]
