"""`liferooms crisis`: the crisis contacts, what each is for (no personal data: open to every role)."""

from __future__ import annotations

import sys

from liferooms_tui.commands.common import plain, print_json
from liferooms_tui.config import load_settings, resolve_paths
from liferooms_tui.safeguarding.crisis import CrisisContact, crisis_contacts


def register(subparsers) -> None:
    parser = subparsers.add_parser("crisis", help="crisis contacts: who to turn to at once, and what each is for",
                                   description="The crisis contacts (also F12 in the app). The local crisis line "
                                   "and the safeguarding lead are set in settings.toml.")
    parser.add_argument("--json", action="store_true", help="print as JSON")
    parser.set_defaults(func=run, before_opening=True)  # no passphrase: it holds no personal data


def run(args) -> int:
    contacts = crisis_contacts(load_settings(resolve_paths(args.data_dir)))
    if args.json:
        print_json([{"name": c.name, "how": c.how, "what_for": c.what_for, "set": c.is_set} for c in contacts])
    else:
        sys.stdout.write(as_text(contacts))
    return 0


def as_text(contacts: list[CrisisContact]) -> str:
    """Name and how to reach them, then what each is for; settings text shown literally."""
    width = max(len(c.name) for c in contacts)
    lines = []
    for c in contacts:
        lines += [f"{c.name:<{width}}  {plain(c.how)}", f"{'':<{width}}  {c.what_for}"]
    return "\n".join(lines) + "\n"
