"""Adding a partner and correcting its details: every field checked by the directory's own rules
(directory/fields.py, the rules an import follows), nothing saved unless every field is right, only the fields
that change saved, and the audit log says which fields changed. The sync merges an edit field by field with
edits of other fields made elsewhere (the outbox's "_was"); a field both changed goes to the newer change and
the other value to the sync review."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import Partner, utcnow
from liferooms_tui.db.outbox import save
from liferooms_tui.directory.fields import EDITABLE, RULES, check_fields
from liferooms_tui.privacy import audit
from liferooms_tui.safetext import literal
from liferooms_tui.vocabulary import InvalidValue

HINT = "find it with 'liferooms directory search NAME'"


def find_partner(session: Session, actor: Actor, typed: str) -> Partner:
    """The partner meant by an id, the start of an id, or its name (whole, or a part only it has)."""
    require_advisor(actor, "the partnership with partners")
    text = " ".join((typed or "").split())
    if not text or len(text) > 200:
        raise InvalidValue(f"Say which partner: its id or its name ({HINT}).")
    found = session.get(Partner, text)
    if found is not None:
        return found
    by_id = list(session.exec(select(Partner).where(func.substr(Partner.id, 1, len(text)) == text).limit(2)))
    if len(by_id) == 1:
        return by_id[0]
    named = list(session.exec(select(Partner).where(func.lower(Partner.name) == text.lower()).limit(2)))
    if not named:
        like = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        named = list(session.exec(select(Partner).where(col(Partner.name).ilike(f"%{like}%", escape="\\")).limit(2)))
    if len(named) == 1:
        return named[0]
    if len(named) + len(by_id) > 1:
        raise InvalidValue(f"'{literal(text)[:40]}' matches more than one partner: type more of its name, or its id.")
    raise InvalidValue(f"No partner '{literal(text)[:40]}' in the directory: {HINT}.")


def _was(before: dict, row: Partner) -> dict:
    after = row.model_dump(mode="json")
    return {key: before[key] for key in after if after[key] != before[key] and key != "updated_at"}


def add_partner(session: Session, actor: Actor, **values: Any) -> Partner:
    """A new partner made by hand (source "manual"); a name is needed, every other field is optional."""
    require_advisor(actor, "the partner directory")
    unknown = [name for name in values if name not in EDITABLE]
    if unknown:
        raise InvalidValue(f"'{literal(unknown[0])[:30]}' is not a partner field to fill: use {', '.join(EDITABLE)}.")
    clean = check_fields({"name": values.get("name", ""), **values})
    partner = Partner(**clean, source="manual")
    save(session, actor, partner)
    audit.record(session, actor, "create", "partner", partner.id, None, "added by hand")
    return partner


def edit_partner(session: Session, actor: Actor, partner_id: str, **changes: Any) -> tuple[Partner, list[str]]:
    """Correct a partner's details; returns the partner and the fields that changed (none: nothing saved)."""
    require_advisor(actor, "the partner directory")
    partner = session.get(Partner, partner_id)
    if partner is None:
        raise InvalidValue(f"No partner {literal(partner_id)[:40]} in the directory: {HINT}.")
    unknown = [name for name in changes if name not in EDITABLE]
    if unknown:
        raise InvalidValue(f"'{literal(unknown[0])[:30]}' is not a partner field to change: use "
                           f"{', '.join(EDITABLE)}.")
    current = {name: getattr(partner, name) for name in RULES}
    clean = check_fields(changes, current)
    changed = sorted(name for name, value in clean.items() if getattr(partner, name) != value)
    if not changed:
        return partner, []
    return change(session, actor, partner, {name: clean[name] for name in changed}, "changed " + ", ".join(changed))


def change(session: Session, actor: Actor, partner: Partner, values: dict[str, Any], detail: str
           ) -> tuple[Partner, list[str]]:
    """Set checked values on a partner and save it as an edit of those fields (audited with `detail`)."""
    require_advisor(actor, "the partner directory")
    before = partner.model_dump(mode="json")
    for name, value in values.items():
        setattr(partner, name, value)
    partner.updated_at = utcnow()
    was = _was(before, partner)
    if not was:
        return partner, []
    save(session, actor, partner, was=was)
    audit.record(session, actor, "change", "partner", partner.id, None, detail)
    return partner, sorted(was)


def field_labels() -> dict[str, str]:
    """Field name -> its name in the users' words, for forms and the command line's help."""
    return {name: RULES[name].label for name in EDITABLE}
