"""Conflicts: each field's owner wins, the rest by version, deterministically; what lost is kept."""

from __future__ import annotations

from laptops import SERVICE_KEY
from sqlmodel import select
from sync_helpers import add_referral, local_rows, shared_value, sync

from liferooms_tui import privacy
from liferooms_tui.db.models import Person, Referral, SyncConflict
from liferooms_tui.db.outbox import save
from liferooms_tui.dropin import people
from liferooms_tui.sync import pull
from liferooms_tui.sync.resolve import ERASED, resolve
from liferooms_tui.sync.shared import open_shared

V1, V2, V3 = "1700000000000.00000.lapa", "1700000000001.00000.lapb", "1700000000002.00000.lapa"


def mint(after: str) -> str:
    return "1800000000000.00000.lapz" if after < "1800000000000" else after + "x"


def row(version: str, **fields) -> dict:
    return {"id": "r1", "origin_site": "bootle-hub:lapa", "version": version, "display_name": "Jo", "erased_at": None,
            "postcode_district": "L20", **fields}


def test_a_new_row_is_inserted_and_the_same_version_changes_nothing():
    assert resolve("person", None, row(V1), "", mint).action == "insert"
    assert resolve("person", row(V1), row(V1), "", mint).action == "keep"


def test_an_edit_made_on_top_of_the_shared_copy_wins_without_a_conflict():
    settled = resolve("person", row(V1), row(V2, postcode_district="L21"), V1, mint)
    assert (settled.action, settled.row["postcode_district"], settled.conflicts) == ("update", "L21", [])


def test_concurrent_edits_resolve_by_version_and_keep_the_value_that_lost():
    settled = resolve("person", row(V2, postcode_district="L21"), row(V3, postcode_district="L22"), V1, mint)
    assert settled.action == "update" and settled.row["postcode_district"] == "L22"
    (lost,) = settled.conflicts
    assert (lost.field, lost.kept_value, lost.lost_value, lost.lost_version) == ("postcode_district", "L22", "L21",
                                                                                 V2)
    older = resolve("person", row(V3, postcode_district="L22"), row(V2, postcode_district="L21"), V1, mint)
    assert older.action == "keep" and older.restore and older.conflicts[0].lost_value == "L21"


def test_the_outcome_does_not_depend_on_which_laptop_syncs_first():
    a, b = row(V2, display_name="Jo A"), row(V3, display_name="Jo B")
    first = resolve("person", resolve("person", None, a, "", mint).row, b, V1, mint).row
    second = resolve("person", resolve("person", None, b, "", mint).row, a, V1, mint).row
    assert first == second == b


def test_a_referral_belongs_to_the_laptop_that_made_it():
    made = row(V1, note_for_partner="from A")
    edited = row(V2, note_for_partner="edited at B")  # a newer version, but laptop B is not the owner
    settled = resolve("referral", made, edited, V1, mint)
    assert settled.action == "keep" and settled.restore and settled.row["note_for_partner"] == "from A"
    assert settled.conflicts[0].lost_value == "edited at B"
    assert resolve("referral", made, row(V3, note_for_partner="A again"), V1, mint).action == "update"


def test_an_erased_person_stays_erased_and_their_data_is_not_kept_as_a_conflict():
    erased = row(V2, display_name="Erased person", postcode_district=None, erased_at="2026-01-01T00:00:00Z")
    edit = row(V3, display_name="Jo Again")
    settled = resolve("person", erased, edit, V1, mint)
    assert settled.action == "keep" and settled.restore and settled.row["erased_at"]
    assert {c.lost_value for c in settled.conflicts} == {ERASED}
    late = resolve("person", edit, erased, V1, mint)  # the erasure is older than an edit made meanwhile
    assert late.action == "update" and late.row["erased_at"] and late.row["version"] > V3 and late.restore
    assert {c.lost_value for c in late.conflicts} == {ERASED}


def test_the_origin_of_a_row_never_changes():
    settled = resolve("person", row(V1), row(V2, origin_site="elsewhere:lapb"), V1, mint)
    assert settled.row["origin_site"] == "bootle-hub:lapa"


def test_two_laptops_edit_one_person_both_converge_and_the_loser_is_logged(pair):
    a, b, path = pair
    person_id, _ = add_referral(a)
    sync(a, path)
    sync(b, path)
    with a.store.session() as session:
        va = people.update_person(session, a.actor, person_id, postcode_district="L21").version
    with b.store.session() as session:
        vb = people.update_person(session, b.actor, person_id, postcode_district="L22").version
    won, lost = ("L22", "L21") if vb > va else ("L21", "L22")
    sync(a, path)
    report = sync(b, path)
    sync(a, path)
    assert report.conflicts == 1  # found by whichever laptop syncs second: B
    assert local_rows(a, "person")[person_id] == local_rows(b, "person")[person_id]
    assert local_rows(a, "person")[person_id]["postcode_district"] == won
    with b.store.session() as session:
        (conflict,) = session.exec(select(SyncConflict)).all()
        assert (conflict.field, conflict.kept_value, conflict.lost_value) == ("postcode_district", won, lost)
    assert shared_value(path, "SELECT field, lost_value FROM conflict") == [("postcode_district", lost)]


def test_another_laptop_cannot_change_a_referral_it_did_not_make(pair):
    a, b, path = pair
    _, referral_id = add_referral(a)
    sync(a, path)
    sync(b, path)
    with b.store.session() as session:
        referral = session.get(Referral, referral_id)
        referral.note_for_partner = "Changed at B (fictional)"
        save(session, b.actor, referral)
    report = sync(b, path)
    assert report.conflicts == 1
    assert local_rows(b, "referral")[referral_id]["note_for_partner"] != "Changed at B (fictional)"
    assert local_rows(b, "referral")[referral_id] == local_rows(a, "referral")[referral_id] | {
        "conversation_id": None, "prescription_item_id": None}
    with b.store.session() as session:
        assert session.exec(select(SyncConflict.lost_value)).one() == "Changed at B (fictional)"


def test_a_pull_never_brings_back_someone_erased_here_before_the_erasure_is_sent(pair):
    a, b, path = pair
    person_id, _ = add_referral(a)
    sync(a, path)
    sync(b, path)
    with b.store.session() as session:
        privacy.erase_person(session, b.actor, person_id)
    with a.store.session() as session:
        people.update_person(session, a.actor, person_id, postcode_district="L21")  # newer than B's erasure
    sync(a, path)
    shared = open_shared(path, key=SERVICE_KEY, write=False)  # B only reads (as from a read-only share)
    try:
        pull.pull(shared.conn, b.store, shared.file_id, b.actor.laptop_id, retry=lambda work: work())
    finally:
        shared.close()
    with b.store.session() as session:
        assert session.get(Person, person_id).erased_at is not None
    sync(b, path)
    sync(a, path)
    for laptop in (a, b):
        with laptop.store.session() as session:
            person = session.get(Person, person_id)
            assert person.erased_at is not None and person.postcode_district is None


def test_an_erasure_takes_the_persons_values_out_of_the_conflict_logs(pair, shared_backend):
    a, b, path = pair
    person_id, _ = add_referral(a)
    sync(a, path)
    sync(b, path)
    with a.store.session() as session:
        people.update_person(session, a.actor, person_id, display_name="Zebedee Q. (fictional)")
    with b.store.session() as session:
        people.update_person(session, b.actor, person_id, display_name="Xanthe Q. (fictional)")
    sync(a, path)
    sync(b, path)
    assert shared_value(path, "SELECT count(*) FROM conflict") == [(1,)]
    with a.store.session() as session:
        privacy.erase_person(session, a.actor, person_id)
    sync(a, path)
    sync(b, path)
    left = " ".join(map(str, shared_value(path, "SELECT kept_value, lost_value FROM conflict")))
    assert "Zebedee" not in left and "Xanthe" not in left
    if shared_backend == "file":  # its freed pages are zeroed (secure_delete)
        raw = path.read_bytes()
        assert b"Zebedee" not in raw and b"Xanthe" not in raw
    with b.store.session() as session:
        assert session.exec(select(SyncConflict)).all() == []
