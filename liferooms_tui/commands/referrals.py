"""`liferooms referrals list`: referrals and their current status."""

from __future__ import annotations

from liferooms_tui import referrals
from liferooms_tui.commands.common import plain, print_json
from liferooms_tui.vocabulary import NEEDS, STATUSES


def register(subparsers) -> None:
    parser = subparsers.add_parser("referrals", help="referrals and their status")
    sub = parser.add_subparsers(dest="referrals_command", metavar="COMMAND", required=True)
    listing = sub.add_parser("list", help="list referrals, newest first")
    listing.add_argument("--status", choices=list(STATUSES), help="only referrals with this current status")
    listing.add_argument("--partner", metavar="ID", help="only referrals to this partner")
    listing.add_argument("--need", choices=list(NEEDS), help="only referrals for this need")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(func=list_command)


def list_command(runtime, args) -> int:
    with runtime.store.session() as session:
        rows = referrals.list_referrals(session, runtime.actor, status=args.status, partner_id=args.partner,
                                        need=args.need)
    if args.json:
        print_json([referrals.referral_summary(r) for r in rows])
        return 0
    for row in rows:
        print(f"{row.referral.created_at:%Y-%m-%d}  {STATUSES[row.status]:22}  {plain(row.person_name)[:20]:20}  "
              f"{plain(row.partner_name)[:40]}")
    print(f"{len(rows)} referrals")
    return 0
