"""Taking the source's value back: an advisor's edit of one field of an imported partner replaced by what its
source said at the last import (directory/openreferral/hand_edits.py keeps that), saved as an edit like any
other (partners/edit.change: audited, merged field by field when it syncs)."""

from __future__ import annotations

from sqlmodel import Session

from liferooms_tui.access import Actor
from liferooms_tui.db.imported import SourceValues
from liferooms_tui.directory.openreferral.hand_edits import as_json, shown, source_value
from liferooms_tui.directory.openreferral.mapping import PARTNER_FIELDS
from liferooms_tui.partners.edit import change, find_partner


def take_source(session: Session, actor: Actor, partner: str, field: str) -> dict:
    """`partner`: an id, the start of one, or a name (partners/edit.find_partner). Returns what was done."""
    found = find_partner(session, actor, partner)
    value = source_value(session, found, field)
    before = as_json(getattr(found, field))
    _, changed = change(session, actor, found, {field: value}, f"took the source's {field} ({found.source})")
    return {"partner_id": found.id, "name": found.name, "field": field, "value": as_json(value), "was": before,
            "changed": bool(changed)}


def hand_edits_of(session: Session, actor: Actor, partner: str) -> list[dict]:
    """The fields of an imported partner that differ from what its source said at the last import (edited by
    hand here), each with both values in words; empty when none do or it was not imported on this laptop."""
    found = find_partner(session, actor, partner)
    said = session.get(SourceValues, found.id)
    if said is None:
        return []
    return [{"field": name, "source": shown(value), "yours": shown(as_json(getattr(found, name)))}
            for name, value in said.values.items() if name in PARTNER_FIELDS and as_json(getattr(found, name)) != value]
