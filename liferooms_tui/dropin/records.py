"""Correcting who is who: find a record by its id (or the start of it), show it, merge two records of one person.

A merge keeps one record and, field by field, the values chosen from either; the other record becomes a
tombstone (`merged_into` the one kept, its personal data blanked) that syncs. Every row about the person
(drop-ins, plans, referrals with their statuses and feedback, audit entries) follows the tombstone to the
record kept, here and on every laptop that learns of it (db/merges.py), so each ends with one person.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db import merges
from liferooms_tui.db.models import Conversation, Person, Prescription, Referral
from liferooms_tui.db.outbox import save
from liferooms_tui.dropin.people import get_person, live_person, update_person
from liferooms_tui.privacy import audit
from liferooms_tui.safetext import literal
from liferooms_tui.vocabulary import BENEFITS, InvalidValue

MERGED_NAME = "Merged into another record"
# The fields a merge chooses between, in the words the command line and the form use.
FIELDS = {"name": "display_name", "postcode": "postcode_district", "born": "date_of_birth", "benefits": "benefits",
          "consent-store": "consent_store", "consent-share": "consent_share"}
BLANKED: dict[str, Any] = {"display_name": MERGED_NAME, "postcode_district": None, "date_of_birth": None,
                           "benefits": []}
HINT = "find their id with 'liferooms privacy find NAME'"


def person_id_from(session: Session, actor: Actor, typed: str) -> str:
    """The person a typed id or start of an id means; InvalidValue when none or several match."""
    require_advisor(actor)
    text = audit.clean_id(typed)
    if session.get(Person, text) is not None:
        found = [text]
    else:
        found = list(session.exec(select(Person.id).where(func.substr(Person.id, 1, len(text)) == text).limit(3)))
    if not found:
        raise InvalidValue(f"No person with an id starting '{literal(text)[:40]}' on this laptop: {HINT}.")
    if len(found) > 1:
        raise InvalidValue(f"'{literal(text)[:40]}' is the start of more than one person's id: type more of it.")
    person = session.get_one(Person, found[0])
    if person.erased_at is not None:
        raise InvalidValue(f"The personal data of {person.id} was erased on {person.erased_at:%d %b %Y}.")
    if person.merged_into is not None:
        raise InvalidValue(f"The record {person.id} was merged into {merges.final_person(_execute(session), person.id)}"
                           ": use that one.")
    return person.id


def _execute(session: Session):
    return session.connection().exec_driver_sql


def _counts(session: Session, person_id: str) -> dict[str, int]:
    def count(model) -> int:
        return session.exec(select(func.count()).select_from(model).where(model.person_id == person_id)).one()

    return {"drop-ins": count(Conversation), "plans": count(Prescription), "referrals": count(Referral)}


def person_details(session: Session, actor: Actor, person_id: str) -> dict[str, Any]:
    """A person's record as plain values (the view is audited), with how many drop-ins, plans and referrals."""
    person = get_person(session, actor, person_id)
    return {
        "id": person.id,
        "name": person.display_name,
        "postcode": person.postcode_district,
        "born": person.date_of_birth.isoformat() if person.date_of_birth else None,
        "benefits": list(person.benefits),
        "benefit_names": [BENEFITS[b] for b in person.benefits if b in BENEFITS],
        "consent_store": person.consent_store,
        "consent_share": person.consent_share,
        "consent_recorded_at": person.consent_recorded_at.isoformat() if person.consent_recorded_at else None,
        "first_seen": person.created_at.isoformat(),
        "last_seen": person.last_seen_at.isoformat(),
        "origin": person.origin_site,
        **_counts(session, person.id),
    }


def edit_person(session: Session, actor: Actor, person_id: str, **changes) -> dict[str, Any]:
    """Correct a person's details (people.update_person) and return the record after it, with the fields changed."""
    require_advisor(actor)
    person = live_person(session, person_id)
    before = {name: getattr(person, name) for name in changes if name in Person.model_fields}
    update_person(session, actor, person_id, **changes)
    changed = sorted(name for name, value in before.items() if getattr(person, name) != value)
    return {**person_details(session, actor, person_id), "changed": changed}


def parse_take(items: list[str] | None) -> list[str]:
    """'--take name=other' items -> the fields whose value comes from the other record."""
    taken = []
    for item in items or []:
        word, _, side = item.partition("=")
        word, side = word.strip().lower(), side.strip().lower() or "other"
        if word not in FIELDS:
            raise InvalidValue(f"'{literal(word)[:30]}' is not a field to take: use one of {', '.join(FIELDS)}, "
                               "as in --take postcode=other.")
        if side not in ("other", "keep"):
            raise InvalidValue(f"'{literal(side)[:30]}' is not a record: say {word}=other (or {word}=keep).")
        if side == "other":
            taken.append(FIELDS[word])
    return sorted(set(taken))


def merge_people(session: Session, actor: Actor, keep_id: str, other_id: str, take: list[str] | None = None
                 ) -> dict[str, Any]:
    """Merge `other_id` into `keep_id`: the record kept takes the fields in `take` from the other record
    (field names, as in FIELDS' values); the other becomes a tombstone. Returns what was done, as plain values."""
    require_advisor(actor)
    take = sorted(set(take or []))
    wrong = [name for name in take if name not in FIELDS.values()]
    if wrong:
        raise InvalidValue(f"'{literal(wrong[0])[:30]}' is not a field to take: use one of "
                           f"{', '.join(FIELDS.values())}.")
    if keep_id == other_id:
        raise InvalidValue("Those are the same record: give the ids of two records to merge.")
    keep, other = live_person(session, keep_id), live_person(session, other_id)
    counts = _counts(session, other.id)
    kept_before, other_before = keep.model_dump(mode="json"), other.model_dump(mode="json")
    for name in take:
        setattr(keep, name, getattr(other, name))
    if {"consent_store", "consent_share"} & set(take):
        keep.consent_recorded_at = other.consent_recorded_at
    keep.created_at = min(keep.created_at, other.created_at)
    keep.last_seen_at = max(keep.last_seen_at, other.last_seen_at)
    _save_changed(session, actor, keep, kept_before)
    for name, value in BLANKED.items():
        setattr(other, name, value)
    other.merged_into = keep.id
    _save_changed(session, actor, other, other_before)
    taken = ", ".join(take) or "nothing"
    audit.record(session, actor, "change", "person", keep.id, keep.id,
                 f"merged record {other.id} into this one; took {taken} from it")
    audit.record(session, actor, "change", "person", other.id, other.id, f"merged into record {keep.id}")
    session.flush()
    merges.repoint(_execute(session))
    return {"kept": keep.id, "merged": other.id, "took": take, "moved": counts}


def _save_changed(session: Session, actor: Actor, person: Person, before: dict) -> None:
    after = person.model_dump(mode="json")
    was = {key: before[key] for key in after if after[key] != before[key]}
    if was:
        save(session, actor, person, was=was)
