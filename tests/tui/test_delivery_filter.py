"""Ctrl+Z in the partner search filters by how a partner is delivered: any way, then at a venue, by phone,
online, home visits, and round again; the line above the results says which."""

from __future__ import annotations

from sqlmodel import select

from liferooms_tui.db.models import Partner
from liferooms_tui.db.outbox import save
from liferooms_tui.tui.widgets.partner_search import PartnerSearch
from tests.tui.screen import settle, wait_for


async def test_ctrl_z_filters_by_how_it_is_delivered(make_app, runtime):
    with runtime.store.session() as session:
        partner = session.exec(select(Partner).order_by(Partner.name)).first()
        partner.delivery = ["phone"]
        save(session, runtime.actor, partner)
        name = partner.name
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        search = app.screen.query_one(PartnerSearch)
        await wait_for(pilot, lambda: search.index is not None and len(search.hits) > 1)
        await pilot.press("ctrl+z", "ctrl+z")  # at a venue, then by phone
        await wait_for(pilot, lambda: [h.partner.name for h in search.hits] == [name], what="only the phone one")
        assert "by phone" in str(search.query_one("#filter-line").render())
        for _ in range(3):  # online, home visits, then any way again
            await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: len(search.hits) > 1, what="every partner again")
