"""Correcting any record: edit a person, merge two records of one person, correct a finished drop-in."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from liferooms_tui import privacy, referrals
from liferooms_tui.db.models import (
    AuditEvent,
    Conversation,
    ConversationCorrection,
    Feedback,
    OutboxEntry,
    Partner,
    Person,
    Prescription,
    Referral,
)
from liferooms_tui.dropin import conversations, corrections, people, records
from liferooms_tui.referrals import feedback
from liferooms_tui.vocabulary import InvalidValue


def add(session, actor, name="Robin K. (fictional)", **kw):
    kw = {"postcode_district": "L20", "consent_store": True, "consent_share": True, **kw}
    return people.add_person(session, actor, name, **kw)


def partner_needing(session, benefit: str) -> Partner:
    for partner in session.exec(select(Partner).order_by(Partner.id)):
        if partner.benefits_required == [benefit] and not partner.catchment and not partner.min_age \
                and not partner.max_age and partner.active:
            return partner
    partner = Partner(name="PIP Peer Group (fictional)", benefits_required=[benefit], origin_site="test", version="v")
    session.add(partner)
    return partner


# --- Edit ---


def test_an_edit_changes_only_what_was_given_and_the_audit_says_which_fields_not_the_values(session, actor):
    person = add(session, actor, date_of_birth=date(1980, 5, 1))
    edited = records.edit_person(session, actor, person.id, display_name="  Robin   Kay (fictional) ",
                                 postcode_district="l21 3ab", date_of_birth="07/03/1984", benefits="pip, esa",
                                 consent_share="no")
    assert edited["changed"] == ["benefits", "consent_share", "date_of_birth", "display_name", "postcode_district"]
    assert (edited["name"], edited["postcode"], edited["born"], edited["benefits"], edited["consent_share"]) == (
        "Robin Kay (fictional)", "L21", "1984-03-07", ["esa", "pip"], False)
    (change,) = session.exec(select(AuditEvent).where(AuditEvent.action == "change")).all()
    assert change.detail == "changed benefits, consent_share, date_of_birth, display_name, postcode_district"
    for secret in ("Kay", "L21", "1984", "pip", "esa"):
        assert secret not in change.detail
    entry = session.exec(select(OutboxEntry).where(OutboxEntry.row_id == person.id)
                         .order_by(OutboxEntry.seq.desc())).first()
    assert entry.payload["_was"]["postcode_district"] == "L20" and "last_seen_at" not in entry.payload["_was"]


def test_an_edit_to_the_same_values_saves_nothing(session, actor):
    person = add(session, actor)
    queued = len(session.exec(select(OutboxEntry)).all())
    assert records.edit_person(session, actor, person.id, postcode_district="L20")["changed"] == []
    assert len(session.exec(select(OutboxEntry).where(OutboxEntry.table_name == "person")).all()) == 1
    assert len(session.exec(select(OutboxEntry)).all()) == queued + 1  # the view, audited


@pytest.mark.parametrize(("changes", "says"), [
    ({"display_name": "   "}, "Type a name or initials"),
    ({"display_name": "x" * 81}, "under 80 characters"),
    ({"postcode_district": "L2O0"}, "is not a postcode district"),
    ({"date_of_birth": "31/02/1990"}, "is not a date of birth"),
    ({"date_of_birth": "01/01/2999"}, "cannot be the date of birth"),
    ({"benefits": "pip, lottery"}, "'lottery' is not a benefit we know"),
    ({"consent_share": "maybe"}, "say yes or no"),
    ({"consent_store": "no"}, "has not agreed to us storing their details"),
    ({"eye_colour": "blue"}, "is not something to change on a person"),
])
def test_bad_input_to_every_field_is_one_sentence_and_nothing_is_half_saved(runtime, actor, changes, says):
    with runtime.store.session() as session:
        person_id = add(session, actor).id
    with pytest.raises(InvalidValue, match=says) as caught, runtime.store.session() as session:
        records.edit_person(session, actor, person_id, **{"display_name": "Changed (fictional)", "benefits": ["esa"],
                                                          **changes})
    assert "\n" not in str(caught.value)
    with runtime.store.session() as session:
        person = session.get(Person, person_id)
        assert (person.display_name, person.benefits) == ("Robin K. (fictional)", [])
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "change")).all() == []


def test_open_referral_checks_read_the_person_as_corrected(session, actor):
    person = add(session, actor)
    partner = partner_needing(session, "pip")
    benefits = {c.key: c.passed for c in referrals.check_referral(session, actor, person.id, partner.id)}
    assert benefits["benefits"] is False
    people.update_person(session, actor, person.id, benefits=["pip"])
    assert {c.key: c.passed for c in referrals.check_referral(session, actor, person.id, partner.id)}["benefits"]


# --- Merge ---


def _with_history(session, actor, person):
    """A finished drop-in, a plan, a referral with a status and feedback for `person`."""
    talk = conversations.start_conversation(session, actor, person.id)
    conversations.finish_conversation(session, actor, talk.id)
    plan = Prescription(conversation_id=talk.id, person_id=person.id)
    session.add(plan)
    partner = session.exec(select(Partner).where(Partner.catchment == [])).first()
    referral = referrals.create_referral(session, actor, person.id, partner.id,
                                         overrides={"capacity": "Fictional", "benefits": "Fictional",
                                                    "age": "Fictional", "prior_use": "Fictional"})
    referrals.record_status(session, actor, referral.id, "sent")
    feedback.record_person_feedback(session, actor, referral.id, went=True, helped=4)
    return talk, referral


def test_a_merge_moves_everything_to_the_record_kept_and_leaves_a_tombstone(session, actor):
    keep = add(session, actor, "Robin K. (fictional)", date_of_birth=date(1980, 5, 1))
    other = add(session, actor, "Robin Kay (fictional)", postcode_district="L21", benefits=["pip"])
    talk, referral = _with_history(session, actor, other)
    done = records.merge_people(session, actor, keep.id, other.id, ["benefits", "postcode_district"])
    assert done["moved"] == {"drop-ins": 1, "plans": 1, "referrals": 1}
    session.expire_all()
    kept, gone = session.get(Person, keep.id), session.get(Person, other.id)
    assert (kept.display_name, kept.postcode_district, kept.date_of_birth, kept.benefits) == (
        "Robin K. (fictional)", "L21", date(1980, 5, 1), ["pip"])
    assert gone.merged_into == keep.id and gone.display_name == records.MERGED_NAME and gone.postcode_district is None
    for model in (Conversation, Prescription, Referral, AuditEvent):
        assert session.exec(select(model).where(model.person_id == other.id)).all() == []
    assert session.get(Referral, referral.id).person_id == keep.id
    assert session.exec(select(Feedback).where(Feedback.referral_id == referral.id)).one()
    assert [r.person_name for r in referrals.list_referrals(session, actor)] == ["Robin K. (fictional)"]
    with pytest.raises(InvalidValue, match="was merged into"):
        people.live_person(session, other.id)
    assert [p.id for p in people.possible_duplicates(session, actor, "Robin Kay (fictional)", postcode_district="L21",
                                                      date_of_birth=None)] == [keep.id]


def test_merged_away_records_are_not_found(session, actor):
    keep = add(session, actor, "Robin K. (fictional)")
    other = add(session, actor, "Robin Kay (fictional)")
    assert {p.id for p in people.find_people(session, actor, "")} == {keep.id, other.id}
    records.merge_people(session, actor, keep.id, other.id)
    assert [p.id for p in people.find_people(session, actor, "")] == [keep.id]  # everyone, when nothing is typed
    assert [p.id for p in people.find_people(session, actor, "Robin")] == [keep.id]


@pytest.mark.parametrize(("keep", "other", "take", "says"), [
    ("a", "a", [], "same record"),
    ("a", "b", ["eye_colour"], "is not a field to take"),
    ("a", "missing", [], "No person missing"),
    ("a", "merged", [], "was merged into"),
])
def test_bad_merges_are_refused_with_nothing_changed(runtime, actor, keep, other, take, says):
    with runtime.store.session() as session:
        ids = {"a": add(session, actor).id, "b": add(session, actor, "Robin Kay (fictional)").id,
               "c": add(session, actor, "Robin Q (fictional)").id, "missing": "missing"}
        ids["merged"] = ids["c"]
        records.merge_people(session, actor, ids["a"], ids["c"])
        before = len(session.exec(select(OutboxEntry)).all())
    with pytest.raises(InvalidValue, match=says), runtime.store.session() as session:
        records.merge_people(session, actor, ids[keep], ids[other], take)
    with runtime.store.session() as session:
        assert len(session.exec(select(OutboxEntry)).all()) == before
        assert session.get(Person, ids["b"]).merged_into is None


def test_an_erasure_of_the_record_kept_reaches_the_merged_away_one(session, actor):
    keep = add(session, actor, "Robin K. (fictional)")
    other = add(session, actor, "Robin Kay (fictional)", postcode_district="L21")
    records.merge_people(session, actor, keep.id, other.id, ["postcode_district"])
    privacy.erase_person(session, actor, keep.id)
    assert session.get(Person, other.id).erased_at is not None
    raw = " ".join(str(e.payload) for e in session.exec(select(OutboxEntry)))
    assert "Robin" not in raw and "L21" not in raw  # older queued copies, and the values before each edit


def test_id_prefixes(session, actor):
    person = add(session, actor)
    assert records.person_id_from(session, actor, person.id[:8]) == person.id
    for twin in ("abc-1", "abc-2"):
        session.add(Person(id=twin, display_name="Twin (fictional)", origin_site="test", version="v"))
    with pytest.raises(InvalidValue, match="No person with an id starting 'zzzz'"):
        records.person_id_from(session, actor, "zzzz")
    with pytest.raises(InvalidValue, match="'abc' is the start of more than one person's id"):
        records.person_id_from(session, actor, "abc")
    with pytest.raises(InvalidValue, match="is not a person id"):
        records.person_id_from(session, actor, "  ")
    assert records.person_id_from(session, actor, "abc-2") == "abc-2"


# --- Corrections to a finished drop-in ---


def test_a_finished_drop_in_takes_a_correction_and_keeps_what_was_written(session, actor):
    person = add(session, actor)
    talk = conversations.start_conversation(session, actor, person.id)
    conversations.autosave(session, actor, talk.id, what_matters="Housing first (fictional)", needs=["housing"])
    with pytest.raises(InvalidValue, match="still open"):
        corrections.add_correction(session, actor, talk.id, "Meant debt (fictional)")
    conversations.finish_conversation(session, actor, talk.id)
    corrections.add_correction(session, actor, talk.id, "  The need was debt, not housing (fictional). ")
    corrections.add_correction(session, actor, talk.id, "Second thought (fictional)")
    history = corrections.drop_in_history(session, actor, talk.id)
    assert history.conversation.what_matters == "Housing first (fictional)" and history.conversation.needs == [
        "housing"]
    assert [c.note for c in history.corrections] == ["The need was debt, not housing (fictional).",
                                                     "Second thought (fictional)"]
    assert all(c.by == actor.name and c.version for c in history.corrections)
    queued = session.exec(select(OutboxEntry).where(OutboxEntry.table_name == "conversationcorrection")).all()
    assert len(queued) == 2
    (change,) = session.exec(select(AuditEvent).where(AuditEvent.entity == "conversation")).all()[:1]
    assert change.detail == "added a correction" and "debt" not in change.detail


@pytest.mark.parametrize(("note", "says"), [("   ", "Type what needs correcting"), ("x" * 2001, "under 2000")])
def test_a_bad_correction_is_one_sentence(session, actor, note, says):
    talk = conversations.start_conversation(session, actor, add(session, actor).id)
    conversations.finish_conversation(session, actor, talk.id)
    with pytest.raises(InvalidValue, match=says):
        corrections.add_correction(session, actor, talk.id, note)
    assert session.exec(select(ConversationCorrection)).all() == []


def test_a_correction_is_erased_with_the_person_and_in_their_export(session, actor):
    person = add(session, actor)
    talk = conversations.start_conversation(session, actor, person.id)
    conversations.finish_conversation(session, actor, talk.id)
    corrections.add_correction(session, actor, talk.id, "Lives with Alex (fictional)")
    assert [c["note"] for c in privacy.subject_access(session, actor, person.id)["corrections"]] == [
        "Lives with Alex (fictional)"]
    privacy.erase_person(session, actor, person.id)
    assert session.exec(select(ConversationCorrection.note)).all() == [""]
