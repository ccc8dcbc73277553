"""Fixtures for the Open Referral tests: the reference examples and schemas, and validators built on them.

The examples and schemas live in the shared reference folder (LIFEROOMS_OPENREFERRAL_DATA overrides it);
tests that need them are skipped, saying so, when it is not there.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

# CI clones the repo with shared/ beside it: <clone>/../shared/data/openreferral.
_BESIDE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "openreferral"
DATA = Path(os.environ.get("LIFEROOMS_OPENREFERRAL_DATA", _BESIDE))
UK = DATA / "uk-profile"
HSDS = DATA / "specification"


@pytest.fixture
def laptop(tmp_path):
    """A bare local store and an advisor, without the sample directory (quicker than `runtime`)."""
    from types import SimpleNamespace

    from liferooms_tui.access import Actor
    from liferooms_tui.db.store import Store

    store = Store(tmp_path / "laptop" / "liferooms.db")
    yield SimpleNamespace(store=store, actor=Actor(name="Advisor", site="Bootle Hub", role="advisor", laptop_id="t1"))
    store.close()


@pytest.fixture
def make_app(runtime):
    """The app as the CLI makes it, in its test configuration (as tests/tui/conftest.py makes it)."""
    from liferooms_tui.tui.app import create_app

    def make(**kw):
        return create_app(runtime, ask_passphrase=False, **kw)

    return make


@pytest.fixture
def reference() -> Path:
    if not (UK / "examples").is_dir() or not (HSDS / "examples").is_dir():
        pytest.skip(f"the Open Referral reference folder is not at {DATA} (set LIFEROOMS_OPENREFERRAL_DATA)")
    return DATA


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


class Validators:
    """jsonschema validators for UK 3.0 and HSDS 3.0 services, and a check of an HSDS tabular package."""

    def __init__(self, data: Path):
        import jsonschema

        checker = jsonschema.FormatChecker()
        self.uk_service = jsonschema.Draft7Validator(_load(UK / "schema/compiled/service.json"), format_checker=checker)
        self.hsds_service = jsonschema.Draft7Validator(
            _load(HSDS / "schema/compiled/service_with_definitions.json"), format_checker=checker)
        self.uk_page = jsonschema.Draft7Validator(
            _load(data / "OpenReferralApi/OpenReferralApi/Schemas/V3.0-UK/service_list.json"), format_checker=checker)
        self.hsds = _load(HSDS / "schema/compiled/service_with_definitions.json")
        self.package = _load(HSDS / "datapackage.json")
        self.checker = checker

    def errors(self, validator, instance) -> list[str]:
        return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]

    def check_page(self, page: dict) -> list[str]:
        problems = self.errors(self.uk_page, page)
        for service in page["contents"]:
            problems += ["UK " + e for e in self.errors(self.uk_service, service)]
            problems += ["HSDS " + e for e in self.errors(self.hsds_service, service)]
        return problems

    def check_package(self, files: dict[str, str]) -> list[str]:
        """Each CSV's columns exist in the HSDS 3.0 datapackage with the same types; required cells are
        filled; every row, typed, validates against its HSDS 3.0 JSON schema; foreign keys resolve."""
        import jsonschema

        official = {r["name"]: r for r in self.package["resources"]}
        ours = json.loads(files["datapackage.json"])
        problems, ids = [], {}
        tables = {}
        for resource in ours["resources"]:
            fields = {f["name"]: f for f in official[resource["name"]]["schema"]["fields"]}
            rows = list(csv.DictReader(io.StringIO(files[resource["path"]], newline="")))
            tables[resource["name"]] = rows
            ids[resource["name"]] = {r["id"] for r in rows}
            schema = self.hsds if resource["name"] == "service" else {
                "$ref": f"#/definitions/{resource['name']}", "definitions": self.hsds["definitions"]}
            validator = jsonschema.Draft7Validator(schema, format_checker=self.checker)
            for field in resource["schema"]["fields"]:
                if field["name"] not in fields or field["type"] != fields[field["name"]]["type"]:
                    problems.append(f"{resource['path']}: column {field['name']} is not HSDS 3.0 ({field['type']})")
            required = [n for n, f in fields.items() if f.get("constraints", {}).get("required")]
            for number, row in enumerate(rows, 2):
                missing = [n for n in required if not row.get(n)]
                if missing:
                    problems.append(f"{resource['path']} line {number}: required {missing} empty")
                typed = {k: (float(v) if fields[k]["type"] == "number" else v) for k, v in row.items() if v != ""}
                problems += [f"{resource['path']} line {number}: {e}" for e in self.errors(validator, typed)]
        for resource in ours["resources"]:
            for key in resource["schema"]["foreignKeys"]:
                target = ids[key["reference"]["resource"]]
                for row in tables[resource["name"]]:
                    if row.get(key["fields"]) and row[key["fields"]] not in target:
                        problems.append(f"{resource['path']}: {key['fields']} {row[key['fields']]} points nowhere")
        return problems


@pytest.fixture
def validators(reference) -> Validators:
    return Validators(reference)
