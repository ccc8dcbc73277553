"""Writing services as an HSDS 3.0 tabular package: CSV files plus datapackage.json, in a folder or a zip.

Only the tables and columns we fill are written; their names, types and required flags are those of the
HSDS 3.0 datapackage, and every row links to its service by id, so tabular.py reads the package back.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from liferooms_tui.config import make_private_dir
from liferooms_tui.files import write_private
from liferooms_tui.vocabulary import InvalidValue

S, N, D, T = "string", "number", "date", "datetime"
# resource -> (file, [(column, type, required)], [(column, resource it points to)])
RESOURCES: dict[str, tuple[str, list[tuple[str, str, bool]], list[tuple[str, str]]]] = {
    "organization": ("organizations.csv", [("id", S, True), ("name", S, True), ("description", S, True),
                                           ("email", S, False), ("website", S, False)], []),
    "service": ("services.csv", [
        ("id", S, True), ("organization_id", S, True), ("name", S, True), ("description", S, False), ("url", S, False),
        ("email", S, False), ("status", S, True), ("eligibility_description", S, False), ("minimum_age", N, False),
        ("maximum_age", N, False), ("assured_date", D, False), ("last_modified", T, False)],
        [("organization_id", "organization")]),
    "location": ("locations.csv", [("id", S, True), ("location_type", S, True), ("name", S, False)], []),
    "service_at_location": ("service_at_location.csv", [("id", S, True), ("service_id", S, True),
                                                        ("location_id", S, True)],
                            [("service_id", "service"), ("location_id", "location")]),
    "contact": ("contacts.csv", [("id", S, True), ("service_id", S, False), ("name", S, False), ("title", S, False),
                                 ("email", S, False)], [("service_id", "service")]),
    "phone": ("phones.csv", [("id", S, True), ("contact_id", S, False), ("number", S, True)],
              [("contact_id", "contact")]),
    "schedule": ("schedules.csv", [("id", S, True), ("service_id", S, False), ("description", S, False)],
                 [("service_id", "service")]),
    "service_area": ("service_areas.csv", [("id", S, True), ("service_id", S, False), ("name", S, False),
                                           ("description", S, False)], [("service_id", "service")]),
    "taxonomy": ("taxonomies.csv", [("id", S, True), ("name", S, True), ("description", S, True)], []),
    "taxonomy_term": ("taxonomy_terms.csv", [("id", S, True), ("code", S, False), ("name", S, True),
                                             ("description", S, True), ("taxonomy", S, False),
                                             ("taxonomy_id", S, False)], [("taxonomy_id", "taxonomy")]),
    "attribute": ("attributes.csv", [("id", S, True), ("link_id", S, True), ("taxonomy_term_id", S, True),
                                     ("link_type", S, False), ("link_entity", S, True), ("value", S, False)],
                  [("taxonomy_term_id", "taxonomy_term")]),
}


def tables_from_services(services: list[dict]) -> dict[str, dict[str, dict]]:
    """Nested services -> rows of each table, keyed by id (shared rows such as terms appear once)."""
    tables: dict[str, dict[str, dict]] = {name: {} for name in RESOURCES}

    def put(table: str, row: dict) -> None:
        tables[table].setdefault(row["id"], row)

    for service in services:
        put("organization", service["organization"])
        put("service", service)
        for contact in service.get("contacts", []):
            put("contact", contact)
            for phone in contact.get("phones", []):
                put("phone", phone)
        for schedule in service.get("schedules", []):
            put("schedule", schedule)
        for area in service.get("service_areas", []):
            put("service_area", area)
        for link in service.get("service_at_locations", []):
            put("service_at_location", link)
            put("location", link["location"])
        for attribute in service.get("attributes", []):
            term = attribute["taxonomy_term"]
            put("attribute", attribute)
            put("taxonomy_term", term)
            put("taxonomy", {"id": term["taxonomy_id"], "name": term["taxonomy"],
                             "description": f"Terms of the '{term['taxonomy']}' taxonomy"})
    return tables


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv(rows: list[dict], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def datapackage() -> dict:
    resources = []
    for name, (path, columns, links) in RESOURCES.items():
        fields = [{"name": c, "type": t, **({"format": "uuid"} if c == "id" or c.endswith("_id") else {}),
                   "constraints": {"required": r}} for c, t, r in columns]
        keys = [{"fields": c, "reference": {"resource": target, "fields": "id"}} for c, target in links]
        resources.append({"name": name, "path": path, "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                          "profile": "tabular-data-resource",
                          "schema": {"primaryKey": "id", "fields": fields, "foreignKeys": keys}})
    return {"name": "liferooms-partner-directory", "title": "Partner directory (liferooms)",
            "profile": "tabular-data-package", "version": "3.0", "resources": resources}


def package_files(services: list[dict]) -> dict[str, str]:
    """File name -> text of every file of the package."""
    tables = tables_from_services(services)
    files = {"datapackage.json": json.dumps(datapackage(), indent=2) + "\n"}
    for name, (path, columns, _) in RESOURCES.items():
        files[path] = _csv(list(tables[name].values()), [c for c, _, _ in columns])
    return files


def write_package(services: list[dict], out: Path) -> Path:
    """Write the package as a zip (when `out` ends in .zip) or into a folder, every file 0600."""
    files = package_files(services)
    if out.suffix.lower() == ".zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in files.items():
                archive.writestr(name, text)
        return write_private(out, buffer.getvalue())
    if out.exists() and not out.is_dir():
        raise InvalidValue(f"{out} is a file: give a folder (or a name ending in .zip) for the CSV export.")
    if out.is_dir() and any(out.iterdir()) and not (out / "datapackage.json").exists():
        raise InvalidValue(f"{out} already holds other files: give an empty or new folder for the CSV export.")
    make_private_dir(out)
    for name, text in files.items():
        write_private(out / name, text)
    return out
