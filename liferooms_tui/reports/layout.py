"""A report set laid out as tables, rendered to CSV, JSON or text, and written to a private file.

The screen shows these tables with exact figures; every export (CLI output, files) hides small numbers
(see report_tables.py for the rule and the CSV layout).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlmodel import Session

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.files import write_private
from liferooms_tui.partners.status import Rules
from liferooms_tui.privacy import audit
from liferooms_tui.reports import LOAD_WEEKS, NOT_RECORDED, ReportSet, build_reports
from liferooms_tui.reports.period import Period
from liferooms_tui.reports.tables import SMALL, Cell, Count, Ratio, Stat, Table, Words, export_target, render
from liferooms_tui.vocabulary import NEEDS, STATUSES, InvalidValue

# ONS4 questions in a few words, for table rows.
ONS4_SHORT = {
    "ons_satisfied": "Life satisfaction",
    "ons_worthwhile": "Things done are worthwhile",
    "ons_happy": "Happy yesterday",
    "ons_anxious": "Anxious yesterday (lower is better)",
}
GROUPS = {"creative": "Creative", "practical": "Practical", "other": "Other (wellbeing)"}
SUFFIX = {"csv": ".csv", "json": ".json", "table": ".txt"}


def about(rs: ReportSet, *, suppress: bool = True) -> list[tuple[str, str]]:
    rows = [("report", "liferooms service report"), ("from", rs.period.start.isoformat()),
            ("to", rs.period.end.isoformat()), ("site", rs.period.site or "all sites"),
            ("made_at", rs.made_at.isoformat(timespec="seconds"))]
    if suppress:
        rows.append(("small_numbers", "counts of 1 to 4 are shown as <5 and other counts rounded to the nearest "
                                      "5; shares and rates are worked out from the rounded counts, means given "
                                      "to one decimal place; figures worked out from 1 to 4 are shown as n<5; "
                                      "comments from fewer than 5 people, and decline reasons given fewer than 5 "
                                      "times, are left out"))
    return rows


def _share(part: int, whole: int) -> Ratio:
    return Ratio(part, whole, 100, whole_is_count=True, digits=0, unit="%")


OTHER_REASONS = "Other reasons (each given fewer than 5 times)"


def _declined_rows(reasons: list[tuple[str, int]], suppress: bool) -> list[list]:
    """Reasons as typed, with their counts. In exports a reason given fewer than 5 times is not shown (it is
    an advisor's free text and could say who it was about): those are counted together."""
    if not suppress:
        return [[reason, Count(n)] for reason, n in reasons]
    rows = [[reason, Count(n)] for reason, n in reasons if n >= SMALL]
    other = sum(n for _, n in reasons if n < SMALL)
    return rows + ([[OTHER_REASONS, Count(other)]] if other else [])


def tables_for(rs: ReportSet, *, suppress: bool = False) -> list[Table]:
    """The report set as tables: exact, for the screen; suppress=True for an export (see report_tables.py)."""
    made, out = rs.referrals, rs.outcomes
    summary = Table("summary", "Summary", ["Measure", "Value"], [
        ["Onward referrals made", Count(made.referrals)],
        ["People referred", Count(made.people)],
        ["Signposted (nothing sent)", Count(made.signposted)],
        ["Referrals still open", Count(out.still_open)],
        [f"Referrals stuck (open over {rs.check_in_weeks} weeks, any partner)", Count(rs.stuck)],
        ["Median days from queued to accepted", Stat(out.median_days_to_accept, out.accepted_timed, unit=" days")],
        ["Feedback from people", Count(sum(f.people for f in rs.feedback))],
        ["Updates from partners", Count(rs.partner_updates)],
    ])
    need_rows: list[list[Cell]] = [[r.label, Count(r.referrals), Count(r.people)] for r in made.by_need]
    by_need = Table("referrals_by_need", "Onward referrals by need", ["Need", "Referrals", "People"],
                    need_rows
                    + [["All needs", Count(made.referrals), Count(made.people)]],
                    "People are counted once per need and once in 'All needs'.")
    by_partner = Table("referrals_by_partner", "Onward referrals by partner", ["Partner", "Referrals", "People"],
                       [[r.label, Count(r.referrals), Count(r.people)] for r in made.by_partner])
    outcome = Table("outcomes", "Outcome of referrals made in the period", ["Outcome", "Reached", "Now"],
                    [[STATUSES[s], Count(out.reached.get(s, 0)), Count(out.now.get(s, 0))]
                     for s in STATUSES if s != "signposted"],
                    "Reached: ever had this status. Now: current status, as known today.")
    declined = Table("declined_reasons", "Declined, by reason", ["Reason", "Referrals"],
                     _declined_rows(out.declined_reasons, suppress))
    weeks = rs.check_in_weeks
    load = Table("partner_load", f"Partner load: referrals made in the last {LOAD_WEEKS} weeks against "
                 f"{LOAD_WEEKS} weeks' places",
                 ["Partner", "Places a week", f"Made in the last {LOAD_WEEKS} weeks", "Load (of the places)",
                  "Open now", f"Stuck (open over {weeks} weeks)"],
                 [[p.name, p.capacity if p.capacity else "no limit", Count(p.recent),
                   Ratio(p.recent, p.places or 0, 100, digits=0, unit="%"), Count(p.open), Count(p.stuck)]
                  for p in rs.load],
                 f"Load: referrals made in the {LOAD_WEEKS} weeks to the end of the period, against places a week "
                 f"x {LOAD_WEEKS} (100%: full). Open now: open at the end of the period, however old. Stuck: of "
                 f"those, open for over {weeks} weeks (the check-in time): ring the partner. Most loaded first.")
    feedback = Table("person_feedback", "People's feedback per partner",
                     ["Partner", "People", "Helped (1-5)", "Went", "Recommend", "Recent comments"],
                     [[f.name, Count(f.people), Stat(f.mean_helped, f.scored, digits=2), Count(f.went),
                       Count(f.recommend), Words(" | ".join(f.comments), f.people)] for f in rs.feedback])
    wellbeing = Table("wellbeing_change", "Wellbeing change (ONS4, each question on its own)",
                      ["Question", "People", "Before", "After", "Change", "Better", "Same", "Worse"],
                      [[ONS4_SHORT[w.item], Count(w.people), Stat(w.before, w.people, 2),
                        Stat(w.after, w.people, 2), Stat(w.change, w.people, 2), Count(w.better), Count(w.same),
                        Count(w.worse)]
                       for w in rs.wellbeing],
                      "Mean scores 0-10: before = first drop-in, after = latest follow-up in the period. "
                      "Each question on its own, never summed.")
    return [summary, by_need, by_partner, outcome, declined, load, feedback, wellbeing, _balance(rs),
            _partners(rs), *rs.safeguarding]


def _balance(rs: ReportSet) -> Table:
    refs = sum(b.referrals for b in rs.balance)
    items = sum(b.items for b in rs.balance)
    rows: list[list[Cell]] = [
        [NEEDS.get(b.need, b.need) if b.need else NOT_RECORDED, GROUPS[b.group], Count(b.referrals),
         _share(b.referrals, refs), Count(b.items), _share(b.items, items)] for b in rs.balance]
    for group, label in GROUPS.items():
        g_refs = sum(b.referrals for b in rs.balance if b.group == group)
        g_items = sum(b.items for b in rs.balance if b.group == group)
        rows.append([f"All {label.lower()}", label, Count(g_refs), _share(g_refs, refs), Count(g_items),
                     _share(g_items, items)])
    return Table("offer_balance", "Balance of the offer: creative against practical",
                 ["Need", "Group", "Referrals", "Share", "Plan items", "Share of items"], rows)


def _partners(rs: ReportSet) -> Table:
    def why(p) -> str:
        return "; ".join(w for w, flag in (("not verified for over a year", p.stale), ("no key contact", p.no_contact))
                         if flag)

    return Table("partners_to_check", "Partners to check", ["Partner", "Why", "Last verified", "Key contact"],
                 [[p.name, why(p), p.last_verified or "never", p.contact] for p in rs.partners])


def render_report(rs: ReportSet, fmt: str = "table", *, suppress: bool = True) -> str:
    """The whole report set as CSV, JSON or text; small numbers hidden unless suppress=False."""
    return render(tables_for(rs, suppress=suppress), about(rs, suppress=suppress), fmt, suppress=suppress)


def save_report(session: Session, actor: Actor, rs: ReportSet, fmt: str, out: str | Path, *,
                folder: bool | None = None) -> Path:
    """Write the report set (small numbers hidden) to `out` and note the export in the audit log."""
    require_advisor(actor, "reports")
    what = f"report {rs.period.start} to {rs.period.end} {rs.period.site or ''}"
    text = render_report(rs, fmt)
    path = export_target(out, what, SUFFIX[fmt], folder=folder)
    audit.record(session, actor, "export", "report", None, None, f"{path.name}: {rs.period.label}")
    session.flush()  # a busy database is found before the file is written (it is tried again), not after
    try:
        write_private(path, text)
    except OSError as exc:
        raise InvalidValue(f"The report could not be saved in {path.parent} ({exc.strerror or exc}); check the "
                           "folder exists and you can write to it.") from exc
    return path


def export_report(session: Session, actor: Actor, period: Period, folder: Path, *, fmt: str = "csv",
                  check_in_weeks: int = 4, today: date | None = None, rules: Rules | None = None) -> Path:
    """Build the report set and write it into a new file in `folder` (the Reports screen's export key)."""
    rs = build_reports(session, actor, period, check_in_weeks=check_in_weeks, today=today, rules=rules)
    return save_report(session, actor, rs, fmt, Path(folder), folder=True)
