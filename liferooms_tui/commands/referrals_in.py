"""`liferooms referrals-in ...`: record a referral into the service, triage it, list them, tell the referrer."""

from __future__ import annotations

import sys

from liferooms_tui.commands.common import plain, print_json
from liferooms_tui.reports.tables import render
from liferooms_tui.safeguarding import figures, referrals_in
from liferooms_tui.vocabulary import REDIRECT_KINDS, REFERRAL_IN_OUTCOMES


def register(subparsers) -> None:
    parser = subparsers.add_parser("referrals-in", help="referrals into the service: add, triage, list, tell")
    sub = parser.add_subparsers(dest="referrals_in_command", metavar="COMMAND", required=True)
    add = sub.add_parser("add", help="record a referral from a partner, a GP or the person themselves")
    add.add_argument("--from", dest="source", required=True, metavar="SOURCE",
                     help="a partner's name, 'gp: WHO', 'self' or 'other: WHO'")
    add.add_argument("--reason", required=True, metavar="TEXT", help="why they referred, in their words")
    add.add_argument("--person", default="", metavar="NAME", help="the person (an id, or a name; a new name makes "
                     "a record only with --consent)")
    add.add_argument("--date", default="", metavar="DD/MM/YYYY", help="the day it came (default: today)")
    add.add_argument("--consent", action="store_true", help="the person agreed to be referred and to a record")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=add_command)
    triage = sub.add_parser("triage", help="accepted for a drop-in, redirected or signposted")
    triage.add_argument("id", metavar="ID")
    triage.add_argument("--outcome", required=True, choices=list(REFERRAL_IN_OUTCOMES))
    triage.add_argument("--redirect", choices=list(REDIRECT_KINDS), help="why redirected (default: other)")
    triage.add_argument("--reason", default="", metavar="TEXT", help="the reason (required when redirected)")
    triage.set_defaults(func=triage_command)
    listing = sub.add_parser("list", help="referrals in, newest first")
    listing.add_argument("--untriaged", action="store_true", help="only those waiting for triage")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=list_command)
    tell = sub.add_parser("tell", help="the short text that tells the referrer the outcome")
    tell.add_argument("id", metavar="ID")
    tell.set_defaults(func=tell_command)
    report = sub.add_parser("report", help="by source and outcome, and each partner's share redirected")
    report.add_argument("--format", choices=["table", "csv", "json"], default="table")
    report.set_defaults(func=report_command)


def add_command(runtime, args) -> int:
    with runtime.store.session() as session:
        referral = referrals_in.add_referral_in(session, runtime.actor, source=args.source, reason=args.reason,
                                                person=args.person, received_on=args.date, consent=args.consent)
        row = referrals_in.rows_of(session, [referral])[0]
    if args.json:
        print_json(referrals_in.summary(row))
    else:
        print(f"Referral in {referral.id} recorded from {plain(referral.source_name or referral.source_kind)}.")
    return 0


def triage_command(runtime, args) -> int:
    with runtime.store.session() as session:
        referral = referrals_in.triage(session, runtime.actor, args.id, args.outcome, redirect_kind=args.redirect,
                                       reason=args.reason)
        row = referrals_in.rows_of(session, [referral])[0]
    print(f"Triaged: {REFERRAL_IN_OUTCOMES[referral.outcome].lower()}. For the referrer:")
    print(plain(referrals_in.outcome_text(row)))
    return 0


def list_command(runtime, args) -> int:
    with runtime.store.session() as session:
        rows = referrals_in.list_referrals_in(session, runtime.actor, untriaged=args.untriaged)
    if args.json:
        print_json([referrals_in.summary(r) for r in rows])
        return 0
    if not rows:
        print("No referrals in to show.")
    for row in rows:
        r = row.referral
        outcome = REFERRAL_IN_OUTCOMES.get(r.outcome, "waiting for triage")
        print(f"{r.id}  {r.received_on:%d/%m/%Y}  {plain(r.source_name or r.source_kind)[:28]:<28} "
              f"{plain(row.person_name)[:24]:<24} {outcome}")
    return 0


def tell_command(runtime, args) -> int:
    with runtime.store.session() as session:
        row = next((r for r in referrals_in.list_referrals_in(session, runtime.actor) if r.referral.id == args.id),
                   None)
    if row is None:
        print(f"liferooms: no referral in '{plain(args.id)[:40]}': 'liferooms referrals-in list' shows their ids.",
              file=sys.stderr)
        return 1
    print(plain(referrals_in.outcome_text(row)))
    return 0


def report_command(runtime, args) -> int:
    with runtime.store.session() as session:
        tables = figures.referrals_in_tables(session, runtime.actor)
    about = [("report", "Referrals in"), ("note", "1 to 4 shown as <5; other counts rounded to 5")]
    sys.stdout.write(render(tables, about, args.format, suppress=True))
    return 0
