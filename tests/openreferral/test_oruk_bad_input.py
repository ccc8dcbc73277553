"""Bad input: files that are not Open Referral, records missing required fields, wrong types, huge or
hostile text. Each problem is reported with the record id and field, good records are imported, and a
failure part-way leaves the directory as it was."""

from __future__ import annotations

import json
import zipfile

import pytest
from sqlmodel import select

from liferooms_tui.access import Actor, NotAllowed
from liferooms_tui.db.models import OutboxEntry, Partner
from liferooms_tui.directory.openreferral import import_directory, import_file
from liferooms_tui.directory.openreferral.read import load, parse_json
from liferooms_tui.vocabulary import InvalidValue

GOOD = {"id": "good-1", "name": "Good Service", "status": "active", "description": "Housing advice"}


def write(tmp_path, name, data) -> str:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def problems(summary) -> dict[str, list[str]]:
    return {r.record: [f"{p.field}: {p.message}" if p.field else p.message for p in r.problems]
            for r in summary.rejected}


@pytest.mark.parametrize("content,says", [
    (b"\x89PNG\r\n\x1a\n\x00\x00", "is not UTF-8 text"),
    ("name,description\nx,y\n", "is not valid JSON"),
    ("", "is not valid JSON"),
    ("[1, 2, 3]", "holds no Open Referral services"),
    ('{"type": "FeatureCollection", "features": []}', "does not hold Open Referral services"),
    ("42", "does not hold Open Referral services"),
    ('{"id": "t1", "name": "Housing", "description": "a taxonomy term"}', "does not hold Open Referral services"),
    ('{"contents": [{"id": "o1", "name": "Org", "website": "https://x.example.org"}]}', "holds no Open Referral"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"id": ' + "9" * 5000 + "}", "is not valid JSON"),
])
def test_files_that_are_not_open_referral_are_refused_in_one_sentence(tmp_path, content, says):
    path = write(tmp_path, "upload.json", content)
    with pytest.raises(InvalidValue, match=says) as raised:
        load(path)  # what import_file reads first, before it opens the database
    assert "\n" not in str(raised.value) and len(str(raised.value)) < 400


def test_missing_paths_folders_and_zips(tmp_path):
    with pytest.raises(InvalidValue, match="does not exist"):
        load(tmp_path / "nope.json")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InvalidValue, match="has no services.csv"):
        load(tmp_path / "empty")
    with zipfile.ZipFile(tmp_path / "photos.zip", "w") as archive:
        archive.writestr("holiday/beach.jpg", b"not really")
    with pytest.raises(InvalidValue, match="not an Open Referral package"):
        load(tmp_path / "photos.zip")
    write(tmp_path, "bad.zip", b"PK\x03\x04 broken")
    with pytest.raises(InvalidValue):
        load(tmp_path / "bad.zip")


def test_unreadable_file(laptop, tmp_path, monkeypatch):
    path = write(tmp_path, "secret.json", [GOOD])

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr("pathlib.Path.read_bytes", refuse)  # chmod 0 does not stop root, who runs CI here
    with pytest.raises(InvalidValue, match=r"could not be read \(Permission denied\); check it and its permissions"):
        import_file(laptop.store, laptop.actor, path)


def test_missing_fields_and_wrong_types_reject_only_those_records(laptop, tmp_path):
    records = [
        GOOD,
        {"name": "No id"},
        {"id": "no-name", "status": "active"},
        {"id": "wrong-types", "name": 42, "minimum_age": "twelve", "contacts": {"name": "x"},
         "service_areas": ["L20"], "assured_date": 20250101},
        {"id": "bad-fields", "name": "Bad fields, good name", "minimum_age": "twelve", "contacts": {"name": "x"},
         "service_areas": ["L20"], "assured_date": 20250101},
        {"id": "dup", "name": "First"},
        {"id": "dup", "name": "Second"},
        "just a string",
        {"id": ["a"], "name": "List id"},
        {"id": "fine-2", "name": "Also fine", "minimum_age": 200, "assured_date": "last Tuesday",
         "status": "open for business"},
    ]
    summary = import_file(laptop.store, laptop.actor, write(tmp_path, "mixed.json", records), source="mixed")
    found = problems(summary)
    assert found["#2"] == ["id: missing"]
    assert found["no-name"] == ["name: missing"]
    assert found["wrong-types"] == ["name: should be text, not a number"]  # only an id or a name rejects
    assert "bad-fields" not in found  # one bad field costs that field, not the record
    assert found["dup"] == ["id: appears more than once in the file; the first was used"]
    assert found["#8"] == ["is text, not a service"]
    assert found["#9"] == ["id: should be text, not a list"]
    assert sorted(c.source_id for c in summary.added) == ["bad-fields", "dup", "fine-2", "good-1"]
    warnings = {str(w) for w in summary.warnings}
    assert {"service bad-fields, minimum_age: should be a number; left out",
            "service bad-fields, contacts: should be a list, not an object; left out",
            "service bad-fields, service_areas[0]: should be an object, not text; left out",
            "service bad-fields, assured_date: should be a date as text, not a number; left out"} <= warnings
    assert "service fine-2, minimum_age: 200 is outside 0 to 130; left out" in warnings
    assert "service fine-2, assured_date: 'last Tuesday' is not a date (expected YYYY-MM-DD); left out" in warnings
    assert any("fine-2, status" in w for w in warnings)
    text = "\n".join(summary.lines())
    assert "Rejected (6), not imported:" in text and "service wrong-types, name: should be text" in text


def test_hostile_text_is_made_plain_and_reported(laptop, tmp_path):
    record = {
        "id": "hostile", "status": "active",
        "name": "Safe \x1b[2J\x1b]0;pwned\x07Name\u202e",
        "description": "<script>alert(1)</script><p>Line one</p>Line two [bold red]not markup[/] &amp; more",
        "contacts": [{"id": "c", "name": "A\x00B", "phones": [{"id": "p", "number": "0151\t496\n0000"}]}],
        "eligibility_description": "x" * 50_000,
    }
    summary = import_file(laptop.store, laptop.actor, write(tmp_path, "h.json", [record]), source="h")
    assert summary.counts()["added"] == 1
    with laptop.store.session() as session:
        p = session.exec(select(Partner).where(Partner.source == "h")).one()
    assert p.name == "Safe Name"
    assert p.description == "alert(1)\nLine one\nLine two [bold red]not markup[/] & more"
    assert p.contact_name == "AB" and p.contact_phone == "0151 496 0000"
    assert len(p.who_for) == 6000 and p.who_for.endswith("…")
    warnings = {str(w) for w in summary.warnings}
    assert "service hostile, name: terminal escape sequences removed" in warnings
    assert "service hostile, name: control characters removed" in warnings
    assert "service hostile, eligibility_description: longer than 6000 characters, shortened" in warnings
    assert all(ch.isprintable() for line in summary.lines() for ch in line)


def test_an_id_with_control_characters_is_rejected(laptop):
    with laptop.store.session() as session:
        summary = import_directory(session, laptop.actor, [{"id": "a\x1b[31mb", "name": "x"}], "s", dry_run=True)
    (rejection,) = summary.rejected
    assert rejection.problems[-1].field == "id" and "plain text" in rejection.problems[-1].message


def test_a_failure_part_way_leaves_the_directory_as_it_was(laptop, tmp_path, monkeypatch):
    from liferooms_tui.directory.openreferral import importer

    path = write(tmp_path, "f.json", [GOOD, {**GOOD, "id": "good-2"}, {**GOOD, "id": "good-3"}])
    with laptop.store.session() as session:
        before = (len(list(session.exec(select(Partner)))), len(list(session.exec(select(OutboxEntry)))))
    real_save = importer.save
    calls = []

    def failing_save(session, actor, row):
        calls.append(row)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_save(session, actor, row)

    monkeypatch.setattr(importer, "save", failing_save)
    with pytest.raises(OSError):
        import_file(laptop.store, laptop.actor, path, source="f")
    with laptop.store.session() as session:
        after = (len(list(session.exec(select(Partner)))), len(list(session.exec(select(OutboxEntry)))))
    assert after == before


def test_a_file_with_no_good_record_deactivates_nothing(laptop, tmp_path):
    import_file(laptop.store, laptop.actor, write(tmp_path, "f.json", [GOOD]), source="f")
    nameless = write(tmp_path, "f.json", [{"id": "x", "status": "active"}])
    summary = import_file(laptop.store, laptop.actor, nameless, source="f")
    assert not summary.deactivated and "no service in the file could be imported" in summary.note


def test_volunteers_cannot_import_and_bad_source_names(laptop, tmp_path):
    path = write(tmp_path, "f.json", [GOOD])
    volunteer = Actor(name="V", site="Bootle Hub", role="volunteer", laptop_id="v1")
    with pytest.raises(NotAllowed, match="Volunteers' mode cannot see or change partners by importing a file"):
        import_file(laptop.store, volunteer, path)
    for bad in ("", "has space", "x" * 61, "../etc"):
        with pytest.raises(InvalidValue, match="cannot name a source"):
            import_file(laptop.store, laptop.actor, path, source=bad)


def test_csv_problems_name_the_file(laptop, tmp_path):
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "services.csv").write_bytes(b'id,name,status\nx1,Caf\xe9 club,active\nx2,"unclosed,active\n')
    summary = import_file(laptop.store, laptop.actor, folder, source="pkg")
    assert any("services.csv: is not UTF-8" in str(w) for w in summary.warnings)
    assert [c.name for c in summary.added][0] == "Café club"


def test_parse_json_accepts_nan_and_infinity_as_problems_not_crashes(laptop):
    feed = parse_json(b'[{"id": "n", "name": "N", "minimum_age": NaN, "maximum_age": Infinity}]', "f.json")
    with laptop.store.session() as session:
        summary = import_directory(session, laptop.actor, feed, "n", dry_run=True)
    assert summary.counts()["added"] == 1 and len(summary.warnings) == 2
