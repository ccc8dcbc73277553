"""`liferooms directory ...`: the partner directory from the command line.

Each subcommand is added by one function in SUBCOMMANDS taking the directory's subparsers; another module can
add its own with one line (for example `directory.SUBCOMMANDS.append(openreferral.add_subcommands)`).
"""

from __future__ import annotations

import shutil
import textwrap

from liferooms_tui.commands import openreferral, sample
from liferooms_tui.commands.common import plain, print_json
from liferooms_tui.directory.capacity import open_referrals_this_week
from liferooms_tui.directory.partners import list_partners, partner_summary
from liferooms_tui.directory.sample import is_fictional
from liferooms_tui.directory.search import Filters, index_from_file
from liferooms_tui.vocabulary import NEEDS, SITES, InvalidValue, check_need, normalise_district, plural

FICTIONAL = " (fictional)"  # a sample partner, in lists


def add_list(sub) -> None:
    listing = sub.add_parser("list", help="list partners, optionally for one need")
    listing.add_argument("--need", choices=list(NEEDS), help="only partners meeting this need")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(func=list_command)


def add_search(sub) -> None:
    search = sub.add_parser(
        "search", help="search partners by need, lay words or name, typos forgiven",
        description="Search the partner directory as an advisor would: lay words ('evicted', 'PIP', 'lonely') "
        "and typos ('hosing') are understood. Each result says why it matched.")
    search.add_argument("query", nargs="?", default="", metavar="QUERY",
                        help="what to look for (empty with --need lists that need's partners by name)")
    search.add_argument("--need", action="extend", nargs="+", default=[], metavar="NEED",
                        help=f"only partners meeting one of these needs: {', '.join(NEEDS)}")
    search.add_argument("--postcode", metavar="DISTRICT", help="only partners for people from this district, those "
                        "in it first, then those in its postcode area (BS5: BS)")
    search.add_argument("--delivery", action="extend", nargs="+", default=[], metavar="WAY",
                        choices=list(DELIVERY_WAYS), help="only partners delivering one of these ways: "
                        f"{', '.join(DELIVERY_WAYS)}")
    search.add_argument("--hub", metavar="HUB", help="only partners delivering at this hub or site "
                        "('Bootle Hub', or 'any' for any hub)")
    search.add_argument("--capacity", action="store_true", help="only partners with places left this week")
    search.add_argument("--limit", type=int, default=20, metavar="N", help="at most N results (default 20)")
    search.add_argument("--json", action="store_true", help="print a JSON array, best first")
    search.set_defaults(func=search_command)


# The `directory` subcommands, in the order shown by --help; other modules may append theirs.
SUBCOMMANDS = [add_list, add_search, sample.add_subcommands]


def register(subparsers) -> None:
    parser = subparsers.add_parser("directory", help="the partner directory: list, search, import, export")
    sub = parser.add_subparsers(dest="directory_command", metavar="COMMAND", required=True)
    for add in SUBCOMMANDS:
        add(sub)
    openreferral.add_subcommands(sub)  # import, export (Open Referral UK)


def list_command(runtime, args) -> int:
    with runtime.store.session() as session:
        partners = list_partners(session, need=args.need)
        if args.json:
            print_json([partner_summary(p) for p in partners])
            return 0
        for p in partners:
            mark = FICTIONAL if is_fictional(p) else ""
            name = plain(p.name)[:48 - len(mark)] + mark
            print(f"{name:48}  {', '.join(p.needs):32}  {plain(p.contact_phone)}")
        print(f"{len(partners)} partners")
    return 0


def search_filters(args) -> Filters:
    """The filters typed on the command line, checked: a clear one-line error for anything wrong."""
    hub, at_hub = None, False
    if args.hub is not None:
        wanted = args.hub.strip().casefold()
        if wanted in {"any", "any hub", "hub"}:
            at_hub = True
        else:
            matches = [s for s in SITES if s.casefold() in {wanted, f"{wanted} hub"}]
            if not matches:
                raise InvalidValue(f"'{args.hub}' is not a hub or site: use one of {', '.join(SITES)}, or 'any'.")
            hub = matches[0]
    if not 1 <= args.limit <= 10_000:
        raise InvalidValue("--limit takes a whole number from 1 to 10000.")
    return Filters(
        needs=frozenset(check_need(n) for n in args.need),
        hub=hub,
        at_hub=at_hub,
        postcode=normalise_district(args.postcode),
        has_capacity=args.capacity,
        delivery=frozenset(DELIVERY_WAYS[w] for w in args.delivery),
    )


DELIVERY_WAYS = {"venue": "venue", "phone": "phone", "online": "online", "home-visit": "home visit"}
MATCHES_COUNTED = 10_000  # a search counts this many matches at most ("10,000+")


def search_command(runtime, args) -> int:
    filters = search_filters(args)
    with runtime.store.session() as session:
        index = index_from_file(session, runtime.paths.database)
        open_counts = open_referrals_this_week(session)
    matched = index.search(args.query, filters, open_referrals=open_counts, limit=MATCHES_COUNTED)
    hits = matched[:args.limit]
    if args.json:
        print_json([{
            "id": h.partner.id, "name": h.partner.name, "needs": list(h.partner.needs), "score": h.score,
            "why": h.why, "open_referrals_this_week": open_counts.get(h.partner.id, 0),
            "capacity_per_week": h.partner.capacity_per_week, "hubs": list(h.partner.hubs),
            "catchment": list(h.partner.catchment), "contact_phone": h.partner.contact_phone,
            "delivery": list(h.partner.delivery), "districts": list(h.partner.districts),
            "fictional": is_fictional(h.partner),
        } for h in hits])
        return 0
    width = max(60, min(shutil.get_terminal_size((100, 24)).columns, 160))
    for h in hits:  # whole names, wrapped: two services must never look the same
        mark = FICTIONAL if is_fictional(h.partner) else ""
        print(textwrap.fill(plain(h.partner.name) + mark, width, subsequent_indent="    "))
        needs = f"needs: {', '.join(h.partner.needs)} · " if h.partner.needs else ""
        print(textwrap.fill(f"{needs}{plain(h.why)}", width, initial_indent="    ", subsequent_indent="    "))
    if not hits:
        print("No partners match; try fewer words or fewer filters.")
    else:
        more = f"{len(matched):,}+" if len(matched) == MATCHES_COUNTED else f"{len(matched):,}"
        if len(hits) == len(matched):
            print(f"{plural(len(hits), 'partner')} {'matches' if len(hits) == 1 else 'match'}")
        else:
            print(f"{more} partners match (the best {len(hits)} shown; --limit shows more)")
    return 0
