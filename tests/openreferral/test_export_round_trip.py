"""An export that round-trips: Open Referral exports carry the publisher's ids for imported partners and our own
stable id for the service's own (sample and added by hand), still valid UK 3.0; re-importing an export into the
directory it came from adds nothing, deactivates nothing and changes nothing, whatever source name it is given."""

from __future__ import annotations

import json

import pytest
from laptops import cli
from sqlmodel import func, select

from liferooms_tui.db.models import OutboxEntry, Partner
from liferooms_tui.db.outbox import save
from liferooms_tui.directory.openreferral import export_directory, import_directory, import_file
from liferooms_tui.directory.openreferral.export import oruk_page
from liferooms_tui.directory.openreferral.extension import as_uuid

PUBLISHER_UUID = "0b7d4c1e-3a52-4f7e-9f5e-2d6c1a8b9e10"
COUNCIL = [
    {"id": "s1", "name": "Fictional Money Help", "status": "active", "description": "Debt advice",
     "contacts": [{"id": "c1", "name": "Sam Example", "phones": [{"id": "p1", "number": "0151 496 0001"}]}]},
    {"id": PUBLISHER_UUID, "name": "Fictional Walking Group", "status": "active", "description": "Walks"},
    {"id": "s3", "name": "Fictional Closed Club", "status": "inactive", "description": "Stopped"},
]


def _directory(runtime) -> dict[str, str]:
    """The sample, a council feed (one partner then edited by hand) and a partner added by hand."""
    with runtime.store.session() as session:
        import_directory(session, runtime.actor, COUNCIL, "council")
        money = session.exec(select(Partner).where(Partner.source_id == "s1")).one()
        money.contact_phone = "0151 496 0999"
        save(session, runtime.actor, money)
        own = save(session, runtime.actor, Partner(name="Fictional Hand-made Cafe", source="manual",
                                                   needs=["wellbeing"]))
        return {"money": money.id, "own": own.id}


def _everything(runtime) -> tuple[list[dict], int]:
    with runtime.store.session() as session:
        rows = [p.model_dump(mode="json") for p in session.exec(select(Partner).order_by(Partner.id))]
        return rows, session.exec(select(func.count()).select_from(OutboxEntry)).one()


def test_the_export_carries_the_publishers_ids_and_ours(runtime, validators):
    ids = _directory(runtime)
    with runtime.store.session() as session:
        page = oruk_page(list(session.exec(select(Partner))))
    by_name = {s["name"]: s for s in page["contents"]}
    assert by_name["Fictional Walking Group"]["id"] == PUBLISHER_UUID  # the publisher's id as it is
    money = by_name["Fictional Money Help"]  # not a UUID: made one, and the publisher's id carried beside it
    assert money["id"] == as_uuid("s1")
    assert {(a["taxonomy_term"]["code"], a["value"]) for a in money["attributes"]} >= {
        ("partner_record", "council"), ("record_id", "s1")}
    assert by_name["Fictional Hand-made Cafe"]["id"] == ids["own"]  # ours: our own (stable) id
    assert validators.check_page(page) == []


@pytest.mark.parametrize("fmt,name", [("oruk-json", "directory.json"), ("hsds-csv", "directory.zip")])
def test_an_export_reimported_into_its_own_directory_changes_nothing(runtime, tmp_path, fmt, name):
    _directory(runtime)
    with runtime.store.session() as session:
        path = export_directory(session, runtime.actor, fmt, tmp_path / name).path
    before = _everything(runtime)
    for source in (None, "council"):  # the name made from the file, and the source's own name
        summary = import_file(runtime.store, runtime.actor, path, source=source)
        counts = summary.counts()
        assert (counts["added"], counts["deactivated"], counts["updated"]) == (0, 0, 0), summary.lines()
        assert counts["unchanged"] == counts["read"] >= 162 and not summary.rejected and not summary.warnings
        assert _everything(runtime) == before


def test_the_hand_edit_still_survives_the_council_after_a_round_trip(runtime, tmp_path):
    ids = _directory(runtime)
    with runtime.store.session() as session:
        path = export_directory(session, runtime.actor, "oruk-json", tmp_path / "d.json").path
    import_file(runtime.store, runtime.actor, path, source="council")  # our export is not what the council said
    changed = [dict(COUNCIL[0], description="Debt and money advice")] + COUNCIL[1:]
    with runtime.store.session() as session:
        again = import_directory(session, runtime.actor, changed, "council")
        money = session.get(Partner, ids["money"])
    assert money.contact_phone == "0151 496 0999" and money.description == "Debt and money advice"
    assert again.counts()["updated"] == 1 and not again.kept


def test_round_trip_from_the_command_line(tmp_path, capsys):
    data = str(tmp_path / "laptop")
    feed = tmp_path / "council.json"
    feed.write_text(json.dumps(COUNCIL))
    assert cli(["--data-dir", data, "directory", "import", str(feed)]) == 0
    assert cli(["--data-dir", data, "directory", "export", "--format", "oruk-json", str(tmp_path / "out.json")]) == 0
    capsys.readouterr()
    assert cli(["--data-dir", data, "directory", "import", str(tmp_path / "out.json")]) == 0
    out = capsys.readouterr().out
    assert "Added 0, updated 0, deactivated 0;" in out, out
