"""Drop-in conversations: what matters to the person, their needs, ONS4 wellbeing. Drafts autosave."""

from __future__ import annotations

from sqlmodel import Session, col, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import Conversation, Person, utcnow
from liferooms_tui.db.outbox import save
from liferooms_tui.dropin.people import get_person, live_person
from liferooms_tui.safeguarding import referrals_in
from liferooms_tui.typed import parse_whole_number
from liferooms_tui.vocabulary import ONS4, InvalidValue, check_need

EDITABLE = {"what_matters", "needs", *ONS4}


def check_score(question: str, value) -> int | None:
    """An ONS4 answer: a whole number 0-10, or None when skipped."""
    return parse_whole_number(value, "score", 0, 10)


def start_conversation(session: Session, actor: Actor, person_id: str, *, kind: str = "drop-in",
                       referral_id: str | None = None) -> Conversation:
    require_advisor(actor)
    person = live_person(session, person_id)
    was = {"last_seen_at": person.model_dump(mode="json")["last_seen_at"]}
    person.last_seen_at = utcnow()
    save(session, actor, person, was=was)  # only this field: an edit made elsewhere meanwhile is kept
    conversation = Conversation(person_id=person_id, advisor=actor.name, site=actor.site, kind=kind,
                                referral_id=referral_id)
    save(session, actor, conversation)
    if kind == "drop-in":  # someone expected from a referral in: the referral links to this drop-in
        referrals_in.link_drop_in(session, actor, person_id, conversation.id)
    return conversation


def carry_on_or_start(session: Session, actor: Actor, person_id: str) -> Conversation:
    """The drop-in to talk in with this person: the one this advisor left open for them, else a new one (never a
    second draft for the same person)."""
    require_advisor(actor)
    left_open = [c for c, person in unfinished_conversations(session, actor) if person.id == person_id]
    return left_open[0] if left_open else start_conversation(session, actor, person_id)


def conversation_with_person(session: Session, actor: Actor, conversation_id: str) -> tuple[Conversation, Person]:
    """A conversation and the person it is with (the record's view is audited), for opening it on screen."""
    conversation = get_conversation(session, actor, conversation_id)
    return conversation, get_person(session, actor, conversation.person_id)


def get_conversation(session: Session, actor: Actor, conversation_id: str) -> Conversation:
    require_advisor(actor)
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise InvalidValue(f"No conversation {conversation_id}.")
    return conversation


def autosave(session: Session, actor: Actor, conversation_id: str, **fields) -> bool:
    """Save what the advisor typed so far; returns False when nothing changed (nothing is queued then)."""
    conversation = get_conversation(session, actor, conversation_id)
    changed = False
    for key, value in fields.items():
        if key not in EDITABLE:
            raise InvalidValue(f"'{key}' is not part of a conversation.")
        if key == "needs":
            value = sorted({check_need(n) for n in value})
        elif key in ONS4:
            value = check_score(key, value)
        if getattr(conversation, key) != value:
            setattr(conversation, key, value)
            changed = True
    if changed:
        save(session, actor, conversation)
    return changed


def finish_conversation(session: Session, actor: Actor, conversation_id: str, **last_changes) -> Conversation:
    """End the drop-in, saving with it whatever was typed since the last autosave."""
    if last_changes:
        autosave(session, actor, conversation_id, **last_changes)
    conversation = get_conversation(session, actor, conversation_id)
    conversation.ended_at = utcnow()
    return save(session, actor, conversation)


def unfinished_conversations(session: Session, actor: Actor) -> list[tuple[Conversation, Person]]:
    """Drafts this advisor left open (the app or laptop stopped): offered for resuming at the next start."""
    require_advisor(actor)
    query = (
        select(Conversation, Person)
        .join(Person)
        .where(col(Conversation.ended_at).is_(None), Conversation.advisor == actor.name,
               col(Person.erased_at).is_(None))
        .order_by(col(Conversation.started_at).desc())
    )
    return list(session.exec(query))


def conversations_of(session: Session, actor: Actor, person_id: str) -> list[Conversation]:
    require_advisor(actor)
    query = select(Conversation).where(Conversation.person_id == person_id).order_by(col(Conversation.started_at))
    return list(session.exec(query))
