"""Partners travel: a partner added, edited, paused, verified, given capacity, an owner and a catch-up on one
laptop is the same on another after sync; two laptops editing one partner merge field by field, and a field
both changed goes to the newer change with the other value kept for the sync review."""

from __future__ import annotations

from datetime import date

from sqlmodel import select
from sync_helpers import local_rows, sync

from liferooms_tui.db.models import SyncConflict
from liferooms_tui.db.partnership import TABLES
from liferooms_tui.partners import changes, edit, page, partnership

TODAY = date(2026, 12, 2)


def _page(laptop, partner_id: str) -> dict:
    with laptop.store.session() as session:
        shown = page.partner_page(session, laptop.actor, partner_id, today=TODAY)
    for item in shown["history"]:
        item.pop("at")  # the time it was recorded: the same row, shown in the laptop's own words
    return shown


def test_a_partner_looked_after_on_one_laptop_is_the_same_on_the_other(pair):
    a, b, path = pair
    with a.store.session() as session:
        partner = edit.add_partner(session, a.actor, name="Sync Street Allotments (fictional)", needs="wellbeing",
                                   contact_name="Pat Example", contact_phone="0151 496 0333", hubs="Bootle Hub")
        edit.edit_partner(session, a.actor, partner.id, contact_email="pat@example.org", catchment="L20")
        changes.pause(session, a.actor, partner.id, reason="volunteers away", until_on="01/01/2027", today=TODAY)
        changes.verify(session, a.actor, partner.id, checked="contact, eligibility", today=TODAY)
        changes.record_capacity(session, a.actor, partner.id, status="waiting list", waiting_weeks=3, today=TODAY)
        partnership.set_partnership(session, a.actor, partner.id, owner="Advisor a", agreement_signed_on="01/10/2026")
        partnership.add_catch_up(session, a.actor, partner.id, met_on="01/12/2026", notes="Plots ready in spring",
                                 who_met="Pat", today=TODAY)
        partnership.mark_induction(session, a.actor, partner.id, "met the hub team", today=TODAY)
        partnership.add_event(session, a.actor, held_on="20/12/2026", title="Winter get-together",
                              invited=[partner.id], came=[partner.id], today=TODAY)
        partner_id = partner.id
    sync(a, path)
    report = sync(b, path)
    assert report.conflicts == 0
    on_a, on_b = _page(a, partner_id), _page(b, partner_id)
    assert on_b == on_a
    assert on_b["state"] == "paused" and on_b["partner"]["contact_email"] == "pat@example.org"
    assert on_b["capacity"]["waiting_weeks"] == 3 and on_b["partnership"]["owner"] == "Advisor a"
    assert on_b["catch_ups"][0]["notes"] == "Plots ready in spring" and on_b["events"][0]["came"]
    for model in TABLES:
        assert local_rows(a, model.__tablename__) == local_rows(b, model.__tablename__)


def test_two_laptops_edit_one_partner_field_by_field_and_the_loser_goes_to_review(pair):
    a, b, path = pair
    with a.store.session() as session:
        partner_id = edit.add_partner(session, a.actor, name="Both Edit Here (fictional)",
                                      contact_phone="0151 496 0100").id
    sync(a, path)
    sync(b, path)
    with a.store.session() as session:
        edit.edit_partner(session, a.actor, partner_id, schedule="Mondays", contact_phone="0151 496 0101")
        partnership.set_partnership(session, a.actor, partner_id, owner="Advisor a")
    with b.store.session() as session:
        edit.edit_partner(session, b.actor, partner_id, website="www.example.org", contact_phone="0151 496 0202")
        partnership.set_partnership(session, b.actor, partner_id, agreement_review_on="01/06/2027")
    sync(a, path)
    report = sync(b, path)  # b's edit is the newer one
    sync(a, path)
    assert report.conflicts == 1
    for laptop in (a, b):
        row = local_rows(laptop, "partner")[partner_id]
        assert (row["schedule"], row["website"], row["contact_phone"]) == (
            "Mondays", "https://www.example.org", "0151 496 0202")
        link = local_rows(laptop, "partnership")[partner_id]
        assert (link["owner"], link["agreement_review_on"]) == ("Advisor a", "2027-06-01")
    with b.store.session() as session:
        (lost,) = session.exec(select(SyncConflict).where(SyncConflict.row_id == partner_id)).all()
    assert (lost.field, lost.kept_value, lost.lost_value) == ("contact_phone", "0151 496 0202", "0151 496 0101")
