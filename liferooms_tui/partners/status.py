"""A partner's state on a day, derived from its appended facts. Pure: plain rows in, plain values out.

- Closed: the latest closure or reopening is a closure (from its day on). A partner closed is not running.
- Paused: a pause recorded after the latest reopening whose days include today (from its from day, up to but
  not including its until day: a pause until 1 June is over on the morning of 1 June, with nothing to run).
- Capacity: what the partner said last (the latest day said, then the latest recorded).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from liferooms_tui.config import INDUCTION_ITEMS
from liferooms_tui.db.partnership import PartnerCapacity, PartnerStatus
from liferooms_tui.typed import week_start

# What "verified today" checks, in the users' words.
CHECKS: dict[str, str] = {"contact": "contact details", "eligibility": "who it is for", "capacity": "capacity",
                          "running": "still running"}
# What a partner says about taking referrals (HL7 SDOH Clinical Care's capacity statuses, in our words).
CAPACITY: dict[str, str] = {"yes": "taking referrals", "waiting_list": "waiting list", "no": "not taking referrals",
                            "assessment_first": "assessment first"}
STATUS_KINDS = ("paused", "closed", "reopened")


@dataclass(frozen=True)
class Pause:
    reason: str
    from_on: date
    until_on: date | None

    def covers(self, day: date) -> bool:
        return self.from_on <= day and (self.until_on is None or day < self.until_on)

    def words(self) -> str:
        until = f" until {self.until_on:%d %b %Y}" if self.until_on else " (no end date given)"
        return f"paused from {self.from_on:%d %b %Y}{until}: {self.reason}"


@dataclass(frozen=True)
class State:
    closed_on: date | None = None
    closed_reason: str = ""
    pause: Pause | None = None  # the pause in force on the day asked about
    ended_pause: Pause | None = None  # the latest pause that ended by its until day (none in force)

    @property
    def running(self) -> bool:
        return self.closed_on is None and self.pause is None

    def words(self) -> str:
        """The state in a few words: 'running', 'paused from ... until ...: reason', 'closed on ...: reason'."""
        if self.closed_on is not None:
            return f"closed on {self.closed_on:%d %b %Y}: {self.closed_reason}"
        if self.pause is not None:
            return self.pause.words()
        return "running"


def _order(row: PartnerStatus) -> tuple:
    return (row.at, row.version, row.id)


def derive(rows: Iterable[PartnerStatus], today: date) -> State:
    """A partner's state on `today` from its pauses, closures and reopenings (facts dated after today wait)."""
    facts = sorted((r for r in rows if r.from_on <= today or r.kind == "paused"), key=_order)
    closed: PartnerStatus | None = None
    pauses: list[PartnerStatus] = []
    for row in facts:
        if row.kind == "reopened":
            closed, pauses = None, []
        elif row.kind == "closed":
            closed = row
        elif row.kind == "paused":
            pauses.append(row)
    if closed is not None:
        return State(closed_on=closed.from_on, closed_reason=closed.reason)
    spans = [Pause(r.reason, r.from_on, r.until_on) for r in pauses]
    current = next((p for p in reversed(spans) if p.covers(today)), None)
    ended = [p for p in spans if p.until_on is not None and p.until_on <= today]
    return State(pause=current, ended_pause=max(ended, key=lambda p: p.until_on or today) if ended else None)


@dataclass(frozen=True)
class Capacity:
    status: str
    places_this_week: int | None
    waiting_weeks: int | None
    said_on: date
    said_by: str

    def places_for(self, today: date) -> int | None:
        """The places the partner said it has this week (None when said in an earlier week, or not said)."""
        return self.places_this_week if week_start(self.said_on) == week_start(today) else None

    def words(self, today: date) -> str:
        text = CAPACITY.get(self.status, self.status)
        if self.status == "waiting_list" and self.waiting_weeks is not None:
            text += f" (about {self.waiting_weeks} weeks)"
        places = self.places_for(today)
        if places is not None:
            text += f", {places} places this week"
        who = f" by {self.said_by}" if self.said_by else ""
        return f"{text}: said{who} on {self.said_on:%d %b %Y}"

    def is_stale(self, today: date, weeks: int) -> bool:
        return today - self.said_on > timedelta(weeks=weeks)


def latest_capacity(rows: Iterable[PartnerCapacity]) -> Capacity | None:
    found = max(rows, key=lambda r: (r.said_on, r.at, r.version, r.id), default=None)
    if found is None:
        return None
    return Capacity(found.status, found.places_this_week, found.waiting_weeks, found.said_on, found.said_by)


@dataclass(frozen=True)
class Rules:
    """The settings the partnership follows (config.Settings: capacity_weeks, catch_up_months, induction_items)."""

    capacity_weeks: int = 4
    catch_up_months: int = 3
    induction_items: tuple[str, ...] = INDUCTION_ITEMS
    verify_months: int = 12

    @classmethod
    def of(cls, settings) -> Rules:
        return cls(settings.capacity_weeks, settings.catch_up_months, tuple(settings.induction_items))


DEFAULT_RULES = Rules()
