"""The audit log: who viewed, created, changed, exported or deleted a person's record, a referral or a report.

Append-only: events are only ever added (through the outbox, so they reach the shared file and the other
laptops); nothing here changes or removes one. An event holds ids, never names or typed text, so erasing a
person leaves the log as it is. Views of the same thing by the same advisor within a few minutes are one event.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import AuditEvent, utcnow
from liferooms_tui.db.outbox import save
from liferooms_tui.safetext import literal
from liferooms_tui.vocabulary import InvalidValue

ACTIONS = ("view", "create", "change", "export", "delete")
VIEWS_COUNT_ONCE_FOR = timedelta(minutes=10)


def clean_id(value: str | None, what: str = "person") -> str:
    """An id typed or passed on the command line: plain text, not empty, not absurdly long."""
    text = (value or "").strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = ""
    if not text or len(text) > 100:
        raise InvalidValue(f"'{literal(str(value))[:40]}' is not a {what} id: copy the id from "
                           "'liferooms privacy find NAME'.")
    return text


def record(session: Session, actor: Actor, action: str, entity: str, entity_id: str | None = None,
           person_id: str | None = None, detail: str = "") -> AuditEvent | None:
    """Append one event; returns None for a repeated view that is already in the log."""
    require_advisor(actor, "the audit log")
    if action not in ACTIONS:
        raise InvalidValue(f"'{action}' is not an audit action: use one of {', '.join(ACTIONS)}.")
    now = utcnow()
    if action == "view" and _recently_viewed(session, actor, entity, entity_id, person_id, now):
        return None
    event = AuditEvent(at=now, actor=actor.name, site=actor.site, action=action, entity=entity,
                       entity_id=entity_id, person_id=person_id, detail=detail)
    return save(session, actor, event)


def _recently_viewed(session: Session, actor: Actor, entity: str, entity_id: str | None, person_id: str | None,
                     now) -> bool:
    query = select(AuditEvent.id).where(
        AuditEvent.action == "view", AuditEvent.entity == entity, AuditEvent.entity_id == entity_id,
        AuditEvent.person_id == person_id, AuditEvent.actor == actor.name, AuditEvent.site == actor.site,
        AuditEvent.at >= now - VIEWS_COUNT_ONCE_FOR,
    )
    return session.exec(query.limit(1)).first() is not None


def list_audit(session: Session, actor: Actor, person_id: str | None = None, *,
               limit: int | None = None) -> list[AuditEvent]:
    """Events oldest first (the last `limit` when given), every laptop's as last synced; one person's if asked."""
    require_advisor(actor, "the audit log")
    if limit is not None and limit < 1:
        raise InvalidValue("The number of audit events to show must be 1 or more.")
    query = select(AuditEvent)
    if person_id is not None:
        query = query.where(AuditEvent.person_id == clean_id(person_id))
    query = query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.version).desc())
    if limit:
        query = query.limit(limit)
    return list(reversed(session.exec(query).all()))


def event_summary(event: AuditEvent) -> dict:
    """An event as plain data for --json output and subject access exports."""
    return {
        "id": event.id, "at": event.at.isoformat(), "actor": event.actor, "site": event.site,
        "laptop": event.origin_site, "action": event.action, "entity": event.entity, "entity_id": event.entity_id,
        "person_id": event.person_id, "detail": event.detail,
    }
