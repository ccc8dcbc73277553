"""Partnership health, for the Reports screen and the report exports: partners per owner in the service, partners
without an owner, catch-ups overdue, the last contact with each partner, hub partners whose induction is not
complete, and the capacity partners said. Read from the partnership's facts (db/partnership.py) with the rules
the Partners section follows (partners/status.py: capacity_weeks, catch_up_months, induction_items).

As of the end of the period (today for the current one): facts dated later are left out. The partnership is the
whole service's, so a site filter does not narrow it. Counts are Count cells: exports hide and round them as every
other report section does (tables.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import Partner
from liferooms_tui.db.partnership import CatchUp, InductionStep, PartnerCapacity, PartnerCheck, Partnership
from liferooms_tui.partners import current
from liferooms_tui.partners.partnership import delivers_at_hub, months_after
from liferooms_tui.partners.status import CAPACITY, DEFAULT_RULES, Rules, latest_capacity
from liferooms_tui.reports.tables import Cell, Count, Table

NO_OWNER = "No owner"
NEVER = "never"


@dataclass
class PartnerHealth:
    """One partner in the partnership (running or paused) on the day asked about."""

    owner: str
    last_contact: date | None  # the latest catch-up, check ('verified') or capacity it told us
    next_catch_up: date | None
    caught_up: bool
    induction_due: bool  # delivers at a hub and an item of the checklist is not done
    at_hub: bool
    capacity: str | None  # a key of partners/status.CAPACITY, or None: never said
    capacity_stale: bool

    def overdue(self, day: date) -> bool:
        return self.next_catch_up is not None and self.next_catch_up < day


@dataclass
class Health:
    day: date
    rules: Rules
    partners: list[PartnerHealth] = field(default_factory=list)


def _latest_by_partner(rows, when, day: date) -> dict[str, list]:
    grouped: dict[str, list] = defaultdict(list)
    for row in rows:
        if when(row) <= day:
            grouped[row.partner_id].append(row)
    return grouped


def _done(step: InductionStep | None, day: date) -> bool:
    return step is not None and step.done_on is not None and step.done_on <= day


def partnership_health(session: Session, actor: Actor, day: date, rules: Rules = DEFAULT_RULES) -> Health:
    """Every partner in the partnership on `day`: active in the directory and not closed (paused ones count)."""
    require_advisor(actor, "reports")
    states = current.states(session, day)
    owners = {row.id: row.owner.strip() for row in session.exec(select(Partnership))}
    catch_ups = _latest_by_partner(session.exec(select(CatchUp)), lambda r: r.met_on, day)
    checks = _latest_by_partner(session.exec(select(PartnerCheck)), lambda r: r.checked_on, day)
    said = _latest_by_partner(session.exec(select(PartnerCapacity)), lambda r: r.said_on, day)
    steps: dict[str, dict[str, InductionStep]] = defaultdict(dict)
    for step in sorted(session.exec(select(InductionStep)), key=lambda r: (r.at, r.version)):
        steps[step.partner_id][step.item] = step
    health = Health(day, rules)
    for partner in session.exec(select(Partner).where(Partner.active == True)):  # noqa: E712  (SQL)
        state = states.get(partner.id)
        if state is not None and state.closed_on is not None:
            continue
        met = max(catch_ups[partner.id], key=lambda r: (r.met_on, r.at, r.version), default=None)
        told = latest_capacity(said[partner.id])
        contacts = [d for d in (met.met_on if met else None, told.said_on if told else None,
                                max((c.checked_on for c in checks[partner.id]), default=None)) if d]
        done = steps.get(partner.id, {})
        at_hub = delivers_at_hub(partner)
        health.partners.append(PartnerHealth(
            owner=owners.get(partner.id, ""), last_contact=max(contacts, default=None),
            next_catch_up=met.next_due if met else None, caught_up=met is not None, at_hub=at_hub,
            induction_due=at_hub and not all(_done(done.get(item), day) for item in rules.induction_items),
            capacity=told.status if told else None,
            capacity_stale=told is None or told.is_stale(day, rules.capacity_weeks)))
    return health


def _contact_long_ago(p: PartnerHealth, health: Health) -> bool:
    return p.last_contact is None or months_after(p.last_contact, health.rules.catch_up_months) < health.day


def health_tables(health: Health) -> list[Table]:
    """The section's tables: a summary, partners per owner, and the capacity partners said."""
    day, rules, everyone = health.day, health.rules, health.partners
    months, weeks = rules.catch_up_months, rules.capacity_weeks
    hub = [p for p in everyone if p.at_hub]
    summary = Table("partnership_health", f"Partnership health on {day:%d %b %Y}", ["Measure", "Partners"], [
        ["Partners (running or paused)", Count(len(everyone))],
        ["With an owner in the service", Count(sum(1 for p in everyone if p.owner))],
        ["Without an owner", Count(sum(1 for p in everyone if not p.owner))],
        ["Catch-up overdue", Count(sum(1 for p in everyone if p.overdue(day)))],
        ["No catch-up recorded", Count(sum(1 for p in everyone if not p.caught_up))],
        [f"Last contact over {months} months ago, or never", Count(sum(1 for p in everyone
                                                                       if _contact_long_ago(p, health)))],
        ["Delivering at a hub", Count(len(hub))],
        ["Delivering at a hub, induction not complete", Count(sum(1 for p in hub if p.induction_due))],
        [f"Capacity not updated for {weeks} weeks, or never said", Count(sum(1 for p in everyone
                                                                              if p.capacity_stale))],
    ], "Last contact: the latest catch-up, check of its details or capacity it told you. The partnership is the "
       "whole service's: a site does not narrow it.")
    by_owner: dict[str, list[PartnerHealth]] = defaultdict(list)
    for p in everyone:
        by_owner[p.owner or NO_OWNER].append(p)
    names = sorted((o for o in by_owner if o != NO_OWNER), key=str.casefold) + (
        [NO_OWNER] if NO_OWNER in by_owner else [])
    rows: list[list[Cell]] = []
    for owner in names:
        theirs = by_owner[owner]
        oldest = None if any(p.last_contact is None for p in theirs) else min(p.last_contact for p in theirs
                                                                               if p.last_contact)
        rows.append([owner, Count(len(theirs)), Count(sum(1 for p in theirs if p.overdue(day))),
                     Count(sum(1 for p in theirs if not p.caught_up)),
                     Count(sum(1 for p in theirs if p.induction_due)), oldest or NEVER])
    owners = Table("partners_by_owner", "Partners per owner", ["Owner", "Partners", "Catch-up overdue",
                   "No catch-up yet", "Induction not complete", "Longest since contact"], rows,
                   "Longest since contact: the last contact with the owner's partner heard from longest ago.")
    statuses: list[list[Cell]] = []
    for key, words in [*CAPACITY.items(), (None, "never said")]:
        said = [p for p in everyone if p.capacity == key]
        statuses.append([words, Count(len(said)), Count(sum(1 for p in said if not p.capacity_stale))])
    capacity = Table("capacity_statuses", "Capacity the partners said", ["Capacity", "Partners",
                     f"Said in the last {weeks} weeks"], statuses, "What each partner said last.")
    return [summary, owners, capacity]


def report_day(period_end: date, today: date) -> date:
    return min(period_end, today)


def tables(session: Session, actor: Actor, period_end: date, today: date, rules: Rules | None) -> list[Table]:
    """The section for a report set ending on `period_end` (build_reports)."""
    return health_tables(partnership_health(session, actor, report_day(period_end, today), rules or DEFAULT_RULES))


__all__ = ["Health", "PartnerHealth", "health_tables", "partnership_health", "tables"]
