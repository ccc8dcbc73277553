"""The data of liferooms: the one description of every table.

Every row that can leave the laptop has a text UUID made on the laptop (`id`), the site it was made at
(`origin_site`) and a version stamp (`version`, a hybrid logical clock string that sorts in time order with
the laptop id as tie-break). Referral status is a list of appended events; the current status is derived.
Times are timezone-aware UTC (SQLModel stores them so and gives them back so).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import cast

from sqlalchemy import JSON, Index, Table
from sqlmodel import Field, SQLModel

LIST_DEFAULT = {"server_default": "[]"}  # a list column added by a migration: existing rows get []


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class Synced(SQLModel):
    """Columns shared by every row that syncs between laptops and the shared file."""

    id: str = Field(default_factory=new_id, primary_key=True)
    origin_site: str = ""
    version: str = ""


class Partner(Synced, table=True):
    name: str = Field(index=True)
    description: str = ""
    needs: list[str] = Field(default_factory=list, sa_type=JSON)
    services: list[str] = Field(default_factory=list, sa_type=JSON)
    keywords: list[str] = Field(default_factory=list, sa_type=JSON)
    # Eligibility. An empty catchment means anywhere; benefits_required means "any one of these".
    catchment: list[str] = Field(default_factory=list, sa_type=JSON)
    min_age: int | None = None
    max_age: int | None = None
    benefits_required: list[str] = Field(default_factory=list, sa_type=JSON)
    prior_use_months: int | None = None
    capacity_per_week: int | None = None
    who_for: str = ""
    not_for: str = ""
    # Key contact.
    contact_name: str = ""
    contact_role: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    # Where and when.
    delivered_at: str = ""
    # How it is delivered (venue, phone, online, home visit), where it is, fields read from its description.
    delivery: list[str] = Field(default_factory=list, sa_type=JSON, sa_column_kwargs=LIST_DEFAULT)
    districts: list[str] = Field(default_factory=list, sa_type=JSON, sa_column_kwargs=LIST_DEFAULT)
    from_description: list[str] = Field(default_factory=list, sa_type=JSON, sa_column_kwargs=LIST_DEFAULT)
    hubs: list[str] = Field(default_factory=list, sa_type=JSON)
    schedule: str = ""
    website: str = ""
    last_verified: date | None = None
    active: bool = True
    # Where the record came from: "sample", "manual", or an Open Referral source name, with its own ids.
    source: str = "manual"
    source_id: str | None = Field(default=None, index=True)
    taxonomy_terms: list[str] = Field(default_factory=list, sa_type=JSON)
    updated_at: datetime = Field(default_factory=utcnow)


class Person(Synced, table=True):
    display_name: str = Field(index=True)  # a name or initials, as the person wishes
    postcode_district: str | None = None
    date_of_birth: date | None = None
    benefits: list[str] = Field(default_factory=list, sa_type=JSON)
    consent_store: bool = False
    consent_share: bool = False
    consent_recorded_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    erased_at: datetime | None = None  # personal data removed; the row stays for anonymous counts
    # A record found to be the same person as another: a tombstone pointing at the record kept (db/merges.py).
    merged_into: str | None = Field(default=None, index=True)


class Conversation(Synced, table=True):
    """One drop-in (or follow-up) conversation with a person."""

    person_id: str = Field(foreign_key="person.id", index=True)
    advisor: str = ""
    site: str = ""
    kind: str = "drop-in"  # "drop-in" or "follow-up"
    started_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None
    what_matters: str = ""  # in the person's own words
    needs: list[str] = Field(default_factory=list, sa_type=JSON)
    # ONS4 personal wellbeing, 0-10 each, never summed; None when skipped.
    ons_satisfied: int | None = None
    ons_worthwhile: int | None = None
    ons_happy: int | None = None
    ons_anxious: int | None = None
    referral_id: str | None = None  # for a follow-up about one referral


class ConversationCorrection(Synced, table=True):
    """A note correcting a finished drop-in: the drop-in stays as it was; its history shows both."""

    conversation_id: str = Field(foreign_key="conversation.id", index=True)
    note: str
    at: datetime = Field(default_factory=utcnow)
    by: str = ""


class Prescription(Synced, table=True):
    """The social prescription co-built with the person in a conversation."""

    conversation_id: str = Field(foreign_key="conversation.id", index=True)
    person_id: str = Field(foreign_key="person.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    agreed_at: datetime | None = None


class PrescriptionItem(Synced, table=True):
    prescription_id: str = Field(foreign_key="prescription.id", index=True)
    partner_id: str | None = Field(default=None, foreign_key="partner.id")
    activity: str = ""  # a free-text activity when there is no partner
    need: str | None = None
    goal: str = ""  # the person's own goal, in their words
    position: int = 0
    agreed: bool = False
    removed: bool = False


class Referral(Synced, table=True):
    person_id: str = Field(foreign_key="person.id", index=True)
    partner_id: str = Field(foreign_key="partner.id", index=True)
    conversation_id: str | None = Field(default=None, foreign_key="conversation.id")
    prescription_item_id: str | None = Field(default=None, foreign_key="prescriptionitem.id")
    need: str | None = None
    note_for_partner: str = ""
    consent_share: bool = False
    signposting: bool = False  # noted only: the person did not consent to share, so nothing is sent
    overrides: list[dict] = Field(default_factory=list, sa_type=JSON)  # [{"check": ..., "reason": ...}]
    created_at: datetime = Field(default_factory=utcnow, index=True)
    created_by: str = ""


class ReferralEvent(Synced, table=True):
    """One status change of a referral. Appended, never edited."""

    __table_args__ = (Index("ix_referralevent_referral_at", "referral_id", "at"),)

    referral_id: str = Field(foreign_key="referral.id")
    status: str
    reason: str = ""
    note: str = ""
    at: datetime = Field(default_factory=utcnow)
    by: str = ""


class Feedback(Synced, table=True):
    """From the person about a partner, or from a partner about the person's progress."""

    referral_id: str = Field(foreign_key="referral.id", index=True)
    partner_id: str = Field(foreign_key="partner.id")
    source: str  # "person" or "partner"
    went: bool | None = None
    helped: int | None = None  # 1-5
    recommend: bool | None = None
    engagement: str = ""  # partner's word on engagement
    comment: str = ""
    reported_on: date | None = None
    recorded_at: datetime = Field(default_factory=utcnow)
    by: str = ""


class AuditEvent(Synced, table=True):
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = ""
    site: str = ""
    action: str  # view, create, change, export, delete
    entity: str  # person, referral, report, ...
    entity_id: str | None = None
    person_id: str | None = Field(default=None, index=True)
    detail: str = ""


class Concern(Synced, table=True):
    """A safeguarding concern about a person: what was said or seen, what was done at once, and that the
    safeguarding lead was told. Moves draft -> open -> under_review -> closed (with an outcome); each change
    is audited. Only the lead closes one (safeguarding/concerns.py)."""

    person_id: str = Field(foreign_key="person.id", index=True)
    what: str = ""  # what was said or seen, in their words
    categories: list[str] = Field(default_factory=list, sa_type=JSON)  # keys of vocabulary.CONCERN_CATEGORIES
    action_taken: str = ""  # immediate action taken
    urgency: str = "routine"  # a key of vocabulary.CONCERN_URGENCIES
    lead_informed_who: str = ""  # the safeguarding lead who was told (required unless a draft)
    lead_informed_on: date | None = None
    lead_informed_how: str = ""  # phone, in person, email ...
    status: str = "draft"  # a key of vocabulary.CONCERN_STATUSES
    outcome: str = ""  # how it was closed
    raised_at: datetime = Field(default_factory=utcnow)
    raised_by: str = ""
    site: str = ""
    closed_at: datetime | None = None
    closed_by: str = ""


class ReferralIn(Synced, table=True):
    """A referral into the service from a partner, a GP or the person themselves, and how it was triaged."""

    source_kind: str = "partner"  # a key of vocabulary.REFERRAL_IN_SOURCES
    source_name: str = ""  # who referred: the partner, practice or person, as given
    partner_id: str | None = Field(default=None, foreign_key="partner.id", index=True)
    person_id: str | None = Field(default=None, foreign_key="person.id", index=True)
    reason: str = ""  # why they referred, in the referrer's words
    received_on: date | None = None
    consent: bool = False  # the person agreed to be referred in
    outcome: str = ""  # "" (not triaged yet) or a key of vocabulary.REFERRAL_IN_OUTCOMES
    redirect_kind: str = ""  # when redirected: a key of vocabulary.REDIRECT_KINDS
    outcome_reason: str = ""
    triaged_at: datetime | None = None
    triaged_by: str = ""
    conversation_id: str | None = None  # the drop-in it led to (not a key: conversations stay on their laptop)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = ""
    site: str = ""


# --- Sync bookkeeping: local to one laptop, never synced itself. ---


class OutboxEntry(SQLModel, table=True):
    """A row that must leave the laptop, written in the same transaction as the row."""

    seq: int | None = Field(default=None, primary_key=True)  # local order only
    table_name: str
    row_id: str
    version: str
    payload: dict = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = Field(default=None, index=True)


class SyncMeta(SQLModel, table=True):
    """Key/value facts about this laptop's sync: last clock, pull cursor, last sync result."""

    key: str = Field(primary_key=True)
    value: str = ""


class SyncConflict(SQLModel, table=True):
    """A value that lost a concurrent edit: kept here, never silently dropped."""

    id: str = Field(default_factory=new_id, primary_key=True)
    table_name: str
    row_id: str
    field: str
    kept_value: str = ""
    kept_version: str = ""
    lost_value: str = ""
    lost_version: str = ""
    at: datetime = Field(default_factory=utcnow)


class SyncReject(SQLModel, table=True):
    """A row the shared file refused; shown to the user, never blocks the rows after it."""

    id: str = Field(default_factory=new_id, primary_key=True)
    outbox_seq: int
    table_name: str
    row_id: str
    reason: str
    at: datetime = Field(default_factory=utcnow)


def _partnership_tables() -> list[type[Synced]]:
    from liferooms_tui.db import partnership  # its tables need Synced, defined above

    return partnership.TABLES


def _courses_tables() -> list[type[Synced]]:
    from liferooms_tui.db import courses  # its tables need Synced, defined above

    return courses.TABLES


# The tables that sync, in an order that satisfies foreign keys.
SYNCED_TABLES: list[type[Synced]] = [
    Partner,
    Person,
    Conversation,
    ConversationCorrection,
    Prescription,
    PrescriptionItem,
    Referral,
    ReferralEvent,
    Feedback,
    AuditEvent,
    Concern,
    ReferralIn,
]
SYNCED_TABLES += _partnership_tables()  # the partnership with each partner (db/partnership.py)
SYNCED_TABLES += _courses_tables()  # the learning offer (db/courses.py)


def table_name(model: type[SQLModel] | SQLModel) -> str:
    """A table's name, for a model class or a row (SQLModel types __tablename__ loosely)."""
    cls = model if isinstance(model, type) else type(model)
    return str(cls.__tablename__)


def table_of(model: type[SQLModel]) -> Table:
    """A model's SQLAlchemy table (its columns), typed."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


TABLE_BY_NAME: dict[str, type[Synced]] = {table_name(t): t for t in SYNCED_TABLES}
