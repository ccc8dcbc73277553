"""`liferooms concerns ...`: record a safeguarding concern, list them, move one on, close one (the lead only)."""

from __future__ import annotations

import sys

from liferooms_tui.commands.common import plain, print_json
from liferooms_tui.reports.tables import render
from liferooms_tui.safeguarding import concerns, figures
from liferooms_tui.vocabulary import CONCERN_CATEGORIES, CONCERN_STATUSES, CONCERN_URGENCIES


def register(subparsers) -> None:
    parser = subparsers.add_parser("concerns", help="safeguarding concerns: add, list, review, close (advisors and "
                                   "the lead)")
    sub = parser.add_subparsers(dest="concerns_command", metavar="COMMAND", required=True)
    add = sub.add_parser("add", help="record a concern about a person (the lead must have been told)")
    add.add_argument("person", metavar="PERSON", help="the person's id, or a name that finds only them")
    add.add_argument("--category", action="append", required=True, metavar="KIND",
                     help=f"what kind (repeat or use commas): {', '.join(CONCERN_CATEGORIES)}")
    add.add_argument("--what", required=True, metavar="TEXT", help="what was said or seen, in their words")
    add.add_argument("--action", default="", metavar="TEXT", help="the immediate action taken")
    add.add_argument("--urgency", default="routine", choices=list(CONCERN_URGENCIES))
    add.add_argument("--lead-informed", default="", metavar='"NAME, DATE, HOW"',
                     help='who was told, when and how, e.g. "Sam Lead, 04/12/2026, phone"')
    add.add_argument("--draft", action="store_true", help="keep it as a draft when the lead is not told yet")
    add.add_argument("--json", action="store_true", help="print the concern as JSON")
    add.set_defaults(func=add_command)
    listing = sub.add_parser("list", help="concerns you can see, newest first")
    listing.add_argument("--open", action="store_true", help="only open ones and those under review")
    listing.add_argument("--json", action="store_true", help="print as JSON")
    listing.set_defaults(func=list_command)
    review = sub.add_parser("review", help="mark an open concern as under review")
    review.add_argument("id", metavar="ID")
    review.set_defaults(func=review_command)
    close = sub.add_parser("close", help="close a concern with its outcome (the safeguarding lead only)")
    close.add_argument("id", metavar="ID")
    close.add_argument("--outcome", required=True, metavar="TEXT", help="what happened in the end")
    close.set_defaults(func=close_command)
    report = sub.add_parser("report", help="counts by kind, open and closed (small numbers hidden)")
    report.add_argument("--format", choices=["table", "csv", "json"], default="table")
    report.set_defaults(func=report_command)


def _categories(values: list[str]) -> list[str]:
    return [part for value in values for part in value.split(",") if part.strip()]


def add_command(runtime, args) -> int:
    with runtime.store.session() as session:
        person = concerns.person_named(session, runtime.actor, args.person)
        lead = concerns.parse_lead_informed(args.lead_informed)
        concern = concerns.raise_concern(session, runtime.actor, person.id, what=args.what,
                                         categories=_categories(args.category), action_taken=args.action,
                                         urgency=args.urgency, lead=lead, draft=args.draft)
        row = concerns.ConcernRow(concern, person.display_name)
    if args.json:
        print_json(concerns.summary(row))
    else:
        print(f"Concern {concern.id} recorded for {plain(person.display_name)}: "
              f"{CONCERN_STATUSES[concern.status].lower()}.")
    return 0


def list_command(runtime, args) -> int:
    with runtime.store.session() as session:
        rows = concerns.list_concerns(session, runtime.actor, open_only=args.open)
    if args.json:
        print_json([concerns.summary(r) for r in rows])
        return 0
    if not rows:
        print("No concerns to show.")
    for row in rows:
        c = row.concern
        kinds = ", ".join(CONCERN_CATEGORIES.get(k, k) for k in c.categories)
        print(f"{c.id}  {c.raised_at:%d/%m/%Y}  {CONCERN_STATUSES.get(c.status, c.status):<26} "
              f"{plain(row.person_name)[:30]:<30} {kinds}")
    return 0


def review_command(runtime, args) -> int:
    with runtime.store.session() as session:
        concerns.start_review(session, runtime.actor, args.id)
    print("The concern is under review.")
    return 0


def close_command(runtime, args) -> int:
    with runtime.store.session() as session:
        concerns.close_concern(session, runtime.actor, args.id, args.outcome)
    print("The concern is closed.")
    return 0


def report_command(runtime, args) -> int:
    with runtime.store.session() as session:
        table = figures.concerns_table(session, runtime.actor)
    about = [("report", "Safeguarding concerns"), ("note", "1 to 4 shown as <5; other counts rounded to 5")]
    sys.stdout.write(render([table], about, args.format, suppress=True))
    return 0
