"""Pauses, closures, reopenings, 'verified today' and capacity: each an appended, dated fact (db/partnership.py),
audited, synced; the partner's state on a day is derived from them (status.py), so a pause ends by itself on
its until day. A closure also takes the partner out of the directory's running partners (Partner.active, which
search, the referral check and exports read) and a reopening brings it back; verifying renews last_verified."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import Partner
from liferooms_tui.db.outbox import save
from liferooms_tui.db.partnership import PartnerCapacity, PartnerCheck, PartnerStatus
from liferooms_tui.directory.fields import words
from liferooms_tui.directory.openreferral.clean import SHORT
from liferooms_tui.partners import current
from liferooms_tui.partners.edit import HINT, change
from liferooms_tui.partners.status import CAPACITY, CHECKS
from liferooms_tui.privacy import audit
from liferooms_tui.safetext import literal
from liferooms_tui.typed import parse_day, parse_whole_number
from liferooms_tui.vocabulary import InvalidValue


def day(value: date | str | None, label: str, today: date, *, not_future: bool = False,
        empty: date | None = None) -> date | None:
    try:
        return parse_day(value, "day", not_after=today if not_future else None, empty=empty, today=today)
    except InvalidValue as exc:
        raise InvalidValue(f"{label}: {exc}") from None


def partner_of(session: Session, actor: Actor, partner_id: str) -> Partner:
    require_advisor(actor, "the partnership with partners")
    partner = session.get(Partner, partner_id)
    if partner is None:
        raise InvalidValue(f"No partner {literal(partner_id)[:40]} in the directory: {HINT}.")
    return partner


def pause(session: Session, actor: Actor, partner_id: str, *, reason: str, from_on: date | str | None = None,
          until_on: date | str | None = None, today: date | None = None) -> PartnerStatus:
    """Pause a partner from a day (empty: today) until a day (it is back that day; empty: not known yet)."""
    today = today or date.today()
    partner = partner_of(session, actor, partner_id)
    why = words(reason, "Reason for the pause", limit=SHORT, required=True, multiline=False)
    start = day(from_on, "Paused from", today, empty=today)
    end = day(until_on, "Paused until", today)
    assert start is not None
    if end is not None and end <= start:
        raise InvalidValue(f"Paused until {end:%d/%m/%Y} is not after paused from {start:%d/%m/%Y}: type the day it "
                           "takes referrals again.")
    if not partner.active or current.state_of(session, partner.id, today).closed_on is not None:
        raise InvalidValue(f"{partner.name} is closed: reopen it first (or leave it closed).")
    row = save(session, actor, PartnerStatus(partner_id=partner.id, kind="paused", reason=why, from_on=start,
                                             until_on=end, by=actor.name))
    audit.record(session, actor, "change", "partner", partner.id, None, "paused")
    return row


def close(session: Session, actor: Actor, partner_id: str, *, reason: str, on: date | str | None = None,
          today: date | None = None) -> PartnerStatus:
    """A partner no longer running (funding ended, the service stopped): closed on a day (empty: today)."""
    today = today or date.today()
    partner = partner_of(session, actor, partner_id)
    why = words(reason, "Reason for closing", limit=SHORT, required=True, multiline=False)
    when = day(on, "Closed on", today, not_future=True, empty=today)
    assert when is not None
    if not partner.active:
        raise InvalidValue(f"{partner.name} is closed already; reopen it if it runs again.")
    row = save(session, actor, PartnerStatus(partner_id=partner.id, kind="closed", reason=why, from_on=when,
                                             by=actor.name))
    change(session, actor, partner, {"active": False}, "closed")
    return row


def reopen(session: Session, actor: Actor, partner_id: str, *, reason: str = "", on: date | str | None = None,
           today: date | None = None) -> PartnerStatus:
    """A closed partner runs again, or a paused one takes referrals again before its until day."""
    today = today or date.today()
    partner = partner_of(session, actor, partner_id)
    why = words(reason, "Reason for reopening", limit=SHORT, multiline=False)
    when = day(on, "Reopened on", today, not_future=True, empty=today)
    assert when is not None
    state = current.state_of(session, partner.id, today)
    if partner.active and state.running:
        raise InvalidValue(f"{partner.name} is running already: nothing to reopen.")
    row = save(session, actor, PartnerStatus(partner_id=partner.id, kind="reopened", reason=why, from_on=when,
                                             by=actor.name))
    if partner.active:
        audit.record(session, actor, "change", "partner", partner.id, None, "pause ended")
    else:
        change(session, actor, partner, {"active": True}, "reopened")
    return row


def check_keys(checked: list[str] | str | None) -> list[str]:
    """What was checked, as keys of CHECKS (typed as 'contact, capacity' or a list; words or keys)."""
    items = checked.split(",") if isinstance(checked, str) else list(checked or [])
    keys = []
    for item in items:
        word = str(item).strip().lower()
        if not word:
            continue
        key = next((k for k, label in CHECKS.items() if word in (k, label) or label.startswith(word)), None)
        if key is None:
            raise InvalidValue(f"'{literal(word)[:30]}' is not something to check: use {', '.join(CHECKS)}.")
        keys.append(key)
    if not keys:
        raise InvalidValue(f"Say what you checked: one or more of {', '.join(CHECKS)}.")
    return list(dict.fromkeys(keys))


def verify(session: Session, actor: Actor, partner_id: str, *, checked: list[str] | str | None,
           note: str = "", today: date | None = None) -> PartnerCheck:
    """'Verified today': who checked what (contact, eligibility, capacity, still running); renews last_verified."""
    today = today or date.today()
    partner = partner_of(session, actor, partner_id)
    keys = check_keys(checked)
    text = words(note, "Note", limit=SHORT, multiline=False)
    row = save(session, actor, PartnerCheck(partner_id=partner.id, checked_on=today, checked=keys, note=text,
                                            by=actor.name))
    if partner.last_verified is None or partner.last_verified < today:
        change(session, actor, partner, {"last_verified": today}, "verified: " + ", ".join(keys))
    else:
        audit.record(session, actor, "change", "partner", partner.id, None, "verified: " + ", ".join(keys))
    return row


def capacity_key(value: str | None) -> str:
    word = " ".join(str(value or "").replace("-", " ").replace("_", " ").lower().split())
    for key, label in CAPACITY.items():
        if word in (key.replace("_", " "), label) or (word and label.startswith(word)):
            return key
    if not word:
        raise InvalidValue("Taking referrals: say yes, waiting list, no or assessment first.")
    raise InvalidValue(f"Taking referrals: '{literal(str(value))[:30]}' is not a capacity; say yes, waiting list, "
                       "no or assessment first.")


def record_capacity(session: Session, actor: Actor, partner_id: str, *, status: str,
                    places: int | str | None = None, waiting_weeks: int | str | None = None,
                    said_on: date | str | None = None, said_by: str = "", note: str = "",
                    today: date | None = None) -> PartnerCapacity:
    """What the partner says about taking referrals: yes, a waiting list (how long), no, or assessment first;
    places this week; when it was said (empty: today) and by whom at the partner."""
    today = today or date.today()
    partner = partner_of(session, actor, partner_id)
    key = capacity_key(status)
    try:
        count = parse_whole_number(places, "number of places", 0, 10_000)
        weeks = parse_whole_number(waiting_weeks, "number of weeks", 0, 520)
    except InvalidValue as exc:
        raise InvalidValue(f"{'Waiting list' if 'weeks' in str(exc) else 'Places this week'}: {exc}") from None
    if weeks is not None and key != "waiting_list":
        raise InvalidValue("How long the waiting list is only goes with 'waiting list': leave it empty.")
    when = day(said_on, "Said on", today, not_future=True, empty=today)
    assert when is not None
    row = save(session, actor, PartnerCapacity(
        partner_id=partner.id, status=key, places_this_week=count, waiting_weeks=weeks, said_on=when,
        said_by=words(said_by, "Who said it", limit=SHORT, multiline=False),
        note=words(note, "Note", limit=SHORT, multiline=False), by=actor.name))
    audit.record(session, actor, "change", "partner", partner.id, None, f"capacity: {key}")
    return row
