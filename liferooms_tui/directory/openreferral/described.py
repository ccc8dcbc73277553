"""What a service's own description says when its fields do not: ages ("over the age of 50", "16 to 25 year
olds"), phone numbers and postcodes. A partner keeps which fields were read this way (Partner.from_description),
and the card says so ("read from the description"): a person should check them before relying on them.
"""

from __future__ import annotations

import re

from liferooms_tui.vocabulary import InvalidValue, normalise_district

MARK = "read from the description"
OLDEST = 120

_N = r"(\d{1,3})"
_OLD = r"(?:\s*-?\s*years?\s*-?\s*olds?|\s*-?\s*year\s*-?\s*olds?|\s*years?\s+of\s+age|\s*yrs\s+old)\b"
_RANGE = re.compile(r"\b(?:aged?|ages|between(?: the ages of)?)\s+" + _N + r"\s*(?:-|–|to|and)\s*" + _N + r"\b"
                    r"|\b" + _N + r"\s*(?:-|–|to)\s*" + _N + _OLD)
_OVER = re.compile(r"\b(?:over|above|older than)\s+(?:the\s+age\s+of\s+" + _N + r"\b|" + _N + r"(?:'?s\b|"
                   + _OLD + r"))"
                   r"|\b(?:aged|ages|age|adults|people|for|anyone)\s+" + _N + r"\s*(?:\+|plus\b|and over\b|"
                   r"or over\b|and above\b|or older\b|and older\b|years and over\b|years and above\b)")
_UNDER = re.compile(r"\b(?:under|below|younger than)\s+(?:the\s+age\s+of\s+" + _N + r"\b|" + _N + r"(?:'?s\b|"
                    + _OLD + r"))|\b(?:aged|ages|age)\s+(?:up to|upto)\s+" + _N + r"\b")
_PHONE = re.compile(r"(?<![\d+])(?:\+44\s?\(?0?\)?\s?|0)\d(?:[ -]?\d){8,9}(?![\d])")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][0-9A-Z]?)\s?([0-9][A-Z]{2})\b")


def _number(text: str | None) -> int | None:
    return int(text) if text and int(text) <= OLDEST else None


def ages_in(text: str) -> tuple[int | None, int | None]:
    """(youngest, oldest) the text names, either None when it names none; a range first, then "over", "under"."""
    lowered = text.lower()
    for match in _RANGE.finditer(lowered):
        numbers = [_number(g) for g in match.groups() if g]
        if len(numbers) == 2 and None not in numbers and numbers[0] < numbers[1]:  # type: ignore[operator]
            return numbers[0], numbers[1]
    low = high = None
    over = _OVER.search(lowered)
    if over:
        low = _number(next(g for g in over.groups() if g))
    under = _UNDER.search(lowered)
    if under:
        value = _number(next(g for g in under.groups() if g))
        high = value - 1 if value else None
    if low is not None and high is not None and low > high:
        return None, None
    return low, high


def phone_in(text: str) -> str:
    """The first UK phone number written in the text, as written (spaces kept), or ""."""
    for match in _PHONE.finditer(text):
        number = match.group(0).strip()
        digits = re.sub(r"\D", "", number)
        national = "0" + digits[2:].lstrip("0") if digits.startswith("44") else digits
        if len(national) in (10, 11) and national[1] in "12378":
            return number
    return ""


def districts_in(text: str) -> list[str]:
    """Postcode districts of the full postcodes written in the text, in order, once each."""
    found: list[str] = []
    for match in _POSTCODE.finditer(text.upper()):
        try:
            district = normalise_district(match.group(1))
        except InvalidValue:
            continue
        if district and district not in found:
            found.append(district)
    return found
