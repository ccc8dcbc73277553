"""`liferooms directory ...`: the partner directory from the command line."""

from __future__ import annotations

from liferooms_tui.commands.common import plain, print_json
from liferooms_tui.directory.partners import list_partners, partner_summary
from liferooms_tui.vocabulary import NEEDS


def register(subparsers) -> None:
    parser = subparsers.add_parser("directory", help="the partner directory: list, search, import, export")
    sub = parser.add_subparsers(dest="directory_command", metavar="COMMAND", required=True)
    listing = sub.add_parser("list", help="list partners, optionally for one need")
    listing.add_argument("--need", choices=list(NEEDS), help="only partners meeting this need")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(func=list_command)


def list_command(runtime, args) -> int:
    with runtime.store.session() as session:
        partners = list_partners(session, need=args.need)
        if args.json:
            print_json([partner_summary(p) for p in partners])
            return 0
        for p in partners:
            print(f"{plain(p.name)[:48]:48}  {', '.join(p.needs):32}  {plain(p.contact_phone)}")
        print(f"{len(partners)} partners")
    return 0
