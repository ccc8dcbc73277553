"""The partnership with each partner: who in the service looks after it, the agreement, catch-ups, the induction
of partners delivering at a hub, what the partner says about its capacity, its pauses and closures, checks that
its details are still true, and the events partners are invited to. Every table syncs (a text UUID, origin
site and version, as in models.py).

Status changes are appended facts; the current state is derived from them with the day it is asked about
(partners/status.py): a pause has a from and an until day and ends by itself on the until day; a closure and a
reopening are dated facts; a verification is a dated check; capacity is what the partner said on a day. The one
editable row, `Partnership`, has the partner's id as its own id, so two laptops that start one for the same
partner edit one row (merged field by field when they sync).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Index
from sqlmodel import Field

from liferooms_tui.db.models import Synced, utcnow


class Partnership(Synced, table=True):
    """One per partner (id = the partner's id): its owner in the service and the agreement with it."""

    partner_id: str = Field(foreign_key="partner.id", index=True)
    owner: str = ""  # the staff member who is this partner's single point of contact in the service
    agreement_signed_on: date | None = None
    agreement_review_on: date | None = None
    catch_up_months: int | None = None  # how often to catch up (None: the setting's default)
    updated_at: datetime = Field(default_factory=utcnow)


class PartnerStatus(Synced, table=True):
    """A pause, closure or reopening of a partner. Appended, never edited; the current state is derived."""

    __table_args__ = (Index("ix_partnerstatus_partner_at", "partner_id", "at"),)

    partner_id: str = Field(foreign_key="partner.id")
    kind: str  # "paused", "closed" or "reopened"
    reason: str = ""
    from_on: date  # a pause or closure starts on this day; a reopening is on this day
    until_on: date | None = None  # a pause ends on this day (the partner is back that morning); None: not said
    at: datetime = Field(default_factory=utcnow)
    by: str = ""


class PartnerCheck(Synced, table=True):
    """'Verified today': who checked the partner's details, on which day, and what they checked."""

    partner_id: str = Field(foreign_key="partner.id", index=True)
    checked_on: date
    checked: list[str] = Field(default_factory=list, sa_type=JSON)  # keys of partners/status.CHECKS
    note: str = ""
    by: str = ""
    at: datetime = Field(default_factory=utcnow)


class PartnerCapacity(Synced, table=True):
    """What the partner said about taking referrals, on a day (HL7 SDOH capacity statuses, in our words)."""

    __table_args__ = (Index("ix_partnercapacity_partner_said", "partner_id", "said_on"),)

    partner_id: str = Field(foreign_key="partner.id")
    status: str  # a key of partners/status.CAPACITY: yes, waiting_list, no, assessment_first
    places_this_week: int | None = None
    waiting_weeks: int | None = None  # how long the waiting list is, in weeks, as the partner said
    said_on: date
    said_by: str = ""  # who at the partner said it
    note: str = ""
    by: str = ""
    at: datetime = Field(default_factory=utcnow)


class CatchUp(Synced, table=True):
    """A catch-up with a partner: who met, what was said, and when the next one is due."""

    partner_id: str = Field(foreign_key="partner.id", index=True)
    met_on: date
    who_met: str = ""
    notes: str = ""
    partner_said: str = ""  # what the partner said about working with the service
    next_due: date | None = None
    by: str = ""
    at: datetime = Field(default_factory=utcnow)


class InductionStep(Synced, table=True):
    """One item of a hub partner's induction checklist, done on a day (done_on None: taken back). Appended; the
    latest row per item is its state."""

    partner_id: str = Field(foreign_key="partner.id", index=True)
    item: str  # the item's words, as the setting had them
    done_on: date | None = None
    by: str = ""
    at: datetime = Field(default_factory=utcnow)


class PartnerEvent(Synced, table=True):
    """An event partners were invited to, so they can meet each other: who was invited and who came."""

    held_on: date = Field(index=True)
    title: str = ""
    invited: list[str] = Field(default_factory=list, sa_type=JSON)  # partner ids
    came: list[str] = Field(default_factory=list, sa_type=JSON)  # partner ids
    notes: str = ""
    by: str = ""
    at: datetime = Field(default_factory=utcnow)


# In foreign-key order (all point at partner, which syncs first).
TABLES: list[type[Synced]] = [Partnership, PartnerStatus, PartnerCheck, PartnerCapacity, CatchUp, InductionStep,
                              PartnerEvent]
LABELS = {"partnership": "partnership", "partnerstatus": "pause or closure", "partnercheck": "verification",
          "partnercapacity": "capacity", "catchup": "catch-up", "inductionstep": "induction item",
          "partnerevent": "partner event"}
