"""Who wins when a row arrives at the shared file and a copy is already there. Pure: no database here.

- A new row is inserted; the same version again (a re-send after a crash) changes nothing.
- A row keeps the site and laptop it was made at (`origin_site` never changes).
- A referral's content belongs to the laptop that made it: another laptop's edit of it loses, whatever its
  version. (Status is not content: it is a list of appended events, so two sites' events both survive.)
- An erased person stays erased: an edit made elsewhere cannot bring the personal data back, and an erasure
  wins even over a newer edit (it then gets a new version, so every laptop takes it).
- Otherwise the newer version wins (versions compare as strings; the laptop id breaks ties).
Whenever two laptops changed a row without seeing each other's change (the incoming row was not based on the
version in the shared file), the values that lost are kept as conflicts; an erased person's values are not.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

NOT_COMPARED = {"id", "version", "origin_site", "updated_at"}
ERASED = "(not kept: the person was erased)"


@dataclass(frozen=True)
class Conflict:
    field: str
    kept_value: str
    kept_version: str
    lost_value: str
    lost_version: str


@dataclass
class Resolution:
    action: str  # "insert", "update" or "keep"
    row: dict  # the row the shared file keeps
    conflicts: list[Conflict] = field(default_factory=list)
    restore: bool = False  # the sending laptop's own copy lost: it must take `row` back


def laptop_of_version(version: str) -> str:
    return version.split(".", 2)[2] if version.count(".") >= 2 else ""


def owner_of(origin_site: str) -> str:
    """The laptop part of "<site-slug>:<laptop id>"."""
    return origin_site.split(":", 1)[1] if ":" in origin_site else origin_site


def as_text(value) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


def differences(kept: dict, lost: dict, *, hide_lost: bool = False) -> list[Conflict]:
    return [
        Conflict(name, as_text(kept[name]), kept["version"], ERASED if hide_lost else as_text(lost.get(name)),
                 lost["version"])
        for name in kept
        if name not in NOT_COMPARED and kept[name] != lost.get(name)
    ]


def resolve(table: str, existing: dict | None, incoming: dict, base: str | None,
            mint: Callable[[str], str]) -> Resolution:
    """`base` is the version the sending laptop had before its change ("" for a new row, None if unknown);
    `mint(after)` makes a version newer than `after`, stamped by the sending laptop."""
    if existing is None:
        return Resolution("insert", incoming)
    old, new = existing["version"], incoming["version"]
    if old == new:
        return Resolution("keep", existing)
    incoming = {**incoming, "origin_site": existing["origin_site"]}
    concurrent = base is not None and base != old
    if table == "referral" and laptop_of_version(new) != owner_of(existing["origin_site"]):
        return Resolution("keep", existing, differences(existing, incoming), restore=True)
    if table == "person":
        was, now = bool(existing.get("erased_at")), bool(incoming.get("erased_at"))
        if was and not now:
            return Resolution("keep", existing, differences(existing, incoming, hide_lost=True), restore=True)
        if now and not was:
            lost = differences(incoming, existing, hide_lost=True) if (concurrent or new < old) else []
            if new > old:
                return Resolution("update", incoming, lost)
            erased = {**incoming, "version": mint(old)}
            return Resolution("update", erased, [_restamp(c, erased["version"]) for c in lost], restore=True)
    if new > old:
        return Resolution("update", incoming, differences(incoming, existing) if concurrent else [])
    return Resolution("keep", existing, differences(existing, incoming), restore=True)


def _restamp(conflict: Conflict, version: str) -> Conflict:
    return Conflict(conflict.field, conflict.kept_value, version, conflict.lost_value, conflict.lost_version)
