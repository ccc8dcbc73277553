"""Finding a returning person in the Drop-in: what is found (typos, initials, district, date of birth), that
the in-memory index follows every change, and that it finds exactly what the old full scan found."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from rapidfuzz import fuzz
from sqlalchemy import text
from sqlmodel import select

from liferooms_tui.access import NotAllowed
from liferooms_tui.db.models import Person, utcnow
from liferooms_tui.dropin import people

PEOPLE = [  # name, district, date of birth: all fictional
    ("Jo Mahony", "L20", date(1984, 3, 7)),
    ("Jo Mahon", "PR8", date(1990, 1, 2)),
    ("Joanne Mahoney", "L4", None),
    ("Kofi Okafor", "L20", date(1971, 11, 30)),
    ("K. O.", "L8", None),
    ("Rosa Thornwick", "L13", date(1984, 3, 7)),
    ("Sam T.", "L20", None),
    ("Alex Brennan", "PR9", date(2001, 6, 15)),
]


@pytest.fixture
def found(runtime, actor):
    ids = {}
    with runtime.store.session() as session:
        for n, (name, district, born) in enumerate(PEOPLE):
            person = people.add_person(session, actor, name, postcode_district=district, date_of_birth=born,
                                       consent_store=True, consent_share=True)
            person.last_seen_at = utcnow() - timedelta(days=n)  # earlier in the list: seen more recently
            ids[person.id] = name

    def find(query, **kw):
        with runtime.store.session() as session:
            return [ids[p.id] for p in people.find_people(session, actor, query, **kw)]
    return find


def test_names_initials_and_typos(found):
    assert found("jo mahony")[:1] == ["Jo Mahony"]
    assert "Jo Mahony" in found("jo mahny")  # a letter left out
    assert "Kofi Okafor" in found("kofi okfaor")  # two letters swapped
    assert "Rosa Thornwick" in found("rosa thornwik")
    assert "Rosa Thornwick" in found("thornwick")  # the surname alone
    assert found("ko")[:2] == ["Kofi Okafor", "K. O."]  # first name, then initials, most recently seen first
    assert found("ab") == ["Alex Brennan"]  # initials as typed
    assert found("a b") == ["Alex Brennan"]
    assert found("zzqx") == []


def test_narrowed_by_district_and_date_of_birth(found):
    assert found("jm", postcode_district="l20") == ["Jo Mahony"]
    assert found("jo", postcode_district="PR8") == ["Jo Mahon"]
    assert found("", date_of_birth=date(1984, 3, 7)) == ["Jo Mahony", "Rosa Thornwick"]
    assert found("rosa", date_of_birth=date(1984, 3, 7)) == ["Rosa Thornwick"]
    assert found("rosa", date_of_birth=date(1984, 3, 8)) == []
    assert found("", postcode_district="L20") == ["Jo Mahony", "Kofi Okafor", "Sam T."]
    assert found("") == [name for name, _, _ in PEOPLE]  # nothing typed: the most recently seen


def test_volunteers_are_refused(session, actor):
    with pytest.raises(NotAllowed):
        people.find_people(session, replace(actor, role="volunteer"), "jo")


def test_the_index_follows_every_change(runtime, actor, found):
    assert found("quentin") == []  # the index is built now
    with runtime.store.session() as session:
        added = people.add_person(session, actor, "Quentin Farrow", consent_store=True, consent_share=False)
    with runtime.store.session() as session:
        assert [p.id for p in people.find_people(session, actor, "quentin")] == [added.id]
        people.update_person(session, actor, added.id, display_name="Quinton Farrell")
    with runtime.store.session() as session:
        assert [p.id for p in people.find_people(session, actor, "farrell")] == [added.id]
        assert people.find_people(session, actor, "farrow") == []
        # a row written the way a pull writes it, with plain SQL, not through the services
        session.exec(text("UPDATE person SET display_name = 'Wren Abbott' WHERE id = :id"), params={"id": added.id})
    with runtime.store.session() as session:
        assert [p.id for p in people.find_people(session, actor, "wren ab")] == [added.id]
        session.get(Person, added.id).erased_at = utcnow()
    with runtime.store.session() as session:
        assert people.find_people(session, actor, "wren ab") == []


def test_a_search_inside_a_transaction_that_is_rolled_back_leaves_nothing_behind(runtime, actor, found):
    assert found("nell") == []
    with pytest.raises(RuntimeError), runtime.store.session() as session:
        people.add_person(session, actor, "Nell Quigley", consent_store=True, consent_share=False)
        assert len(people.find_people(session, actor, "nell")) == 1  # it sees its own change
        raise RuntimeError("rolled back")
    with runtime.store.session() as session:  # the change count is back where the rolled-back search saw it
        people.add_person(session, actor, "Omar Lynch", consent_store=True, consent_share=False)
    with runtime.store.session() as session:
        assert len(people.find_people(session, actor, "omar")) == 1
        assert people.find_people(session, actor, "nell") == []


def old_find_people(session, query, *, postcode_district=None, date_of_birth=None, limit=20):
    """The search before the index (a copy of the loop it replaced): the oracle."""
    scored = []
    query = " ".join(query.split()).lower()
    for person in session.exec(select(Person).where(Person.erased_at.is_(None))):
        if postcode_district and person.postcode_district != postcode_district:
            continue
        if date_of_birth and person.date_of_birth != date_of_birth:
            continue
        name = person.display_name.lower()
        initials = "".join(part[0] for part in name.split())
        as_typed = bool(query) and (name.startswith(query) or initials.startswith(query.replace(" ", ""))
                                    or any(word.startswith(query) for word in name.split()))
        score = 100.0 if not query or as_typed else fuzz.WRatio(query, name)
        if score >= 70:
            scored.append((score, person.last_seen_at, person))
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [p.id for _, _, p in scored[:limit]]


def test_finds_exactly_what_the_old_scan_found(runtime, actor):
    rng = random.Random(12)
    firsts = ["Jo", "Kofi", "Rosa", "Alex", "Sam", "Nia", "Ivo", "Bea", "Chris", "Dara", "Esme", "Femi"]
    parts = ["mah", "ok", "thorn", "bren", "lew", "kow", "quig", "sher", "ab", "duff"]
    ends = ["ony", "afor", "wick", "nan", "is", "alski", "ley", "idan", "bott", "y"]
    now = utcnow()
    with runtime.store.session() as session:
        for n in range(400):
            first, surname = rng.choice(firsts), (rng.choice(parts) + rng.choice(ends)).title()
            name = rng.choice([f"{first} {surname}", f"{first} {surname[0]}.", f"{first[0]}.{surname[0]}.",
                               f"{surname} {first}", first])
            session.add(Person(display_name=name, postcode_district=rng.choice(["L20", "L4"]),
                               date_of_birth=rng.choice([None, date(1980, 1, 1), date(1990, 5, 5)]),
                               origin_site="t:t", version=f"{1_700_000_000_000 + n}.00000.t",
                               last_seen_at=now - timedelta(minutes=rng.randrange(100_000))))
    with runtime.store.session() as session:
        names = [p.display_name for p in session.exec(select(Person))]
    queries = []
    for _ in range(120):
        name = rng.choice(names).lower()
        at = rng.randrange(len(name))
        variant = rng.choice([name, name[:at] + name[at + 1:], name[:at] + "x" + name[at:], name.split()[-1],
                              "".join(w[0] for w in name.split()), name[::-1][:5]])
        queries += [variant[:end] for end in range(1, len(variant) + 1)]
    with runtime.store.session() as session:
        for query in queries:
            kw = rng.choice([{}, {}, {"postcode_district": "L20"}, {"date_of_birth": date(1990, 5, 5)}])
            new = [p.id for p in people.find_people(session, actor, query, **kw)]
            assert new == old_find_people(session, query, **kw), (query, kw)
