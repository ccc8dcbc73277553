"""Council feeds as they really come (an Open Referral UK 1.0 list of services with OpenPlace's own pc_ fields):
everything they say is read, one bad field costs that field only, and web addresses are never cut.

The records here are our own words in the shapes such feeds have; no real feed is copied.
"""

from __future__ import annotations

import json

from sqlmodel import select

from liferooms_tui.db.models import Partner
from liferooms_tui.directory.openreferral import import_file, load
from liferooms_tui.directory.openreferral.clean import MAX_URL
from liferooms_tui.directory.openreferral.export import oruk_page
from liferooms_tui.directory.search import Filters, PartnerIndex


def council_service(sid: str, name: str, description: str, **fields) -> dict:
    """A service as an OpenPlace council feed writes it: every key present, most of them empty."""
    service = {
        "id": sid, "name": name, "description": description, "url": "", "email": "", "status": "active",
        "fees": "", "accreditations": "", "deliverable_type": "", "attending_type": "", "attending_access": "",
        "pc_attendingAccess_additionalInfo": "", "assured_date": "2025-02-03",
        "organization": {"id": f"org-{sid}", "name": "Riverside Community Trust", "description": "A made-up trust",
                         "url": "", "logo": "", "uri": ""},
        "pc_metadata": {"date_created": "2024-01-01", "date_modified": "2025-02-03", "date_assured": "2025-02-03",
                        "assured_by": "someone@example.org"},
        "pc_targetAudience": [],
    }
    service.update(fields)
    return service


FEED = [
    council_service("memory", "Thursday Memory Cafe", "<p>A relaxed afternoon for people living with memory loss "
                    "and the family who care for them. Tea, music and a chat.</p>",
                    pc_targetAudience=[{"id": "ChronicallyIll", "audienceType": "Dementia"},
                                       {"id": "77", "audienceType": "Carers "}],
                    attending_type="Venue"),
    council_service("line", "Evening Listening Line", "Someone to talk to on the phone, every evening. "
                    "Ring 0117 496 0123 between 6pm and 10pm.", attending_type="Phone"),
    council_service("club", "Golden Years Lunch Club", "A hot meal and company for people over the age of 60, at "
                    "the Riverside Hall, Mill Lane, BS5 9ZZ.", attending_type="Venue"),
    council_service("youth", "Next Step Youth Drop-in", "Advice for 16 to 25 year olds, held at the Old Fire Station "
                    "BS1 9ZZ. Online chat too.", attending_type="Online"),
    council_service("aged", "Walk and Talk", "Walks for all ages from 18 to 30 year olds.",
                    eligibilitys=[{"id": "e", "eligibility": "adult", "minimum_age": 40, "maximum_age": 0}],
                    contacts=[{"id": "c", "name": "Walk leader", "phones": [{"id": "p", "number": "0151 496 0999"}]}]),
]


def write(tmp_path, records, name="riverside.json"):
    path = tmp_path / name
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def imported(laptop, tmp_path, records=FEED) -> tuple[object, dict[str, Partner]]:
    summary = import_file(laptop.store, laptop.actor, write(tmp_path, records), source="riverside")
    with laptop.store.session() as session:
        partners = {p.source_id: p for p in session.exec(select(Partner))}
    return summary, partners


def test_the_summary_names_the_form_really_read(laptop, tmp_path, reference):
    summary, _ = imported(laptop, tmp_path)
    assert summary.form == ("Open Referral UK 1.0 JSON, a list of services with OpenPlace's own fields (pc_...)")
    assert summary.lines()[0].startswith("Open Referral UK 1.0 JSON, a list of services")
    assert load(reference / "uk-profile/examples/service_list.json").form.startswith(
        "Open Referral UK 3.0 / HSDS 3.0 JSON, a page of services")
    assert load(reference / "uk-profile/examples/csv").form == "HSDS 3.0 tabular package (CSV)"
    unstated = write(tmp_path, [{"id": "x", "name": "Just a name", "status": "active"}], "plain.json")
    assert load(unstated).form.startswith("Open Referral JSON (no field says which version")


def test_target_audiences_say_who_it_is_for_and_are_searchable(laptop, tmp_path):
    _, partners = imported(laptop, tmp_path)
    cafe = partners["memory"]
    assert cafe.who_for.splitlines()[0] == "For: Dementia, Carers"
    index = PartnerIndex.build(partners.values())
    (hit,) = index.search("dementia", limit=1)  # its name and description never say it
    assert hit.partner.source_id == "memory" and hit.why.startswith('"dementia" in who it is for')


def test_attending_type_says_how_it_is_delivered_and_filters(laptop, tmp_path):
    _, partners = imported(laptop, tmp_path)
    assert partners["memory"].delivery == ["venue"] and partners["line"].delivery == ["phone"]
    assert partners["youth"].delivery == ["online"] and partners["aged"].delivery == []
    index = PartnerIndex.build(partners.values())
    by_phone = index.search("", Filters(delivery=frozenset({"phone"})))
    assert [h.partner.source_id for h in by_phone] == ["line"]
    online_or_venue = index.search("", Filters(delivery=frozenset({"online", "venue"})))
    assert {h.partner.source_id for h in online_or_venue} == {"memory", "club", "youth"}


def test_ages_are_read_from_the_description_only_when_no_age_field_says_them(laptop, tmp_path):
    _, partners = imported(laptop, tmp_path)
    assert (partners["club"].min_age, partners["club"].max_age) == (60, None)
    assert (partners["youth"].min_age, partners["youth"].max_age) == (16, 25)
    assert "ages" in partners["club"].from_description and "ages" in partners["youth"].from_description
    aged = partners["aged"]  # its eligibility says 40 and over: the description's "18 to 30" is not taken
    assert (aged.min_age, aged.max_age) == (40, None) and "ages" not in aged.from_description
    assert (partners["line"].min_age, partners["line"].max_age) == (None, None)


def test_phone_numbers_are_read_from_the_description_when_there_is_no_phone(laptop, tmp_path):
    _, partners = imported(laptop, tmp_path)
    assert partners["line"].contact_phone == "0117 496 0123" and "contact_phone" in partners["line"].from_description
    aged = partners["aged"]
    assert aged.contact_phone == "0151 496 0999" and "contact_phone" not in aged.from_description


def test_postcode_districts_from_descriptions_make_the_area_filter_work(laptop, tmp_path):
    _, partners = imported(laptop, tmp_path)
    assert partners["club"].districts == ["BS5"] and "districts" in partners["club"].from_description
    assert partners["youth"].districts == ["BS1"]
    index = PartnerIndex.build(partners.values())
    near = [h.partner.source_id for h in index.search("", Filters(postcode="BS5"))]
    assert near[:2] == ["club", "youth"]  # in BS5 first, then elsewhere in BS, then those with no place given
    assert set(near[2:]) == {"memory", "line", "aged"}
    far = [h.partner.source_id for h in index.search("", Filters(postcode="L20"))]
    assert "club" not in far and "youth" not in far  # in Bristol, with no catchment saying they take Bootle


def test_one_bad_field_costs_that_field_not_the_record(laptop, tmp_path):
    records = [
        council_service("twelve", "Homework Club", "After-school help.", minimum_age="twelve",
                        pc_targetAudience="children", attending_type=7),
        council_service("", "No id here", "x"),
        council_service("nameless", "", "x"),
    ]
    summary, partners = imported(laptop, tmp_path, records)
    assert list(partners) == ["twelve"] and partners["twelve"].min_age is None
    assert sorted(r.record for r in summary.rejected) == ["#2", "nameless"]
    warnings = {str(w) for w in summary.warnings}
    assert "service twelve, minimum_age: should be a number; left out" in warnings
    assert "service twelve, pc_targetAudience: should be a list, not text; left out" in warnings
    assert "service twelve, attending_type: should be text, not a number; left out" in warnings


def test_web_addresses_are_never_cut(laptop, tmp_path, validators):
    long_url = "https://example.org/services/" + "a" * 304  # 333 characters: longer than a name may be
    too_long = "https://example.org/" + "b" * MAX_URL
    records = [council_service("long", "Long Link Service", "x", url=long_url),
               council_service("huge", "Huge Link Service", "x", url=too_long)]
    summary, partners = imported(laptop, tmp_path, records)
    assert partners["long"].website == long_url and partners["huge"].website == ""
    assert any(str(w).startswith("service huge, url: is 2,020 characters, longer than 2,000; left out")
               for w in summary.warnings)
    assert validators.check_page(oruk_page(list(partners.values()))) == []
