"""Correcting a finished drop-in: a note added after it, never an edit of what was written at the time.

The drop-in stays as it was; its history shows it and every correction after it, oldest first. A correction
is a new row that syncs like the drop-in (to the shared file, not to other laptops), is erased with the person
and shows in their subject access export.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import Conversation, ConversationCorrection
from liferooms_tui.db.outbox import save
from liferooms_tui.dropin.conversations import get_conversation
from liferooms_tui.dropin.people import live_person
from liferooms_tui.privacy import audit
from liferooms_tui.vocabulary import InvalidValue

MAX_NOTE = 2000


@dataclass(frozen=True)
class DropInHistory:
    conversation: Conversation
    corrections: list[ConversationCorrection]


def clean_note(text: str | None) -> str:
    note = (text or "").strip()
    if not note:
        raise InvalidValue("Type what needs correcting, such as 'The housing need was meant to be debt'.")
    if len(note) > MAX_NOTE:
        raise InvalidValue(f"A correction is a note, not a new record: keep it under {MAX_NOTE} characters "
                           f"(this one has {len(note)}).")
    return note


def add_correction(session: Session, actor: Actor, conversation_id: str, note: str) -> ConversationCorrection:
    """Add a correction note to a finished drop-in; the drop-in itself is left as it was."""
    require_advisor(actor)
    text = clean_note(note)
    conversation = get_conversation(session, actor, conversation_id)
    live_person(session, conversation.person_id)
    if conversation.ended_at is None:
        raise InvalidValue("This drop-in is still open: change it directly; corrections are for finished ones.")
    correction = ConversationCorrection(conversation_id=conversation.id, note=text, by=actor.name)
    save(session, actor, correction)
    audit.record(session, actor, "change", "conversation", conversation.id, conversation.person_id,
                 "added a correction")
    return correction


def drop_in_history(session: Session, actor: Actor, conversation_id: str) -> DropInHistory:
    """The drop-in as written at the time, and its corrections, oldest first."""
    conversation = get_conversation(session, actor, conversation_id)
    query = (select(ConversationCorrection).where(ConversationCorrection.conversation_id == conversation.id)
             .order_by(col(ConversationCorrection.at), col(ConversationCorrection.version)))
    return DropInHistory(conversation, list(session.exec(query)))


def person_history(session: Session, actor: Actor, person_id: str) -> list[DropInHistory]:
    """A person's drop-ins, newest first, each as written at the time with its corrections, oldest first."""
    require_advisor(actor)
    live_person(session, person_id)
    talks = session.exec(select(Conversation).where(Conversation.person_id == person_id)
                         .order_by(col(Conversation.started_at).desc())).all()
    if not talks:
        return []
    found = session.exec(select(ConversationCorrection)
                         .where(col(ConversationCorrection.conversation_id).in_([t.id for t in talks]))
                         .order_by(col(ConversationCorrection.at), col(ConversationCorrection.version))).all()
    return [DropInHistory(t, [c for c in found if c.conversation_id == t.id]) for t in talks]
