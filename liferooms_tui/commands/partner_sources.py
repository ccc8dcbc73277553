"""`liferooms partners take-source PARTNER FIELD`: replace an advisor's edit of an imported partner's field with
what its source said at the last import (hand edits are otherwise kept over re-imports: the import summary lists
them). commands/partners.py adds it to the `partners` subcommands with `add_subcommands`."""

from __future__ import annotations

from liferooms_tui.commands.common import plain, print_json
from liferooms_tui.directory.openreferral.hand_edits import shown
from liferooms_tui.directory.openreferral.mapping import PARTNER_FIELDS
from liferooms_tui.partners.source_values import take_source


def add_subcommands(sub) -> None:
    taking = sub.add_parser(
        "take-source", help="take the source's value for a field you edited by hand",
        description="An imported partner keeps the fields you edited when its source is imported again (the import "
        "summary lists them). This takes what the source said at its last import instead. Advisors only.")
    taking.add_argument("partner", metavar="PARTNER", help="the partner's id (or the start of it) or its whole name")
    taking.add_argument("field", metavar="FIELD", help=f"the field: {', '.join(PARTNER_FIELDS)}")
    taking.add_argument("--json", action="store_true", help="print what changed as JSON")
    taking.set_defaults(func=take_source_command)


def take_source_command(runtime, args) -> int:
    with runtime.store.session() as session:
        done = take_source(session, runtime.actor, args.partner, args.field)
    if args.json:
        print_json(done)
    elif done["changed"]:
        print(f"{plain(done['name'])}: {done['field']} is now the source's {shown(done['value'], 80)} "
              f"(was {shown(done['was'], 80)}).")
    else:
        print(f"{plain(done['name'])}: {done['field']} is already the source's {shown(done['value'], 80)}.")
    return 0
