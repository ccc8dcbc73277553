"""The audit log: who viewed, created, changed, exported or deleted a person's record or a referral, where
and when; ids and field names only, never the values; queued for sync like every other row."""

from __future__ import annotations

import json

import pytest
from laptops import cli
from sqlmodel import select
from test_erasure import open_partner  # noqa: E402  (same folder)

from liferooms_tui import referrals
from liferooms_tui.db.models import OutboxEntry
from liferooms_tui.dropin import people
from liferooms_tui.privacy import audit
from liferooms_tui.vocabulary import InvalidValue


def test_person_and_referral_events(runtime, actor):
    with runtime.store.session() as session:
        person = people.add_person(session, actor, "Audit Person (fictional)", postcode_district="L20",
                                   consent_store=True, consent_share=True)
        other = people.add_person(session, actor, "Other Person (fictional)", consent_store=True, consent_share=True)
        people.get_person(session, actor, person.id)
        people.get_person(session, actor, person.id)  # the same view again soon after: one event
        people.update_person(session, actor, person.id, postcode_district="L21")
        referral = referrals.create_referral(session, actor, person.id, open_partner(session).id)
        referrals.record_status(session, actor, referral.id, "sent")
        referrals.referral_history(session, actor, referral.id)
        events = audit.list_audit(session, actor, person.id)
        everything = audit.list_audit(session, actor)
        queued = session.exec(select(OutboxEntry).where(OutboxEntry.table_name == "auditevent")).all()
    assert [(e.action, e.entity) for e in events] == [
        ("create", "person"), ("view", "person"), ("change", "person"), ("create", "referral"),
        ("change", "referral"), ("view", "referral")]
    assert all(e.actor == actor.name and e.site == actor.site and e.origin_site == actor.origin for e in events)
    assert all(e.at.tzinfo is not None for e in events)
    assert events[2].detail == "changed postcode_district" and "L21" not in events[2].detail
    assert {e.person_id for e in everything} == {person.id, other.id}
    assert len(queued) == len(everything)  # every event goes to the shared file


def test_only_known_actions(runtime, actor):
    with runtime.store.session() as session, pytest.raises(InvalidValue, match="view, create, change"):
        audit.record(session, actor, "peek", "person")


def test_cli_lists_the_log(runtime, actor, capsys):
    with runtime.store.session() as session:
        person = people.add_person(session, actor, "Cli Person (fictional)", consent_store=True, consent_share=True)
    base = ["--data-dir", str(runtime.paths.data_dir)]
    assert cli([*base, "audit", "--person", person.id, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["action"], r["entity"], r["person_id"]) for r in rows] == [("create", "person", person.id)]
    assert {"at", "actor", "site", "laptop", "detail"} <= set(rows[0])
    assert cli([*base, "audit", "--last", "1"]) == 0
    out = capsys.readouterr().out
    assert "create" in out and "Cli Person" not in out and out.strip().endswith("1 audit event")
