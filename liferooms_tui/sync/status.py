"""What the status line says about sync: referrals queued, everything queued, and the last sync."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from liferooms_tui.models import OutboxEntry, SyncMeta

LAST_SYNC_AT = "last_sync_at"
LAST_SYNC_RESULT = "last_sync_result"


@dataclass(frozen=True)
class SyncStatus:
    queued_referrals: int
    queued_changes: int
    last_sync_at: str
    last_result: str


def sync_status(session: Session) -> SyncStatus:
    unsent = OutboxEntry.sent_at.is_(None)
    referrals = session.exec(
        select(func.count(func.distinct(OutboxEntry.row_id))).where(unsent, OutboxEntry.table_name == "referral")
    ).one()
    changes = session.exec(select(func.count()).select_from(OutboxEntry).where(unsent)).one()
    last_at = session.get(SyncMeta, LAST_SYNC_AT)
    last_result = session.get(SyncMeta, LAST_SYNC_RESULT)
    return SyncStatus(referrals, changes, last_at.value if last_at else "", last_result.value if last_result else "")
