"""What people type, read one way everywhere: days, and whole numbers on a scale (scores, ratings, years).

A day is typed as DD/MM/YYYY (the way people here write dates; 7/3/1984 is fine too) or YYYY-MM-DD (the
command line's way). Whatever is wrong is said in one sentence that ends with what to type, including a day
that does not exist ('February has no 31st') and one past a limit (a date of birth cannot be in the future).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from liferooms_tui.safetext import literal
from liferooms_tui.vocabulary import InvalidValue

_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
HOW = "type it as DD/MM/YYYY (or YYYY-MM-DD)"


def looks_like_day(word: str) -> bool:
    """Whether a word is written the way a day is (it may still be no real day: parse_day says why)."""
    word = word.strip()
    return bool(_DAY_FIRST.match(word) or _YEAR_FIRST.match(word))


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _shown(text: str) -> str:
    text = literal(text)
    return text if len(text) <= 24 else text[:23] + "…"


def _why_no_such_day(year: int, month: int, day: int) -> str:
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if day < 1:
        return f"there is no day {day}"
    return f"{_MONTHS[month - 1]} {year} has no {_ordinal(day)}" if month == 2 and day == 29 else \
        f"{_MONTHS[month - 1]} has no {_ordinal(day)}"


def parse_day(text: date | str | None, what: str, *, not_after: date | None = None,
              not_before: date | None = None, empty: date | None = None, today: date | None = None) -> date | None:
    """The day typed for `what` (a noun such as 'date of birth', used in the error sentence).

    Empty text gives `empty` (None unless a default day is wanted). A day after `not_after` or before
    `not_before` is refused (`not_after` equal to `today` is worded 'in the future'); a `date` given as is is
    only checked against them. Raises InvalidValue with one
    sentence saying what is wrong and what to type."""
    if isinstance(text, date):
        day = text
    elif text is None or not str(text).strip():
        return empty
    else:
        raw = str(text).strip()
        found = _DAY_FIRST.match(raw)
        if found:
            d, m, y = (int(part) for part in found.groups())
        elif found := _YEAR_FIRST.match(raw):
            y, m, d = (int(part) for part in found.groups())
        else:
            raise InvalidValue(f"'{_shown(raw)}' is not a {what}: {HOW}, such as 07/03/1984.")
        try:
            day = date(y, m, d)
        except ValueError:
            reason = _why_no_such_day(y, m, d) if y >= 1 else "there is no year 0"
            raise InvalidValue(f"'{raw}' is not a {what}: {reason}; {HOW}.") from None
    if not_after is not None and day > not_after:
        limit = "in the future" if not_after == (today or date.today()) else f"after {not_after:%d/%m/%Y}"
        raise InvalidValue(f"{day:%d/%m/%Y} is {limit}, so it cannot be the {what}: check the year.")
    if not_before is not None and day < not_before:
        raise InvalidValue(f"{day:%d/%m/%Y} is before {not_before:%d/%m/%Y}, so it cannot be the {what}: "
                           "check the year.")
    return day


def parse_whole_number(value: int | str | None, what: str, low: int, high: int, *, scale: str = "",
                       required: bool = False) -> int | None:
    """A whole number from `low` to `high` typed for `what` (a noun such as 'score'); empty gives None unless
    `required`. `scale` words the range in the error sentence ('1 (not at all) to 5 (a lot)')."""
    scale = scale or f"{low} to {high}"
    empty = value is None or (isinstance(value, str) and not value.strip())
    if empty and not required:
        return None
    try:
        if isinstance(value, bool):
            raise ValueError(value)
        number = value if isinstance(value, int) else int(str(value).strip())
    except ValueError:
        leave = "" if required else ", or leave it empty"
        raise InvalidValue(f"'{_shown(str(value if value is not None else ''))}' is not a {what}: type a whole "
                           f"number from {scale}{leave}.") from None
    if not low <= number <= high:
        raise InvalidValue(f"{_shown(str(number))} is out of range: a {what} is a whole number from {scale}.")
    return number


def week_start(day: date) -> date:
    """Monday of the week containing `day`: capacity is counted per calendar week."""
    return day - timedelta(days=day.weekday())
