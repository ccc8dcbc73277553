"""Who wins when a row arrives at the shared file and a copy is already there. Pure: no database here.

- A new row is inserted; the same version again (a re-send after a crash) changes nothing.
- A row keeps the site and laptop it was made at (`origin_site` never changes).
- A referral's content belongs to the laptop that made it: another laptop's edit of it loses, whatever its
  version. (Status is not content: it is a list of appended events, so two sites' events both survive.)
- An erased person stays erased: an edit made elsewhere cannot bring the personal data back, and an erasure
  wins even over a newer edit (it then gets a new version, so every laptop takes it).
- A merged-away person stays merged (a tombstone pointing at the record kept): an edit made elsewhere meanwhile
  loses (its values are kept as conflicts, to copy to the record kept), and a merge wins even over a newer edit.
- An edit that says which fields it changed ("_was": their values before it) and was made without seeing the
  shared copy is merged field by field: a field only it changed takes its value, a field only the other side
  changed keeps theirs, and a field both changed goes to the newer change. The result gets a new version, so
  every laptop (the sender too) takes it.
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
            mint: Callable[[str], str], was: dict | None = None) -> Resolution:
    """`base` is the version the sending laptop had before its change ("" for a new row, None if unknown);
    `mint(after)` makes a version newer than `after`, stamped by the sending laptop; `was` is the changed
    fields' values before the change, when the laptop said (JSON values, as the shared file keeps them)."""
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
        erased_before, erased_now = bool(existing.get("erased_at")), bool(incoming.get("erased_at"))
        if erased_before and not erased_now:
            return Resolution("keep", existing, differences(existing, incoming, hide_lost=True), restore=True)
        if erased_now and not erased_before:
            lost = differences(incoming, existing, hide_lost=True) if (concurrent or new < old) else []
            if new > old:
                return Resolution("update", incoming, lost)
            erased = {**incoming, "version": mint(old)}
            return Resolution("update", erased, [_restamp(c, erased["version"]) for c in lost], restore=True)
        merged = _merged_person(existing, incoming, concurrent, was, mint)
        if merged is not None:
            return merged
    if concurrent and was is not None:
        return _field_by_field(existing, incoming, was, mint)
    if new > old:
        return Resolution("update", incoming, differences(incoming, existing) if concurrent else [])
    return Resolution("keep", existing, differences(existing, incoming), restore=True)


def _restamp(conflict: Conflict, version: str) -> Conflict:
    return Conflict(conflict.field, conflict.kept_value, version, conflict.lost_value, conflict.lost_version)


def _changed_elsewhere(existing: dict, was: dict) -> list[str]:
    """Fields the shared copy holds differently from what the sender had before its change."""
    return [name for name, before in was.items() if name not in NOT_COMPARED and existing.get(name) != before]


def _merged_person(existing: dict, incoming: dict, concurrent: bool, was: dict | None,
                   mint: Callable[[str], str]) -> Resolution | None:
    """The merge rules for a person (None when neither copy is a merged-away record, or both are)."""
    old, new = existing["version"], incoming["version"]
    was_merged, now_merged = bool(existing.get("merged_into")), bool(incoming.get("merged_into"))
    if was_merged and not now_merged:  # an edit of a record merged away meanwhile: its values wait for review
        edited = differences(existing, incoming)
        return Resolution("keep", existing, [c for c in edited if was is None or c.field in was], restore=True)
    if not now_merged or was_merged:
        return None
    lost: list[Conflict] = []
    if concurrent or new < old:  # values changed elsewhere that the merge did not see
        names = _changed_elsewhere(existing, was) if was is not None else None
        lost = [c for c in differences(incoming, existing) if names is None or c.field in names]
    if new > old:
        return Resolution("update", incoming, lost)
    tombstone = {**incoming, "version": mint(old)}
    return Resolution("update", tombstone, [_restamp(c, tombstone["version"]) for c in lost], restore=True)


def _field_by_field(existing: dict, incoming: dict, was: dict, mint: Callable[[str], str]) -> Resolution:
    """Concurrent edits merged field by field; a field changed on both sides goes to the newer change."""
    old, new = existing["version"], incoming["version"]
    row = dict(existing)
    lost: list[Conflict] = []
    for name, before in was.items():
        if name in NOT_COMPARED or name not in existing or incoming.get(name) == existing[name]:
            continue
        if existing[name] == before:  # only the sender changed it
            row[name] = incoming[name]
        elif new > old:
            row[name] = incoming[name]
            lost.append(Conflict(name, as_text(incoming[name]), new, as_text(existing[name]), old))
        else:
            lost.append(Conflict(name, as_text(existing[name]), old, as_text(incoming[name]), new))
    if row == existing:
        return Resolution("keep", existing, lost, restore=True)  # every field the sender changed lost
    if {k: v for k, v in row.items() if k != "version"} == {k: v for k, v in incoming.items() if k != "version"}:
        return Resolution("update", incoming, lost)  # the sender's copy is the result: it keeps its version
    row["version"] = mint(max(old, new))
    return Resolution("update", row, [_restamp(c, row["version"]) for c in lost], restore=True)
