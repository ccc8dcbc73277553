"""Is a referral right first time? The checks made before a referral is queued, in words.

Pure functions over plain values, so every rule and edge can be tested without a database:
whether the partner still runs, catchment, benefits, age range, prior use, capacity this week, and an
already-open referral (a duplicate).
A failed check blocks the referral unless the advisor records an override reason; a duplicate, or a
partner that no longer runs, cannot be overridden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from liferooms_tui.db.models import Partner, Person
from liferooms_tui.typed import week_start
from liferooms_tui.vocabulary import BENEFITS

if TYPE_CHECKING:
    from liferooms_tui.partners.status import Capacity, State

__all__ = ["Check", "History", "blocking", "cannot_override", "run_checks", "week_start"]


@dataclass(frozen=True)
class Check:
    key: str  # catchment, benefits, age, prior_use, capacity, duplicate
    label: str
    passed: bool
    message: str
    overridable: bool = True
    warning: bool = False  # passed, with something to know first (a waiting list, an assessment first)


@dataclass(frozen=True)
class History:
    """What we know of this person and partner, and of the partner's load, when the checks run."""

    uses: list[datetime]  # when the person was referred to (or attended) this partner before
    open_referrals_this_week: int  # all people, every laptop as last pulled
    has_open_referral: bool  # this person already has an open referral to this partner
    state: State | None = None  # paused or closed (partners/status.py); None: running
    said: Capacity | None = None  # what the partner last said about taking referrals
    today: date | None = field(default=None)


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier, clamped to the month's end (31 May - 3 months = 28/29 Feb)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    for last_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise ValueError(day)


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def places_left(capacity_per_week: int | None, open_referrals: int) -> int | None:
    """Places left this week; None when the partner sets no weekly limit."""
    if capacity_per_week is None:
        return None
    return max(capacity_per_week - open_referrals, 0)


def is_full(capacity_per_week: int | None, open_referrals: int) -> bool:
    """Whether a partner has no place left this week (one with no weekly limit never is)."""
    return places_left(capacity_per_week, open_referrals) == 0


def check_catchment(partner: Partner, person: Person) -> Check:
    if not partner.catchment:
        return Check("catchment", "Catchment", True, "Takes people from anywhere.")
    areas = ", ".join(partner.catchment)
    if not person.postcode_district:
        return Check("catchment", "Catchment", False, f"No postcode district recorded; this partner takes {areas}.")
    if person.postcode_district in partner.catchment:
        return Check("catchment", "Catchment", True, f"{person.postcode_district} is in the catchment ({areas}).")
    return Check(
        "catchment", "Catchment", False, f"{person.postcode_district} is outside the catchment ({areas})."
    )


def check_benefits(partner: Partner, person: Person) -> Check:
    if not partner.benefits_required:
        return Check("benefits", "Benefits", True, "No benefits required.")
    required = " or ".join(BENEFITS.get(b, b) for b in partner.benefits_required)
    held = set(person.benefits) & set(partner.benefits_required)
    if held:
        return Check("benefits", "Benefits", True, f"Gets {BENEFITS.get(sorted(held)[0])}, as required.")
    return Check("benefits", "Benefits", False, f"Needs {required}; none recorded for this person.")


def check_age(partner: Partner, person: Person, today: date) -> Check:
    if partner.min_age is None and partner.max_age is None:
        return Check("age", "Age", True, "No age limit.")
    low = partner.min_age if partner.min_age is not None else 0
    span = f"{low}+" if partner.max_age is None else f"{low} to {partner.max_age}"
    if person.date_of_birth is None:
        return Check("age", "Age", False, f"No date of birth recorded; this partner takes ages {span}.")
    age = age_on(person.date_of_birth, today)
    within = age >= low and (partner.max_age is None or age <= partner.max_age)
    word = "within" if within else "outside"
    return Check("age", "Age", within, f"Aged {age}, {word} the partner's ages {span}.")


def check_prior_use(partner: Partner, history: History, today: date) -> Check:
    months = partner.prior_use_months
    if not months:
        return Check("prior_use", "Prior use", True, "No prior-use rule.")
    since = months_before(today, months)
    recent = sorted((u for u in history.uses if u.date() >= since), reverse=True)
    if recent:
        return Check(
            "prior_use",
            "Prior use",
            False,
            f"Used this partner on {recent[0]:%d %b %Y}; it allows one use in {months} months "
            f"(not since {since:%d %b %Y}).",
        )
    return Check("prior_use", "Prior use", True, f"Not used in the last {months} months.")


def check_capacity(partner: Partner, history: History) -> Check:
    """Places this week (what the partner said this week, else its usual places a week), and what it said about
    taking referrals: "no" fails (a reason lifts it), a waiting list or an assessment first passes with a warning."""
    said, today = history.said, history.today or date.today()
    told = said.places_for(today) if said else None
    places = told if told is not None else partner.capacity_per_week
    taken = history.open_referrals_this_week
    if said is not None and said.status == "no":
        return Check("capacity", "Capacity", False, f"The partner said on {said.said_on:%d %b %Y} it is not taking "
                     "referrals: choose another, or give a reason to refer anyway.")
    if places is not None and is_full(places, taken):
        whose = " (as the partner said this week)" if told is not None else ""
        return Check("capacity", "Capacity", False,
                     f"Full this week: {taken} open referrals for {places} places{whose}.")
    left = "No weekly limit." if places is None else f"{places - taken} of {places} places left this week."
    if said is not None and said.status in ("waiting_list", "assessment_first"):
        return Check("capacity", "Capacity", True, f"{said.words(today)[0].upper()}{said.words(today)[1:]}. {left}",
                     warning=True)
    return Check("capacity", "Capacity", True, left)


def check_duplicate(history: History) -> Check:
    if history.has_open_referral:
        return Check(
            "duplicate",
            "Duplicate",
            False,
            "This person already has an open referral to this partner; update that one instead.",
            overridable=False,
        )
    return Check("duplicate", "Duplicate", True, "No open referral to this partner.")


def check_active(partner: Partner, state: State | None = None) -> Check:
    """A partner closed or no longer running takes no referral; nor does one paused (its open referrals go on)."""
    if not partner.active or (state is not None and state.closed_on is not None):
        return Check("active", "Running", False, "This partner no longer runs this service: choose another.",
                     overridable=False)
    if state is not None and state.pause is not None:
        return Check("active", "Running", False, f"This partner is {state.pause.words()}. It takes no new "
                     "referrals until then: choose another.", overridable=False)
    return Check("active", "Running", True, "The partner is running.")


def run_checks(partner: Partner, person: Person, history: History, today: date) -> list[Check]:
    return [
        check_active(partner, history.state),
        check_catchment(partner, person),
        check_benefits(partner, person),
        check_age(partner, person, today),
        check_prior_use(partner, history, today),
        check_capacity(partner, history),
        check_duplicate(history),
    ]


def cannot_override(checks: list[Check]) -> list[Check]:
    """Failed checks no reason can lift (a duplicate, a partner that no longer runs): the referral is blocked."""
    return [c for c in checks if not c.passed and not c.overridable]


def blocking(checks: list[Check], overrides: dict[str, str]) -> list[Check]:
    """Failed checks that still stop the referral: those no reason can lift, and those without a reason given."""
    return [c for c in checks if not c.passed and (not c.overridable or not (overrides.get(c.key) or "").strip())]
