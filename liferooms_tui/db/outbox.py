"""The outbox: every change that must leave the laptop is queued in the same transaction as the change."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session, col, func, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.clock import next_version
from liferooms_tui.db.models import OutboxEntry, Synced, table_name

Row = TypeVar("Row", bound=Synced)


def save(session: Session, actor: Actor, row: Row, *, was: dict | None = None) -> Row:
    """Stamp a row with a new version (and its origin when new), add it, and queue it for sync.

    The payload also carries "_base": the version the row had before this change ("" for a new row), so the
    shared file can tell an edit made on top of what it holds from a concurrent one (sync/resolve.py); and,
    when given, "_was": the fields this edit changed with their values before it (JSON values), so concurrent
    edits of different fields both survive and only a field changed on both sides is a conflict.
    Only advisors change anything that syncs: volunteers read the directory and nothing else."""
    require_advisor(actor, "anything shared with other laptops")
    if not row.origin_site:
        row.origin_site = actor.origin
    base = row.version or ""
    row.version = next_version(session, actor.laptop_id)
    session.add(row)
    session.add(
        OutboxEntry(
            table_name=table_name(row),
            row_id=row.id,
            version=row.version,
            payload={**row.model_dump(mode="json"), "_base": base, **({"_was": was} if was else {})},
        )
    )
    return row


def queued_count(session: Session, table_name: str | None = None) -> int:
    query = select(func.count()).select_from(OutboxEntry).where(col(OutboxEntry.sent_at).is_(None))
    if table_name:
        query = query.where(OutboxEntry.table_name == table_name)
    return session.exec(query).one()
