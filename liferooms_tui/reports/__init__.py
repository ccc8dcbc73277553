"""Reports the service can act on, for a period and optionally a site.

Each report is one function returning plain dataclasses; referral statuses and event facts are worked out in SQL,
once per report set (facts.py), and the referral reports count those rows. Rules used throughout:
- a referral belongs to the period by the day it was made (UTC), and to a site by the site of the conversation
  it was made in (or, without one, by the site part of its origin "<site-slug>:<laptop>");
- onward referrals exclude signposting (nothing was sent); signposting is counted on its own;
- outcomes follow the referrals made in the period to what is known now; partner load is the referrals
  made in the last four weeks of the period against four weeks of capacity, and apart from it the referrals
  open at the end of the period (their status as of that day) and those open longer than the check-in weeks.
layout.py turns a ReportSet into tables and CSV/JSON/text; tables.py hides small numbers; partnership.py: health.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby

from sqlmodel import Session

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import utcnow
from liferooms_tui.directory.partners import is_stale, list_partners
from liferooms_tui.reports import partnership
from liferooms_tui.reports.facts import F, fetch, referral_facts, shared_facts, site_sql
from liferooms_tui.reports.period import Period
from liferooms_tui.reports.tables import Table
from liferooms_tui.safeguarding import figures
from liferooms_tui.vocabulary import CREATIVE_NEEDS, NEEDS, ONS4, OPEN_STATUSES, PRACTICAL_NEEDS

NOT_RECORDED = "Not recorded"


def _need_label(need: str | None) -> str:
    return NEEDS.get(need, need) if need else NOT_RECORDED


def _onward(session: Session, period: Period, today: date | None) -> list:
    """Onward referrals (not signposting) made in the period at the site."""
    return [f for f in referral_facts(session, period, today) if f[F.IN_PERIOD] and not f[F.SIGN]]


def _partners(session: Session) -> dict[str, tuple[str, int | None]]:
    return {pid: (name, cap) for pid, name, cap in session.connection().exec_driver_sql(
        "SELECT id, name, capacity_per_week FROM partner")}  # every partner, inactive ones too


# --- The reports ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralCount:
    key: str | None  # need key or partner id
    label: str
    referrals: int
    people: int


@dataclass(frozen=True)
class ReferralsMade:
    referrals: int  # onward referrals (not signposting)
    people: int  # unique people referred
    signposted: int
    by_need: list[ReferralCount]
    by_partner: list[ReferralCount]


def referrals_made(session: Session, actor: Actor, period: Period, *, today: date | None = None) -> ReferralsMade:
    """The service's standard table: onward referrals by need and by partner, and unique people referred."""
    require_advisor(actor, "reports")
    facts = referral_facts(session, period, today)
    onward = [f for f in facts if f[F.IN_PERIOD] and not f[F.SIGN]]
    by_need, by_partner = defaultdict(list), defaultdict(list)
    for f in onward:
        by_need[f[F.NEED]].append(f[F.PERSON])
        by_partner[f[F.PARTNER]].append(f[F.PERSON])
    keys = list(NEEDS) + sorted(k for k in by_need if k and k not in NEEDS) + ([None] if None in by_need else [])
    needs = [ReferralCount(k, _need_label(k), len(by_need[k]), len(set(by_need[k]))) for k in keys]
    names = _partners(session)
    partners = sorted((ReferralCount(pid, names[pid][0], len(who), len(set(who))) for pid, who in by_partner.items()),
                      key=lambda r: (-r.referrals, r.label))
    signposted = sum(1 for f in facts if f[F.IN_PERIOD] and f[F.SIGN])
    return ReferralsMade(len(onward), len({f[F.PERSON] for f in onward}), signposted, needs, partners)


@dataclass(frozen=True)
class Outcomes:
    referrals: int
    reached: dict[str, int]  # status -> referrals that ever reached it
    now: dict[str, int]  # status -> referrals whose current status it is
    declined_reasons: list[tuple[str, int]]
    median_days_to_accept: float | None
    accepted_timed: int  # referrals the median is worked out from

    @property
    def still_open(self) -> int:
        return sum(n for status, n in self.now.items() if status in OPEN_STATUSES)


def outcomes(session: Session, actor: Actor, period: Period, *, today: date | None = None) -> Outcomes:
    """What became of the onward referrals made in the period, as known now."""
    require_advisor(actor, "reports")
    onward = _onward(session, period, today)
    reached = Counter(status for f in onward for status in set((f[F.SEEN] or "").split(",")) if status)
    reached["queued"] = len(onward)  # every referral starts queued
    reasons: dict[str, list[str]] = defaultdict(list)  # grouped ignoring case (shown: first spelling A-Z)
    for f in onward:
        if f[F.DECLINE_REASON] is not None:
            reasons[f[F.DECLINE_REASON].lower()].append(f[F.DECLINE_REASON])
    declined = sorted(((min(said) or NOT_RECORDED, len(said)) for said in reasons.values()),
                      key=lambda r: (-r[1], r[0]))
    days = [f[F.DAYS_TO_ACCEPT] for f in onward if f[F.DAYS_TO_ACCEPT] is not None]
    median = round(statistics.median(days), 1) if days else None
    now = Counter(f[F.STATUS] for f in onward)
    return Outcomes(len(onward), dict(reached), dict(now), declined, median, len(days))


LOAD_WEEKS = 4  # partner load: referrals made in the last this many weeks against this many weeks of capacity


@dataclass(frozen=True)
class PartnerLoad:
    partner_id: str
    name: str
    capacity: int | None  # places a week; None: no weekly limit
    recent: int  # referrals made in the LOAD_WEEKS weeks up to the end of the period
    open: int  # referrals open at the end of the period, however old
    stuck: int  # of those, open longer than the check-in weeks (time to ring the partner)

    @property
    def places(self) -> int | None:
        """Places in the LOAD_WEEKS weeks (capacity a week x LOAD_WEEKS); None: no weekly limit."""
        return self.capacity * LOAD_WEEKS if self.capacity else None

    @property
    def load(self) -> float | None:
        """Referrals made in the last LOAD_WEEKS weeks as a share of the places in them (1.0: full)."""
        return self.recent / self.places if self.places else None


def partner_load(session: Session, actor: Actor, period: Period, *, check_in_weeks: int = 4,
                 today: date | None = None) -> list[PartnerLoad]:
    """Each partner's load: referrals made in the last four weeks of the period against four weeks of its
    capacity; and, apart from that, its referrals still open at the end of the period, and how many of them
    have been open longer than `check_in_weeks` (stuck: a new referral is not). The most loaded first, then
    the most stuck; partners with no weekly limit after those with one."""
    require_advisor(actor, "reports")
    recent, still_open, stuck = Counter[str](), Counter[str](), Counter[str]()
    for f in referral_facts(session, period, today):
        if not f[F.SIGN]:
            is_open = f[F.END_STATUS] in OPEN_STATUSES
            recent[f[F.PARTNER]] += f[F.AGE] <= LOAD_WEEKS * 7
            still_open[f[F.PARTNER]] += is_open
            stuck[f[F.PARTNER]] += is_open and f[F.AGE] > check_in_weeks * 7
    names = _partners(session)
    out = [PartnerLoad(pid, names[pid][0], names[pid][1], recent[pid], still_open[pid], stuck[pid])
           for pid in still_open if still_open[pid] or recent[pid]]
    return sorted(out, key=lambda r: (r.load is None, -(r.load or 0), -r.stuck, -r.open, r.name))


@dataclass(frozen=True)
class PartnerFeedback:
    partner_id: str
    name: str
    people: int
    mean_helped: float | None  # 1-5
    scored: int  # answers the mean is worked out from
    went: int  # said they went
    recommend: int  # would recommend it
    comments: list[str] = field(default_factory=list)  # the most recent, newest first


def person_feedback(session: Session, actor: Actor, period: Period, comments: int = 3) -> list[PartnerFeedback]:
    """People's feedback on each partner given in the period (each person's latest word on each partner):
    mean 'did it help', how many went and would recommend it, and the most recent comments."""
    require_advisor(actor, "reports")
    day = "COALESCE(f.reported_on, substr(f.recorded_at, 1, 10))"
    join = "LEFT JOIN conversation c ON c.id = r.conversation_id" if period.site else ""
    rows = fetch(session, period, f"""SELECT partner_id, name, helped, went, recommend, comment FROM (
        SELECT f.partner_id, pa.name, f.helped, f.went, f.recommend, f.comment, {day} AS day,
               ROW_NUMBER() OVER (PARTITION BY f.partner_id, r.person_id ORDER BY {day} DESC, f.recorded_at DESC) AS rn
        FROM feedback f JOIN referral r ON r.id = f.referral_id JOIN partner pa ON pa.id = f.partner_id {join}
        WHERE f.source = 'person' AND {day} >= :start AND {day} < :end AND {site_sql(period, 'r', 'c')})
        WHERE rn = 1 ORDER BY partner_id, day DESC""")
    out = []
    for pid, group in groupby(rows, key=lambda r: r[0]):
        given = list(group)  # (partner, name, helped, went, recommend, comment), newest first
        scores = [r[2] for r in given if r[2] is not None]
        said = [r[5] for r in given if r[5].strip()][:comments]
        out.append(PartnerFeedback(pid, given[0][1], len(given), statistics.fmean(scores) if scores else None,
                                   len(scores), sum(bool(r[3]) for r in given), sum(bool(r[4]) for r in given), said))
    return sorted(out, key=lambda f: (-f.people, f.name))


@dataclass(frozen=True)
class WellbeingChange:
    item: str  # ons_satisfied, ...
    people: int  # with a baseline and a follow-up answer to this question
    before: float | None  # mean at the first drop-in
    after: float | None  # mean at the latest follow-up
    change: float | None  # mean of each person's change (after - before)
    better: int  # for 'anxious', lower is better
    same: int
    worse: int


def wellbeing_change(session: Session, actor: Actor, period: Period) -> list[WellbeingChange]:
    """For people followed up in the period: each ONS4 answer at their first drop-in that asked it (the
    baseline) against their latest follow-up in the period that asked it.

    Items are reported one by one and never summed. The site is the site of the baseline drop-in.
    For 'anxious' a lower score is better."""
    require_advisor(actor, "reports")
    rows = fetch(session, period, f"""SELECT c.person_id, c.kind, c.started_at, {site_sql(period, 'c', 'c')} AS here,
        {", ".join(ONS4)} FROM conversation c
        WHERE c.person_id IN (SELECT person_id FROM conversation
                              WHERE kind = 'follow-up' AND started_at >= :start AND started_at < :end)
          AND (c.kind = 'drop-in' OR (c.kind = 'follow-up' AND c.started_at >= :start AND c.started_at < :end))
        ORDER BY c.person_id, c.started_at, c.version""")
    pairs: dict[str, list[tuple[int, int]]] = {item: [] for item in ONS4}
    for _, group in groupby(rows, key=lambda r: r[0]):
        talks = list(group)  # (person, kind, started_at, here, *ONS4 answers), oldest first
        for i, item in enumerate(ONS4, start=4):
            base = next((t for t in talks if t[1] == "drop-in" and t[i] is not None), None)
            after = [t for t in talks if t[1] == "follow-up" and t[i] is not None]
            if base is not None and base[3] and after and after[-1][2] > base[2]:
                pairs[item].append((base[i], after[-1][i]))

    def mean(values) -> float | None:
        values = list(values)
        return statistics.fmean(values) if values else None

    out = []
    for item, found in pairs.items():
        moves = [(-1 if item == "ons_anxious" else 1) * (a - b) for b, a in found]
        out.append(WellbeingChange(item, len(found), mean(b for b, _ in found), mean(a for _, a in found),
                                   mean(a - b for b, a in found), sum(m > 0 for m in moves),
                                   sum(m == 0 for m in moves), sum(m < 0 for m in moves)))
    return out


@dataclass(frozen=True)
class NeedBalance:
    need: str | None
    group: str  # creative, practical or other
    referrals: int
    items: int  # prescription (plan) items


def need_group(need: str | None) -> str:
    return "creative" if need in CREATIVE_NEEDS else "practical" if need in PRACTICAL_NEEDS else "other"


def offer_balance(session: Session, actor: Actor, period: Period, *, today: date | None = None) -> list[NeedBalance]:
    """Referrals and plan items by need in the period, each need marked creative, practical or other."""
    require_advisor(actor, "reports")
    refs = Counter(f[F.NEED] for f in _onward(session, period, today))
    join = "LEFT JOIN conversation c ON c.id = pr.conversation_id" if period.site else ""
    items = dict(fetch(session, period, f"""SELECT i.need, COUNT(*) FROM prescription pr
        JOIN prescriptionitem i ON i.prescription_id = pr.id {join}
        WHERE NOT i.removed AND pr.created_at >= :start AND pr.created_at < :end AND {site_sql(period, 'pr', 'c')}
        GROUP BY i.need"""))
    keys = list(NEEDS) + sorted(k for k in {*refs, *items} if k and k not in NEEDS)
    keys += [None] if None in refs or None in items else []
    return [NeedBalance(k, need_group(k), refs.get(k, 0), items.get(k, 0)) for k in keys]


@dataclass(frozen=True)
class PartnerToCheck:
    partner_id: str
    name: str
    last_verified: date | None
    stale: bool  # not verified for over a year
    no_contact: bool  # no key contact, or no way to reach them
    contact: str


def partners_to_check(session: Session, actor: Actor, period: Period) -> list[PartnerToCheck]:
    """Partners not verified for over a year (at the end of the period), and partners with no key contact."""
    require_advisor(actor, "reports")
    out = []
    for p in list_partners(session):
        stale = is_stale(p, period.end)
        no_contact = not p.contact_name.strip() or not (p.contact_phone.strip() or p.contact_email.strip())
        if stale or no_contact:
            contact = ", ".join(x for x in (p.contact_name, p.contact_phone or p.contact_email) if x.strip())
            out.append(PartnerToCheck(p.id, p.name, p.last_verified, stale, no_contact, contact))
    return out


@dataclass
class ReportSet:
    period: Period
    made_at: datetime
    referrals: ReferralsMade
    outcomes: Outcomes
    load: list[PartnerLoad]
    feedback: list[PartnerFeedback]
    wellbeing: list[WellbeingChange]
    balance: list[NeedBalance]
    partners: list[PartnerToCheck]
    partner_updates: int  # updates from partners reported in the period
    safeguarding: list[Table] = field(default_factory=list)  # concerns, referrals in; partnership (counts only)
    check_in_weeks: int = 4  # a referral open longer than this is stuck

    @property
    def stuck(self) -> int:
        return sum(p.stuck for p in self.load)


def build_reports(session: Session, actor: Actor, period: Period, *, check_in_weeks: int = 4,
                  today: date | None = None, rules: partnership.Rules | None = None) -> ReportSet:
    """Every report for the period: what the Reports screen shows and `liferooms report` prints. A referral
    open longer than `check_in_weeks` counts as stuck; `rules`: the partnership's settings (partnership.py)."""
    require_advisor(actor, "reports")
    today = today or date.today()
    join = "LEFT JOIN conversation c ON c.id = r.conversation_id" if period.site else ""
    updates = fetch(session, period, f"""SELECT COUNT(*) FROM feedback f JOIN referral r ON r.id = f.referral_id
        {join} WHERE f.source = 'partner' AND {site_sql(period, 'r', 'c')}
        AND COALESCE(f.reported_on, substr(f.recorded_at, 1, 10)) BETWEEN :start AND :last""",
                    last=period.end.isoformat())[0][0]
    with shared_facts(session, period, today):
        kw = {"today": today}
        sites = (period.site, *period.site_names) if period.site else ()
        counted = [figures.concerns_table(session, actor, period.start, period.end, sites),
                   *figures.referrals_in_tables(session, actor, period.start, period.end, sites),
                   *partnership.tables(session, actor, period.end, today, rules)]
        return ReportSet(period, utcnow(), referrals_made(session, actor, period, **kw),
                         outcomes(session, actor, period, **kw),
                         partner_load(session, actor, period, check_in_weeks=check_in_weeks, **kw),
                         person_feedback(session, actor, period), wellbeing_change(session, actor, period),
                         offer_balance(session, actor, period, **kw), partners_to_check(session, actor, period),
                         updates, counted, check_in_weeks)
