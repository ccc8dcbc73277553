"""The current state of partners, read from their facts: paused or closed on a day, and the capacity they said."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlmodel import Session, col, select

from liferooms_tui.db.partnership import PartnerCapacity, PartnerStatus
from liferooms_tui.partners.status import Capacity, State, derive, latest_capacity


def state_of(session: Session, partner_id: str, today: date) -> State:
    return derive(session.exec(select(PartnerStatus).where(PartnerStatus.partner_id == partner_id)), today)


def capacity_of(session: Session, partner_id: str) -> Capacity | None:
    return latest_capacity(session.exec(select(PartnerCapacity).where(PartnerCapacity.partner_id == partner_id)))


def states(session: Session, today: date, partner_ids: list[str] | None = None) -> dict[str, State]:
    """partner id -> state, for the partners that have any pause, closure or reopening (the rest are running)."""
    query = select(PartnerStatus)
    if partner_ids is not None:
        query = query.where(col(PartnerStatus.partner_id).in_(partner_ids))
    grouped: dict[str, list[PartnerStatus]] = defaultdict(list)
    for row in session.exec(query):
        grouped[row.partner_id].append(row)
    return {partner_id: derive(rows, today) for partner_id, rows in grouped.items()}


def capacities(session: Session, partner_ids: list[str] | None = None) -> dict[str, Capacity]:
    """partner id -> what it last said about taking referrals (partners that never said are left out)."""
    query = select(PartnerCapacity)
    if partner_ids is not None:
        query = query.where(col(PartnerCapacity.partner_id).in_(partner_ids))
    grouped: dict[str, list[PartnerCapacity]] = defaultdict(list)
    for row in session.exec(query):
        grouped[row.partner_id].append(row)
    found = {partner_id: latest_capacity(rows) for partner_id, rows in grouped.items()}
    return {partner_id: said for partner_id, said in found.items() if said is not None}


def search_notes(session: Session, today: date | None = None) -> dict[str, str]:
    """partner id -> what a search or the partner picker should say first about it: paused (until when), or what
    it last said about taking referrals when that is not a plain yes. No personal data (volunteers may read it)."""
    today = today or date.today()
    notes: dict[str, str] = {}
    for partner_id, said in capacities(session).items():
        if said.status != "yes":
            notes[partner_id] = said.words(today).split(": said")[0]
    for partner_id, state in states(session, today).items():
        if state.pause is not None:
            until = f" until {state.pause.until_on:%d %b %Y}" if state.pause.until_on else ""
            notes[partner_id] = f"paused{until}: no new referrals"
    return notes
