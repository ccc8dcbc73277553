"""A safeguarding concern raised on one laptop reaches the other (with the person, who has no referral), and the
lead's erasure reaches both; an advisor's laptop carries it out although an advisor could not erase them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlmodel import select
from sync_helpers import shared_rows, sync

from liferooms_tui import privacy
from liferooms_tui.db.models import Concern, Person
from liferooms_tui.dropin import people
from liferooms_tui.safeguarding import concerns

WORDS = "Said their partner takes their money (fictional)"
NAME = "Quill Z. (fictional)"


def test_a_concern_reaches_the_other_laptop_and_the_leads_erasure_reaches_both(pair, shared_backend):
    a, b, path = pair
    with a.store.session() as session:
        person = people.add_person(session, a.actor, NAME, consent_store=True, consent_share=False).id
        concern = concerns.raise_concern(
            session, a.actor, person, what=WORDS, categories=["domestic", "exploitation"], urgency="soon",
            lead=concerns.LeadInformed("Sam Lead (fictional)", date(2026, 12, 1), "phone")).id
    sync(a, path)
    assert concern in shared_rows(path, "concern")
    sync(b, path)
    with b.store.session() as session:
        rows = concerns.list_concerns(session, b.actor, open_only=True)
        assert [(r.concern.id, r.person_name, r.concern.what) for r in rows] == [(concern, NAME, WORDS)]
        assert concerns.open_concern_count(session, b.actor, person) == 1

    b.actor = replace(b.actor, role="lead")  # the lead, at the other hub, erases the person
    with b.store.session() as session:
        privacy.erase_person(session, b.actor, person)
    sync(b, path)
    sync(a, path)
    for laptop in (a, b):
        with laptop.store.session() as session:
            assert session.get(Person, person).display_name == privacy.ERASED_NAME
            kept = session.exec(select(Concern)).one()
            assert kept.what == "" and kept.categories == ["domestic", "exploitation"]
        assert WORDS.encode() not in laptop.paths.database.read_bytes()
    if shared_backend == "file":  # freed pages zeroed (secure_delete); on PostgreSQL: see test_sync_server
        assert WORDS.encode() not in path.read_bytes() and NAME.encode() not in path.read_bytes()


def test_a_referral_in_recorded_at_one_hub_is_triaged_at_the_other(pair):
    from liferooms_tui.safeguarding import referrals_in

    a, b, path = pair
    with a.store.session() as session:
        referral = referrals_in.add_referral_in(session, a.actor, source="gp: Dr Khan (fictional)",
                                                reason="Isolated since moving", person=NAME, consent=True).id
    sync(a, path)
    sync(b, path)
    with b.store.session() as session:
        [row] = referrals_in.list_referrals_in(session, b.actor, untriaged=True)
        assert (row.referral.id, row.person_name) == (referral, NAME)
        referrals_in.triage(session, b.actor, referral, "accepted")
    sync(b, path)
    sync(a, path)
    with a.store.session() as session:
        [expected] = referrals_in.expected_people(session, a.actor)
        assert expected.referral.id == referral and expected.referral.triaged_by == b.actor.name
