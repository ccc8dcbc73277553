"""Partners as an advisor looks after them: add, edit (the import's rules, nothing half-saved), pause, close,
reopen, verify, capacity in the referral check, catch-ups, induction, events, and what needs attention."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlmodel import func, select

from liferooms_tui import referrals
from liferooms_tui.access import NotAllowed
from liferooms_tui.db.models import AuditEvent, OutboxEntry, Partner
from liferooms_tui.dropin import people
from liferooms_tui.partners import changes, edit, page, partnership, review
from liferooms_tui.partners.status import Rules
from liferooms_tui.vocabulary import InvalidValue

TODAY = date(2026, 12, 2)  # a Wednesday


def outbox_count(session) -> int:
    return session.exec(select(func.count()).select_from(OutboxEntry)).one()


def new_partner(session, actor, **kw) -> Partner:
    values = {"name": "Test Tenancy Friends (fictional)", "contact_name": "Ann Example", "contact_phone":
              "0151 496 0111", "needs": "housing", "capacity_per_week": "3", **kw}
    return edit.add_partner(session, actor, **values)


BAD_FIELDS = [
    ("name", "  ", "Name cannot be empty"),
    ("needs", "housing, gardening", "Needs: 'gardening' is not one we know"),
    ("catchment", "L20, Bootle", "Catchment: 'Bootle' is not a postcode district"),
    ("min_age", "eighteen", "Minimum age: 'eighteen' is not a minimum age"),
    ("max_age", "131", "Maximum age: 131 is out of range"),
    ("benefits_required", "pip, lottery", "Benefits required: 'lottery' is not one we know"),
    ("prior_use_months", "-1", "Prior use (months): -1 is out of range"),
    ("capacity_per_week", "lots", "Places a week: 'lots' is not a number of places"),
    ("contact_phone", "ring the office", "Phone: 'ring the office' is not a phone number"),
    ("contact_email", "ann at example", "Email: 'ann at example' is not an email address"),
    ("website", "javascript:alert(1)", "Website: 'javascript:alert(1)' is not a web address"),
    ("hubs", "Bootle Hub, The Moon", "Hubs it delivers at: 'The Moon' is not one of our hubs"),
    ("description", "x" * 7000, "Description is longer than 6000 characters"),
    ("contact_name", "y" * 400, "Key contact is longer than 300 characters"),
]


@pytest.mark.parametrize(("field", "value", "sentence"), BAD_FIELDS, ids=[f[0] for f in BAD_FIELDS])
def test_bad_input_to_each_field_is_one_sentence_and_nothing_is_saved(session, actor, field, value, sentence):
    partner = new_partner(session, actor)
    session.commit()
    before, queued = partner.model_dump(), outbox_count(session)
    with pytest.raises(InvalidValue) as caught:  # a good change beside the bad one is not saved either
        edit.edit_partner(session, actor, partner.id, schedule="Mondays 10:00-12:00", **{field: value})
    message = str(caught.value)
    assert message.startswith(sentence) and message.count("\n") == 0 and message.endswith(".")
    session.rollback()
    assert session.get(Partner, partner.id).model_dump() == before and outbox_count(session) == queued
    with pytest.raises(InvalidValue, match=re.escape(sentence.split(":")[0])):
        new_partner(session, actor, **{"name": "Another (fictional)", field: value})


def test_ages_are_checked_against_each_other_with_what_the_partner_has(session, actor):
    partner = new_partner(session, actor, min_age="18")
    with pytest.raises(InvalidValue, match="Minimum age 18 is above the maximum age 16"):
        edit.edit_partner(session, actor, partner.id, max_age="16")


def test_an_edit_saves_only_what_changed_and_the_audit_names_the_fields(session, actor):
    partner = new_partner(session, actor)
    queued = outbox_count(session)
    same, changed = edit.edit_partner(session, actor, partner.id, contact_phone="0151 496 0111")
    assert changed == [] and outbox_count(session) == queued
    _, changed = edit.edit_partner(session, actor, partner.id, contact_phone="0151 496 0222",
                                   website="www.example.org", catchment="l20, L21 3AB")
    assert changed == ["catchment", "contact_phone", "website"]
    assert (partner.website, partner.catchment) == ("https://www.example.org", ["L20", "L21"])
    entry = session.exec(select(OutboxEntry).order_by(OutboxEntry.seq.desc())
                         .where(OutboxEntry.table_name == "partner")).first()
    assert set(entry.payload["_was"]) == {"catchment", "contact_phone", "website"}
    details = [e.detail for e in session.exec(select(AuditEvent).where(AuditEvent.entity_id == partner.id))]
    assert "changed catchment, contact_phone, website" in details


def test_volunteers_cannot_change_partners(session, actor):
    volunteer = type(actor)(actor.name, actor.site, "volunteer", actor.laptop_id)
    partner = new_partner(session, actor)
    for call in (lambda: edit.add_partner(session, volunteer, name="X"),
                 lambda: edit.edit_partner(session, volunteer, partner.id, name="Y"),
                 lambda: changes.pause(session, volunteer, partner.id, reason="r"),
                 lambda: page.partner_page(session, volunteer, partner.id)):
        with pytest.raises(NotAllowed):
            call()


def test_a_paused_partner_takes_no_new_referral_keeps_its_open_ones_and_comes_back_on_its_until_day(session, actor):
    partner = new_partner(session, actor)
    person = people.add_person(session, actor, "Jo (fictional)", consent_store=True, consent_share=True)
    open_one = referrals.create_referral(session, actor, person.id, partner.id, today=TODAY)
    other = people.add_person(session, actor, "Al (fictional)", consent_store=True, consent_share=True)
    changes.pause(session, actor, partner.id, reason="funding gap", until_on="14/12/2026", today=TODAY)
    (running,) = [c for c in referrals.check_referral(session, actor, other.id, partner.id, TODAY) if c.key == "active"]
    assert not running.passed and not running.overridable
    assert "paused from 02 Dec 2026 until 14 Dec 2026: funding gap" in running.message
    with pytest.raises(referrals.ReferralBlocked):
        referrals.create_referral(session, actor, other.id, partner.id, overrides={"active": "urgent"}, today=TODAY)
    referrals.record_status(session, actor, open_one.id, "sent")  # its open referral carries on
    back = date(2026, 12, 14)
    assert all(c.passed for c in referrals.check_referral(session, actor, other.id, partner.id, back)
               if c.key == "active")
    item = next(i for i in review.needing_attention(session, actor, today=back) if i.partner_id == partner.id)
    assert item.reasons[0].key == "pause_ended"  # until someone checks it is taking people again
    changes.verify(session, actor, partner.id, checked="running, capacity", today=back)
    item = next(i for i in review.needing_attention(session, actor, today=back) if i.partner_id == partner.id)
    assert "pause_ended" not in [r.key for r in item.reasons]


def test_pause_close_and_reopen_say_what_is_wrong(session, actor):
    partner = new_partner(session, actor)
    with pytest.raises(InvalidValue, match="Reason for the pause cannot be empty"):
        changes.pause(session, actor, partner.id, reason=" ", today=TODAY)
    with pytest.raises(InvalidValue, match="Paused until 01/12/2026 is not after paused from 02/12/2026"):
        changes.pause(session, actor, partner.id, reason="r", until_on="01/12/2026", today=TODAY)
    with pytest.raises(InvalidValue, match="Paused until: '31/02/2027' is not a day: February has no 31st"):
        changes.pause(session, actor, partner.id, reason="r", until_on="31/02/2027", today=TODAY)
    with pytest.raises(InvalidValue, match="is running already"):
        changes.reopen(session, actor, partner.id, today=TODAY)
    changes.close(session, actor, partner.id, reason="funding ended", today=TODAY)
    assert not partner.active
    assert page.partner_page(session, actor, partner.id, today=TODAY)["state_words"] == (
        "closed on 02 Dec 2026: funding ended")
    with pytest.raises(InvalidValue, match="is closed: reopen it first"):
        changes.pause(session, actor, partner.id, reason="r", today=TODAY)
    changes.reopen(session, actor, partner.id, reason="new grant", today=TODAY)
    shown = page.partner_page(session, actor, partner.id, today=TODAY)
    assert partner.active and shown["state"] == "running"
    assert [h["kind"] for h in shown["history"]] == ["reopened", "closed"]


def test_verified_today_renews_last_verified_and_says_what_was_checked(session, actor):
    partner = new_partner(session, actor)
    with pytest.raises(InvalidValue, match="'gossip' is not something to check"):
        changes.verify(session, actor, partner.id, checked="contact, gossip", today=TODAY)
    with pytest.raises(InvalidValue, match="Say what you checked"):
        changes.verify(session, actor, partner.id, checked="", today=TODAY)
    changes.verify(session, actor, partner.id, checked=["contact", "still running"], today=TODAY)
    shown = page.partner_page(session, actor, partner.id, today=TODAY)
    assert partner.last_verified == TODAY
    assert shown["verifications"][0]["checked"] == ["contact", "running"]
    assert shown["verifications"][0]["by"] == actor.name


def test_capacity_said_by_the_partner_is_used_by_the_referral_check(session, actor):
    partner = new_partner(session, actor, capacity_per_week="5")
    person = people.add_person(session, actor, "Jo (fictional)", consent_store=True, consent_share=True)

    def capacity():
        (found,) = [c for c in referrals.check_referral(session, actor, person.id, partner.id, TODAY)
                    if c.key == "capacity"]
        return found

    changes.record_capacity(session, actor, partner.id, status="no", said_on="30/11/2026", today=TODAY)
    assert not capacity().passed and capacity().overridable and "not taking referrals" in capacity().message
    with pytest.raises(referrals.ReferralBlocked):
        referrals.create_referral(session, actor, person.id, partner.id, today=TODAY)
    changes.record_capacity(session, actor, partner.id, status="waiting list", waiting_weeks="6", today=TODAY)
    check = capacity()
    assert check.passed and check.warning and "about 6 weeks" in check.message
    changes.record_capacity(session, actor, partner.id, status="yes", places="0", today=TODAY)
    assert not capacity().passed and "as the partner said this week" in capacity().message
    with pytest.raises(InvalidValue, match="How long the waiting list is only goes with 'waiting list'"):
        changes.record_capacity(session, actor, partner.id, status="yes", waiting_weeks="2", today=TODAY)
    with pytest.raises(InvalidValue, match="'full-ish' is not a capacity"):
        changes.record_capacity(session, actor, partner.id, status="full-ish", today=TODAY)
    with pytest.raises(InvalidValue, match="Said on: 03/12/2026 is in the future"):
        changes.record_capacity(session, actor, partner.id, status="yes", said_on="03/12/2026", today=TODAY)
    referral = referrals.create_referral(session, actor, person.id, partner.id,
                                         overrides={"capacity": "agreed by phone"}, today=TODAY)
    assert referral.overrides[0]["check"] == "capacity"


def test_the_partnership_catch_ups_induction_and_events(session, actor):
    partner = new_partner(session, actor, hubs="bootle")
    row, changed = partnership.set_partnership(session, actor, partner.id, owner="Advisor Example",
                                               agreement_signed_on="01/04/2026", agreement_review_on="01/04/2027")
    assert row.id == partner.id and changed == ["agreement_review_on", "agreement_signed_on", "owner"]
    with pytest.raises(InvalidValue, match="Review by 01/03/2026 is not after the day it was signed"):
        partnership.set_partnership(session, actor, partner.id, agreement_review_on="01/03/2026")
    with pytest.raises(InvalidValue, match="Notes cannot be empty"):
        partnership.add_catch_up(session, actor, partner.id, met_on="01/12/2026", notes="", today=TODAY)
    catch_up = partnership.add_catch_up(session, actor, partner.id, met_on="30/11/2026", notes="Went well",
                                        partner_said="Referrals are right first time", today=TODAY)
    assert catch_up.next_due == date(2027, 2, 28)  # three months on (the setting's default)
    rules = Rules(induction_items=("Met the hub team", "Fire and evacuation"))
    partnership.mark_induction(session, actor, partner.id, "fire", rules=rules, today=TODAY)
    with pytest.raises(InvalidValue, match="is not on the induction checklist"):
        partnership.mark_induction(session, actor, partner.id, "cake", rules=rules, today=TODAY)
    event = partnership.add_event(session, actor, held_on="10/12/2026", title="Partners' breakfast",
                                  invited=[partner.id], came=[], today=TODAY)
    shown = page.partner_page(session, actor, partner.id, rules=rules, today=TODAY)
    assert shown["partnership"]["owner"] == "Advisor Example" and shown["next_catch_up"] == "2027-02-28"
    assert shown["induction"] == [{"item": "Met the hub team", "done_on": None},
                                  {"item": "Fire and evacuation", "done_on": "2026-12-02"}]
    assert shown["events"][0]["id"] == event.id and shown["catch_ups"][0]["notes"] == "Went well"
    not_at_hub = new_partner(session, actor, name="Elsewhere (fictional)")
    with pytest.raises(InvalidValue, match="does not deliver at a hub"):
        partnership.mark_induction(session, actor, not_at_hub.id, "fire", rules=rules, today=TODAY)


def test_what_needs_attention_most_urgent_first(session, actor):
    for partner in session.exec(select(Partner)):  # the sample directory out of the way
        partner.active = False
    quiet = new_partner(session, actor, name="A Quiet One (fictional)")
    partnership.set_partnership(session, actor, quiet.id, owner="Advisor Example")
    partnership.add_catch_up(session, actor, quiet.id, met_on="01/11/2026", notes="ok", today=TODAY)
    changes.verify(session, actor, quiet.id, checked="contact", today=TODAY)
    changes.record_capacity(session, actor, quiet.id, status="yes", today=TODAY)
    new_partner(session, actor, name="B No Contact (fictional)", contact_name="")
    overdue = new_partner(session, actor, name="C Overdue (fictional)")
    partnership.add_catch_up(session, actor, overdue.id, met_on="01/06/2026", notes="ok", today=TODAY)
    found = review.needing_attention(session, actor, rules=Rules(capacity_weeks=4), today=TODAY)
    assert [item.name for item in found] == ["B No Contact (fictional)", "C Overdue (fictional)"]
    assert [r.key for r in found[0].reasons] == ["no_contact", "not_verified", "no_owner", "capacity_stale"]
    assert found[1].reasons[1].words == "catch-up due 01 Sep 2026"
    later = date(2027, 1, 5)  # five weeks on: the quiet one's capacity is out of date
    stale = next(i for i in review.needing_attention(session, actor, today=later) if i.partner_id == quiet.id)
    assert [r.words for r in stale.reasons] == ["capacity not updated since 02 Dec 2026"]
    assert review.attention_count(session, actor, today=TODAY) == 2


def test_find_partner_by_id_start_or_name(session, actor):
    partner = new_partner(session, actor, name="Unique Kite Flyers (fictional)")
    assert edit.find_partner(session, actor, partner.id[:8]).id == partner.id
    assert edit.find_partner(session, actor, "kite flyers").id == partner.id
    with pytest.raises(InvalidValue, match="No partner 'zzzz-nothing'"):
        edit.find_partner(session, actor, "zzzz-nothing")
    with pytest.raises(InvalidValue, match="matches more than one partner"):
        edit.find_partner(session, actor, "housing")


PARTNERSHIP_BAD = [
    ({"catch_up_months": "often"}, "Catch up every (months): 'often' is not a number of months"),
    ({"catch_up_months": "30"}, "Catch up every (months): 30 is out of range"),
    ({"owner": "x" * 400}, "Owner is longer than 300 characters"),
    ({"agreement_signed_on": "32/01/2026"}, "Agreement signed on: '32/01/2026' is not a day"),
    ({"agreement_review_on": "soon"}, "Review by: 'soon' is not a day"),
    ({"colour": "blue"}, "'colour' is not part of the partnership"),
]


@pytest.mark.parametrize(("values", "sentence"), PARTNERSHIP_BAD, ids=[next(iter(v)) for v, _ in PARTNERSHIP_BAD])
def test_bad_input_to_the_partnership_is_one_sentence_and_nothing_is_saved(session, actor, values, sentence):
    partner = new_partner(session, actor)
    session.commit()
    queued = outbox_count(session)
    with pytest.raises(InvalidValue) as caught:  # the good owner beside the bad value is not saved either
        partnership.set_partnership(session, actor, partner.id, **{"owner": "Advisor Example", **values})
    assert str(caught.value).startswith(sentence) and "\n" not in str(caught.value)
    session.rollback()
    assert outbox_count(session) == queued
    assert partnership.partnership_of(session, partner.id).owner == ""
