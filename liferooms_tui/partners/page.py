"""A partner's page as plain values: its details, the partnership, its state and capacity, catch-ups, induction,
events, verifications and pauses, and why it needs attention. For advisors (volunteers see the directory card)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from liferooms_tui.access import Actor
from liferooms_tui.db.partnership import CatchUp, InductionStep, PartnerCheck, PartnerEvent, PartnerStatus
from liferooms_tui.directory.partners import partner_summary
from liferooms_tui.partners import current
from liferooms_tui.partners.changes import partner_of
from liferooms_tui.partners.partnership import delivers_at_hub, partnership_of
from liferooms_tui.partners.review import reasons_for
from liferooms_tui.partners.status import CAPACITY, CHECKS, DEFAULT_RULES, Rules


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def partner_page(session: Session, actor: Actor, partner_id: str, *, rules: Rules = DEFAULT_RULES,
                 today: date | None = None) -> dict[str, Any]:
    today = today or date.today()
    partner = partner_of(session, actor, partner_id)
    state = current.state_of(session, partner.id, today)
    said = current.capacity_of(session, partner.id)
    link = partnership_of(session, partner.id)
    catch_ups = sorted(session.exec(select(CatchUp).where(CatchUp.partner_id == partner.id)),
                       key=lambda r: (r.met_on, r.at, r.version), reverse=True)
    checks = sorted(session.exec(select(PartnerCheck).where(PartnerCheck.partner_id == partner.id)),
                    key=lambda r: (r.checked_on, r.at, r.version), reverse=True)
    statuses = sorted(session.exec(select(PartnerStatus).where(PartnerStatus.partner_id == partner.id)),
                      key=lambda r: (r.at, r.version), reverse=True)
    steps: dict[str, InductionStep] = {}
    for step in sorted(session.exec(select(InductionStep).where(InductionStep.partner_id == partner.id)),
                       key=lambda r: (r.at, r.version)):
        steps[step.item] = step
    events = [e for e in session.exec(select(PartnerEvent).order_by(col(PartnerEvent.held_on).desc()))
              if partner.id in e.invited]
    reasons = reasons_for(partner, state, said, link.owner.strip(), catch_ups[0].next_due if catch_ups else None,
                          bool(catch_ups), checks[0].checked_on if checks else None, today, rules)
    return {
        "partner": partner_summary(partner),
        "state": "closed" if not partner.active or state.closed_on else "paused" if state.pause else "running",
        "state_words": "not running (closed)" if not partner.active and state.closed_on is None else state.words(),
        "paused_until": _iso(state.pause.until_on) if state.pause else None,
        "capacity": None if said is None else {
            "status": said.status, "status_words": CAPACITY[said.status], "places_this_week": said.places_for(today),
            "waiting_weeks": said.waiting_weeks, "said_on": said.said_on.isoformat(), "said_by": said.said_by,
            "words": said.words(today)},
        "partnership": {"owner": link.owner, "agreement_signed_on": _iso(link.agreement_signed_on),
                        "agreement_review_on": _iso(link.agreement_review_on),
                        "catch_up_months": link.catch_up_months or rules.catch_up_months},
        "next_catch_up": _iso(catch_ups[0].next_due) if catch_ups else None,
        "catch_ups": [{"id": c.id, "met_on": c.met_on.isoformat(), "who_met": c.who_met, "notes": c.notes,
                       "partner_said": c.partner_said, "next_due": _iso(c.next_due), "by": c.by} for c in catch_ups],
        "induction": None if not delivers_at_hub(partner) else [
            {"item": item, "done_on": _iso(steps[item].done_on) if item in steps else None}
            for item in rules.induction_items],
        "verifications": [{"on": c.checked_on.isoformat(), "by": c.by, "checked": c.checked,
                           "checked_words": [CHECKS[k] for k in c.checked if k in CHECKS], "note": c.note}
                          for c in checks],
        "history": [{"kind": s.kind, "reason": s.reason, "from_on": s.from_on.isoformat(),
                     "until_on": _iso(s.until_on), "by": s.by, "at": s.at.isoformat()} for s in statuses],
        "events": [{"id": e.id, "held_on": e.held_on.isoformat(), "title": e.title, "came": partner.id in e.came,
                    "notes": e.notes} for e in events],
        "attention": [{"key": r.key, "words": r.words} for r in reasons],
    }
