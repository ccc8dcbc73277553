"""People, conversations, plans and referrals through the services, against a real local database."""

from __future__ import annotations

import stat
from datetime import date, timedelta

import pytest
from sqlmodel import select

from liferooms_tui import referrals
from liferooms_tui.db.models import OutboxEntry, Partner, ReferralEvent
from liferooms_tui.dropin import conversations, people, plan_export, prescriptions
from liferooms_tui.referrals import ReferralBlocked
from liferooms_tui.vocabulary import InvalidValue


def new_partner(session, **kw) -> Partner:
    partner = Partner(name=kw.pop("name", "Small Test Group"), needs=["wellbeing"], **kw)
    session.add(partner)
    session.flush()
    return partner


def new_person(session, actor, **kw):
    kw.setdefault("consent_store", True)
    kw.setdefault("consent_share", True)
    return people.add_person(session, actor, kw.pop("name", "Sam T. (test)"), **kw)


def test_person_needs_consent_to_store_and_a_name(session, actor):
    with pytest.raises(InvalidValue, match="not agreed to us storing"):
        people.add_person(session, actor, "A. B.", consent_store=False, consent_share=False)
    with pytest.raises(InvalidValue, match="name or initials"):
        people.add_person(session, actor, "   ", consent_store=True, consent_share=False)


def test_find_people_by_initials_name_and_district(session, actor):
    jo = new_person(session, actor, name="Jo Mahoney", postcode_district="L20")
    new_person(session, actor, name="Jo Mahon", postcode_district="PR8")
    assert jo in people.find_people(session, actor, "jo mahony")  # a typo
    assert people.find_people(session, actor, "jm", postcode_district="l20") == [jo]


def test_possible_duplicates_need_name_and_birth_date_or_district(session, actor):
    new_person(session, actor, name="Pat Quinn", postcode_district="L8", date_of_birth=date(1970, 5, 1))
    assert people.possible_duplicates(session, actor, "pat quinn", postcode_district="L8", date_of_birth=None)
    assert people.possible_duplicates(session, actor, "Pat Quinn", postcode_district=None,
                                      date_of_birth=date(1970, 5, 1))
    assert not people.possible_duplicates(session, actor, "Pat Quinn", postcode_district="PR9", date_of_birth=None)


def test_bad_dates_of_birth_say_what_to_type():
    with pytest.raises(InvalidValue, match="DD/MM/YYYY"):
        people.parse_date_of_birth("31/02/1990")
    with pytest.raises(InvalidValue, match="check the year"):
        people.parse_date_of_birth("01/01/2999")
    assert people.parse_date_of_birth("07/03/1984") == date(1984, 3, 7)


def test_ons4_scores_are_checked_and_skippable(session, actor):
    person = new_person(session, actor)
    conversation = conversations.start_conversation(session, actor, person.id)
    with pytest.raises(InvalidValue, match="out of range"):
        conversations.autosave(session, actor, conversation.id, ons_happy=11)
    assert conversations.autosave(session, actor, conversation.id, ons_happy="", ons_anxious="0")
    assert conversation.ons_happy is None and conversation.ons_anxious == 0
    assert not conversations.autosave(session, actor, conversation.id, ons_anxious=0)  # nothing changed


def test_a_write_and_its_outbox_entry_are_one_transaction(runtime, actor):
    with pytest.raises(RuntimeError), runtime.store.session() as session:
        new_person(session, actor)
        raise RuntimeError("the laptop stops")
    with runtime.store.session() as session:
        assert session.exec(select(OutboxEntry)).all() == []


def refer(session, actor, person, partner, **kw):
    return referrals.create_referral(session, actor, person.id, partner.id, need="wellbeing", **kw)


def test_capacity_exactly_full_blocks_until_overridden(session, actor):
    partner = new_partner(session, capacity_per_week=2)
    for name in ("One A.", "Two B."):
        refer(session, actor, new_person(session, actor, name=name), partner)
    third = new_person(session, actor, name="Three C.")
    with pytest.raises(ReferralBlocked) as blocked:
        refer(session, actor, third, partner)
    assert [c.key for c in blocked.value.checks] == ["capacity"]
    made = refer(session, actor, third, partner, overrides={"capacity": "They have a cancellation"})
    assert made.overrides[0]["check"] == "capacity"


def test_closed_referrals_free_a_place(session, actor):
    partner = new_partner(session, capacity_per_week=1)
    first = refer(session, actor, new_person(session, actor, name="One A."), partner)
    second = new_person(session, actor, name="Two B.")
    with pytest.raises(ReferralBlocked) as blocked:  # the one place is taken...
        refer(session, actor, second, partner)
    assert [c.key for c in blocked.value.checks] == ["capacity"]
    referrals.record_status(session, actor, first.id, "withdrawn")  # ...until that referral is withdrawn
    made = refer(session, actor, second, partner)
    assert made.partner_id == partner.id and not made.overrides  # no override was needed
    assert referrals.referral_view(session, actor, made.id).status == "queued"


def test_duplicate_open_referral_is_refused_even_with_a_reason(session, actor):
    partner = new_partner(session)
    person = new_person(session, actor)
    refer(session, actor, person, partner)
    with pytest.raises(ReferralBlocked) as blocked:
        refer(session, actor, person, partner, overrides={"duplicate": "please"})
    assert blocked.value.checks[0].key == "duplicate"


def test_prior_use_within_the_window_blocks(session, actor):
    partner = new_partner(session, prior_use_months=12)
    person = new_person(session, actor)
    old = refer(session, actor, person, partner, today=date.today() - timedelta(days=200))
    referrals.record_status(session, actor, old.id, "completed")
    with pytest.raises(ReferralBlocked) as blocked:
        refer(session, actor, person, partner)
    assert [c.key for c in blocked.value.checks] == ["prior_use"]


def test_without_consent_to_share_only_signposting(session, actor):
    partner = new_partner(session)
    person = new_person(session, actor, consent_share=False)
    with pytest.raises(InvalidValue, match="signposting"):
        refer(session, actor, person, partner)
    noted = refer(session, actor, person, partner, signposting=True)
    assert noted.signposting and not noted.consent_share
    assert referrals.referral_view(session, actor, noted.id).status == "signposted"


def test_status_events_are_appended_and_rules_hold(session, actor):
    referral = refer(session, actor, new_person(session, actor), new_partner(session))
    with pytest.raises(InvalidValue, match="why the partner declined"):
        referrals.record_status(session, actor, referral.id, "declined")
    referrals.record_status(session, actor, referral.id, "declined", reason="Full")
    with pytest.raises(InvalidValue, match="reopen it first"):
        referrals.record_status(session, actor, referral.id, "accepted")
    with pytest.raises(InvalidValue, match="note"):
        referrals.record_status(session, actor, referral.id, "reopened")
    referrals.record_status(session, actor, referral.id, "reopened", note="A place came up")
    referrals.record_status(session, actor, referral.id, "accepted")
    events = session.exec(select(ReferralEvent).where(ReferralEvent.referral_id == referral.id)).all()
    assert sorted(e.status for e in events) == ["accepted", "declined", "queued", "reopened"]
    assert referrals.referral_view(session, actor, referral.id).status == "accepted"


def test_plan_order_goals_and_export(session, actor, runtime):
    partner = new_partner(session, name="Seaside <Singers> [bold]x[/]", delivered_at="Hall (L20)",
                          contact_name="Ann Example", contact_phone="0151 496 0999")
    person = new_person(session, actor)
    conversation = conversations.start_conversation(session, actor, person.id)
    plan = prescriptions.prescription_for(session, actor, conversation.id)
    first = prescriptions.add_item(session, actor, plan.id, partner_id=partner.id, goal="sing with others")
    second = prescriptions.add_item(session, actor, plan.id, activity="Walk on the beach", goal="feel calmer")
    prescriptions.move_item(session, actor, second.id, -1)
    assert [i.id for i in prescriptions.items(session, actor, plan.id)] == [second.id, first.id]
    prescriptions.set_agreed(session, actor, first.id, True)
    path = plan_export.export_plan(session, actor, runtime.paths.exports, conversation.id)
    text = path.read_text()
    assert "PERSONAL-DATA" in path.name and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert r"Seaside \<Singers\> \[bold\]x\[/\]" in text and "sing with others" in text and "0151 496 0999" in text
    assert "Walk on the beach" not in text  # not agreed
    page = plan_export.render_html(plan_export.plan_view(session, actor, conversation.id))
    assert "&lt;Singers&gt;" in page and "<Singers>" not in page
