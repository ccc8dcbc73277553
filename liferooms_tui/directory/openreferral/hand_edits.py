"""Hand edits survive imports: an advisor's change to an imported partner is kept when its source is imported
again, and the source's value can still be taken later.

At each import we keep what the source said for every field of each partner it made (db/imported.py). At the
next import, a field whose value here differs from what the source last said was edited by hand: it is kept, the
summary says "the source now says X; kept your Y" when the source changed it meanwhile, and the source's new value
is remembered (so `take_source` can take it). A field nobody edited takes the source's new value.
A partner imported before this was kept (no baseline) takes the source's values, as imports always did.
Taking the source's value for one field is partners/source_values.py (an edit like any other).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import TypeAdapter
from sqlmodel import Session, col, select

from liferooms_tui.db.imported import SourceValues
from liferooms_tui.db.models import Partner, utcnow
from liferooms_tui.directory.openreferral.mapping import PARTNER_FIELDS
from liferooms_tui.safetext import literal
from liferooms_tui.vocabulary import InvalidValue


@dataclass
class KeptEdit:
    """A field an advisor changed by hand, kept although the source now says something else."""

    source_id: str
    name: str
    field: str
    source_says: Any  # JSON values
    kept: Any

    def line(self) -> str:
        return (f"  {literal(self.name)[:50]} [{literal(self.source_id)[:30]}], {self.field}: the source now says "
                f"{shown(self.source_says)}; kept your {shown(self.kept)}")


def as_json(value: Any) -> Any:
    """A partner field's value as kept in the baseline (and compared): dates as ISO text, lists as lists."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def from_json(field: str, value: Any) -> Any:
    annotation: Any = Partner.model_fields[field].annotation
    return TypeAdapter(annotation).validate_python(value)


def shown(value: Any, limit: int = 40) -> str:
    """A value in a sentence: quoted text, lists joined, nothing as 'nothing'."""
    if value in (None, "", []):
        return "nothing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    text = literal(text.replace("\n", " "))
    return f"'{text[:limit]}{'...' if len(text) > limit else ''}'"


def baselines(session: Session, partner_ids: list[str] | None = None) -> dict[str, SourceValues]:
    query = select(SourceValues)
    if partner_ids is not None:
        query = query.where(col(SourceValues.partner_id).in_(partner_ids))
    return {row.partner_id: row for row in session.exec(query)}


def merge(current: Partner, new: dict[str, Any], baseline: SourceValues | None) -> tuple[dict[str, Any], list[str]]:
    """The fields to take from the source (name -> value), and the hand-edited fields kept although the source
    changed them since it was last imported."""
    said = baseline.values if baseline else {}
    take: dict[str, Any] = {}
    kept: list[str] = []
    for name, value in new.items():
        here, now = as_json(getattr(current, name)), as_json(value)
        before = said.get(name, here) if baseline else here
        if here == now:
            continue
        if here == before:  # nobody changed it here: the source's new value
            take[name] = value
        elif now != before:  # changed by hand here, and by the source since: keep ours, say so
            kept.append(name)
    return take, kept


def remember(session: Session, partner_id: str, source: str, fields: dict[str, Any],
             known: SourceValues | None) -> None:
    """Keep what the source said this time (written only when it differs from what was kept)."""
    values = {name: as_json(value) for name, value in fields.items()}
    if known is not None and known.values == values and known.source == source:
        return
    row = known or SourceValues(partner_id=partner_id, source=source)
    row.source, row.values, row.imported_at = source, values, utcnow()
    session.add(row)


def source_value(session: Session, partner: Partner, field: str) -> Any:
    """What the partner's source said for `field` at its last import (a sentence when there is nothing)."""
    if field not in PARTNER_FIELDS:
        raise InvalidValue(f"'{literal(field)[:40]}' is not a partner field; use one of {', '.join(PARTNER_FIELDS)}.")
    row = session.get(SourceValues, partner.id)
    if row is None or field not in row.values:
        raise InvalidValue(f"{literal(partner.name)[:60]} has no source value on this laptop (it was added by hand, "
                           "or imported elsewhere): import its source here first.")
    return from_json(field, row.values[field])
