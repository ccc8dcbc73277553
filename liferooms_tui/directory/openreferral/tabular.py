"""The HSDS 3.0 tabular form: a folder or zip of CSV files described by datapackage.json, read back into
nested services (the same shape as the JSON API form) so one mapping serves every form.

datapackage.json names the file of each table; without it (or when it cannot be read) the usual names are
tried, singular or plural (the Open Referral UK examples use address.csv, schedule.csv, attribute.csv).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import defaultdict
from pathlib import Path, PurePosixPath

from liferooms_tui.directory.openreferral.clean import Problem
from liferooms_tui.directory.openreferral.read import MAX_BYTES, Feed
from liferooms_tui.vocabulary import InvalidValue

FORM = "HSDS 3.0 tabular package (CSV)"
TABLES: dict[str, tuple[str, ...]] = {
    "service": ("services.csv", "service.csv"),
    "organization": ("organizations.csv", "organization.csv"),
    "contact": ("contacts.csv", "contact.csv"),
    "phone": ("phones.csv", "phone.csv"),
    "schedule": ("schedules.csv", "schedule.csv", "regular_schedules.csv"),
    "service_area": ("service_areas.csv", "service_area.csv"),
    "service_at_location": ("service_at_location.csv", "service_at_locations.csv", "services_at_location.csv"),
    "location": ("locations.csv", "location.csv"),
    "address": ("addresses.csv", "address.csv", "physical_addresses.csv"),
    "attribute": ("attributes.csv", "attribute.csv"),
    "taxonomy_term": ("taxonomy_terms.csv", "taxonomy_term.csv"),
    "taxonomy": ("taxonomies.csv", "taxonomy.csv"),
}
_SAFE_NAME = re.compile(r"[A-Za-z0-9_. -]{1,100}\.csv")


class _Files:
    """The files of a package, in a folder or in a zip, read with a size budget."""

    def __init__(self, names: set[str], reader, label: str):
        self.names, self._reader, self.label, self._left = names, reader, label, MAX_BYTES

    def read(self, name: str) -> bytes:
        data = self._reader(name, self._left + 1)
        self._left -= len(data)
        if self._left < 0:
            raise InvalidValue(f"{self.label} holds more than {MAX_BYTES // 2**20} MB of data; split it up.")
        return data


def _folder(root: Path) -> _Files:
    names = {p.name for p in root.iterdir() if p.is_file()}

    def reader(name: str, limit: int) -> bytes:
        with open(root / name, "rb") as handle:
            return handle.read(limit)

    return _Files(names, reader, root.name)


def _zip(archive: zipfile.ZipFile, label: str) -> _Files:
    entries = [PurePosixPath(n) for n in archive.namelist() if not n.endswith("/")]
    anchors = sorted((e for e in entries if e.name in ("datapackage.json", "services.csv")), key=lambda e: len(e.parts))
    if not anchors:
        raise InvalidValue(f"{label} holds no datapackage.json or services.csv: it is not an Open Referral package.")
    folder = anchors[0].parent
    names = {e.name for e in entries if e.parent == folder}

    def reader(name: str, limit: int) -> bytes:
        with archive.open(str(folder / name) if str(folder) != "." else name) as handle:
            return handle.read(limit)

    return _Files(names, reader, label)


def _table_files(files: _Files, warnings: list[Problem]) -> dict[str, str]:
    paths: dict[str, str] = {}
    if "datapackage.json" in files.names:
        try:
            package = json.loads(files.read("datapackage.json").decode("utf-8-sig"))
        except (ValueError, RecursionError):
            package = None
            warnings.append(Problem("", "datapackage.json", "could not be read; the CSV files were found by name"))
        resources = package.get("resources") if isinstance(package, dict) else None
        for resource in resources if isinstance(resources, list) else []:
            if not isinstance(resource, dict):
                continue
            name, path = resource.get("name"), resource.get("path")
            if isinstance(name, str) and isinstance(path, str) and _SAFE_NAME.fullmatch(path) and path in files.names:
                paths.setdefault(name, path)
    else:
        warnings.append(Problem("", "datapackage.json", "is missing; the CSV files were found by name"))
    for table, candidates in TABLES.items():
        found = next((c for c in candidates if c in files.names), None)
        if table not in paths and found:
            paths[table] = found
    return paths


def _rows(files: _Files, name: str, warnings: list[Problem]) -> list[dict[str, str]]:
    data = files.read(name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warnings.append(Problem("", name, "is not UTF-8; read as Windows text (check accented letters)"))
    csv.field_size_limit(max(csv.field_size_limit(), 16 * 2**20))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = []
    try:
        for row in reader:
            rows.append({k.strip().lower(): v.strip() for k, v in row.items()
                         if isinstance(k, str) and isinstance(v, str) and v.strip()})
    except csv.Error as exc:
        raise InvalidValue(f"{name} line {reader.line_num} is not valid CSV ({exc}).") from None
    return rows


def _group(rows: list[dict], key: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if row.get(key):
            groups[row[key]].append(row)
    return groups


def _services(tables: dict[str, list[dict]]) -> list[dict]:
    """Nest the rows of each table under the service they belong to."""
    by_id = {t: {r["id"]: r for r in rows if r.get("id")} for t, rows in tables.items()}
    taxonomy_names = {k: v.get("name", "") for k, v in by_id["taxonomy"].items()}
    terms = {k: {**v, "taxonomy": v.get("taxonomy") or taxonomy_names.get(v.get("taxonomy_id", ""), "")}
             for k, v in by_id["taxonomy_term"].items()}
    phones = {key: _group(tables["phone"], key)
              for key in ("contact_id", "service_id", "location_id", "organization_id")}
    contacts = _group(tables["contact"], "service_id")
    schedules = _group(tables["schedule"], "service_id")
    areas = _group(tables["service_area"], "service_id")
    at_locations = _group(tables["service_at_location"], "service_id")
    addresses = _group(tables["address"], "location_id")
    attributes = _group(tables["attribute"], "link_id")
    services = []
    for row in tables["service"]:
        sid = row.get("id", "")
        service: dict = dict(row)
        organization = by_id["organization"].get(row.get("organization_id", ""))
        if organization:
            service["organization"] = {**organization, "phones": phones["organization_id"].get(organization["id"], [])}
        service["contacts"] = [{**c, "phones": phones["contact_id"].get(c.get("id", ""), [])}
                               for c in contacts.get(sid, [])]
        service["phones"] = phones["service_id"].get(sid, [])
        service["schedules"] = schedules.get(sid, [])
        service["service_areas"] = areas.get(sid, [])
        service["service_at_locations"] = []
        for link in at_locations.get(sid, []):
            location = by_id["location"].get(link.get("location_id", ""))
            if location:
                location = {**location, "addresses": addresses.get(location["id"], []),
                            "phones": phones["location_id"].get(location["id"], [])}
            service["service_at_locations"].append({**link, "location": location})
        service["attributes"] = [{**a, "taxonomy_term": terms[a["taxonomy_term_id"]]}
                                 for a in attributes.get(sid, []) if a.get("taxonomy_term_id") in terms]
        services.append(service)
    return services


def _read(files: _Files) -> Feed:
    warnings: list[Problem] = []
    paths = _table_files(files, warnings)
    if "service" not in paths:
        raise InvalidValue(f"{files.label} has no services.csv: it is not an Open Referral package "
                           "(a folder or zip of CSV files with datapackage.json).")
    tables = {table: _rows(files, paths[table], warnings) if table in paths else [] for table in TABLES}
    return Feed(records=_services(tables), form=FORM, warnings=warnings)


def read_folder(root: Path) -> Feed:
    return _read(_folder(root))


def read_zip(path: Path) -> Feed:
    try:
        with zipfile.ZipFile(path) as archive:
            return _read(_zip(archive, path.name))
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError) as exc:
        raise InvalidValue(f"{path.name} is a damaged or locked zip ({exc}); export it again.") from None
