"""One reading of typed days and whole numbers (typed.py), used by dates of birth, feedback, reports and scores."""

from __future__ import annotations

from datetime import date

import pytest

from liferooms_tui.dropin import conversations, people
from liferooms_tui.privacy import check_years
from liferooms_tui.referrals import feedback
from liferooms_tui.reports.period import make_period
from liferooms_tui.typed import looks_like_day, parse_day, parse_whole_number
from liferooms_tui.vocabulary import InvalidValue

TODAY = date(2026, 4, 30)


@pytest.mark.parametrize(("text", "day"), [
    ("07/03/1984", date(1984, 3, 7)), ("7/3/1984", date(1984, 3, 7)), ("1984-03-07", date(1984, 3, 7)),
    (" 29/02/2024 ", date(2024, 2, 29)), ("", None), ("   ", None), (None, None),
])
def test_days_in_either_way(text, day):
    assert parse_day(text, "date of birth") == day


@pytest.mark.parametrize(("text", "says"), [
    ("31/02/1990", "'31/02/1990' is not a date of birth: February has no 31st; type it as DD/MM/YYYY"),
    ("29/02/2023", "February 2023 has no 29th"),
    ("31/04/2001", "April has no 31st"),
    ("22/09/2001", None),
    ("01/13/2001", "there is no month 13"),
    ("2001-00-10", "there is no month 0"),
    ("00/01/2001", "there is no day 0"),
    ("0000-01-01", "there is no year 0"),
    ("03/07/84", "'03/07/84' is not a date of birth: type it as DD/MM/YYYY (or YYYY-MM-DD), such as 07/03/1984."),
    ("1/1/99999999999999999999", "is not a date of birth: type it as"),
    ("next tuesday", "'next tuesday' is not a date of birth"),
    ("\x1b[31m01/01/2001", "'\\x1b[31m01/01/2001' is not"),
])
def test_what_is_wrong_with_a_day_in_one_sentence(text, says):
    if says is None:
        assert parse_day(text, "date of birth") == date(2001, 9, 22)
        return
    with pytest.raises(InvalidValue) as caught:
        parse_day(text, "date of birth")
    message = str(caught.value)
    assert says in message and message.count(".") <= 2 and "\n" not in message and "\x1b" not in message


def test_limits_on_a_day():
    assert parse_day("30/04/2026", "follow-up date", not_after=TODAY, today=TODAY) == TODAY
    with pytest.raises(InvalidValue, match=r"^01/05/2026 is in the future, so it cannot be the follow-up date"):
        parse_day("1/5/2026", "follow-up date", not_after=TODAY, today=TODAY)
    with pytest.raises(InvalidValue, match="is after 30/04/2026, so it cannot be the day"):
        parse_day("2026-05-01", "day", not_after=TODAY)
    with pytest.raises(InvalidValue, match="before 01/01/1900, so it cannot be the date of birth: check the year"):
        parse_day("31/12/1899", "date of birth", not_before=date(1900, 1, 1))
    with pytest.raises(InvalidValue, match="in the future"):  # a date given as is is checked too
        parse_day(date(2026, 5, 1), "follow-up date", not_after=TODAY, today=TODAY)
    assert parse_day("", "follow-up date", empty=TODAY) == TODAY


def test_every_caller_reads_days_the_same_way():
    for parse in (people.parse_date_of_birth, lambda t: feedback.parse_day(t, "date of birth")):
        assert parse("07/03/1984") == parse("1984-03-07") == date(1984, 3, 7)
        with pytest.raises(InvalidValue, match="February has no 31st"):
            parse("31/02/1990")
    with pytest.raises(InvalidValue, match="in the future, so it cannot be the date of birth"):
        people.parse_date_of_birth("01/01/2999")
    with pytest.raises(InvalidValue, match="February has no 30th"):
        make_period(None, start="30/02/2026", today=TODAY)
    assert make_period(None, start="01/03/2026", end="2026-03-31", today=TODAY).start == date(2026, 3, 1)


def test_looks_like_day():
    assert looks_like_day("07/03/1984") and looks_like_day("31/02/1990") and looks_like_day("1984-03-07")
    assert not looks_like_day("L20") and not looks_like_day("1984") and not looks_like_day("07/03/84")


@pytest.mark.parametrize(("value", "number"), [("7", 7), (" 10 ", 10), (0, 0), ("", None), (None, None)])
def test_whole_numbers(value, number):
    assert parse_whole_number(value, "score", 0, 10) == number


@pytest.mark.parametrize(("value", "says"), [
    ("11", "11 is out of range: a score is a whole number from 0 to 10."),
    (-1, "-1 is out of range"),
    ("7.5", "'7.5' is not a score: type a whole number from 0 to 10, or leave it empty."),
    (7.0, "'7.0' is not a score"),
    (True, "'True' is not a score"),
    ("seven", "'seven' is not a score"),
    ("9" * 40, "is out of range"),
])
def test_whole_numbers_refused_in_one_sentence(value, says):
    with pytest.raises(InvalidValue) as caught:
        parse_whole_number(value, "score", 0, 10)
    assert says in str(caught.value) and len(str(caught.value)) < 120


def test_scores_ratings_and_years_are_one_rule():
    assert conversations.check_score("ons_happy", "10") == 10 and feedback.parse_score("5") == 5
    for check, bad in ((lambda v: conversations.check_score("ons_happy", v), "11"), (feedback.parse_score, "6")):
        with pytest.raises(InvalidValue, match="is out of range: a score is a whole number from"):
            check(bad)
    with pytest.raises(InvalidValue, match=r"from 1 \(not at all\) to 5 \(a lot\)"):
        feedback.parse_score("0")
    with pytest.raises(InvalidValue, match="type a whole number from 1 to 100.$"):  # required: no 'leave it empty'
        check_years("")
    assert check_years(" 3 ") == 3
