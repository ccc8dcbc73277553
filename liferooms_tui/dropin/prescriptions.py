"""The social prescription co-built with the person: partners and activities, each with their own goal."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import Conversation, Partner, Prescription, PrescriptionItem, utcnow
from liferooms_tui.db.outbox import save
from liferooms_tui.vocabulary import NEEDS, InvalidValue, check_need


def needs_met(their_needs, partner_needs) -> list[str]:
    """Which of the person's needs a partner meets, in the usual order of needs. With two or more, the advisor says
    which one the item is for (reports count it under that need); with one, it counts under that one."""
    return [need for need in NEEDS if need in their_needs and need in partner_needs]


def need_counted(their_needs, partner_needs) -> str | None:
    """The need a partner's plan item counts under when nobody chose: the first of the person's needs it meets,
    else the partner's own first need."""
    met = needs_met(their_needs, partner_needs)
    return met[0] if met else (partner_needs[0] if partner_needs else None)


def existing_prescription(session: Session, conversation_id: str) -> Prescription | None:
    """The conversation's prescription if one was made (readers that must not make one: the Refer step)."""
    return session.exec(select(Prescription).where(Prescription.conversation_id == conversation_id)).first()


def prescription_for(session: Session, actor: Actor, conversation_id: str) -> Prescription:
    """The conversation's prescription, made when first needed."""
    require_advisor(actor)
    found = existing_prescription(session, conversation_id)
    if found:
        return found
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise InvalidValue(f"No conversation {conversation_id}.")
    return save(session, actor, Prescription(conversation_id=conversation_id, person_id=conversation.person_id))


def items(session: Session, actor: Actor, prescription_id: str) -> list[PrescriptionItem]:
    require_advisor(actor)
    query = select(PrescriptionItem).where(
        PrescriptionItem.prescription_id == prescription_id, PrescriptionItem.removed == False  # noqa: E712
    )
    return sorted(session.exec(query), key=lambda i: i.position)


def add_item(session: Session, actor: Actor, prescription_id: str, *, partner_id: str | None = None,
             activity: str = "", need: str | None = None, goal: str = "") -> PrescriptionItem:
    require_advisor(actor)
    activity = " ".join(activity.split())
    if partner_id is None and not activity:
        raise InvalidValue("Choose a partner from the directory, or type an activity.")
    partner = session.get(Partner, partner_id) if partner_id is not None else None
    if partner_id is not None and partner is None:
        raise InvalidValue(f"No partner {partner_id} in the directory.")
    if partner is not None and need is None:
        prescription = session.get(Prescription, prescription_id)
        conversation = session.get(Conversation, prescription.conversation_id) if prescription else None
        need = need_counted(conversation.needs if conversation else [], partner.needs)
    existing = items(session, actor, prescription_id)
    if partner_id and any(i.partner_id == partner_id for i in existing):
        raise InvalidValue("That partner is already in the plan.")
    item = PrescriptionItem(prescription_id=prescription_id, partner_id=partner_id, activity=activity,
                            need=check_need(need) if need else None, goal=goal.strip(),
                            position=max((i.position for i in existing), default=-1) + 1)
    return save(session, actor, item)


def _item(session: Session, item_id: str) -> PrescriptionItem:
    item = session.get(PrescriptionItem, item_id)
    if item is None or item.removed:
        raise InvalidValue(f"No plan item {item_id}.")
    return item


def set_goal(session: Session, actor: Actor, item_id: str, goal: str) -> PrescriptionItem:
    require_advisor(actor)
    item = _item(session, item_id)
    if item.goal != goal.strip():
        item.goal = goal.strip()
        save(session, actor, item)
    return item


def set_agreed(session: Session, actor: Actor, item_id: str, agreed: bool) -> PrescriptionItem:
    require_advisor(actor)
    item = _item(session, item_id)
    item.agreed = agreed
    save(session, actor, item)
    prescription = session.get_one(Prescription, item.prescription_id)
    if agreed and prescription.agreed_at is None:
        prescription.agreed_at = utcnow()
        save(session, actor, prescription)
    return item


def remove_item(session: Session, actor: Actor, item_id: str) -> None:
    require_advisor(actor)
    item = _item(session, item_id)
    item.removed = True
    save(session, actor, item)


def move_item(session: Session, actor: Actor, item_id: str, step: int) -> list[PrescriptionItem]:
    """Move an item up (step -1) or down (+1) in the plan; returns the plan in its new order."""
    require_advisor(actor)
    item = _item(session, item_id)
    plan = items(session, actor, item.prescription_id)
    index = next(i for i, it in enumerate(plan) if it.id == item_id)
    target = index + step
    if 0 <= target < len(plan):
        plan[index], plan[target] = plan[target], plan[index]
        for position, it in enumerate(plan):
            if it.position != position:
                it.position = position
                save(session, actor, it)
    return plan


def partner_names(session: Session, partner_ids: list[str]) -> dict[str, str]:
    """Partner names by id, for showing a plan (directory data, no personal data)."""
    if not partner_ids:
        return {}
    query = select(Partner.id, Partner.name).where(col(Partner.id).in_(partner_ids))
    return dict(session.exec(query).all())


@dataclass(frozen=True)
class PlanRows:
    """A conversation's plan as the Plan step shows it: the items in order and the partners' names."""

    prescription_id: str
    needs: list[str]  # the person's needs, as last saved
    items: list[PrescriptionItem]
    names: dict[str, str]  # partner id -> name

    def what(self, item: PrescriptionItem) -> str:
        return self.names.get(item.partner_id, "") if item.partner_id else item.activity


def plan_rows(session: Session, actor: Actor, conversation_id: str) -> PlanRows:
    """The conversation's plan (made when first needed) with its items and their partners' names."""
    plan = prescription_for(session, actor, conversation_id)
    conversation = session.get(Conversation, conversation_id)
    found = items(session, actor, plan.id)
    return PlanRows(plan.id, list(conversation.needs) if conversation else [], found,
                    partner_names(session, [i.partner_id for i in found if i.partner_id]))
