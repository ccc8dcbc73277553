"""Exports validate against the Open Referral UK 3.0 and HSDS 3.0 schemas, are private files, and import
back with every partner field we keep (the sample directory, plus partners with the awkward values)."""

from __future__ import annotations

import json
import stat
import zipfile
from datetime import date

import pytest
from sqlmodel import select

from liferooms_tui.db.models import Partner
from liferooms_tui.db.outbox import save
from liferooms_tui.db.store import Store
from liferooms_tui.directory.openreferral import export_directory, import_file
from liferooms_tui.directory.openreferral.export import oruk_page, service_from_partner
from liferooms_tui.directory.openreferral.mapping import PARTNER_FIELDS
from liferooms_tui.directory.openreferral.tabular_write import package_files
from liferooms_tui.vocabulary import InvalidValue


def _awkward(runtime) -> None:
    """Partners whose values only a liferooms attribute can carry, and one that is no longer running."""
    with runtime.store.session() as session:
        save(session, runtime.actor, Partner(
            name="Hand-made [bold]partner[/bold]", description="", who_for="", contact_email="ring.first@example.org",
            website="www.example.org/no-scheme", capacity_per_week=0, prior_use_months=6, not_for="Line one\nLine two",
            benefits_required=["pip", "esa"], hubs=["Bootle Hub"], keywords=["tea", "chat"], services=["Drop-in"],
            taxonomy_terms=["Befriending", "Older people"], needs=["wellbeing", "creative"], min_age=0, max_age=17,
            catchment=["L20", "PR8"], active=False, last_verified=date(2026, 1, 31), source="manual"))
        save(session, runtime.actor, Partner(name="Baby and me", max_age=0, description="Under ones.\n\nWith a gap.",
                                             contact_phone="0151 496 0999", source="manual"))


def _fields(partner: Partner) -> dict:
    return {name: getattr(partner, name) for name in PARTNER_FIELDS}


def _round_trip(runtime, target, tmp_path) -> tuple[dict, dict]:
    with runtime.store.session() as session:
        originals = {p.id: _fields(p) for p in session.exec(select(Partner))}
    other = Store(tmp_path / "other-laptop.db")
    summary = import_file(other, runtime.actor, target, source="exported")
    assert summary.counts()["added"] == len(originals) and not summary.rejected and not summary.warnings
    with other.session() as session:
        copies = {p.source_id: _fields(p) for p in session.exec(select(Partner))}
    again = import_file(other, runtime.actor, target, source="exported")
    assert again.counts()["unchanged"] == len(originals)
    other.close()
    return originals, copies


@pytest.mark.parametrize("fmt,name", [("oruk-json", "directory.json"), ("hsds-csv", "package"),
                                      ("hsds-csv", "package.zip")])
def test_export_then_import_loses_nothing(runtime, tmp_path, fmt, name):
    _awkward(runtime)
    with runtime.store.session() as session:
        result = export_directory(session, runtime.actor, fmt, tmp_path / name)
    assert result.services >= 161
    originals, copies = _round_trip(runtime, result.path, tmp_path)
    assert copies == originals


def test_the_json_export_validates(runtime, validators):
    _awkward(runtime)
    with runtime.store.session() as session:
        page = oruk_page(list(session.exec(select(Partner))))
    assert page["total_items"] == len(page["contents"]) >= 160
    assert validators.check_page(page) == []


def test_the_csv_export_validates(runtime, validators):
    _awkward(runtime)
    with runtime.store.session() as session:
        services = [service_from_partner(p) for p in session.exec(select(Partner))]
    files = package_files(services)
    assert validators.check_package(files) == []
    assert {r["path"] for r in json.loads(files["datapackage.json"])["resources"]} <= set(files)


def test_the_validators_can_fail(runtime, validators):
    with runtime.store.session() as session:
        service = service_from_partner(session.exec(select(Partner)).first())
    service["status"] = "open"
    service["minimum_age"] = "twelve"
    del service["organization"]["name"]
    problems = validators.check_page({"contents": [service]})
    assert any("status" in p for p in problems) and any("minimum_age" in p for p in problems)
    files = package_files([service_from_partner(Partner(name="x"))])
    files["services.csv"] = files["services.csv"].replace(",active,", ",,")
    assert any("status" in p for p in validators.check_package(files))


def test_exports_are_private(runtime, tmp_path):
    with runtime.store.session() as session:
        json_file = export_directory(session, runtime.actor, "oruk-json", tmp_path / "d.json").path
        folder = export_directory(session, runtime.actor, "hsds-csv", tmp_path / "pkg").path
        zipped = export_directory(session, runtime.actor, "hsds-csv", tmp_path / "pkg.zip").path
    for path in [json_file, zipped, *folder.iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert "services.csv" in zipfile.ZipFile(zipped).namelist()


def test_volunteers_may_export(tmp_path):
    from laptops import open_laptop

    rt = open_laptop(tmp_path / "laptop", role="volunteer")
    with rt.store.session() as session:
        assert export_directory(session, rt.actor, "oruk-json", tmp_path / "d.json").services >= 159
    rt.close()


def test_export_refuses_a_folder_of_other_files(runtime, tmp_path):
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "letter.txt").write_text("keep me")
    with runtime.store.session() as session:
        with pytest.raises(InvalidValue, match="already holds other files"):
            export_directory(session, runtime.actor, "hsds-csv", tmp_path / "documents")
        with pytest.raises(InvalidValue, match="is a folder"):
            export_directory(session, runtime.actor, "oruk-json", tmp_path / "documents")
        with pytest.raises(InvalidValue, match="not an export format"):
            export_directory(session, runtime.actor, "xml", tmp_path / "d.xml")
    assert (tmp_path / "documents" / "letter.txt").read_text() == "keep me"


def test_every_partner_field_is_carried():
    """A new Partner column must be added to the mapping (and so to the export), or this fails."""
    bookkeeping = {"id", "origin_site", "version", "source", "source_id", "updated_at"}
    assert set(PARTNER_FIELDS) == set(Partner.model_fields) - bookkeeping
