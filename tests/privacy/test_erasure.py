"""A person's rights: subject access export, erasure (nothing left on disk, counts kept), purge of the inactive."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from laptops import cli
from sqlmodel import select

from liferooms_tui import privacy, referrals
from liferooms_tui.config import DATABASE_FILE, Paths
from liferooms_tui.db.models import Conversation, OutboxEntry, Person, Referral, ReferralEvent
from liferooms_tui.db.outbox import save
from liferooms_tui.db.store import Store
from liferooms_tui.directory.partners import list_partners
from liferooms_tui.directory.sample import seed_if_empty
from liferooms_tui.dropin import conversations, people, prescriptions
from liferooms_tui.privacy import audit
from liferooms_tui.referrals import feedback
from liferooms_tui.vocabulary import InvalidValue

SECRETS = {
    "name": "Quentin Xylophone (fictional)",
    "matters": "wants to visit Zanzibar-lighthouse again",
    "goal": "goal-Marmalade-Kestrel",
    "activity": "activity-Plover-Quince",
    "note": "note-for-partner-Ocelot",
    "event_note": "event-note-Wombat",
    "decline_reason": "reason-Quokka-Tamarind",  # also copied into referralstatus by the database
    "comment": "comment-Narwhal-Umbra",
}


def open_partner(session):
    return next(p for p in list_partners(session) if not p.catchment and not p.benefits_required
                and p.min_age is None and p.max_age is None and not p.prior_use_months and not p.capacity_per_week)


def make_person(session, actor, name=SECRETS["name"], day: date | None = None) -> str:
    """One fictional person with a conversation, a plan, a referral with history, and feedback."""
    person = people.add_person(session, actor, name, postcode_district="L20", date_of_birth=date(1980, 2, 3),
                               benefits=["pip"], consent_store=True, consent_share=True)
    talk = conversations.start_conversation(session, actor, person.id)
    conversations.autosave(session, actor, talk.id, what_matters=SECRETS["matters"], needs=["wellbeing"],
                           ons_happy=3, ons_anxious=8)
    plan = prescriptions.prescription_for(session, actor, talk.id)
    partner = open_partner(session)
    item = prescriptions.add_item(session, actor, plan.id, partner_id=partner.id, need="wellbeing",
                                  goal=SECRETS["goal"])
    prescriptions.add_item(session, actor, plan.id, activity=SECRETS["activity"], goal=SECRETS["goal"])
    referral = referrals.create_referral(session, actor, person.id, partner.id, need="wellbeing",
                                         note_for_partner=SECRETS["note"], conversation_id=talk.id,
                                         prescription_item_id=item.id, today=day)
    referrals.record_status(session, actor, referral.id, "sent", note=SECRETS["event_note"])
    referrals.record_status(session, actor, referral.id, "declined", reason=SECRETS["decline_reason"])
    said = feedback.record_person_feedback(session, actor, referral.id, went=True, helped=4,
                                           comment=SECRETS["comment"])
    if day is not None:  # make everything about this person as old as `day`
        old = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
        for row in [session.get(Person, person.id), talk, session.get(Referral, referral.id), said]:
            for field in ("last_seen_at", "started_at", "ended_at", "created_at", "recorded_at"):
                if hasattr(row, field):
                    setattr(row, field, old)
            save(session, actor, row)
        for event in session.exec(select(ReferralEvent).where(ReferralEvent.referral_id == referral.id)):
            event.at = old
            save(session, actor, event)
    return person.id


def disk_bytes(runtime) -> bytes:
    privacy.checkpoint(runtime.store)
    out = b""
    for suffix in ("", "-wal", "-shm"):
        path = runtime.paths.database.with_name(runtime.paths.database.name + suffix)
        if path.exists():
            out += path.read_bytes()
    return out


def test_subject_access_holds_everything_about_the_person(runtime, actor):
    with runtime.store.session() as session:
        pid = make_person(session, actor)
        make_person(session, actor, "Someone Else (fictional)")
        data = privacy.subject_access(session, actor, pid)
    assert data["person"]["display_name"] == SECRETS["name"] and data["person"]["postcode_district"] == "L20"
    assert data["conversations"][0]["what_matters"] == SECRETS["matters"]
    assert {i["goal"] for i in data["prescriptions"][0]["items"]} == {SECRETS["goal"]}
    assert data["referrals"][0]["note_for_partner"] == SECRETS["note"]
    assert [e["status"] for e in data["referrals"][0]["events"]] == ["queued", "sent", "declined"]
    assert data["referrals"][0]["events"][-1]["reason"] == SECRETS["decline_reason"]
    assert data["feedback"][0]["comment"] == SECRETS["comment"]
    actions = {(e["action"], e["entity"]) for e in data["audit"]}
    assert {("create", "person"), ("create", "referral"), ("export", "person")} <= actions
    assert all(e["person_id"] == pid for e in data["audit"])
    assert "Someone Else" not in json.dumps(data)


def test_export_writes_json_and_text_for_the_owner_only(runtime, actor, tmp_path, capsys):
    with runtime.store.session() as session:
        pid = make_person(session, actor)
    code = cli(["--data-dir", str(runtime.paths.data_dir), "privacy", "export", pid, "--out", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert code == 0, err
    paths = [p for p in (tmp_path / "out").iterdir()]
    assert sorted(p.suffix for p in paths) == [".json", ".txt"] and out.split() == [str(p) for p in sorted(paths)]
    for path in paths:
        assert path.name.startswith("PERSONAL-DATA-") and SECRETS["name"].split()[0] not in path.name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "PERSONAL DATA" in err and "Warning" in err
    data = json.loads(next(p for p in paths if p.suffix == ".json").read_text())
    assert data["person"]["id"] == pid
    text = next(p for p in paths if p.suffix == ".txt").read_text()
    assert SECRETS["name"] in text and SECRETS["matters"] in text and "Referral 1" in text
    with runtime.store.session() as session:
        assert any(e.action == "export" for e in audit.list_audit(session, actor, pid))


@pytest.fixture
def plain_runtime(runtime, tmp_path):
    """The laptop on a database without encryption: what erasure leaves in the file's pages can be read here
    (encrypted, no name ever shows on disk: tests/privacy/test_encryption.py)."""
    folder = tmp_path / "plain"
    store = Store(folder / DATABASE_FILE)
    with store.session() as session:
        seed_if_empty(session)
    yield replace(runtime, paths=Paths(folder, folder), store=store)
    store.close()


def test_erasure_leaves_no_personal_data_on_disk_and_keeps_the_counts(plain_runtime, actor):
    runtime = plain_runtime
    with runtime.store.session() as session:
        pid = make_person(session, actor)
        other = make_person(session, actor, "Keeper Person (fictional)")
    assert SECRETS["name"].encode() in disk_bytes(runtime)
    with runtime.store.session() as session:
        before = [(r.status, r.referral.need) for r in referrals.list_referrals(session, actor)]
        result = privacy.erase_person(session, actor, pid)
    assert result.people == [pid] and result.rows == 8  # person, talk, 2 plan items, referral, 2 events, feedback
    assert SECRETS["name"].encode() not in disk_bytes(runtime)  # the other person shares the other texts
    with runtime.store.session() as session:
        person = session.get(Person, pid)
        assert person.display_name == privacy.ERASED_NAME and person.erased_at is not None
        assert person.postcode_district is None and person.date_of_birth is None and person.benefits == []
        data = privacy.subject_access(session, actor, pid)
        dumped = json.dumps(data)
        assert all(secret not in dumped for secret in SECRETS.values())
        talk = session.exec(select(Conversation).where(Conversation.person_id == pid)).one()
        assert talk.needs == ["wellbeing"] and talk.ons_happy == 3 and talk.ons_anxious == 8
        assert [(r.status, r.referral.need) for r in referrals.list_referrals(session, actor)] == before
        with pytest.raises(InvalidValue):
            people.get_person(session, actor, pid)
        assert [p.id for p in people.find_people(session, actor, "Quentin")] == []
        assert people.get_person(session, actor, other).display_name == "Keeper Person (fictional)"
        assert any(e.action == "delete" for e in audit.list_audit(session, actor, pid))


def test_an_erased_person_leaves_nothing_typed_on_disk(runtime, actor):
    with runtime.store.session() as session:
        pid = make_person(session, actor)
    with runtime.store.session() as session:
        privacy.erase_person(session, actor, pid)
    raw = disk_bytes(runtime)
    for secret in SECRETS.values():
        assert secret.encode() not in raw, secret


def test_erasure_is_queued_for_sync_and_older_copies_are_blanked(runtime, actor):
    with runtime.store.session() as session:
        pid = make_person(session, actor)
        privacy.erase_person(session, actor, pid)
        entries = session.exec(select(OutboxEntry)).all()
    payloads = json.dumps([e.payload for e in entries])
    assert all(secret not in payloads for secret in SECRETS.values())
    person_entries = sorted((e for e in entries if e.table_name == "person" and e.row_id == pid),
                            key=lambda e: e.seq)
    assert person_entries[-1].payload["erased_at"]  # the last word: erased, and so it syncs
    for entry in person_entries:  # older copies still go out in order, on the same bases, but blank
        assert entry.payload["display_name"] == privacy.ERASED_NAME
        assert entry.payload["postcode_district"] is None and entry.payload["date_of_birth"] is None
    assert [e.payload["_base"] for e in person_entries[1:]] == [e.version for e in person_entries[:-1]]


def test_purge_erases_only_people_inactive_that_long(runtime, actor):
    today = date(2026, 6, 1)
    with runtime.store.session() as session:
        old = make_person(session, actor, "Old Inactive (fictional)", day=date(2023, 5, 1))
        recent = make_person(session, actor, "Recent Active (fictional)")
        old_but_followed_up = make_person(session, actor, "Followed Up (fictional)", day=date(2023, 5, 1))
        talk = conversations.start_conversation(session, actor, old_but_followed_up)  # seen today
        assert privacy.inactive_people(session, actor, 3, today=today) == [old]
        assert privacy.inactive_people(session, actor, 4, today=today) == []
        result = privacy.purge(session, actor, 3, today=today)
        assert result.people == [old]
        assert session.get(Person, old).erased_at is not None
        assert session.get(Person, recent).erased_at is None and talk.person_id == old_but_followed_up
        assert privacy.purge(session, actor, 3, today=today).people == []  # already done


@pytest.mark.parametrize("years", ["0", "-1", "x", "", "1.5", "101"])
def test_purge_years_must_be_sensible(years):
    with pytest.raises(InvalidValue, match="whole number from 1 to 100"):
        privacy.check_years(years)


def run(capsys, runtime, *argv):
    code = cli(["--data-dir", str(runtime.paths.data_dir), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_erase_asks_for_confirmation_and_purge_dry_run(runtime, actor, capsys, monkeypatch):
    with runtime.store.session() as session:
        pid = make_person(session, actor, day=date(2020, 1, 1))
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    code, out, err = run(capsys, runtime, "privacy", "erase", pid)
    assert code == 1 and "--yes" in err and len(err.splitlines()) == 1
    code, out, err = run(capsys, runtime, "privacy", "purge", "--inactive-years", "2", "--dry-run", "--json")
    assert code == 0 and json.loads(out) == {"would_erase": [pid]}
    code, out, err = run(capsys, runtime, "privacy", "erase", pid, "--yes")
    assert code == 0 and "Erased" in out and "shared file" in out
    code, out, err = run(capsys, runtime, "privacy", "erase", pid, "--yes")
    assert code == 1 and "already erased" in err
    code, out, err = run(capsys, runtime, "audit", "--person", pid, "--json")
    assert code == 0 and {"create", "delete"} <= {e["action"] for e in json.loads(out)}


@pytest.mark.parametrize(("argv", "says"), [
    (["privacy", "purge", "--inactive-years", "soon"], "whole number from 1 to 100"),
    (["privacy", "purge"], "required: --inactive-years"),
    (["privacy", "export", " "], "is not a person id"),
    (["privacy", "export", "no-such-person"], "No person"),
    (["privacy", "erase"], "required: PERSON"),
    (["privacy", "find", "  "], "Type a name"),
    (["audit", "--last", "none"], "--last takes a whole number"),
    (["audit", "--person", ""], "is not a person id"),
])
def test_cli_errors_are_one_line(runtime, capsys, argv, says):
    code, out, err = run(capsys, runtime, *argv)
    assert code != 0 and says in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_volunteer_cli_is_refused(runtime, capsys):
    for argv in (["privacy", "find", "Jo"], ["privacy", "purge", "--inactive-years", "3"], ["audit"]):
        code, out, err = run(capsys, runtime, "--volunteer", *argv)
        assert code == 1 and "Volunteers' mode" in err and out == "", argv
