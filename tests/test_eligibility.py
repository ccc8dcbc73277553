"""Every eligibility rule, with its edges, on plain values."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from liferooms_tui.db.models import Partner, Person
from liferooms_tui.referrals.eligibility import (
    History,
    age_on,
    check_age,
    check_benefits,
    check_capacity,
    check_catchment,
    check_duplicate,
    check_prior_use,
    months_before,
    run_checks,
    week_start,
)

TODAY = date(2026, 11, 22)
NO_HISTORY = History(uses=[], open_referrals_this_week=0, has_open_referral=False)


def partner(**kw) -> Partner:
    return Partner(name="Test Partner", **kw)


def person(**kw) -> Person:
    return Person(display_name="T. P.", **kw)


def test_catchment():
    p = partner(catchment=["L20", "L21"])
    assert check_catchment(p, person(postcode_district="L20")).passed
    outside = check_catchment(p, person(postcode_district="L8"))
    assert not outside.passed and "L8 is outside" in outside.message
    missing = check_catchment(p, person(postcode_district=None))
    assert not missing.passed and "No postcode district" in missing.message
    assert check_catchment(partner(catchment=[]), person(postcode_district=None)).passed


def test_benefits_any_of():
    p = partner(benefits_required=["universal_credit", "jsa"])
    assert check_benefits(p, person(benefits=["jsa"])).passed
    refused = check_benefits(p, person(benefits=["pip"]))
    assert not refused.passed and "Universal Credit or Jobseeker" in refused.message
    assert not check_benefits(p, person(benefits=[])).passed
    assert check_benefits(partner(), person(benefits=[])).passed


@pytest.mark.parametrize(
    ("born", "ok"),
    [
        (date(1999, 11, 23), True),  # 26 until tomorrow: still the upper age
        (date(1999, 11, 22), False),  # 27 today: too old
        (date(2010, 11, 22), True),  # 16 today: exactly the lower age
        (date(2010, 11, 23), False),  # 16 tomorrow
    ],
)
def test_age_range_edges(born, ok):
    assert check_age(partner(min_age=16, max_age=26), person(date_of_birth=born), TODAY).passed is ok


def test_age_without_date_of_birth_fails_for_an_age_limited_partner():
    result = check_age(partner(min_age=50), person(date_of_birth=None), TODAY)
    assert not result.passed and "No date of birth" in result.message and "50+" in result.message
    assert check_age(partner(), person(date_of_birth=None), TODAY).passed


def test_age_on_birthday_and_leap_day():
    assert age_on(date(2000, 2, 29), date(2026, 2, 28)) == 25
    assert age_on(date(2000, 2, 29), date(2026, 3, 1)) == 26


def test_months_before_clamps_to_month_end():
    assert months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert months_before(date(2026, 11, 22), 36) == date(2023, 11, 22)
    assert months_before(date(2026, 1, 15), 1) == date(2025, 12, 15)


def test_prior_use_window_boundaries():
    p = partner(prior_use_months=36)
    start = datetime(2023, 11, 22, 9, 0)  # exactly 36 months ago: inside the window
    day_before = datetime(2023, 11, 21, 17, 0)  # one day earlier: outside
    blocked = check_prior_use(p, History([start], 0, False), TODAY)
    assert not blocked.passed and "22 Nov 2023" in blocked.message
    assert check_prior_use(p, History([day_before], 0, False), TODAY).passed
    assert check_prior_use(p, NO_HISTORY, TODAY).passed
    assert check_prior_use(partner(), History([datetime(2026, 11, 1)], 0, False), TODAY).passed


def test_capacity_exactly_full_blocks_and_one_below_passes():
    p = partner(capacity_per_week=3)
    full = check_capacity(p, History([], 3, False))
    assert not full.passed and "3 open referrals for 3 places" in full.message
    assert check_capacity(p, History([], 2, False)).passed
    assert check_capacity(partner(capacity_per_week=None), History([], 99, False)).passed


def test_duplicate_cannot_be_overridden():
    dup = check_duplicate(History([], 0, True))
    assert not dup.passed and dup.overridable is False
    assert check_duplicate(NO_HISTORY).passed


def test_week_starts_on_monday():
    assert week_start(date(2026, 11, 22)) == date(2026, 11, 16)  # a Sunday
    assert week_start(date(2026, 11, 16)) == date(2026, 11, 16)


def test_run_checks_names_every_rule():
    keys = [c.key for c in run_checks(partner(), person(), NO_HISTORY, TODAY)]
    assert keys == ["active", "catchment", "benefits", "age", "prior_use", "capacity", "duplicate"]
