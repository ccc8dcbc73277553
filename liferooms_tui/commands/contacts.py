"""`liferooms contacts`: who's who, every partner's key contact and how to reach them (open to volunteers)."""

from __future__ import annotations

import sys

from liferooms_tui.directory.contacts import SUFFIX, list_contacts, render_contacts
from liferooms_tui.reports.tables import write_export


def register(subparsers) -> None:
    parser = subparsers.add_parser("contacts", help="who's who: partners' key contacts, searchable",
                                   description="Every partner's key contact and how to reach them. Partner data "
                                   "only, so volunteers can use it too.")
    parser.add_argument("--search", metavar="TEXT", default="", help="only partners matching every word (name, "
                        "contact, role, phone, email, need, place)")
    parser.add_argument("--format", choices=list(SUFFIX), default="table", help="output format (default: table)")
    parser.add_argument("--out", metavar="PATH", help="write to this file (or a new file in this folder)")
    parser.set_defaults(func=run)


def run(runtime, args) -> int:
    with runtime.store.session() as session:
        contacts = list_contacts(session, args.search)
    text = render_contacts(contacts, args.format, args.search)
    if args.out:
        path = write_export(text, args.out, f"whos who {args.search}".strip(), SUFFIX[args.format])
        print(f"{len(contacts)} contacts written to {path}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
