"""Safeguarding figures for reports: concerns by kind and where they stand, referrals in by source and outcome,
and each partner's share of referrals in that were redirected. Counts only, never a name or a word typed; in
exports small numbers are hidden and the rest rounded (reports/tables.py)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time

from sqlmodel import Session, col, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import Concern, Partner, ReferralIn
from liferooms_tui.reports.tables import Count, Ratio, Table
from liferooms_tui.vocabulary import CONCERN_CATEGORIES, REFERRAL_IN_OUTCOMES, REFERRAL_IN_SOURCES

WHERE = {"open": "Open", "under_review": "Open", "closed": "Closed"}  # drafts are not counted


def _between(start: date | None, end: date | None) -> tuple[datetime, datetime]:
    low = datetime.combine(start or date.min, time.min, tzinfo=UTC)
    high = datetime.combine(end or date.max, time.max, tzinfo=UTC)
    return low, high


def concerns_table(session: Session, actor: Actor, start: date | None = None, end: date | None = None,
                   sites: tuple[str, ...] = ()) -> Table:
    """One row per kind of concern raised from `start` to `end` (at `sites`, when given): open (or under
    review), closed, all. A concern of two kinds counts in both."""
    require_advisor(actor, "safeguarding figures")
    counts: Counter[tuple[str, str]] = Counter()
    low, high = _between(start, end)
    query = select(Concern.categories, Concern.status).where(col(Concern.raised_at) >= low,
                                                              col(Concern.raised_at) <= high)
    if sites:
        query = query.where(col(Concern.site).in_(sites))
    for categories, status in session.exec(query):
        for key in categories or []:
            if status in WHERE:
                counts[(key, WHERE[status])] += 1
    table = Table("concerns_by_kind", "Safeguarding concerns by kind", ["Kind", "Open", "Closed", "All"],
                  note="A concern of more than one kind counts under each; drafts are not counted.")
    for key, label in CONCERN_CATEGORIES.items():
        still, closed = counts[(key, "Open")], counts[(key, "Closed")]
        if still or closed:
            table.rows.append([label, Count(still), Count(closed), Count(still + closed)])
    return table


def referrals_in_tables(session: Session, actor: Actor, start: date | None = None, end: date | None = None,
                        sites: tuple[str, ...] = ()) -> list[Table]:
    """Referrals in that came from `start` to `end` (recorded at `sites`, when given) by source and outcome;
    and for each partner that referred, the share redirected."""
    require_advisor(actor, "referral figures")
    outcomes = [*REFERRAL_IN_OUTCOMES, ""]
    by_source: Counter[tuple[str, str]] = Counter()
    by_partner: Counter[tuple[str, bool]] = Counter()  # (partner id, redirected)
    query = select(ReferralIn.source_kind, ReferralIn.partner_id, ReferralIn.outcome).where(
        col(ReferralIn.received_on) >= (start or date.min), col(ReferralIn.received_on) <= (end or date.max))
    if sites:
        query = query.where(col(ReferralIn.site).in_(sites))
    for source, partner_id, outcome in session.exec(query):
        by_source[(source, outcome)] += 1
        if partner_id and outcome:
            by_partner[(partner_id, outcome == "redirected")] += 1
    sources = Table("referrals_in_by_source", "Referrals in by source and outcome",
                    ["Source", *(REFERRAL_IN_OUTCOMES[o] if o else "Not triaged yet" for o in outcomes), "All"])
    for key, label in REFERRAL_IN_SOURCES.items():
        row = [by_source[(key, o)] for o in outcomes]
        if sum(row):
            sources.rows.append([label, *(Count(n) for n in row), Count(sum(row))])
    names = dict(session.exec(select(Partner.id, Partner.name)).all())
    partners = Table("referrals_in_redirected_by_partner", "Partners' referrals in that were redirected",
                     ["Partner", "Triaged", "Redirected", "Share redirected"],
                     note="Redirected: the person needed secondary care, another service first, or other.")
    for partner_id in sorted({p for p, _ in by_partner}, key=lambda p: (names.get(p) or p).lower()):
        redirected, kept = by_partner[(partner_id, True)], by_partner[(partner_id, False)]
        total = redirected + kept
        partners.rows.append([names.get(partner_id, "Unknown partner"), Count(total), Count(redirected),
                              Ratio(redirected, total, 100, whole_is_count=True, digits=0, unit="%")])
    return [sources, partners]
