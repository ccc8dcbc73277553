"""A person's rights over their data: see everything held about them, have it erased, and erasure after a time.

Erasure blanks the personal data (name, postcode district, date of birth, benefits and every text typed about
the person) and keeps ids, needs, dates, statuses and scores so anonymous counts stay right. Every changed row
goes through the outbox, so the erasure reaches the shared file and the other laptops by its newer version;
older outbox copies and sync conflicts that still hold the text are removed from this laptop.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import text as sql
from sqlmodel import Session, col, delete, func, select

from liferooms_tui.access import Actor, NotAllowed, require_advisor
from liferooms_tui.db.models import (
    Concern,
    Conversation,
    ConversationCorrection,
    Feedback,
    OutboxEntry,
    Partner,
    Person,
    Prescription,
    PrescriptionItem,
    Referral,
    ReferralEvent,
    ReferralIn,
    SyncConflict,
    Synced,
    table_name,
    utcnow,
)
from liferooms_tui.db.outbox import save
from liferooms_tui.files import export_path, write_private
from liferooms_tui.privacy import audit, courses
from liferooms_tui.safetext import literal
from liferooms_tui.typed import parse_whole_number
from liferooms_tui.vocabulary import InvalidValue

ERASED_NAME = "Erased person"
MAX_INACTIVE_YEARS = 100


def _person(session: Session, person_id: str) -> Person:
    person = session.get(Person, audit.clean_id(person_id))
    if person is None:
        raise InvalidValue(f"No person '{literal(person_id)[:40]}' on this laptop: find their id with "
                           "'liferooms privacy find NAME'.")
    return person


def _dump(row) -> dict:
    data = row.model_dump(mode="json")
    return {key: data[key] for key in type(row).model_fields}


def subject_access(session: Session, actor: Actor, person_id: str) -> dict:
    """Everything held about one person, as plain data (the export itself is recorded in the audit log)."""
    require_advisor(actor)
    person = _person(session, person_id)
    audit.record(session, actor, "export", "person", person.id, person.id, "subject access")
    partners = {p.id: p.name for p in session.exec(select(Partner))}
    conversations = session.exec(select(Conversation).where(Conversation.person_id == person.id)
                                 .order_by(col(Conversation.started_at))).all()
    prescriptions = []
    for plan in session.exec(select(Prescription).where(Prescription.person_id == person.id)):
        items = session.exec(select(PrescriptionItem).where(PrescriptionItem.prescription_id == plan.id)
                             .order_by(col(PrescriptionItem.position))).all()
        prescriptions.append({**_dump(plan), "items": [
            {**_dump(i), "partner": partners.get(i.partner_id or "")} for i in items]})
    referrals, feedback = [], []
    for referral in session.exec(select(Referral).where(Referral.person_id == person.id)
                                 .order_by(col(Referral.created_at))):
        events = session.exec(select(ReferralEvent).where(ReferralEvent.referral_id == referral.id)
                               .order_by(col(ReferralEvent.at))).all()
        referrals.append({**_dump(referral), "partner": partners.get(referral.partner_id),
                          "events": [_dump(e) for e in events]})
        feedback += [_dump(f) for f in session.exec(select(Feedback).where(Feedback.referral_id == referral.id))]
    return {
        "about": "Everything liferooms holds about one person (subject access).",
        "exported_at": utcnow().isoformat(), "exported_by": actor.name, "site": actor.site,
        "person": _dump(person),
        "conversations": [_dump(c) for c in conversations],
        "corrections": [_dump(c) for c in session.exec(select(ConversationCorrection).where(
            col(ConversationCorrection.conversation_id).in_([c.id for c in conversations]))
            .order_by(col(ConversationCorrection.at)))],
        "prescriptions": prescriptions,
        "referrals": referrals,
        "feedback": feedback,
        # Safeguarding concerns leave the laptop in this export and in no other.
        "safeguarding_concerns": [_dump(c) for c in session.exec(select(Concern).where(Concern.person_id == person.id)
                                                                  .order_by(col(Concern.raised_at)))],
        "referrals_in": [_dump(r) for r in session.exec(select(ReferralIn).where(ReferralIn.person_id == person.id))],
        "courses": courses.course_access(session, person.id),
        "audit": [audit.event_summary(e) for e in audit.list_audit(session, actor, person.id)],
    }


def safe(value) -> str:
    """Typed or imported text for a file people read: control characters shown as \\xNN, never obeyed."""
    out = "" if value is None else str(value)
    return "".join(ch if ch.isprintable() or ch == " " else f"\\x{ord(ch):02x}" for ch in out)


def _fields(row: dict, skip: set[str]) -> list[str]:
    lines = []
    for key, value in row.items():
        if key in skip or value in (None, "", [], {}):
            continue
        if isinstance(value, list):
            value = "; ".join(safe(json.dumps(v, ensure_ascii=False)) if isinstance(v, dict) else safe(v)
                              for v in value)
        lines.append(f"  {key.replace('_', ' ')}: {safe(value)}")
    return lines


def subject_access_text(data: dict) -> str:
    """The same data as readable text, every value shown literally."""
    skip = {"items", "events", "version", "origin_site"}
    out = ["PERSONAL DATA: everything liferooms holds about one person.",
           f"Exported {safe(data['exported_at'])} by {safe(data['exported_by'])} at {safe(data['site'])}.",
           "Keep this file safe; give it only to the person it is about, then delete it.", "", "Person"]
    out += _fields(data["person"], skip)
    sections = [("Conversation", data["conversations"]), ("Correction", data.get("corrections", [])),
                ("Prescription", data["prescriptions"]),
                ("Referral", data["referrals"]), ("Feedback", data["feedback"]),
                ("Safeguarding concern", data.get("safeguarding_concerns", [])),
                ("Referral in", data.get("referrals_in", [])), ("Audit event", data["audit"])]
    for title, rows in sections:
        for number, row in enumerate(rows, 1):
            out += ["", f"{title} {number}"] + _fields(row, skip)
            for sub, label in (("items", "Plan item"), ("events", "Status")):
                for entry in row.get(sub, []):
                    out += [f"  {label}:"] + ["  " + line for line in _fields(entry, skip | {"id"})]
    return "\n".join(out) + "\n"


def export_person(session: Session, actor: Actor, person_id: str, folder: Path,
                  exports_dir: Path | None = None) -> list[Path]:
    """Write the subject access export as JSON and as text (0600, named PERSONAL-DATA-...); returns the paths.

    The file name is made in `exports_dir` (the private exports folder); the files go to `folder`."""
    data = subject_access(session, actor, person_id)
    name = export_path(Path(exports_dir or folder), f"subject-access-{data['person']['id'][:8]}", ".json",
                       personal=True).name
    json_path = write_private(Path(folder) / name, json.dumps(data, indent=2, ensure_ascii=True) + "\n")
    text_path = write_private(json_path.with_suffix(".txt"), subject_access_text(data))
    return [json_path, text_path]


@dataclass
class Erasure:
    people: list[str] = field(default_factory=list)
    rows: int = 0  # rows rewritten without personal data


def _related_rows(session: Session, person: Person) -> list[Synced]:
    conversations = session.exec(select(Conversation).where(Conversation.person_id == person.id)).all()
    corrections = session.exec(select(ConversationCorrection).where(
        col(ConversationCorrection.conversation_id).in_([c.id for c in conversations]))).all()
    merged_away = session.exec(select(Person).where(Person.merged_into == person.id)).all()
    plans = session.exec(select(Prescription).where(Prescription.person_id == person.id)).all()
    items = session.exec(select(PrescriptionItem).where(
        col(PrescriptionItem.prescription_id).in_([p.id for p in plans]))).all()
    referrals = session.exec(select(Referral).where(Referral.person_id == person.id)).all()
    ids = [r.id for r in referrals]
    events = session.exec(select(ReferralEvent).where(col(ReferralEvent.referral_id).in_(ids))).all()
    feedback = session.exec(select(Feedback).where(col(Feedback.referral_id).in_(ids))).all()
    concerns = session.exec(select(Concern).where(Concern.person_id == person.id)).all()
    referrals_in = session.exec(select(ReferralIn).where(ReferralIn.person_id == person.id)).all()
    return [person, *merged_away, *conversations, *corrections, *plans, *items, *referrals, *events, *feedback,
            *concerns, *referrals_in, *courses.course_rows(session, person.id)]


# What erasure blanks, table by table; everything else (ids, needs, dates, statuses, scores) is kept.
ERASED_FIELDS: dict[str, dict] = {
    "person": {"display_name": ERASED_NAME, "postcode_district": None, "date_of_birth": None, "benefits": []},
    "conversation": {"what_matters": ""},
    "conversationcorrection": {"note": ""},
    "prescriptionitem": {"goal": "", "activity": ""},
    "referral": {"note_for_partner": ""},
    "referralevent": {"note": "", "reason": ""},
    "feedback": {"comment": ""},
    "concern": {"what": "", "action_taken": "", "outcome": "", "lead_informed_who": "", "lead_informed_how": ""},
    "referralin": {"reason": "", "outcome_reason": "", "source_name": ""},
    **courses.ERASED_FIELDS,
}


def has_concerns(session: Session, person_id: str) -> bool:
    return session.exec(select(Concern.id).where(Concern.person_id == person_id).limit(1)).first() is not None


def require_lead_for_concerns(session: Session, actor: Actor, person_id: str) -> None:
    """A person with safeguarding concerns is erased by the safeguarding lead only."""
    require_advisor(actor)
    if not actor.is_lead and has_concerns(session, person_id):
        raise NotAllowed("This person has safeguarding concerns on record: only the safeguarding lead can erase "
                         "them; ask your lead.")


def _blanked(table: str, values: dict) -> dict:
    """The erased values for one row (or one outbox copy of it): a dict of field -> new value."""
    changes = dict(ERASED_FIELDS.get(table, {}))
    if table == "referral":  # keep which checks were overridden (counted), not the reasons typed
        changes["overrides"] = [{"check": o.get("check", ""), "reason": "", "message": ""}
                                for o in values.get("overrides") or []]
    return changes


def _erase_one(session: Session, actor: Actor, person: Person, now: datetime) -> int:
    """Blank the person's rows here (queueing those that change) and every older copy; returns rows changed."""
    session.connection().execute(sql("PRAGMA secure_delete=ON"))  # freed pages are zeroed, not left readable
    rows = _related_rows(session, person)
    by_id = {r.id: table_name(r) for r in rows}
    # Older outbox copies (sent or not) still hold the text: blank them in place, so what is still to be
    # sent keeps its order and base versions; lost values of local sync conflicts are removed.
    for entry in session.exec(select(OutboxEntry).where(col(OutboxEntry.row_id).in_(list(by_id)))):
        if by_id.get(entry.row_id) == entry.table_name:
            payload = {k: v for k, v in entry.payload.items() if k != "_was"}  # values before an edit
            entry.payload = {**payload, **_blanked(entry.table_name, entry.payload)}
            session.add(entry)
    session.exec(delete(SyncConflict).where(col(SyncConflict.row_id).in_(list(by_id))))
    changed = 0
    for row in rows:
        before = row.model_dump(mode="json")
        for name, value in _blanked(table_name(row), before).items():
            setattr(row, name, value)
        if isinstance(row, Person):
            row.erased_at = row.erased_at or now
        if row.model_dump(mode="json") != before:
            save(session, actor, row)
            changed += 1
    return changed


def person_to_erase(session: Session, actor: Actor, person_id: str) -> Person:
    """The person about to be erased, for the confirmation question; refused when already erased."""
    require_advisor(actor)
    person = _person(session, person_id)
    if person.erased_at is not None:
        raise InvalidValue(f"The personal data of {person.id} was already erased on {person.erased_at:%d %b %Y}.")
    require_lead_for_concerns(session, actor, person.id)
    return person


def erase_person(session: Session, actor: Actor, person_id: str, *, erased_elsewhere: bool = False) -> Erasure:
    """Remove one person's personal data everywhere it is held on this laptop, and queue the erasure.
    `erased_elsewhere`: sync carrying out an erasure already made (and allowed) on another laptop."""
    require_advisor(actor)
    person = _person(session, person_id)
    if not erased_elsewhere:
        require_lead_for_concerns(session, actor, person.id)
    result = Erasure(people=[person.id], rows=_erase_one(session, actor, person, utcnow()))
    audit.record(session, actor, "delete", "person", person.id, person.id, "erased personal data")
    return result


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def check_years(years) -> int:
    value = parse_whole_number(years, "number of years", 1, MAX_INACTIVE_YEARS, required=True)
    assert value is not None  # required
    return value


def _last_activity(session: Session) -> dict[str, datetime]:
    """Each person's last activity: last seen, latest conversation, referral, status change or feedback."""
    latest: dict[str, datetime] = {}

    def bump(rows) -> None:
        for person_id, at in rows:
            if at is not None:
                at = at if at.tzinfo else at.replace(tzinfo=UTC)
                if person_id not in latest or at > latest[person_id]:
                    latest[person_id] = at

    bump(session.exec(select(Person.id, Person.last_seen_at)))
    for column in (Conversation.started_at, Conversation.ended_at):
        bump(session.exec(select(Conversation.person_id, func.max(column)).group_by(Conversation.person_id)))
    bump(session.exec(select(Referral.person_id, func.max(Referral.created_at)).group_by(Referral.person_id)))
    bump(session.exec(select(Referral.person_id, func.max(ReferralEvent.at)).join(Referral)
                      .group_by(Referral.person_id)))
    bump(session.exec(select(Referral.person_id, func.max(Feedback.recorded_at)).join(Referral)
                      .group_by(Referral.person_id)))
    return latest


def inactive_people(session: Session, actor: Actor, inactive_years: int, today: date | None = None) -> list[str]:
    """Ids of people not erased yet whose last activity is older than `inactive_years` before today (for an
    advisor, not those with safeguarding concerns: the lead erases those)."""
    require_advisor(actor)
    years = check_years(inactive_years)
    cutoff = datetime.combine(_years_before(today or date.today(), years), datetime.min.time(), tzinfo=UTC)
    latest = _last_activity(session)
    live = session.exec(select(Person.id).where(col(Person.erased_at).is_(None))).all()
    return sorted(pid for pid in live if latest.get(pid, cutoff) < cutoff
                  and (actor.is_lead or not has_concerns(session, pid)))


def purge(session: Session, actor: Actor, inactive_years: int, today: date | None = None) -> Erasure:
    """Erase everyone inactive for `inactive_years` or more; anonymous counts stay."""
    require_advisor(actor)
    result = Erasure()
    now = utcnow()
    for person_id in inactive_people(session, actor, inactive_years, today):
        result.rows += _erase_one(session, actor, session.get_one(Person, person_id), now)
        result.people.append(person_id)
        audit.record(session, actor, "delete", "person", person_id, person_id,
                     f"erased personal data: inactive {inactive_years} years")
    return result


def checkpoint(store) -> None:
    """After an erasure: fold the write-ahead log into the database and empty it, so old pages are gone."""
    with store.engine.connect() as conn:
        conn.execute(sql("PRAGMA wal_checkpoint(TRUNCATE)"))
