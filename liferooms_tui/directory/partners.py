"""Reading the partner directory. Open to every role: it holds no personal data."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from liferooms_tui.db.models import Partner
from liferooms_tui.directory.sample import is_fictional
from liferooms_tui.vocabulary import check_need

STALE_AFTER = timedelta(days=365)


def list_partners(session: Session, need: str | None = None, include_inactive: bool = False) -> list[Partner]:
    query = select(Partner).order_by(Partner.name)
    if not include_inactive:
        query = query.where(Partner.active == True)  # noqa: E712  (SQL, not Python truth)
    partners = list(session.exec(query))
    if need:
        need = check_need(need)
        partners = [p for p in partners if need in p.needs]
    return partners


def get_partner(session: Session, partner_id: str) -> Partner | None:
    return session.get(Partner, partner_id)


def is_stale(partner: Partner, today: date | None = None) -> bool:
    today = today or date.today()
    return partner.last_verified is None or today - partner.last_verified > STALE_AFTER


def partner_summary(partner: Partner) -> dict:
    """A partner as plain data for --json output and exports."""
    data = partner.model_dump(mode="json")
    data["stale"] = is_stale(partner)
    data["fictional"] = is_fictional(partner)  # from the sample directory, for training
    return data
