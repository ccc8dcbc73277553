"""Erasure reaches the shared file and a second laptop through sync, and wins over an edit made meanwhile."""

from __future__ import annotations

from contextlib import closing

import pytest
from laptops import SERVICE_KEY, joined, open_laptop
from sqlmodel import select

from liferooms_tui import privacy
from liferooms_tui.db.models import Conversation, Person, Referral
from liferooms_tui.dropin import conversations, people

engine = pytest.importorskip("liferooms_tui.sync.engine")
shared = pytest.importorskip("liferooms_tui.sync.shared")

from test_erasure import SECRETS, disk_bytes, make_person  # noqa: E402  (same folder: shared fixtures)

B_SECRET = "b-laptop-words-Pangolin"


@pytest.fixture
def laptops(tmp_path):
    a = joined(open_laptop(tmp_path / "a"))
    b = joined(open_laptop(tmp_path / "b"))
    path = shared.init_shared(tmp_path / "shared.db", key=SERVICE_KEY)
    yield a, b, path
    a.close()
    b.close()


def test_erasure_reaches_the_shared_file_and_the_other_laptop(laptops):
    a, b, path = laptops
    with a.store.session() as session:
        pid = make_person(session, a.actor)
    engine.run_sync(a, str(path))
    engine.run_sync(b, str(path))
    with b.store.session() as session:
        assert session.get(Person, pid).display_name == SECRETS["name"]  # the other laptop had them
        assert session.exec(select(Referral).where(Referral.person_id == pid)).one().note_for_partner

    with a.store.session() as session:
        privacy.erase_person(session, a.actor, pid)
    engine.run_sync(a, str(path))
    assert SECRETS["name"].encode() not in path.read_bytes()
    with closing(shared.connect(path, key=SERVICE_KEY)) as conn:  # the audit log reached the shared file too
        actions = {r[0] for r in conn.execute("SELECT action FROM auditevent WHERE person_id = ?", (pid,))}
    assert {"create", "change", "delete"} <= actions
    engine.run_sync(b, str(path))

    with b.store.session() as session:
        person = session.get(Person, pid)
        assert person.erased_at is not None and person.display_name == privacy.ERASED_NAME
        assert person.postcode_district is None and person.date_of_birth is None and person.benefits == []
        assert session.exec(select(Referral).where(Referral.person_id == pid)).one().note_for_partner == ""
        assert people.find_people(session, b.actor, "Quentin") == []
    assert SECRETS["name"].encode() not in disk_bytes(b)
    for secret in SECRETS.values():
        assert secret.encode() not in disk_bytes(b), secret


def erased_on_a_while_b_held_more(a, b, path) -> str:
    """B knows the person, changes them and talks with them; meanwhile A erases them; both sync."""
    with a.store.session() as session:
        pid = make_person(session, a.actor)
    engine.run_sync(a, str(path))
    engine.run_sync(b, str(path))
    with b.store.session() as session:  # laptop B changes them before it hears of the erasure
        people.update_person(session, b.actor, pid, postcode_district="L21", display_name="Quentin X. (fictional)")
        talk = conversations.start_conversation(session, b.actor, pid)
        conversations.autosave(session, b.actor, talk.id, what_matters=B_SECRET)
    engine.run_sync(b, str(path))
    with a.store.session() as session:
        privacy.erase_person(session, a.actor, pid)
    engine.run_sync(a, str(path))
    engine.run_sync(b, str(path))
    engine.run_sync(a, str(path))
    return pid


def test_erasure_wins_over_an_edit_made_meanwhile_on_the_other_laptop(laptops):
    a, b, path = laptops
    pid = erased_on_a_while_b_held_more(a, b, path)
    for laptop in (a, b):
        with laptop.store.session() as session:
            person = session.get(Person, pid)
            assert person.erased_at is not None and person.display_name == privacy.ERASED_NAME
            assert person.postcode_district is None
    assert b"Quentin" not in path.read_bytes() and b"Quentin" not in disk_bytes(a)


def test_the_other_laptop_blanks_what_only_it_held_by_itself(laptops):
    """B's own conversation with the person, and B's outbox copy of its edit, go when B's sync brings the
    erasure; B's next sync takes the blanked conversation to the shared file."""
    a, b, path = laptops
    pid = erased_on_a_while_b_held_more(a, b, path)
    engine.run_sync(b, str(path))
    for raw in (disk_bytes(b), path.read_bytes()):
        assert b"Quentin" not in raw and B_SECRET.encode() not in raw
    with b.store.session() as session:
        talk = session.exec(select(Conversation).where(Conversation.person_id == pid)).one()
        assert talk.what_matters == "" and talk.origin_site == b.actor.origin
