"""The partnership itself: its owner in the service and the agreement (one row per partner, edited field by
field), the catch-up log, the induction checklist of a partner delivering at a hub, and partner events."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import Partner, utcnow
from liferooms_tui.db.outbox import save
from liferooms_tui.db.partnership import CatchUp, InductionStep, PartnerEvent, Partnership
from liferooms_tui.directory.openreferral.clean import LONG, SHORT
from liferooms_tui.partners.changes import day, partner_of, words
from liferooms_tui.partners.status import DEFAULT_RULES, Rules
from liferooms_tui.privacy import audit
from liferooms_tui.referrals.eligibility import months_before
from liferooms_tui.safetext import literal
from liferooms_tui.typed import parse_whole_number
from liferooms_tui.vocabulary import InvalidValue

FIELDS = {"owner": "Owner", "agreement_signed_on": "Agreement signed on", "agreement_review_on": "Review by",
          "catch_up_months": "Catch up every (months)"}


def months_after(day_: date, months: int) -> date:
    return months_before(day_, -months)


def partnership_of(session: Session, partner_id: str) -> Partnership:
    """The partner's partnership row (a new, unsaved one when nothing was recorded yet)."""
    return session.get(Partnership, partner_id) or Partnership(id=partner_id, partner_id=partner_id)


def set_partnership(session: Session, actor: Actor, partner_id: str, today: date | None = None,
                    **values: Any) -> tuple[Partnership, list[str]]:
    """Set the owner, the agreement's days or how often to catch up; returns the row and the fields changed."""
    today = today or date.today()
    partner = partner_of(session, actor, partner_id)
    unknown = [name for name in values if name not in FIELDS]
    if unknown:
        raise InvalidValue(f"'{literal(unknown[0])[:30]}' is not part of the partnership: use {', '.join(FIELDS)}.")
    row = partnership_of(session, partner.id)
    clean: dict[str, Any] = {}
    for name, value in values.items():
        label = FIELDS[name]
        if name == "owner":
            clean[name] = words(value, label, limit=SHORT, multiline=False)
        elif name == "catch_up_months":
            try:
                clean[name] = parse_whole_number(value, "number of months", 1, 24)
            except InvalidValue as exc:
                raise InvalidValue(f"{label}: {exc}") from None
        else:
            clean[name] = day(value, label, today)
    signed = clean.get("agreement_signed_on", row.agreement_signed_on)
    review = clean.get("agreement_review_on", row.agreement_review_on)
    if signed and review and review <= signed:
        raise InvalidValue(f"Review by {review:%d/%m/%Y} is not after the day it was signed ({signed:%d/%m/%Y}): "
                           "type a later day.")
    # A row not saved yet says what it held before too (the empty values): two laptops that start the same
    # partner's partnership then merge field by field, like any other edit of it.
    before = row.model_dump(mode="json")
    changed = sorted(name for name, value in clean.items() if getattr(row, name) != value)
    if not changed:
        return row, []
    for name in changed:
        setattr(row, name, clean[name])
    row.updated_at = utcnow()
    save(session, actor, row, was={name: before[name] for name in changed})
    audit.record(session, actor, "change", "partner", partner.id, None, "partnership: " + ", ".join(changed))
    return row, changed


def add_catch_up(session: Session, actor: Actor, partner_id: str, *, met_on: date | str | None, notes: str,
                 who_met: str = "", partner_said: str = "", next_due: date | str | None = None,
                 rules: Rules = DEFAULT_RULES, today: date | None = None) -> CatchUp:
    """A catch-up with a partner; the next is due `next_due`, else after the partnership's (or the setting's)
    number of months."""
    today = today or date.today()
    partner = partner_of(session, actor, partner_id)
    when = day(met_on, "Met on", today, not_future=True, empty=today)
    assert when is not None
    text = words(notes, "Notes", limit=LONG, required=True)
    nxt = day(next_due, "Next catch-up", today)
    if nxt is None:
        nxt = months_after(when, partnership_of(session, partner.id).catch_up_months or rules.catch_up_months)
    elif nxt <= when:
        raise InvalidValue(f"Next catch-up {nxt:%d/%m/%Y} is not after this one ({when:%d/%m/%Y}): type a later day.")
    row = save(session, actor, CatchUp(partner_id=partner.id, met_on=when, notes=text, next_due=nxt, by=actor.name,
                                       who_met=words(who_met, "Who met", limit=SHORT, multiline=False),
                                       partner_said=words(partner_said, "What the partner said", limit=LONG)))
    audit.record(session, actor, "create", "partner", partner.id, None, "catch-up")
    return row


def delivers_at_hub(partner: Partner) -> bool:
    return bool(partner.hubs)


def mark_induction(session: Session, actor: Actor, partner_id: str, item: str, *, done: bool = True,
                   on: date | str | None = None, rules: Rules = DEFAULT_RULES, today: date | None = None
                   ) -> InductionStep:
    """Tick an item of a hub partner's induction (done on a day, empty: today), or take the tick back."""
    today = today or date.today()
    partner = partner_of(session, actor, partner_id)
    if not delivers_at_hub(partner):
        raise InvalidValue(f"{partner.name} does not deliver at a hub, so it has no induction: add the hub it "
                           "delivers at to its details first.")
    items = rules.induction_items
    wanted = " ".join(str(item).split()).casefold()
    found = next((i for i in items if i.casefold() == wanted), None) or next(
        (i for i in items if i.casefold().startswith(wanted)), None) if wanted else None
    if found is None:
        raise InvalidValue(f"'{literal(item)[:40]}' is not on the induction checklist: use one of "
                           f"{'; '.join(items)}.")
    when = day(on, "Done on", today, not_future=True, empty=today) if done else None
    row = save(session, actor, InductionStep(partner_id=partner.id, item=found, done_on=when, by=actor.name))
    audit.record(session, actor, "change", "partner", partner.id, None, "induction")
    return row


def add_event(session: Session, actor: Actor, *, held_on: date | str | None, title: str,
              invited: list[str] | None = None, came: list[str] | None = None, notes: str = "",
              today: date | None = None) -> PartnerEvent:
    """An event partners were invited to (partner ids); those who came count as invited too."""
    require_advisor(actor, "the partnership with partners")
    today = today or date.today()
    when = day(held_on, "Held on", today, empty=today)
    assert when is not None
    ids = list(dict.fromkeys([*(invited or []), *(came or [])]))
    missing = [i for i in ids if session.get(Partner, i) is None]
    if missing:
        raise InvalidValue(f"No partner {literal(missing[0])[:40]} in the directory: check who was invited.")
    row = save(session, actor, PartnerEvent(held_on=when, title=words(title, "Title", limit=SHORT, required=True,
                                                                      multiline=False),
                                            invited=ids, came=list(dict.fromkeys(came or [])),
                                            notes=words(notes, "Notes", limit=LONG), by=actor.name))
    audit.record(session, actor, "create", "partner event", row.id, None, f"{len(ids)} partners invited")
    return row


def set_induction(session: Session, actor: Actor, partner_id: str, done: dict[str, bool], *,
                  rules: Rules = DEFAULT_RULES, today: date | None = None) -> list[str]:
    """The checklist as ticked in a form: items newly ticked are done today, items unticked are taken back;
    returns the items that changed (nothing is saved for the rest)."""
    today = today or date.today()
    partner = partner_of(session, actor, partner_id)
    latest: dict[str, InductionStep] = {}
    for step in sorted(session.exec(select(InductionStep).where(InductionStep.partner_id == partner.id)),
                       key=lambda r: (r.at, r.version)):
        latest[step.item] = step
    changed = [item for item, ticked in done.items()
               if ticked != (item in latest and latest[item].done_on is not None)]
    for item in changed:
        mark_induction(session, actor, partner.id, item, done=done[item], rules=rules, today=today)
    return changed
