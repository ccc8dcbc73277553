"""`liferooms report`: the service's reports for a period and site, as a table, CSV or JSON.

Small numbers are hidden in every output of this command (counts of 1 to 4 show as "<5", other counts are
rounded to the nearest 5): it is an export.
"""

from __future__ import annotations

import sys

from liferooms_tui.partners.status import Rules
from liferooms_tui.reports import build_reports
from liferooms_tui.reports.layout import SUFFIX, render_report, save_report
from liferooms_tui.reports.period import make_period


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report", help="reports: referrals, outcomes, partner load, feedback, wellbeing, balance of the offer",
        description="Reports for a period (default: the last six months) and optionally one site. Counts of 1 to "
        "4 are shown as <5 and other counts rounded to the nearest 5. CSV is one table of rows "
        "'table,row,column,value' (filter by table).")
    parser.add_argument("--from", dest="start", metavar="DATE", help="first day, YYYY-MM-DD (default: six months "
                        "before --to)")
    parser.add_argument("--to", dest="end", metavar="DATE", help="last day, YYYY-MM-DD (default: today)")
    parser.add_argument("--site", metavar="SITE", help="only referrals made at this site, e.g. 'Bootle Hub'")
    parser.add_argument("--format", choices=list(SUFFIX), default="table", help="output format (default: table)")
    parser.add_argument("--out", metavar="PATH", help="write to this file (or a new file in this folder), "
                        "readable by you only")
    parser.set_defaults(func=run)


def run(runtime, args) -> int:
    with runtime.store.session() as session:
        period = make_period(session, args.start, args.end, args.site)
        rs = build_reports(session, runtime.actor, period, check_in_weeks=runtime.settings.check_in_weeks,
                           rules=Rules.of(runtime.settings))
        if args.out:
            path = save_report(session, runtime.actor, rs, args.format, args.out)
            print(f"Report for {period.label} written to {path}", file=sys.stderr)
            return 0
    sys.stdout.write(render_report(rs, args.format))
    return 0
