"""Importing the Open Referral reference examples (HSDS 3.0 and UK 3.0, JSON and CSV), UK 1.0 feeds,
re-imports that change nothing, edited copies that change exactly what was edited, and what is never touched."""

from __future__ import annotations

import copy
import json
import shutil
import zipfile

import pytest
from sqlmodel import select

from liferooms_tui.db.models import AuditEvent, OutboxEntry, Partner
from liferooms_tui.directory.openreferral import import_directory, import_file, load
from liferooms_tui.directory.openreferral.extension import partner_id
from liferooms_tui.vocabulary import InvalidValue

EXAMPLES = [
    "uk-profile/examples/service_full.json",
    "uk-profile/examples/service_list.json",
    "uk-profile/examples/service_at_location_list.json",
    "uk-profile/examples/organization_full.json",
    "uk-profile/examples/csv",
    "specification/examples/service_full.json",
    "specification/examples/service_list.json",
    "specification/examples/csv",
]
EXAMPLE_ID = "ac148810-d857-441c-9679-408f346de14b"


def partners_of(runtime, source):
    with runtime.store.session() as session:
        return list(session.exec(select(Partner).where(Partner.source == source)))


def found_by(runtime, *queries: str) -> list[set[str]]:
    """Names of the partners each search finds with the directory search engine (top 10)."""
    from liferooms_tui.directory.search import PartnerIndex

    with runtime.store.session() as session:
        index = PartnerIndex.build(session.exec(select(Partner)))
    return [{hit.partner.name for hit in index.search(query, limit=10)} for query in queries]


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_reference_example_imports_and_is_searchable(reference, laptop, example):
    summary = import_file(laptop.store, laptop.actor, reference / example, source="council")
    assert summary.counts()["added"] == 1 and not summary.rejected, summary.lines()
    (partner,) = partners_of(laptop, "council")
    assert partner.id == partner_id("council", EXAMPLE_ID) and partner.source_id == EXAMPLE_ID
    assert partner.name == "Example Organization Inc.: Community Counselling"
    assert partner.active and "wellbeing" in partner.needs
    for names in found_by(laptop, "Community Counselling", "counseling", "Example Organization"):  # typo too
        assert partner.name in names


def test_found_among_the_whole_sample_directory(reference, runtime):
    import_file(runtime.store, runtime.actor, reference / "uk-profile/examples/csv", source="council")
    (partner,) = partners_of(runtime, "council")
    for names in found_by(runtime, "Community Counselling", "Example Organization", "counseling"):
        assert partner.name in names


def test_the_full_hsds_example_maps_every_field(reference, laptop):
    import_file(laptop.store, laptop.actor, reference / "specification/examples/service_full.json", source="c")
    (p,) = partners_of(laptop, "c")
    assert p.description.startswith("Counselling Services provided by trained professionals")
    assert "Alert: Following COVID-19" in p.description and "How to get a place:" in p.description
    assert p.catchment == ["AB1", "AB2", "AB3"]  # "all postcodes starting with AB1, AB2, and AB3"
    assert (p.min_age, p.max_age) == (12, 100)
    assert p.who_for.startswith("This service is intended for all people aged 12 and over")
    assert (p.contact_name, p.contact_role) == ("Ann Persona", "Reception Manager")
    assert p.contact_email == "email@example.com"
    assert p.contact_phone == "+44 1234 234567"
    assert p.delivered_at.startswith("MyCity Civic Center, 1-30 Main Street")
    assert p.schedule.startswith("The service is available from 10 am to 6pm weekdays")
    assert p.website == "http://example.com/counselling"
    assert str(p.last_verified) == "2005-01-01"
    assert p.taxonomy_terms == ["name"] and "Example Org" in p.keywords


def test_reimporting_the_same_file_changes_nothing(reference, laptop):
    path = reference / "specification/examples/csv"
    import_file(laptop.store, laptop.actor, path, source="council")
    with laptop.store.session() as session:
        before = [(p.id, p.version) for p in session.exec(select(Partner))]
        queued = len(list(session.exec(select(OutboxEntry))))
    again = import_file(laptop.store, laptop.actor, path, source="council")
    assert again.counts()["unchanged"] == 1 and not again.changed
    with laptop.store.session() as session:
        assert [(p.id, p.version) for p in session.exec(select(Partner))] == before
        assert len(list(session.exec(select(OutboxEntry)))) == queued


def _feed(n: int) -> list[dict]:
    return [{"id": f"svc-{i}", "name": f"Service {i}", "status": "active", "description": "Debt advice drop-in",
             "organization": {"id": "org", "name": "Fictional Advice Centre", "description": "x"},
             "service_areas": [{"id": f"a{i}", "name": "L20"}]} for i in range(n)]


def test_an_edited_copy_updates_exactly_the_edited_services(laptop, tmp_path):
    services = _feed(6)
    (tmp_path / "v1.json").write_text(json.dumps(services))
    first = import_file(laptop.store, laptop.actor, tmp_path / "v1.json", source="advice")
    assert first.counts()["added"] == 6
    edited = copy.deepcopy(services)
    edited[1]["description"] = "Debt and benefits advice, now on Fridays too"
    edited[4]["status"] = "defunct"
    (tmp_path / "v2.json").write_text(json.dumps(edited))
    dry = import_file(laptop.store, laptop.actor, tmp_path / "v2.json", source="advice", dry_run=True)
    assert [c.source_id for c in dry.updated] == ["svc-1"] and dry.updated[0].fields == ["description"]
    assert [c.source_id for c in dry.deactivated] == ["svc-4"]
    assert dry.counts()["unchanged"] == 4
    with laptop.store.session() as session:
        versions = {p.source_id: p.version for p in session.exec(select(Partner).where(Partner.source == "advice"))}
    real = import_file(laptop.store, laptop.actor, tmp_path / "v2.json", source="advice")
    assert real.counts() == {**dry.counts()}
    after = {p.source_id: p for p in partners_of(laptop, "advice")}
    changed = {sid for sid, p in after.items() if p.version != versions[sid]}
    assert changed == {"svc-1", "svc-4"}
    assert after["svc-1"].description.startswith("Debt and benefits advice") and not after["svc-4"].active


def test_services_gone_from_a_complete_file_are_deactivated_not_deleted(laptop, tmp_path):
    (tmp_path / "all.json").write_text(json.dumps(_feed(3)))
    import_file(laptop.store, laptop.actor, tmp_path / "all.json", source="advice")
    (tmp_path / "all.json").write_text(json.dumps(_feed(2)))
    summary = import_file(laptop.store, laptop.actor, tmp_path / "all.json", source="advice")
    assert [(c.source_id, c.reason) for c in summary.deactivated] == [("svc-2", "no longer in the file")]
    assert {p.source_id: p.active for p in partners_of(laptop, "advice")} == {
        "svc-0": True, "svc-1": True, "svc-2": False}
    kept = import_file(laptop.store, laptop.actor, tmp_path / "all.json", source="advice", keep_missing=True)
    assert not kept.deactivated


def test_one_page_of_a_longer_list_deactivates_nothing(laptop, tmp_path):
    (tmp_path / "all.json").write_text(json.dumps(_feed(3)))
    import_file(laptop.store, laptop.actor, tmp_path / "all.json", source="advice")
    page = {"total_items": 3, "total_pages": 3, "page_number": 1, "size": 1, "contents": _feed(1)}
    (tmp_path / "page.json").write_text(json.dumps(page))
    summary = import_file(laptop.store, laptop.actor, tmp_path / "page.json", source="advice")
    assert not summary.deactivated and "page 1 of 3" in summary.note


def test_manual_and_sample_partners_are_never_touched(runtime, tmp_path):
    with runtime.store.session() as session:
        before = {p.id: p.model_dump() for p in session.exec(select(Partner))}
    assert {p["source"] for p in before.values()} == {"sample"}
    sample = next(iter(before.values()))
    clash = [{"id": sample["id"], "name": "Not the sample", "status": "inactive"}]
    (tmp_path / "clash.json").write_text(json.dumps(clash))
    import_file(runtime.store, runtime.actor, tmp_path / "clash.json", source="other")
    with runtime.store.session() as session:
        after = {p.id: p.model_dump() for p in session.exec(select(Partner)) if p.id in before}
    assert after == before
    for reserved in ("manual", "sample", "Sample"):
        with pytest.raises(InvalidValue, match="kept for partners added here"):
            import_file(runtime.store, runtime.actor, tmp_path / "clash.json", source=reserved)


def test_ids_are_the_same_on_every_laptop(tmp_path, reference):
    from laptops import open_laptop

    ids = []
    for laptop in ("a", "b"):
        rt = open_laptop(tmp_path / laptop)
        import_file(rt.store, rt.actor, reference / "uk-profile/examples/service_full.json", source="council")
        ids.append({p.id for p in partners_of(rt, "council")})
        rt.close()
    assert ids[0] == ids[1] == {partner_id("council", EXAMPLE_ID)}


def test_import_is_queued_for_sync_and_audited(laptop, tmp_path):
    (tmp_path / "f.json").write_text(json.dumps(_feed(2)))
    import_file(laptop.store, laptop.actor, tmp_path / "f.json", source="advice")
    with laptop.store.session() as session:
        queued = [e.table_name for e in session.exec(select(OutboxEntry))]
        audit = list(session.exec(select(AuditEvent).where(AuditEvent.entity == "directory")))
    assert queued.count("partner") == 2
    assert len(audit) == 1 and "Added 2" in audit[0].detail


def test_uk_1_0_council_feed(laptop, tmp_path):
    feed = {"totalElements": 1, "totalPages": 1, "number": 1, "content": [{
        "id": 4821, "name": "Welfare Benefits Advice", "status": "active", "assured_date": "2025-03-01",
        "description": "<p>Help to claim <b>Universal Credit</b> &amp; PIP.</p>",
        "organization": {"id": "0c1d2e3f-0000-4000-8000-000000000001", "name": "Fictional Advice Sefton",
                         "description": "Advice charity", "url": "https://advice.example.org"},
        "contacts": [{"id": "c1", "name": "Duty adviser", "phones": [{"id": "p1", "number": "0151 496 0001"}]}],
        "eligibilitys": [{"id": "e1", "eligibility": "adult", "minimum_age": 18, "maximum_age": 0}],
        "service_areas": [{"id": "s1", "service_area": "L20, L21 and L30"}],
        "regular_schedules": [{"id": "r1", "weekday": 2, "opens_at": "09:30", "closes_at": "12:00"}],
        "service_taxonomys": [{"id": "t1", "taxonomy": {"id": "x", "name": "Money advice", "vocabulary": "esd"}}],
        "service_at_locations": [{"id": "l1", "location": {"id": "loc", "name": "Bootle Library",
                                  "physical_addresses": [{"id": "a", "address_1": "Stanley Road",
                                                          "city": "Bootle", "postal_code": "L20 3AB"}]}}],
    }]}
    (tmp_path / "sefton.json").write_text(json.dumps(feed))
    assert load(tmp_path / "sefton.json").form == "Open Referral UK 1.0 JSON"
    summary = import_file(laptop.store, laptop.actor, tmp_path / "sefton.json")
    assert summary.source == "sefton" and not summary.rejected, summary.lines()
    (p,) = partners_of(laptop, "sefton")
    assert p.name == "Fictional Advice Sefton: Welfare Benefits Advice" and p.source_id == "4821"
    assert p.description == "Help to claim Universal Credit & PIP."
    assert p.catchment == ["L20", "L21", "L30"] and (p.min_age, p.max_age) == (18, None)
    assert p.schedule == "Tue 09:30-12:00" and p.delivered_at == "Bootle Library, Stanley Road, Bootle L20 3AB"
    assert p.needs == ["debt"] and p.taxonomy_terms == ["Money advice"] and "Eligibility: adult" in p.who_for
    assert (p.contact_name, p.contact_phone) == ("Duty adviser", "0151 496 0001")
    assert p.website == "https://advice.example.org"


def test_a_zipped_csv_package_in_a_subfolder(reference, laptop, tmp_path):
    folder = reference / "uk-profile/examples/csv"
    with zipfile.ZipFile(tmp_path / "council.zip", "w") as archive:
        for csv_file in folder.iterdir():
            archive.write(csv_file, f"export/{csv_file.name}")
    summary = import_file(laptop.store, laptop.actor, tmp_path / "council.zip")
    assert summary.source == "council" and summary.counts()["added"] == 1


def test_import_directory_takes_plain_records(laptop):
    with laptop.store.session() as session:
        summary = import_directory(session, laptop.actor, _feed(2), "advice", dry_run=True)
    assert summary.counts()["added"] == 2 and partners_of(laptop, "advice") == []


def test_progress_is_reported(laptop, tmp_path):
    (tmp_path / "f.json").write_text(json.dumps(_feed(450)))
    seen = []
    import_file(laptop.store, laptop.actor, tmp_path / "f.json", source="a",
                progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (450, 450) and len(seen) > 10 and seen == sorted(seen)


def test_copying_the_example_folder_elsewhere_keeps_the_same_source(reference, laptop, tmp_path):
    shutil.copytree(reference / "specification/examples/csv", tmp_path / "sefton-2026-01", symlinks=True)
    assert load(tmp_path / "sefton-2026-01").name == "sefton"
