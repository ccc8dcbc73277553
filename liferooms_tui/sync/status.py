"""What the status line says about sync: referrals queued, everything queued, and the last sync."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from liferooms_tui.db.models import OutboxEntry, SyncMeta, utcnow

LAST_SYNC_AT = "last_sync_at"
LAST_SYNC_RESULT = "last_sync_result"
LAST_OK_SYNC_AT = "last_ok_sync_at"


@dataclass(frozen=True)
class SyncStatus:
    queued_referrals: int
    queued_changes: int
    last_sync_at: str
    last_result: str


def sync_status(session: Session) -> SyncStatus:
    unsent = col(OutboxEntry.sent_at).is_(None)
    referrals = session.exec(
        select(func.count(func.distinct(OutboxEntry.row_id))).where(unsent, OutboxEntry.table_name == "referral")
    ).one()
    changes = session.exec(select(func.count()).select_from(OutboxEntry).where(unsent)).one()
    last_at = session.get(SyncMeta, LAST_SYNC_AT)
    last_result = session.get(SyncMeta, LAST_SYNC_RESULT)
    return SyncStatus(referrals, changes, last_at.value if last_at else "", last_result.value if last_result else "")


def remember_sync(session: Session, result: str, *, ok: bool) -> None:
    """After each sync, worked or not: its time (ISO, UTC) and result in a few words, for the status line."""
    now = utcnow().isoformat(timespec="seconds")
    keys = {LAST_SYNC_AT: now, LAST_SYNC_RESULT: result, **({LAST_OK_SYNC_AT: now} if ok else {})}
    for key, value in keys.items():
        meta = session.get(SyncMeta, key) or SyncMeta(key=key)
        meta.value = value
        session.add(meta)


def last_ok_sync_at(session: Session) -> str:
    meta = session.get(SyncMeta, LAST_OK_SYNC_AT)
    return meta.value if meta else ""
