"""Our partner directory as Open Referral UK 3.0 JSON (a page of full services, valid against both the
UK 3.0 and the HSDS 3.0 service schemas) and as an HSDS 3.0 tabular package (tabular_write.py).

Every partner field we keep is carried: in its Open Referral place where there is one (name, description,
status, ages, eligibility, assured date, contact, schedule, service areas, location, url) and otherwise as
"liferooms" attributes (extension.py), so an export imports back with nothing lost. Exports are for every
role (the directory holds no personal data) and are written readable by their owner only (files.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

from sqlmodel import Session, col, select

from liferooms_tui.access import Actor
from liferooms_tui.db.models import Partner
from liferooms_tui.directory.openreferral import extension as ext
from liferooms_tui.files import write_private
from liferooms_tui.vocabulary import InvalidValue

FORMATS = ("oruk-json", "hsds-csv")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_URL = re.compile(r"https?://[^\s<>\"]+")


@dataclass
class ExportResult:
    path: Path
    services: int
    format: str


def _attribute(service_id: str, code: str, value: str, index: int) -> dict:
    label, _ = ext.FIELDS[code]
    term = ext.term_id(ext.TAXONOMY, code)
    return {
        "id": ext.sub_id(service_id, "attribute", code, str(index)), "link_id": service_id,
        "taxonomy_term_id": term, "link_type": "service", "link_entity": "service", "value": value,
        "taxonomy_term": {"id": term, "code": code, "name": label, "description": label, "term": code,
                          "taxonomy": ext.TAXONOMY, "taxonomy_id": ext.taxonomy_id(ext.TAXONOMY)},
    }


def _imported_term(service_id: str, name: str, index: int) -> dict:
    term = ext.term_id(ext.IMPORTED_TAXONOMY, name)
    return {
        "id": ext.sub_id(service_id, "term", str(index)), "link_id": service_id, "taxonomy_term_id": term,
        "link_type": "service", "link_entity": "service",
        "taxonomy_term": {"id": term, "name": name, "description": name, "term": name,
                          "taxonomy": ext.IMPORTED_TAXONOMY, "taxonomy_id": ext.taxonomy_id(ext.IMPORTED_TAXONOMY)},
    }


def record_id(p: Partner) -> str:
    return ext.record_id(p.source, p.source_id, p.id)


def service_ids(partners: list[Partner]) -> dict[str, str]:
    """Each partner's service id in an export: the publisher's id for an imported partner (our own id for the
    service's own partners), made a UUID when it is not one; a second partner with the same one gets its own."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for p in partners:
        sid = ext.as_uuid(record_id(p))
        if sid in used:
            sid = ext.as_uuid(p.id)
        used.add(sid)
        ids[p.id] = sid
    return ids


def _attributes(p: Partner, sid: str) -> list[dict]:
    pairs: list[tuple[str, str]] = [("partner_record", p.source)]
    if record_id(p) != sid:  # the id it came with, when the service id could not be it (not a UUID, or taken)
        pairs.append(("record_id", record_id(p)))
    for code in ("needs", "services", "keywords", "benefits_required", "hubs", "delivery", "districts",
                 "from_description"):
        pairs += [(code, value) for value in getattr(p, code) or []]
    for code in ("prior_use_months", "capacity_per_week"):
        if getattr(p, code) is not None:
            pairs.append((code, str(getattr(p, code))))
    if p.not_for:
        pairs.append(("not_for", p.not_for))
    if p.contact_email and not _EMAIL.fullmatch(p.contact_email):
        pairs.append(("contact_email", p.contact_email))
    if p.website and not _URL.fullmatch(p.website):
        pairs.append(("website", p.website))
    attributes = [_attribute(sid, code, value, i) for i, (code, value) in enumerate(pairs)]
    return attributes + [_imported_term(sid, t, i) for i, t in enumerate(p.taxonomy_terms or [])]


def service_from_partner(p: Partner, sid: str | None = None) -> dict:
    """One partner as an Open Referral UK 3.0 / HSDS 3.0 service object (`sid`: its id from service_ids)."""
    sid = sid or service_ids([p])[p.id]
    org_id = ext.sub_id(sid, "organization")
    organization: dict[str, object] = {"id": org_id, "name": p.name, "description": p.description or p.name}
    service: dict[str, object] = {"id": sid, "organization_id": org_id, "name": p.name, "description": p.description,
               "status": "active" if p.active else "inactive"}
    if p.website and _URL.fullmatch(p.website):
        service["url"] = organization["website"] = p.website
    if p.contact_email and _EMAIL.fullmatch(p.contact_email):
        service["email"] = p.contact_email
    if p.who_for:
        service["eligibility_description"] = p.who_for
    if p.min_age is not None:
        service["minimum_age"] = p.min_age
    if p.max_age is not None:
        service["maximum_age"] = p.max_age
    if p.last_verified:
        service["assured_date"] = p.last_verified.isoformat()
    updated = p.updated_at if p.updated_at.tzinfo else p.updated_at.replace(tzinfo=UTC)
    service["last_modified"] = updated.astimezone(UTC).isoformat().replace("+00:00", "Z")
    service["organization"] = organization
    if any((p.contact_name, p.contact_role, p.contact_phone, p.contact_email)):
        cid = ext.sub_id(sid, "contact")
        contact: dict[str, object] = {"id": cid, "service_id": sid, "name": p.contact_name, "title": p.contact_role}
        if "email" in service:
            contact["email"] = p.contact_email
        if p.contact_phone:
            contact["phones"] = [{"id": ext.sub_id(sid, "phone"), "contact_id": cid, "number": p.contact_phone}]
        service["contacts"] = [contact]
    if p.schedule:
        service["schedules"] = [{"id": ext.sub_id(sid, "schedule"), "service_id": sid, "description": p.schedule}]
    if p.catchment:
        service["service_areas"] = [
            {"id": ext.sub_id(sid, "area", d), "service_id": sid, "name": d, "service_area": d,
             "description": f"Postcode district {d}"} for d in p.catchment]
    if p.delivered_at:
        lid = ext.sub_id(sid, "location")
        service["service_at_locations"] = [{
            "id": ext.sub_id(sid, "service_at_location"), "service_id": sid, "location_id": lid,
            "location": {"id": lid, "location_type": "physical", "name": p.delivered_at},
        }]
    service["attributes"] = _attributes(p, sid)
    return service


def oruk_page(partners: list[Partner]) -> dict:
    """The directory as one page of an Open Referral UK 3.0 `/services` response, every service in full."""
    ids = service_ids(partners)
    contents = [service_from_partner(p, ids[p.id]) for p in partners]
    return {"total_items": len(contents), "total_pages": 1, "page_number": 1, "size": len(contents),
            "first_page": True, "last_page": True, "empty": not contents, "contents": contents}


def all_partners(session: Session) -> list[Partner]:
    return list(session.exec(select(Partner).order_by(col(Partner.name), col(Partner.id))))


def export_directory(session: Session, actor: Actor, fmt: str, out: str | Path) -> ExportResult:
    """Write every partner (active or not) to `out` as oruk-json (a file) or hsds-csv (a folder, or a .zip)."""
    from liferooms_tui.directory.openreferral.tabular_write import write_package

    if fmt not in FORMATS:
        raise InvalidValue(f"'{fmt}' is not an export format: use {' or '.join(FORMATS)}.")
    out = Path(out).expanduser()
    partners = all_partners(session)
    if fmt == "oruk-json":
        if out.is_dir():
            raise InvalidValue(f"{out} is a folder: give a file name for the JSON export, such as directory.json.")
        write_private(out, json.dumps(oruk_page(partners), indent=2, ensure_ascii=False) + "\n")
    else:
        ids = service_ids(partners)
        write_package([service_from_partner(p, ids[p.id]) for p in partners], out)
    return ExportResult(out, len(partners), fmt)
