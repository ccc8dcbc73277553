"""Rules the Drop-in screens used to hold, now in the services once each: reading the search box, which need a
partner's plan item counts under, which plan items can be referred, and when a referral is blocked."""

from __future__ import annotations

from datetime import date

import pytest

from liferooms_tui import referrals
from liferooms_tui.db.models import Partner
from liferooms_tui.dropin import conversations, people, prescriptions
from liferooms_tui.dropin.people import PersonSearch, split_search
from liferooms_tui.referrals.eligibility import Check, blocking, cannot_override
from liferooms_tui.vocabulary import InvalidValue


@pytest.mark.parametrize(("typed", "expected"), [
    ("", PersonSearch("")),
    ("  jo   m ", PersonSearch("jo m")),
    ("jo m L20", PersonSearch("jo m", "L20")),
    ("l20 jo", PersonSearch("jo", "L20")),
    ("jo 07/03/1984", PersonSearch("jo", None, date(1984, 3, 7))),
    ("1984-03-07 jo L8", PersonSearch("jo", "L8", date(1984, 3, 7))),
    ("7/3/1984", PersonSearch("", None, date(1984, 3, 7))),
])
def test_the_search_box_is_a_name_and_an_optional_district_or_date_of_birth(typed, expected):
    assert split_search(typed) == expected


@pytest.mark.parametrize(("typed", "says"), [("jo 31/02/1984", "date of birth"), ("jo 07/03/2999", "check the year"),
                                             ("jo 2x", "postcode district")])
def test_a_bad_date_or_district_in_the_search_box_says_what_to_type(typed, says):
    with pytest.raises(InvalidValue, match=says):
        split_search(typed)


def test_search_people_narrows_by_what_was_typed_with_the_name(session, actor):
    near = people.add_person(session, actor, "Jo Mahoney", postcode_district="L20", consent_store=True,
                             consent_share=True, date_of_birth=date(1984, 3, 7))
    far = people.add_person(session, actor, "Jo Mahon", postcode_district="PR8", consent_store=True,
                            consent_share=True)
    assert {p.id for p in people.search_people(session, actor, "jo")} == {near.id, far.id}
    assert [p.id for p in people.search_people(session, actor, "jo L20")] == [near.id]
    assert [p.id for p in people.search_people(session, actor, "jm 07/03/1984")] == [near.id]


def test_which_need_a_partner_counts_under():
    assert prescriptions.needs_met(["wellbeing", "housing"], ["housing", "debt", "wellbeing"]) == [
        "housing", "wellbeing"]  # in the usual order of needs, whatever order they were ticked in
    assert prescriptions.needs_met(["debt"], ["housing"]) == []
    assert prescriptions.need_counted(["wellbeing", "housing"], ["wellbeing", "housing"]) == "housing"
    assert prescriptions.need_counted(["debt"], ["creative", "learning"]) == "creative"  # the partner's own first
    assert prescriptions.need_counted([], []) is None


def test_a_partner_added_without_a_need_counts_under_the_one_it_meets(session, actor):
    partner = Partner(name="Two Needs Test Group", needs=["creative", "housing"])
    session.add(partner)
    session.flush()
    person = people.add_person(session, actor, "Ash T. (test)", consent_store=True, consent_share=True)
    talk = conversations.start_conversation(session, actor, person.id)
    conversations.autosave(session, actor, talk.id, needs=["housing", "debt"])
    rows = prescriptions.plan_rows(session, actor, talk.id)
    item = prescriptions.add_item(session, actor, rows.prescription_id, partner_id=partner.id)
    assert item.need == "housing"
    rows = prescriptions.plan_rows(session, actor, talk.id)
    assert rows.needs == ["debt", "housing"] and rows.what(rows.items[0]) == "Two Needs Test Group"


def test_only_agreed_partners_can_be_referred(session, actor):
    partners = [Partner(name=f"Refer Test {n}", needs=["wellbeing"]) for n in range(3)]
    session.add_all(partners)
    session.flush()
    person = people.add_person(session, actor, "Bo T. (test)", consent_store=True, consent_share=True)
    talk = conversations.start_conversation(session, actor, person.id)
    plan = prescriptions.prescription_for(session, actor, talk.id)
    agreed, not_agreed, removed = (prescriptions.add_item(session, actor, plan.id, partner_id=p.id) for p in partners)
    activity = prescriptions.add_item(session, actor, plan.id, activity="Walk the dog")
    for item in (agreed, removed, activity):
        prescriptions.set_agreed(session, actor, item.id, True)
    prescriptions.remove_item(session, actor, removed.id)
    rows = referrals.referable_items(session, actor, talk.id)
    assert [(r.item.id, r.partner.id, r.referral) for r in rows] == [(agreed.id, partners[0].id, None)]
    referrals.create_referral(session, actor, person.id, partners[0].id, prescription_item_id=agreed.id)
    assert referrals.referable_items(session, actor, talk.id)[0].referral.status == "queued"
    assert not referrals.can_be_referred(not_agreed) and not referrals.can_be_referred(activity)


def check(key: str, passed: bool, overridable: bool = True) -> Check:
    return Check(key, key.title(), passed, f"{key} message", overridable)


def test_a_referral_is_blocked_by_a_check_no_reason_can_lift():
    checks = [check("catchment", False), check("capacity", True), check("duplicate", False, overridable=False)]
    assert [c.key for c in cannot_override(checks)] == ["duplicate"]
    assert cannot_override([check("catchment", False), check("age", True)]) == []


def test_a_failed_check_blocks_until_a_reason_is_written():
    checks = [check("catchment", False), check("age", False), check("capacity", True)]
    assert [c.key for c in blocking(checks, {})] == ["catchment", "age"]
    assert [c.key for c in blocking(checks, {"catchment": "agreed by phone", "age": "   "})] == ["age"]
    assert blocking(checks, {"catchment": "agreed by phone", "age": "their sister's group"}) == []
    duplicate = [check("duplicate", False, overridable=False)]
    assert blocking(duplicate, {"duplicate": "please"}) == duplicate
