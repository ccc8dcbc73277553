"""What a person looks at after syncing: rows the shared file refused, and values that lost a conflict."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import SyncConflict, SyncReject
from liferooms_tui.sync.rows import LABELS
from liferooms_tui.sync.status import SyncStatus, last_ok_sync_at, sync_status


def rejects(session: Session, actor: Actor, limit: int = 200) -> list[SyncReject]:
    """Rows the shared file refused, newest first."""
    require_advisor(actor, "rows refused or lost in sync (they hold personal data)")
    return list(session.exec(select(SyncReject).order_by(col(SyncReject.at).desc()).limit(limit)))


def conflicts(session: Session, actor: Actor, limit: int = 200) -> list[SyncConflict]:
    require_advisor(actor, "rows refused or lost in sync (they hold personal data)")
    return list(session.exec(select(SyncConflict).order_by(col(SyncConflict.at).desc()).limit(limit)))


def counts(session: Session) -> tuple[int, int]:
    """(rejects, conflicts) on this laptop: numbers only, no personal data."""
    rejected = session.exec(select(func.count()).select_from(SyncReject)).one()
    conflicted = session.exec(select(func.count()).select_from(SyncConflict)).one()
    return rejected, conflicted


def what(table_name: str) -> str:
    """A table's name in the users' words."""
    return LABELS.get(table_name, table_name)


@dataclass(frozen=True)
class SyncOverview:
    """What the Sync section shows, read in one go: the queue, the last syncs, and what the shared file refused."""

    status: SyncStatus
    last_ok_at: str
    rejected: int
    conflicted: int
    rejects: list[SyncReject]


def overview(session: Session, actor: Actor) -> SyncOverview:
    rejected, conflicted = counts(session)
    return SyncOverview(sync_status(session), last_ok_sync_at(session), rejected, conflicted,
                        rejects(session, actor))
