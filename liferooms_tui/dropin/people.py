"""People who come to drop-ins: minimal personal data, found again fast, never duplicated by accident."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz
from sqlmodel import Session, col, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import Person, utcnow
from liferooms_tui.db.outbox import save
from liferooms_tui.dropin.people_index import people_index
from liferooms_tui.privacy import audit
from liferooms_tui.typed import looks_like_day, parse_day
from liferooms_tui.vocabulary import InvalidValue, check_benefit, normalise_district

EARLIEST_BIRTH = date(1900, 1, 1)


@dataclass(frozen=True)
class PersonSearch:
    """What was typed in the Drop-in's search box, taken apart."""

    name: str  # name or initials, as typed (may be empty: recent people)
    postcode_district: str | None = None
    date_of_birth: date | None = None


def split_search(text: str) -> PersonSearch:
    """'jo m L20 07/03/1984' -> name 'jo m', district 'L20', born 7 March 1984, in any order.

    A word shaped like a date is a date of birth; any other word with a digit is a postcode district (initials
    never have one); the rest is the name. A bad date or district raises InvalidValue saying what to type."""
    name, district, born = [], None, None
    for word in (text or "").split():
        if looks_like_day(word):
            born = parse_date_of_birth(word)
        elif any(ch.isdigit() for ch in word):
            district = normalise_district(word)
        else:
            name.append(word)
    return PersonSearch(" ".join(name), district, born)



def parse_date_of_birth(text: str | None, today: date | None = None) -> date | None:
    """'07/03/1984' or '1984-03-07' -> date; '' -> None. Never in the future, nor before 1900."""
    today = today or date.today()
    return parse_day(text, "date of birth", not_after=today, not_before=EARLIEST_BIRTH, today=today)


def clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidValue("Type a name or initials for the person.")
    if len(name) > 80:
        raise InvalidValue("A name or initials is enough: keep it under 80 characters.")
    return name


def check_consent_to_store(consent_store: bool) -> None:
    """No record without the person's consent to store their details (new records and edits alike)."""
    if not consent_store:
        raise InvalidValue("The person has not agreed to us storing their details: note the drop-in without "
                           "a record, or ask for consent (to remove a record kept so far, erase it with "
                           "'liferooms privacy erase ID').")


def parse_benefits(text: str | list[str] | None) -> list[str]:
    """'pip, esa' (or a list of keys) -> ['esa', 'pip']; '' -> []. Raises InvalidValue for a benefit we do not know."""
    words = text if isinstance(text, list) else (text or "").replace(",", " ").split()
    return sorted({check_benefit(word) for word in words if word.strip()})


def add_person(session: Session, actor: Actor, display_name: str, *, postcode_district: str | None = None,
               date_of_birth: date | None = None, benefits: list[str] | None = None,
               consent_store: bool, consent_share: bool) -> Person:
    require_advisor(actor)
    check_consent_to_store(consent_store)
    person = Person(
        display_name=clean_name(display_name),
        postcode_district=normalise_district(postcode_district),
        date_of_birth=date_of_birth,
        benefits=parse_benefits(benefits),
        consent_store=consent_store,
        consent_share=consent_share,
        consent_recorded_at=utcnow(),
    )
    save(session, actor, person)
    audit.record(session, actor, "create", "person", person.id, person.id)
    return person


def parse_consent(value) -> bool:
    """True/False, or 'yes'/'no' as typed."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in ("yes", "y", "true"):
        return True
    if word in ("no", "n", "false"):
        return False
    raise InvalidValue(f"'{word[:20]}' is not an answer to a consent question: say yes or no.")


# What an advisor can correct on a person, and how each typed value is checked (the new-person form's rules).
EDITABLE = {
    "display_name": clean_name,
    "postcode_district": normalise_district,
    "date_of_birth": lambda value: value if isinstance(value, date) or value is None else parse_date_of_birth(value),
    "benefits": parse_benefits,
    "consent_store": parse_consent,
    "consent_share": parse_consent,
}


def checked_changes(changes: dict) -> dict:
    """Typed values checked and cleaned, all of them before anything is saved; InvalidValue says what is wrong."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidValue(f"'{unknown[0]}' is not something to change on a person: change "
                           f"{', '.join(EDITABLE)}.")
    clean = {key: EDITABLE[key](value) for key, value in changes.items()}
    if "consent_store" in clean:
        check_consent_to_store(bool(clean["consent_store"]))
    return clean


def update_person(session: Session, actor: Actor, person_id: str, **changes) -> Person:
    """Correct a person's details. Only the fields whose value changes are saved; the audit log says which
    fields changed (never their values); the sync merges it field by field with edits made elsewhere."""
    require_advisor(actor)
    clean = checked_changes(changes)
    person = get_person(session, actor, person_id)
    before = person.model_dump(mode="json")
    changed = sorted(key for key, value in clean.items() if getattr(person, key) != value)
    if not changed:
        return person
    for key in changed:
        setattr(person, key, clean[key])
    if {"consent_store", "consent_share"} & set(changed):
        person.consent_recorded_at = utcnow()
    after = person.model_dump(mode="json")
    was = {key: before[key] for key in after if after[key] != before[key]}
    audit.record(session, actor, "change", "person", person.id, person.id, "changed " + ", ".join(changed))
    return save(session, actor, person, was=was)


def live_person(session: Session, person_id: str) -> Person:
    """The person with this id, unless there is none here or their details were erased.

    For services that have already checked the actor's role."""
    person = session.get(Person, person_id)
    if person is None or person.erased_at is not None:
        raise InvalidValue(f"No person {person_id} on this laptop.")
    if person.merged_into is not None:
        raise InvalidValue(f"The record {person_id} was merged into {person.merged_into}: use that one.")
    return person


def get_person(session: Session, actor: Actor, person_id: str) -> Person:
    require_advisor(actor)
    person = live_person(session, person_id)
    audit.record(session, actor, "view", "person", person.id, person.id)
    return person


def find_people(session: Session, actor: Actor, query: str, *, postcode_district: str | None = None,
                date_of_birth: date | None = None, limit: int = 20) -> list[Person]:
    """Returning people by fuzzy name or initials, narrowed by postcode district or date of birth: the start of
    the name, a word or the initials as typed, or else WRatio >= 70; best first, then most recently seen
    (people_index.py keeps this fast)."""
    require_advisor(actor)
    district = normalise_district(postcode_district) if postcode_district else None
    query = " ".join(query.split()).lower()
    ids = people_index(session).search(query, district, date_of_birth, limit)
    found = {p.id: p for p in session.exec(select(Person).where(col(Person.id).in_(ids)))} if ids else {}
    return [found[i] for i in ids if i in found and found[i].erased_at is None]


def search_people(session: Session, actor: Actor, text: str, *, limit: int = 50) -> list[Person]:
    """The Drop-in's search box: a name or initials, narrowed by a district or date of birth typed with it."""
    wanted = split_search(text)
    return find_people(session, actor, wanted.name, postcode_district=wanted.postcode_district,
                       date_of_birth=wanted.date_of_birth, limit=limit)


def possible_duplicates(session: Session, actor: Actor, display_name: str, *, postcode_district: str | None,
                        date_of_birth: date | None) -> list[Person]:
    """People who look like the one about to be added: same name and (date of birth or postcode district)."""
    require_advisor(actor)
    name = clean_name(display_name).lower()
    district = normalise_district(postcode_district)
    same = []
    live = select(Person).where(col(Person.erased_at).is_(None), col(Person.merged_into).is_(None))
    for person in session.exec(live):
        if fuzz.ratio(person.display_name.lower(), name) < 90:
            continue
        if (date_of_birth and person.date_of_birth == date_of_birth) or (
            district and person.postcode_district == district
        ):
            same.append(person)
    return same
