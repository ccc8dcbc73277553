"""The embedded sample directory: fictional partners for Liverpool and Sefton, loaded on first run."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

from sqlmodel import Session, func, select

from liferooms_tui.db.models import Partner

SAMPLE_FILE = "sample_partners.json"
SAMPLE_VERSION = "0000000000000.00000.sample"  # older than any edit, so every real change wins


def sample_records() -> list[dict]:
    text = resources.files("liferooms_tui.directory").joinpath(SAMPLE_FILE).read_text(encoding="utf-8")
    return json.loads(text)["partners"]


def partner_from_record(record: dict) -> Partner:
    fields = dict(record)
    if fields.get("last_verified"):
        fields["last_verified"] = date.fromisoformat(fields["last_verified"])
    return Partner(**fields, source="sample", source_id=record["id"], origin_site="sample", version=SAMPLE_VERSION)


def seed_if_empty(session: Session) -> int:
    """Load the sample directory into an empty partner table; returns how many partners were added."""
    if session.exec(select(func.count()).select_from(Partner)).one():
        return 0
    partners = [partner_from_record(record) for record in sample_records()]
    session.add_all(partners)
    return len(partners)
