"""Pull: what another laptop made comes back (and only what a laptop needs), by seq, never into the outbox."""

from __future__ import annotations

from datetime import date

from sqlmodel import func, select
from sync_helpers import add_referral, local_rows, open_partner, shared_value, sync, unsent

from liferooms_tui import demo, referrals
from liferooms_tui.db.clock import CLOCK_KEY
from liferooms_tui.db.models import Conversation, OutboxEntry, Person, Referral, SyncMeta
from liferooms_tui.dropin import people
from liferooms_tui.referrals import feedback
from liferooms_tui.sync import pull


def outbox_size(laptop) -> int:
    with laptop.store.session() as session:
        return session.exec(select(func.count()).select_from(OutboxEntry)).one()


def test_referrals_events_feedback_and_their_people_come_back_but_not_conversations(pair):
    a, b, path = pair
    with a.store.session() as session:
        demo.fill(session, a.actor, 4, seed=3)
    person_id, referral_id = add_referral(a)
    with a.store.session() as session:
        feedback.record_person_feedback(session, a.actor, referral_id, went=True, helped=4)
    sync(a, path)
    before = outbox_size(b)
    report = sync(b, path)
    assert report.pulled > 0 and outbox_size(b) == before  # pulled rows never go back into the outbox
    for table in ["person", "referral", "referralevent", "feedback"]:
        assert set(local_rows(a, table)) <= set(local_rows(b, table)), table
    with b.store.session() as session:
        assert session.exec(select(func.count()).select_from(Conversation)).one() == 0
        assert all(r.conversation_id is None and r.prescription_item_id is None
                   for r in session.exec(select(Referral)))  # links to rows this laptop does not hold
        rows = referrals.list_referrals(session, b.actor)
        assert referral_id in {r.referral.id for r in rows}
    assert local_rows(a, "referral")[referral_id] == local_rows(b, "referral")[referral_id]


def test_a_status_recorded_at_each_site_reaches_both(pair):
    a, b, path = pair
    _, referral_id = add_referral(a)
    sync(a, path)
    sync(b, path)
    with a.store.session() as session:
        referrals.record_status(session, a.actor, referral_id, "sent")
    with b.store.session() as session:
        referrals.record_status(session, b.actor, referral_id, "withdrawn", note="Moved away (fictional).")
    for laptop in (a, b, a):
        sync(laptop, path)
    history = {}
    for laptop in (a, b):
        with laptop.store.session() as session:
            history[laptop.actor.laptop_id] = [e.status for e in referrals.referral_history(session, laptop.actor,
                                                                                            referral_id)]
    assert history["lapa"] == history["lapb"] and sorted(history["lapa"]) == ["queued", "sent", "withdrawn"]


def test_capacity_counts_open_referrals_made_on_every_laptop(pair):
    a, b, path = pair
    with a.store.session() as session:
        partner = open_partner(session, limited=True)
        places = partner.capacity_per_week
    for n in range(places):
        add_referral(a, f"Person {n} (fictional)", partner.id)
    sync(a, path)
    with b.store.session() as session:
        person = people.add_person(session, b.actor, "Robin K. (fictional)", consent_store=True, consent_share=True,
                                   date_of_birth=date(1970, 1, 1), postcode_district="L20")
        before = {c.key: c.passed for c in referrals.check_referral(session, b.actor, person.id, partner.id)}
    sync(b, path)
    with b.store.session() as session:
        after = {c.key: c for c in referrals.check_referral(session, b.actor, person.id, partner.id)}
    assert before["capacity"] and not after["capacity"].passed
    assert f"{places} open referrals" in after["capacity"].message


def test_the_cursor_is_the_shared_seq_kept_with_the_rows(pair):
    a, b, path = pair
    add_referral(a)
    sync(a, path)
    sync(b, path)
    (file_id,), = shared_value(path, "SELECT value FROM meta WHERE key='file_id'")[0:1]
    (seq,), = shared_value(path, "SELECT value FROM meta WHERE key='seq'")
    with b.store.session() as session:
        assert session.get(SyncMeta, pull.cursor_key(file_id)).value == seq
    assert sync(b, path).pulled == 0


def test_a_laptop_clock_moves_past_what_it_pulled(pair):
    a, b, path = pair
    person_id, _ = add_referral(a)
    sync(a, path)
    with a.store.session() as session:  # A's stamps far ahead of B's clock (A's clock runs fast)
        session.get(SyncMeta, CLOCK_KEY).value = "9000000000000.00000.lapa"
        people.update_person(session, a.actor, person_id, postcode_district="L21")
    sync(a, path)
    sync(b, path)
    with b.store.session() as session:
        person = people.update_person(session, b.actor, person_id, postcode_district="L22")
        assert person.version > local_rows(a, "person")[person_id]["version"]
    sync(b, path)
    sync(a, path)
    assert local_rows(a, "person")[person_id]["postcode_district"] == "L22"  # B's later edit wins


def test_a_person_changed_before_the_cursor_is_fetched_when_a_referral_to_them_arrives(pair):
    a, b, path = pair
    with a.store.session() as session:
        person = people.add_person(session, a.actor, "Kit P. (fictional)", consent_store=True, consent_share=True,
                                   postcode_district="L20", date_of_birth=date(1990, 2, 2))
        partner_id = open_partner(session, limited=False).id
    sync(a, path)
    sync(b, path)  # B moves its cursor past the person (not pulled: nobody has referred them yet)
    with b.store.session() as session:
        assert session.get(Person, person.id) is None
    with a.store.session() as session:
        referral = referrals.create_referral(session, a.actor, person.id, partner_id, need="wellbeing")
    sync(a, path)
    sync(b, path)
    with b.store.session() as session:
        assert session.get(Person, person.id).display_name == "Kit P. (fictional)"
        assert session.get(Referral, referral.id) is not None
    assert unsent(b) == []


def test_a_status_recorded_without_seeing_a_later_one_is_marked_on_both_laptops(pair):
    """b records sent and accepted; a, not synced since, records sent afterwards. The latest by time (a's
    sent) is the status on both, and both say the referral had already been accepted."""
    a, b, path = pair
    _, referral_id = add_referral(a)
    sync(a, path)
    sync(b, path)
    with b.store.session() as session:
        referrals.record_status(session, b.actor, referral_id, "sent")
        referrals.record_status(session, b.actor, referral_id, "accepted")
    with a.store.session() as session:
        referrals.record_status(session, a.actor, referral_id, "sent")
    for laptop in (b, a, b):
        sync(laptop, path)
    for laptop in (a, b):
        with laptop.store.session() as session:
            (row,) = [r for r in referrals.list_referrals(session, laptop.actor) if r.referral.id == referral_id]
        assert (row.status, row.passed) == ("sent", "accepted"), laptop.actor.laptop_id
