"""What a partner's fields may hold: one rule per field, for an advisor's edit and for an import alike.

`check_field(name, value)` gives the value as the directory keeps it, or raises InvalidValue with one sentence
that names the field in the users' words and says what to type. Values may come typed (text from a form or the
command line: lists as "L20, L21", numbers as text) or as JSON values (a list, a number). Text is made plain by
the import's own cleaner (openreferral/clean.py): escape sequences and control characters removed, markup kept
literally. `check_fields` checks several at once, with the rules between fields (the minimum age is not above
the maximum), and stops at the first problem, so nothing half-checked is saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from liferooms_tui.directory.openreferral.clean import LONG, MAX_URL, SHORT, clean_text
from liferooms_tui.safetext import literal
from liferooms_tui.typed import parse_day, parse_whole_number
from liferooms_tui.vocabulary import BENEFITS, HUBS, NEEDS, InvalidValue, check_benefit, check_need, normalise_district

_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*"
                    r"[A-Za-z0-9])?)+$")
_HOST = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
                   r"(?::\d{1,5})?$")
_PHONE_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x)\s*\d{1,6}$", re.I)
MAX_ITEMS = 60


@dataclass(frozen=True)
class Rule:
    label: str  # the field in the users' words, as forms and sentences name it
    check: Callable[[str, Any], Any]  # (label, value) -> the value kept, or InvalidValue
    example: str = ""


def _shown(value: Any) -> str:
    text = literal(str(value))
    return text if len(text) <= 30 else text[:29] + "…"


def words(value: Any, label: str, *, limit: int = LONG, required: bool = False, multiline: bool = True) -> str:
    """Typed text made plain (the directory's cleaner); one sentence when it is needed and empty or too long."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidValue(f"{label} is text: type it as words, not {type(value).__name__}.")
    text, notes = clean_text(value, multiline=multiline, limit=limit)
    if any(note.startswith("longer") for note in notes):
        raise InvalidValue(f"{label} is longer than {limit} characters: shorten it.")
    if required and not text:
        raise InvalidValue(f"{label} cannot be empty: type it.")
    return text


def _text(limit: int, *, multiline: bool = False, required: bool = False) -> Callable[[str, Any], str]:
    def check(label: str, value: Any) -> str:
        return words(value, label, limit=limit, required=required, multiline=multiline)
    return check


def _items(value: Any, label: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        parts = re.split(r"[,;\n]", value)
    elif isinstance(value, list | tuple):
        parts = list(value)
    else:
        raise InvalidValue(f"{label} is a list: type the items separated by commas.")
    out = []
    for part in parts:
        if not isinstance(part, str):
            raise InvalidValue(f"{label} is a list of words: type the items separated by commas.")
        text, _ = clean_text(part, multiline=False, limit=SHORT)
        if text:
            out.append(text)
    if len(out) > MAX_ITEMS:
        raise InvalidValue(f"{label} has {len(out)} items: keep it to {MAX_ITEMS} or fewer.")
    return list(dict.fromkeys(out))


def _words(label: str, value: Any) -> list[str]:
    return _items(value, label)


def _keys(check: Callable[[str], str], choices: dict[str, str]) -> Callable[[str, Any], list[str]]:
    def keys(label: str, value: Any) -> list[str]:
        out = []
        for item in _items(value, label):
            key = next((k for k, v in choices.items() if item.casefold() in (k, v.casefold())), item)
            try:
                out.append(check(key))
            except InvalidValue:
                raise InvalidValue(f"{label}: '{_shown(item)}' is not one we know; use "
                                   f"{', '.join(choices)}.") from None
        return list(dict.fromkeys(out))
    return keys


def _districts(label: str, value: Any) -> list[str]:
    out = []
    for item in _items(value, label):
        try:
            district = normalise_district(item)
        except InvalidValue:
            raise InvalidValue(f"{label}: '{_shown(item)}' is not a postcode district; type the first half of "
                               "postcodes, such as L20, L21 (empty: people from anywhere).") from None
        if district:
            out.append(district)
    return list(dict.fromkeys(out))


def _hubs(label: str, value: Any) -> list[str]:
    out = []
    for item in _items(value, label):
        hub = next((h for h in HUBS if h.casefold() == item.casefold() or h.casefold() == f"{item} hub".casefold()),
                   None)
        if hub is None:
            raise InvalidValue(f"{label}: '{_shown(item)}' is not one of our hubs; use {', '.join(HUBS)}.")
        out.append(hub)
    return list(dict.fromkeys(out))


def _number(low: int, high: int, what: str) -> Callable[[str, Any], int | None]:
    def number(label: str, value: Any) -> int | None:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        try:
            return parse_whole_number(value, what, low, high)
        except InvalidValue as exc:
            raise InvalidValue(f"{label}: {exc}") from None
    return number


def check_phone(label: str, value: Any) -> str:
    text = _text(SHORT)(label, value)
    if not text:
        return ""
    digits = _PHONE_EXTENSION.sub("", text)
    bare = re.sub(r"[\s().-]", "", digits)
    if bare.startswith("+"):
        bare = bare[1:]
    if not bare.isdigit() or not 3 <= len(bare) <= 15:
        raise InvalidValue(f"{label}: '{_shown(text)}' is not a phone number; type the digits with the area code, "
                           "such as 0151 496 0000 (an extension may follow: ext 12).")
    return text


def check_email(label: str, value: Any) -> str:
    text = _text(SHORT)(label, value)
    if text and not _EMAIL.match(text):
        raise InvalidValue(f"{label}: '{_shown(text)}' is not an email address; type it as name@example.org.")
    return text


def check_url(label: str, value: Any) -> str:
    text = _text(MAX_URL)(label, value)  # never shortened: a shortened web address is a broken link
    if not text:
        return ""
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "https", text
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if scheme.lower() not in ("http", "https") or not _HOST.match(host) or " " in rest:
        raise InvalidValue(f"{label}: '{_shown(text)}' is not a web address; type it as https://example.org "
                           "(or www.example.org).")
    return f"{scheme.lower()}://{rest}"


def _day(label: str, value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return parse_day(value, "day")
    except InvalidValue as exc:
        raise InvalidValue(f"{label}: {exc}") from None


def _yes_no(label: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in ("yes", "y", "true", "1"):
        return True
    if word in ("no", "n", "false", "0"):
        return False
    raise InvalidValue(f"{label}: '{_shown(value)}' is not yes or no; type yes or no.")


RULES: dict[str, Rule] = {
    "name": Rule("Name", _text(200, required=True)),
    "description": Rule("Description", _text(LONG, multiline=True)),
    "needs": Rule("Needs", _keys(check_need, NEEDS), "housing, debt"),
    "services": Rule("Services", _words, "Debt advice, Benefit checks"),
    "keywords": Rule("Keywords", _words),
    "catchment": Rule("Catchment", _districts, "L20, L21 (empty: anywhere)"),
    "min_age": Rule("Minimum age", _number(0, 130, "minimum age")),
    "max_age": Rule("Maximum age", _number(0, 130, "maximum age")),
    "benefits_required": Rule("Benefits required", _keys(check_benefit, BENEFITS), "uc, pip"),
    "prior_use_months": Rule("Prior use (months)", _number(0, 120, "number of months")),
    "capacity_per_week": Rule("Places a week", _number(0, 10_000, "number of places")),
    "who_for": Rule("Who it is for", _text(LONG, multiline=True)),
    "not_for": Rule("Not for", _text(LONG, multiline=True)),
    "contact_name": Rule("Key contact", _text(SHORT)),
    "contact_role": Rule("Contact's role", _text(SHORT)),
    "contact_phone": Rule("Phone", check_phone, "0151 496 0000"),
    "contact_email": Rule("Email", check_email, "name@example.org"),
    "delivered_at": Rule("Where", _text(SHORT)),
    "hubs": Rule("Hubs it delivers at", _hubs, ", ".join(HUBS[:2])),
    "schedule": Rule("When", _text(SHORT)),
    "website": Rule("Website", check_url, "https://example.org"),
    "last_verified": Rule("Last verified", _day, "DD/MM/YYYY"),
    "active": Rule("Running", _yes_no, "yes or no"),
}
# Verified today renews last_verified; closing and reopening (dated facts) change whether it is running.
EDITABLE = [name for name in RULES if name not in ("last_verified", "active")]


def check_field(name: str, value: Any) -> Any:
    """The value a partner's field keeps, or InvalidValue (one sentence naming the field, saying what to type)."""
    rule = RULES.get(name)
    if rule is None:
        raise InvalidValue(f"'{_shown(name)}' is not a partner field: use one of {', '.join(RULES)}.")
    return rule.check(rule.label, value)


def check_fields(values: dict[str, Any], current: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every field checked, then the rules between fields against the values the partner will have
    (`current`: what it has now); the first problem raises InvalidValue, so nothing is half-checked."""
    clean = {name: check_field(name, value) for name, value in values.items()}
    after = {**(current or {}), **clean}
    low, high = after.get("min_age"), after.get("max_age")
    if low is not None and high is not None and low > high:
        raise InvalidValue(f"Minimum age {low} is above the maximum age {high}: type the lower age first.")
    return clean


def keep_good(values: dict[str, Any], warn: Callable[[str, str], None]) -> dict[str, Any]:
    """For an import: each field checked by the same rules; a value that fails is left empty and `warn`ed
    (field, sentence), so one bad phone number does not cost the whole record."""
    empty: dict[str, Any] = {"min_age": None, "max_age": None, "prior_use_months": None, "capacity_per_week": None,
                             "last_verified": None}
    out = dict(values)
    for name, value in values.items():
        if name not in RULES or name in ("name", "active") or value in (None, "", []):
            continue
        try:
            check_field(name, value)  # the value is kept as the import read it
        except InvalidValue as exc:
            out[name] = empty.get(name, [] if isinstance(value, list) else "")
            warn(name, f"{exc} Left out.")
    return out
