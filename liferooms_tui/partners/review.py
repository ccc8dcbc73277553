"""What needs attention: partners not verified for 12 months, with no key contact, no owner in the service, a
catch-up overdue, capacity not updated for `capacity_weeks`, or a pause that has ended (or has no end) without
anyone checking them since. Most urgent first: by the most urgent reason, then how long it has waited."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import Partner
from liferooms_tui.db.partnership import CatchUp, PartnerCheck, Partnership
from liferooms_tui.partners import current
from liferooms_tui.partners.status import DEFAULT_RULES, Capacity, Rules, State
from liferooms_tui.referrals.eligibility import months_before

# Reasons, most urgent first (their rank is their place here).
REASONS = ["pause_ended", "paused_open_ended", "no_contact", "not_verified", "catch_up_overdue", "no_owner",
           "capacity_stale"]


@dataclass(frozen=True)
class Reason:
    key: str
    words: str
    since: date | None  # since when it has waited (None: never done)

    @property
    def rank(self) -> int:
        return REASONS.index(self.key)


@dataclass(frozen=True)
class Attention:
    partner_id: str
    name: str
    reasons: list[Reason]

    def as_dict(self) -> dict:
        return {"partner_id": self.partner_id, "name": self.name,
                "reasons": [{"key": r.key, "words": r.words, "since": r.since.isoformat() if r.since else None}
                            for r in self.reasons]}


def reasons_for(partner: Partner, state: State, said: Capacity | None, owner: str, next_due: date | None,
                caught_up: bool, last_check: date | None, today: date, rules: Rules) -> list[Reason]:
    """Why one partner needs attention on `today` (empty: it does not). Pure."""
    out: list[Reason] = []
    ended = state.ended_pause
    if state.pause is None and ended is not None and ended.until_on and (last_check is None
                                                                         or last_check < ended.until_on):
        out.append(Reason("pause_ended", f"pause ended on {ended.until_on:%d %b %Y}: check it is taking people again",
                          ended.until_on))
    if state.pause is not None and state.pause.until_on is None:
        out.append(Reason("paused_open_ended", f"paused since {state.pause.from_on:%d %b %Y} with no end date",
                          state.pause.from_on))
    if not partner.contact_name.strip() or not (partner.contact_phone.strip() or partner.contact_email.strip()):
        missing = "no key contact" if not partner.contact_name.strip() else "no phone or email for the key contact"
        out.append(Reason("no_contact", missing, None))
    verified = partner.last_verified
    if verified is None or verified < months_before(today, rules.verify_months):
        out.append(Reason("not_verified", f"not verified since {verified:%d %b %Y}" if verified else "never verified",
                          verified))
    if next_due is not None and next_due < today:
        out.append(Reason("catch_up_overdue", f"catch-up due {next_due:%d %b %Y}", next_due))
    elif not caught_up and owner:
        out.append(Reason("catch_up_overdue", "no catch-up recorded yet", None))
    if not owner:
        out.append(Reason("no_owner", "no owner in the service", None))
    if said is None or said.is_stale(today, rules.capacity_weeks):
        words = f"capacity not updated since {said.said_on:%d %b %Y}" if said else "capacity never recorded"
        out.append(Reason("capacity_stale", words, said.said_on if said else None))
    return sorted(out, key=lambda r: r.rank)


def _urgency(item: Attention, today: date) -> tuple:
    first = item.reasons[0]
    waited = (today - first.since) if first.since else timedelta(days=100_000)
    return (first.rank, -waited.days, -len(item.reasons), item.name.casefold())


def needing_attention(session: Session, actor: Actor, *, rules: Rules = DEFAULT_RULES,
                      today: date | None = None) -> list[Attention]:
    """Running (or paused) partners that need attention, most urgent first. Closed partners are left out."""
    require_advisor(actor, "the partnership with partners")
    today = today or date.today()
    partners = list(session.exec(select(Partner).where(Partner.active == True)))  # noqa: E712  (SQL)
    states = current.states(session, today)
    said = current.capacities(session)
    owners = {row.id: row.owner.strip() for row in session.exec(select(Partnership))}
    due: dict[str, date | None] = {}
    caught: set[str] = set()
    latest: dict[str, tuple] = {}
    for row in session.exec(select(CatchUp)):
        caught.add(row.partner_id)
        key = (row.met_on, row.at, row.version)
        if row.partner_id not in latest or key > latest[row.partner_id]:
            latest[row.partner_id], due[row.partner_id] = key, row.next_due
    checks: dict[str, date] = defaultdict(lambda: date.min)
    for check in session.exec(select(PartnerCheck)):
        checks[check.partner_id] = max(checks[check.partner_id], check.checked_on)
    found = []
    for partner in partners:
        state = states.get(partner.id, State())
        if state.closed_on is not None:
            continue
        reasons = reasons_for(partner, state, said.get(partner.id), owners.get(partner.id, ""),
                              due.get(partner.id), partner.id in caught,
                              checks[partner.id] if partner.id in checks else None, today, rules)
        if reasons:
            found.append(Attention(partner.id, partner.name, reasons))
    return sorted(found, key=lambda item: _urgency(item, today))


def attention_count(session: Session, actor: Actor, *, rules: Rules = DEFAULT_RULES, today: date | None = None) -> int:
    return len(needing_attention(session, actor, rules=rules, today=today))
