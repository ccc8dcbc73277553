"""Open referrals this week (counts only, the same rule as the capacity check) and the cached index."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from liferooms_tui import demo, referrals
from liferooms_tui.db.models import Partner, Person
from liferooms_tui.db.outbox import save
from liferooms_tui.directory import index_cache
from liferooms_tui.directory.capacity import is_full, open_referrals_this_week, places_left
from liferooms_tui.directory.partners import list_partners
from liferooms_tui.directory.search import Filters, index_for
from liferooms_tui.dropin import people
from liferooms_tui.referrals.eligibility import History, check_capacity

WEDNESDAY = date(2026, 3, 11)  # Monday is 9 March


def test_counts_match_the_capacity_check_for_every_partner(session, actor):
    demo.fill(session, actor, 60, seed=3, today=WEDNESDAY)
    everyone = list(session.exec(select(Person).where(Person.consent_share == True)))  # noqa: E712
    partners = list_partners(session)
    overrides = {k: "test" for k in ("catchment", "benefits", "age", "prior_use", "capacity")}
    for n, person in enumerate(everyone[:30]):  # some referrals this week too, a few of them closed
        partner = partners[n % 7]
        if referrals.history_for(session, person, partner, WEDNESDAY).has_open_referral:
            continue
        made = referrals.create_referral(session, actor, person.id, partner.id, overrides=overrides,
                                         today=WEDNESDAY - timedelta(days=n % 3))
        if n % 4 == 0:
            referrals.record_status(session, actor, made.id, "withdrawn")
    counts = open_referrals_this_week(session, today=WEDNESDAY)
    assert sum(counts.values()) >= 15
    person = everyone[0]
    for partner in list_partners(session):
        expected = referrals.history_for(session, person, partner, WEDNESDAY).open_referrals_this_week
        assert counts.get(partner.id, 0) == expected, partner.name
    assert all(isinstance(n, int) and n > 0 for n in counts.values())


def test_what_counts_as_open_this_week(session, actor):
    partner = list_partners(session, need="debt")[0]
    me = people.add_person(session, actor, "A. (test)", consent_store=True, consent_share=True)
    other = people.add_person(session, actor, "B. (test)", consent_store=True, consent_share=True)
    third = people.add_person(session, actor, "C. (test)", consent_store=True, consent_share=True)
    no_consent = people.add_person(session, actor, "D. (test)", consent_store=True, consent_share=False)
    overrides = {k: "test" for k in ("catchment", "benefits", "age", "prior_use", "capacity")}

    def refer(person, day, **kw):
        return referrals.create_referral(session, actor, person.id, partner.id, overrides=overrides, today=day, **kw)

    refer(me, WEDNESDAY - timedelta(days=7))  # last week: not counted
    assert open_referrals_this_week(session, WEDNESDAY).get(partner.id, 0) == 0
    queued = refer(other, WEDNESDAY - timedelta(days=2))  # Monday, queued: open
    refer(no_consent, WEDNESDAY, signposting=True)  # signposting: never counted
    closed = refer(third, WEDNESDAY)
    referrals.record_status(session, actor, closed.id, "declined", reason="full")
    assert open_referrals_this_week(session, WEDNESDAY)[partner.id] == 1
    referrals.record_status(session, actor, closed.id, "reopened", note="they found a place")
    assert open_referrals_this_week(session, WEDNESDAY)[partner.id] == 2
    referrals.record_status(session, actor, queued.id, "sent")  # still open
    assert open_referrals_this_week(session, WEDNESDAY)[partner.id] == 2
    assert open_referrals_this_week(session, WEDNESDAY + timedelta(days=7)).get(partner.id, 0) == 0


def test_places_left():
    assert places_left(None, 5) is None
    assert places_left(4, 1) == 3 and places_left(4, 9) == 0


def test_full_is_one_rule_for_the_check_the_search_and_the_card(session, actor):
    """A partner with 2 places a week and 2 open referrals is full: the check before a referral fails, partner
    search with 'has capacity' leaves it out; with 1 open referral none of them says full."""
    assert is_full(2, 2) and is_full(2, 3) and not is_full(2, 1) and not is_full(None, 99) and is_full(0, 0)
    partner = save(session, actor, Partner(name="Tiny Allotment Pals", needs=["wellbeing"], capacity_per_week=2))
    session.commit()
    for taken, full in ((1, False), (2, True)):
        history = History(uses=[], open_referrals_this_week=taken, has_open_referral=False)
        assert check_capacity(partner, history).passed is not full
        hits = index_for(session).search("allotment pals", Filters(has_capacity=True),
                                         open_referrals={partner.id: taken})
        assert (partner.id not in {h.partner.id for h in hits}) is full


def test_the_index_is_cached_and_follows_the_partner_table(runtime, session, actor):
    first = index_for(session)
    assert index_for(session) is first, "nothing changed: the same index"
    assert len(first) == len(list_partners(session))

    new = save(session, actor, Partner(name="Seaforth Pigeon Fanciers", needs=["wellbeing"], keywords=["lofts"]))
    session.commit()
    index = index_for(session)
    assert [h.partner.id for h in index.search("pigeon")] == [new.id]

    new.name, new.keywords = "Seaforth Racing Lofts", []
    save(session, actor, new)
    session.commit()
    assert index_for(session).search("pigeon") == []
    assert index_for(session).search("racing lofts")[0].partner.id == new.id

    new.active = False
    save(session, actor, new)
    session.commit()
    assert new.id not in {h.partner.id for h in index_for(session).search("racing lofts")}

    session.delete(session.get(Partner, new.id))
    session.commit()
    assert new.id not in {h.partner.id for h in index_for(session).search("", limit=1000)}

    with runtime.store.session() as other_session:  # another session on the same database shares the index
        assert index_for(other_session) is index_for(session)
    index_cache.forget(session)
    assert index_for(session) is not first


def test_volunteers_can_search_with_capacity(runtime, session):
    counts = open_referrals_this_week(session)
    hits = index_for(session).search("", Filters(has_capacity=True), open_referrals=counts, limit=500)
    assert hits and all(h.partner.capacity_per_week != 0 for h in hits)


def test_a_pulled_change_older_than_the_newest_edit_is_noticed(session, actor):
    """Sync can bring a change whose version and updated_at are older than the newest here."""
    newest = save(session, actor, Partner(name="Newest Local Edit Group", needs=["learning"]))
    session.commit()
    index = index_for(session)
    pulled = list_partners(session)[0]
    pulled.name = "Renamed On Another Laptop"
    pulled.version = "0000000000001.00000.otherlaptop"  # newer than the sample's, older than `newest`
    session.add(pulled)
    session.commit()
    assert newest.version > pulled.version
    assert index_for(session) is index
    assert index.search("renamed another laptop", limit=1)[0].partner.id == pulled.id
