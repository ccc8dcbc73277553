"""Corrections travel: an edit of a person merges field by field with edits made elsewhere; a merge of two
records reaches every laptop (and the shared file) as one person, with nothing lost or doubled."""

from __future__ import annotations

from sqlmodel import select
from sync_helpers import add_referral, local_rows, open_partner, shared_value, sync

from liferooms_tui import referrals
from liferooms_tui.db.models import Person, SyncConflict
from liferooms_tui.dropin import conversations, corrections, people, records
from liferooms_tui.sync.resolve import resolve

V1, V2, V3 = "1700000000000.00000.lapa", "1700000000001.00000.lapb", "1700000000002.00000.lapa"


def mint(after: str) -> str:
    return "1800000000000.00000.lapz" if after < "1800000000000" else after + "x"


def row(version: str, **fields) -> dict:
    return {"id": "r1", "origin_site": "bootle-hub:lapa", "version": version, "display_name": "Jo",
            "postcode_district": "L20", "benefits": [], "erased_at": None, "merged_into": None, **fields}


def test_edits_of_different_fields_both_survive_with_a_new_version():
    theirs = row(V2, postcode_district="L21")  # B changed the postcode, on top of V1
    mine = row(V3, display_name="Jo M")  # A changed the name, also on top of V1
    settled = resolve("person", theirs, mine, V1, mint, {"display_name": "Jo"})
    assert (settled.row["display_name"], settled.row["postcode_district"]) == ("Jo M", "L21")
    assert settled.conflicts == [] and settled.restore and settled.row["version"] > V3
    older = resolve("person", mine, theirs, V1, mint, {"postcode_district": "L20"})  # the other order
    assert {k: v for k, v in older.row.items() if k != "version"} == {
        k: v for k, v in settled.row.items() if k != "version"}


def test_a_field_both_changed_goes_to_the_newer_change_and_the_other_to_the_review():
    theirs = row(V2, display_name="Jo B", postcode_district="L21")
    mine = row(V3, display_name="Jo A")
    settled = resolve("person", theirs, mine, V1, mint, {"display_name": "Jo"})
    assert (settled.row["display_name"], settled.row["postcode_district"]) == ("Jo A", "L21")
    (lost,) = settled.conflicts
    assert (lost.field, lost.kept_value, lost.lost_value) == ("display_name", "Jo A", "Jo B")
    late = resolve("person", mine, row(V2, display_name="Jo B"), V1, mint, {"display_name": "Jo"})
    assert late.action == "keep" and late.restore and late.conflicts[0].lost_value == "Jo B"


def test_a_merge_wins_over_an_edit_made_meanwhile_and_the_edit_waits_for_review():
    tombstone = row(V2, display_name=records.MERGED_NAME, postcode_district=None, merged_into="r0")
    edit = row(V3, postcode_district="L22")
    settled = resolve("person", tombstone, edit, V1, mint, {"postcode_district": "L20"})
    assert settled.action == "keep" and settled.restore and settled.row["merged_into"] == "r0"
    assert [(c.field, c.lost_value) for c in settled.conflicts] == [("postcode_district", "L22")]
    first = resolve("person", edit, tombstone, V1, mint, {"display_name": "Jo", "postcode_district": "L20"})
    assert first.row["merged_into"] == "r0" and first.row["version"] > V3 and first.restore
    assert [(c.field, c.lost_value) for c in first.conflicts] == [("postcode_district", "L22")]


def test_two_laptops_edit_one_person_and_both_changes_reach_both(pair):
    a, b, path = pair
    person_id, referral_id = add_referral(a)
    sync(a, path)
    sync(b, path)
    with a.store.session() as session:
        people.update_person(session, a.actor, person_id, display_name="Sam Tee (fictional)")
    with b.store.session() as session:
        people.update_person(session, b.actor, person_id, postcode_district="L21", benefits="pip")
    sync(a, path)
    report = sync(b, path)
    sync(a, path)
    assert report.conflicts == 0
    for laptop in (a, b):
        person = local_rows(laptop, "person")[person_id]
        assert (person["display_name"], person["postcode_district"], person["benefits"]) == (
            "Sam Tee (fictional)", "L21", ["pip"])
    assert local_rows(a, "person")[person_id] == local_rows(b, "person")[person_id]
    assert shared_value(path, "SELECT display_name, postcode_district FROM person WHERE id=?", (person_id,)) == [
        ("Sam Tee (fictional)", "L21")]


def _referrals_by_person(laptop) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for referral in local_rows(laptop, "referral").values():
        found.setdefault(referral["person_id"], []).append(referral["id"])
    return {k: sorted(v) for k, v in found.items()}


def test_a_merge_reaches_every_laptop_even_one_that_referred_the_merged_away_record_before_it_synced(pair):
    a, b, path = pair
    keep_id, first = add_referral(a, "Robin K. (fictional)")
    other_id, second = add_referral(b, "Robin Kay (fictional)")
    with b.store.session() as session:
        talk = conversations.start_conversation(session, b.actor, other_id)
        conversations.finish_conversation(session, b.actor, talk.id)
    sync(a, path)
    sync(b, path)
    sync(a, path)  # each laptop now holds both records (each has a referral)
    with b.store.session() as session:  # B refers the second record again, and does not sync yet
        third = referrals.create_referral(session, b.actor, other_id, open_partner(session, limited=False).id,
                                          need="debt", overrides={"capacity": "Fictional"}).id
        referrals.record_status(session, b.actor, second, "sent")
    with a.store.session() as session:
        records.merge_people(session, a.actor, keep_id, other_id, ["postcode_district"])
    sync(a, path)
    sync(b, path)
    sync(a, path)
    everything = sorted([first, second, third])
    for laptop in (a, b):
        assert _referrals_by_person(laptop) == {keep_id: everything}
        with laptop.store.session() as session:
            assert session.get(Person, other_id).merged_into == keep_id
            listed = referrals.list_referrals(session, laptop.actor)
            assert sorted(r.referral.id for r in listed) == everything
            assert {r.person_name for r in listed} == {"Robin K. (fictional)"}
            assert referrals.referral_history(session, laptop.actor, second)[-1].status == "sent"
    assert local_rows(b, "conversation")[talk.id]["person_id"] == keep_id
    assert shared_value(path, "SELECT DISTINCT person_id FROM referral WHERE id IN (?, ?, ?)", tuple(everything)) == [
        (keep_id,)]
    assert shared_value(path, "SELECT person_id FROM conversation WHERE id=?", (talk.id,)) == [(keep_id,)]
    assert shared_value(path, "SELECT count(*) FROM referral") == [(3,)]
    assert shared_value(path, "SELECT count(*) FROM person WHERE merged_into IS NULL") == [(1,)]
    assert shared_value(path, "SELECT count(*) FROM auditevent WHERE person_id=?", (other_id,)) == [(0,)]


def test_an_edit_of_the_merged_away_record_made_meanwhile_goes_to_the_review(pair):
    a, b, path = pair
    keep_id, _ = add_referral(a, "Robin K. (fictional)")
    other_id, _ = add_referral(a, "Robin Kay (fictional)")
    sync(a, path)
    sync(b, path)
    with b.store.session() as session:
        people.update_person(session, b.actor, other_id, postcode_district="PR8")
    with a.store.session() as session:
        records.merge_people(session, a.actor, keep_id, other_id)
    sync(a, path)
    report = sync(b, path)
    assert report.conflicts == 1
    for laptop in (a, b):
        assert local_rows(laptop, "person")[other_id]["merged_into"] == keep_id
    with b.store.session() as session:
        (conflict,) = session.exec(select(SyncConflict)).all()
    assert (conflict.row_id, conflict.field, conflict.lost_value) == (other_id, "postcode_district", "PR8")


def test_a_laptop_that_never_held_the_merged_away_record_is_not_given_it(pair):
    a, b, path = pair
    keep_id, _ = add_referral(a, "Robin K. (fictional)")
    with a.store.session() as session:
        other_id = people.add_person(session, a.actor, "Robin Kay (fictional)", consent_store=True,
                                     consent_share=False).id
        records.merge_people(session, a.actor, keep_id, other_id)
    sync(a, path)
    sync(b, path)
    assert other_id not in local_rows(b, "person") and keep_id in local_rows(b, "person")


def test_a_correction_note_reaches_the_shared_file_beside_the_drop_in(pair):
    a, _, path = pair
    person_id, _ = add_referral(a)
    with a.store.session() as session:
        talk = conversations.start_conversation(session, a.actor, person_id)
        conversations.autosave(session, a.actor, talk.id, what_matters="Housing (fictional)")
        conversations.finish_conversation(session, a.actor, talk.id)
        corrections.add_correction(session, a.actor, talk.id, "It was debt (fictional)")
    report = sync(a, path)
    assert report.rejects == []
    assert shared_value(path, "SELECT c.what_matters, n.note FROM conversationcorrection n JOIN conversation c "
                              "ON c.id = n.conversation_id") == [("Housing (fictional)", "It was debt (fictional)")]


def test_two_laptops_merging_two_records_each_into_the_other_end_with_one_person(pair):
    a, b, path = pair
    first, first_referral = add_referral(a, "Robin K. (fictional)")
    second, second_referral = add_referral(a, "Robin Kay (fictional)")
    sync(a, path)
    sync(b, path)
    with a.store.session() as session:
        records.merge_people(session, a.actor, first, second)
    with b.store.session() as session:
        records.merge_people(session, b.actor, second, first)
    sync(a, path)
    report = sync(b, path)
    sync(a, path)
    assert report.rejects == []
    for laptop in (a, b):
        found = local_rows(laptop, "person")
        assert (found[first]["merged_into"], found[second]["merged_into"]) == (None, first)
        assert found[first]["display_name"] == "Robin K. (fictional)"
        assert _referrals_by_person(laptop) == {first: sorted([first_referral, second_referral])}
    assert local_rows(a, "person") == local_rows(b, "person")
