"""Reading an Open Referral file into a list of services (nested JSON, the API form).

Three forms: Open Referral UK 3.0 / HSDS 3.0 JSON (one service, an array, a page with `contents`, a
service-at-location page or an organization with its services), Open Referral UK 1.0 JSON as council feeds
publish it (a page with `content`), and the HSDS 3.0 tabular form (a folder or zip of CSV files with
datapackage.json; see tabular.py). Anything else is refused with one sentence saying what was expected.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liferooms_tui.directory.openreferral.clean import Problem
from liferooms_tui.vocabulary import InvalidValue, slug

MAX_BYTES = 200 * 1024 * 1024
JSON_3 = "Open Referral UK 3.0 / HSDS 3.0 JSON"
JSON_1 = "Open Referral UK 1.0 JSON"
JSON_UNSTATED = "Open Referral JSON (no field says which version; read as UK 3.0)"
UK1_KEYS = {"service_taxonomys", "eligibilitys", "regular_schedules", "holiday_schedules", "fundings",
            "attending_type", "attending_access", "deliverable_type"}  # fields only UK 1.0 services have
UK3_KEYS = {"attributes", "schedules", "organization_id", "minimum_age", "maximum_age", "last_modified",
            "cost_options", "languages", "alert", "funding", "assurer_email", "eligibility_description"}
EXPECTED = ("an Open Referral file is JSON (a service, a list of services or a page with 'contents'), or a "
            "folder or zip of CSV files with datapackage.json")
SERVICE_KEYS = {"status", "organization", "organization_id", "service_at_locations", "service_areas", "schedules",
                "regular_schedules", "eligibilitys", "service_taxonomys", "assured_date", "minimum_age", "maximum_age",
                "eligibility_description", "fees", "attending_type", "attending_access", "deliverable_type"}
GENERIC_NAMES = {"csv", "data", "download", "downloads", "export", "examples", "json", "services", "service",
                 "openreferral", "open-referral", "hsds", "oruk", "tmp", "file", "directory", "datapackage"}


@dataclass
class Feed:
    """The services read from one file, before they are checked."""

    records: list[Any]
    form: str
    name: str = "openreferral"  # a source name made from the file's name
    complete: bool = True  # the whole directory (not one page of it): services missing from it are gone
    note: str = ""  # e.g. "page 1 of 10"
    warnings: list[Problem] = field(default_factory=list)


def source_name(path: Path) -> str:
    """A source name from a file name: 'Sefton-services-2026-01.json' -> 'sefton'."""
    for part in [path.stem if path.is_file() else path.name, path.parent.name, path.parent.parent.name]:
        name = slug(part, empty="")
        while True:
            shorter = re.sub(r"-(\d+|page|copy|edited|latest|v\d+|export|services?|full|list|oruk|hsds|json|csv)$",
                             "", name)
            if shorter == name:
                break
            name = shorter
        if name and name not in GENERIC_NAMES and not name.isdigit():
            return name[:60] if name not in ("manual", "sample") else f"file-{name}"
    return "openreferral"


def _is_service(item: Any) -> bool:
    """A dict that says it is a service: an id or name, and a field only services have."""
    return isinstance(item, dict) and ("name" in item or "id" in item) and not SERVICE_KEYS.isdisjoint(item)


def _form(records: list[Any], shape: str, uk1_page: bool = False) -> str:
    """The form really read: the version the services' own fields show, and the shape of the file."""
    sample = [r for r in records[:200] if isinstance(r, dict)]
    if uk1_page or any(UK1_KEYS & r.keys() for r in sample):
        form = JSON_1
    elif any(UK3_KEYS & r.keys() for r in sample):
        form = JSON_3
    else:
        form = JSON_UNSTATED
    extras = " with OpenPlace's own fields (pc_...)" if any(k.startswith("pc_") for r in sample for k in r) else ""
    return f"{form}, {shape}{extras}" if shape or extras else form


def _from_locations(items: list[Any]) -> list[Any]:
    """A service-at-location page: one service per id, with its locations gathered."""
    services: dict[str, dict] = {}
    loose: list[Any] = []
    for item in items:
        service = item.get("service") if isinstance(item, dict) else None
        if not isinstance(service, dict):
            loose.append(item)
            continue
        key = json.dumps(service.get("id"), default=str)
        merged = services.setdefault(key, {**service, "service_at_locations": list(service.get(
            "service_at_locations") or []) if isinstance(service.get("service_at_locations"), list) else []})
        if isinstance(item.get("location"), dict):
            merged["service_at_locations"].append({"id": item.get("id"), "location": item["location"]})
    return list(services.values()) + loose


def _page(doc: dict, total_key: str, number_key: str) -> tuple[bool, str]:
    total, number = doc.get(total_key), doc.get(number_key)
    if isinstance(total, int) and not isinstance(total, bool) and total > 1:
        where = f"page {number} of {total}" if isinstance(number, int) else f"one page of {total}"
        return False, where
    return True, ""


def feed_from_json(doc: Any, name: str) -> Feed:
    """The services in a parsed Open Referral JSON document."""
    complete, note, uk1, shape = True, "", False, ""
    if isinstance(doc, list):
        records, shape = doc, "a list of services"
    elif isinstance(doc, dict) and isinstance(doc.get("contents"), list):
        records, shape = doc["contents"], "a page of services"
        if records and all(isinstance(r, dict) and isinstance(r.get("service"), dict) for r in records):
            records, shape = _from_locations(records), "a page of services at locations"
        complete, note = _page(doc, "total_pages", "page_number")
    elif isinstance(doc, dict) and isinstance(doc.get("content"), list):
        records, uk1 = doc["content"], True
        complete, note = _page(doc, "totalPages", "number")
    elif isinstance(doc, dict) and isinstance(doc.get("services"), list) and "status" not in doc:
        organization = {k: v for k, v in doc.items() if k != "services"}
        records = [{**s, "organization": s.get("organization") or organization} if isinstance(s, dict) else s
                   for s in doc["services"]]
        shape = "an organization with its services"
    elif _is_service(doc):
        records, shape = [doc], "one service"
    else:
        raise InvalidValue(f"{name} does not hold Open Referral services: {EXPECTED}.")
    if records and not any(_is_service(r) for r in records):
        raise InvalidValue(f"{name} holds no Open Referral services (no item has a service's fields, such as "
                           f"status or organization): {EXPECTED}.")
    return Feed(records=records, form=_form(records, shape, uk1), complete=complete, note=note)


def parse_json(data: bytes, name: str) -> Feed:
    """Services from the bytes of a JSON file; InvalidValue (one sentence) when it is not Open Referral."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidValue(f"{name} is not UTF-8 text: {EXPECTED}.") from None
    try:
        doc = json.loads(text)
    except RecursionError:
        raise InvalidValue(f"{name} is nested too deeply to be an Open Referral file.") from None
    except ValueError as exc:
        reason = str(exc).splitlines()[0][:120] if str(exc) else "not JSON"
        raise InvalidValue(f"{name} is not valid JSON ({reason}): {EXPECTED}.") from None
    return feed_from_json(doc, name)


def load(path: str | Path) -> Feed:
    """Read an Open Referral file, folder or zip. Raises InvalidValue with one sentence when it cannot."""
    path = Path(path).expanduser()
    if not str(path).strip() or not path.exists():
        raise InvalidValue(f"{path} does not exist; check the path and try again.")
    try:
        feed = _load(path)
    except OSError as exc:
        raise InvalidValue(f"{path} could not be read ({exc.strerror or exc}); check it and its permissions.") from None
    feed.name = source_name(path)
    return feed


def _load(path: Path) -> Feed:
    from liferooms_tui.directory.openreferral import tabular

    if path.is_dir():
        feed = tabular.read_folder(path)
    elif zipfile.is_zipfile(path):
        feed = tabular.read_zip(path)
    elif path.suffix.lower() == ".csv":
        raise InvalidValue(f"{path.name} is one CSV file: give the folder (or zip) that holds it with "
                           "datapackage.json and the other CSV files.")
    else:
        if path.stat().st_size > MAX_BYTES:
            raise InvalidValue(f"{path.name} is larger than {MAX_BYTES // 2**20} MB; split it into pages.")
        feed = parse_json(path.read_bytes(), path.name)
    return feed
