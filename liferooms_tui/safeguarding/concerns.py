"""Safeguarding concerns: recorded in a few keys when something is disclosed or seen, with the safeguarding lead
told before a concern is anything but a draft; then open -> under review -> closed with an outcome.

Who sees what: the lead sees every concern and is the only one who closes them; advisors see and add concerns
for the people they can see (anyone not erased on their laptop); volunteers never see any. Every view and change
is audited; concerns sync like the rest, and leave the laptop in a file only in a subject-access export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from liferooms_tui.access import Actor, NotAllowed, require_advisor, require_lead
from liferooms_tui.db.models import Concern, Person, utcnow
from liferooms_tui.db.outbox import save
from liferooms_tui.dropin.people import find_people, live_person
from liferooms_tui.privacy import audit
from liferooms_tui.safetext import literal
from liferooms_tui.typed import parse_day
from liferooms_tui.vocabulary import CONCERN_CATEGORIES, CONCERN_STATUSES, CONCERN_URGENCIES, InvalidValue

WHAT = "safeguarding concerns"
MAX_TEXT = 4000
OPEN = ("open", "under_review")  # shown as a flag on the person's card


@dataclass(frozen=True)
class LeadInformed:
    who: str = ""
    on: date | None = None
    how: str = ""

    @property
    def given(self) -> bool:
        return bool(self.who)


@dataclass(frozen=True)
class ConcernRow:
    """A concern with the name of the person it is about, for lists."""

    concern: Concern
    person_name: str


def _text(value: str | None, what: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidValue(f"Type {what}: it is what the lead reads first.")
    if len(text) > limit:
        raise InvalidValue(f"Keep {what} under {limit} characters.")
    return text


def check_categories(keys) -> list[str]:
    chosen = []
    for key in keys or []:
        key = str(key).strip().lower()
        if key not in CONCERN_CATEGORIES:
            raise InvalidValue(f"'{literal(key)[:30]}' is not a kind of concern: use {', '.join(CONCERN_CATEGORIES)}.")
        if key not in chosen:
            chosen.append(key)
    if not chosen:
        raise InvalidValue(f"Choose at least one kind of concern: {', '.join(CONCERN_CATEGORIES)}.")
    return chosen


def check_urgency(key: str | None) -> str:
    key = (key or "routine").strip().lower()
    if key not in CONCERN_URGENCIES:
        raise InvalidValue(f"'{literal(key)[:30]}' is not an urgency: use {', '.join(CONCERN_URGENCIES)}.")
    return key


def parse_lead_informed(text: str | None, today: date | None = None) -> LeadInformed:
    """'Sam Lead, 04/12/2026, phone' -> who, when, how. Empty -> not informed (a draft only)."""
    raw = (text or "").strip()
    if not raw:
        return LeadInformed()
    parts = [p.strip() for p in raw.split(",")]
    if len(parts) < 3 or not all(parts[:3]):
        raise InvalidValue("Say who was told, when and how, with commas: \"Sam Lead, 04/12/2026, phone\".")
    who, when, how = parts[0], parts[1], ", ".join(parts[2:])
    today = today or date.today()
    on = parse_day(when, "day the lead was told", not_after=today, today=today)
    return LeadInformed(_text(who, "who was told", limit=120), on, _text(how, "how they were told", limit=200))


def check_lead_informed(who: str | None, on: str | date | None, how: str | None,
                        today: date | None = None) -> LeadInformed:
    """The three answers of the form, each checked; all empty is 'not told yet'."""
    if not any(str(v or "").strip() for v in (who, on, how)):
        return LeadInformed()
    today = today or date.today()
    if not (who or "").strip():
        raise InvalidValue("Say which safeguarding lead was told, or leave all three empty to keep a draft.")
    if not (how or "").strip():
        raise InvalidValue("Say how the lead was told (phone, in person, email), or leave all three empty for a "
                           "draft.")
    day = parse_day(on, "day the lead was told", not_after=today, empty=today, today=today)
    return LeadInformed(_text(who, "who was told", limit=120), day, _text(how, "how they were told", limit=200))


def _visible_person(session: Session, actor: Actor, person_id: str) -> Person:
    require_advisor(actor, WHAT)
    person = session.get(Person, audit.clean_id(person_id))
    if person is None or (person.erased_at is not None and not actor.is_lead):
        raise InvalidValue(f"No person '{literal(person_id)[:40]}' on this laptop.")
    return person


def person_named(session: Session, actor: Actor, text: str) -> Person:
    """A person by id, or by a name or initials that finds exactly one person (the CLI's PERSON)."""
    require_advisor(actor)
    typed = (text or "").strip()
    person = session.get(Person, typed) if typed else None
    if person is not None and person.erased_at is None:
        return person
    found = find_people(session, actor, typed, limit=5) if typed else []
    exact = [p for p in found if p.display_name.lower() == typed.lower()]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0]
    if not found:
        raise InvalidValue(f"No person '{literal(typed)[:40]}' on this laptop: 'liferooms privacy find NAME' "
                           "shows who is.")
    raise InvalidValue(f"'{literal(typed)[:40]}' matches {len(found)} people: use the id from "
                       "'liferooms privacy find NAME'.")


def raise_concern(session: Session, actor: Actor, person_id: str, *, what: str, categories, action_taken: str = "",
                  urgency: str | None = "routine", lead: LeadInformed = LeadInformed(), draft: bool = False,
                  concern_id: str | None = None) -> Concern:
    """Record a concern (or update a draft). Saved as open only when the lead was told; otherwise refused,
    unless `draft` asks to keep it as a draft. All checks run before anything is written."""
    require_advisor(actor, WHAT)
    person = live_person(session, _visible_person(session, actor, person_id).id)
    values = dict(what=_text(what, "what was said or seen", required=True),
                  categories=check_categories(categories),
                  action_taken=_text(action_taken, "the action taken"), urgency=check_urgency(urgency))
    if not lead.given and not draft:
        raise InvalidValue("Say who you told (the safeguarding lead), when and how before saving; or save it as "
                           "a draft.")
    concern = _get(session, concern_id) if concern_id else Concern(person_id=person.id, raised_by=actor.name,
                                                                  site=actor.site)
    if concern_id and concern.status != "draft":
        raise InvalidValue("Only a draft can be changed like this; move the concern on instead.")
    for key, value in values.items():
        setattr(concern, key, value)
    concern.lead_informed_who, concern.lead_informed_on, concern.lead_informed_how = lead.who, lead.on, lead.how
    concern.status = "open" if lead.given else "draft"
    save(session, actor, concern)
    audit.record(session, actor, "change" if concern_id else "create", "concern", concern.id, person.id,
                 f"concern {concern.status}")
    return concern


def _get(session: Session, concern_id: str) -> Concern:
    concern = session.get(Concern, audit.clean_id(concern_id, "concern"))
    if concern is None:
        raise InvalidValue(f"No concern '{literal(concern_id)[:40]}' on this laptop: 'liferooms concerns list' "
                           "shows their ids.")
    return concern


def _may_see(session: Session, actor: Actor, concern: Concern) -> None:
    require_advisor(actor, WHAT)
    if actor.is_lead:
        return
    person = session.get(Person, concern.person_id)
    if person is None or person.erased_at is not None:
        raise NotAllowed("Only the safeguarding lead can see this concern.")


def get_concern(session: Session, actor: Actor, concern_id: str) -> ConcernRow:
    require_advisor(actor, WHAT)
    concern = _get(session, concern_id)
    _may_see(session, actor, concern)
    audit.record(session, actor, "view", "concern", concern.id, concern.person_id)
    person = session.get(Person, concern.person_id)
    return ConcernRow(concern, person.display_name if person else "")


def list_concerns(session: Session, actor: Actor, *, open_only: bool = False,
                  person_id: str | None = None) -> list[ConcernRow]:
    """Newest first: every concern for the lead; for an advisor, those about people they can see."""
    require_advisor(actor, WHAT)
    query = select(Concern, Person).join(Person, col(Concern.person_id) == col(Person.id))
    if not actor.is_lead:
        query = query.where(col(Person.erased_at).is_(None))
    if open_only:
        query = query.where(col(Concern.status).in_(OPEN))
    if person_id is not None:
        query = query.where(Concern.person_id == _visible_person(session, actor, person_id).id)
    rows = session.exec(query.order_by(col(Concern.raised_at).desc())).all()
    audit.record(session, actor, "view", "concern", None, person_id, f"list of {len(rows)}")
    return [ConcernRow(c, p.display_name) for c, p in rows]


def open_concern_count(session: Session, actor: Actor, person_id: str) -> int:
    """How many concerns about this person are open or under review (the flag on their card)."""
    require_advisor(actor, WHAT)
    query = select(Concern.id).where(Concern.person_id == person_id, col(Concern.status).in_(OPEN))
    return len(session.exec(query).all())


def start_review(session: Session, actor: Actor, concern_id: str) -> Concern:
    """open -> under review (the lead or an advisor who can see it)."""
    require_advisor(actor, WHAT)
    concern = _get(session, concern_id)
    _may_see(session, actor, concern)
    if concern.status != "open":
        raise InvalidValue(f"This concern is {CONCERN_STATUSES[concern.status].lower()}: only an open one goes "
                           "under review.")
    concern.status = "under_review"
    save(session, actor, concern)
    audit.record(session, actor, "change", "concern", concern.id, concern.person_id, "concern under review")
    return concern


def close_concern(session: Session, actor: Actor, concern_id: str, outcome: str) -> Concern:
    """Closed with an outcome: the lead only."""
    require_lead(actor, "close a safeguarding concern")
    concern = _get(session, concern_id)
    text = _text(outcome, "the outcome", required=True)
    if concern.status == "closed":
        raise InvalidValue("This concern is closed already.")
    if concern.status == "draft":
        raise InvalidValue("This concern is a draft: record who was told first, then close it.")
    concern.status, concern.outcome = "closed", text
    concern.closed_at, concern.closed_by = utcnow(), actor.name
    save(session, actor, concern)
    audit.record(session, actor, "change", "concern", concern.id, concern.person_id, "concern closed")
    return concern


def summary(row: ConcernRow) -> dict:
    """A concern as plain data for --json and screens."""
    c = row.concern
    return {"id": c.id, "person_id": c.person_id, "person": row.person_name, "status": c.status,
            "categories": c.categories, "urgency": c.urgency, "what": c.what, "action_taken": c.action_taken,
            "lead_informed": {"who": c.lead_informed_who, "on": c.lead_informed_on.isoformat()
                              if c.lead_informed_on else None, "how": c.lead_informed_how},
            "outcome": c.outcome, "raised_at": c.raised_at.isoformat(), "raised_by": c.raised_by, "site": c.site,
            "closed_at": c.closed_at.isoformat() if c.closed_at else None, "closed_by": c.closed_by}


def record_from_form(session: Session, actor: Actor, person_id: str, *, what: str, categories, action_taken: str,
                     urgency: str, lead_who: str, lead_on: str, lead_how: str, draft: bool = False,
                     concern_id: str | None = None) -> Concern:
    """The concern form's save: the three 'lead informed' answers checked, then raise_concern."""
    require_advisor(actor, WHAT)
    lead = check_lead_informed(lead_who, lead_on, lead_how)
    return raise_concern(session, actor, person_id, what=what, categories=categories, action_taken=action_taken,
                         urgency=urgency, lead=lead, draft=draft, concern_id=concern_id)
