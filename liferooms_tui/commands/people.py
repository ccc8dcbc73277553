"""`liferooms people show|edit|merge`: see a person's record, correct it, merge two records of one person."""

from __future__ import annotations

from liferooms_tui.commands.common import plain, print_json
from liferooms_tui.dropin import people, records
from liferooms_tui.vocabulary import BENEFITS, InvalidValue

PERSON_HELP = "the person's id, or enough of its start to be one (see 'liferooms privacy find NAME')"
# --flag -> the field it changes (the same words as the merge's --take).
EDIT_FLAGS = {"name": "display_name", "postcode": "postcode_district", "born": "date_of_birth",
              "benefits": "benefits", "consent_store": "consent_store", "consent_share": "consent_share"}


def register(subparsers) -> None:
    parser = subparsers.add_parser("people", help="a person's record: show, correct, merge two records")
    sub = parser.add_subparsers(dest="people_command", metavar="COMMAND", required=True)
    show = sub.add_parser("show", help="a person's details and how many drop-ins, plans and referrals they have")
    show.add_argument("person", metavar="PERSON", help=PERSON_HELP)
    show.add_argument("--json", action="store_true", help="print a JSON object")
    show.set_defaults(func=show_command)
    edit = sub.add_parser("edit", help="correct a person's details (only the ones given change)")
    edit.add_argument("person", metavar="PERSON", help=PERSON_HELP)
    edit.add_argument("--name", metavar="NAME", help="name or initials, as they wish to be known")
    edit.add_argument("--postcode", metavar="DISTRICT", help="postcode district, such as L20 ('' for none)")
    edit.add_argument("--born", metavar="DATE", help="date of birth, DD/MM/YYYY ('' for none)")
    edit.add_argument("--benefits", metavar="LIST", help=f"benefits, comma-separated ('' for none): "
                      f"{', '.join(BENEFITS)}")
    edit.add_argument("--consent-store", metavar="yes|no", help="they agree to us storing their details")
    edit.add_argument("--consent-share", metavar="yes|no", help="they agree to us sharing them with partners")
    edit.add_argument("--json", action="store_true", help="print the record after the change as JSON")
    edit.set_defaults(func=edit_command)
    merge = sub.add_parser("merge", help="merge two records of the same person into one")
    merge.add_argument("keep", metavar="KEEP", help="the record to keep: " + PERSON_HELP)
    merge.add_argument("other", metavar="OTHER", help="the record merged into it (it stops appearing)")
    merge.add_argument("--take", metavar="FIELD=other", action="append",
                       help=f"take this field's value from OTHER (repeat for more): {', '.join(records.FIELDS)}")
    merge.add_argument("--json", action="store_true", help="print what was done as JSON")
    merge.set_defaults(func=merge_command)


def _print_details(details: dict) -> None:
    consent = {True: "yes", False: "no"}
    lines = [
        ("Id", details["id"]), ("Name", plain(details["name"])), ("Postcode", details["postcode"] or "-"),
        ("Born", details["born"] or "-"), ("Benefits", ", ".join(details["benefit_names"]) or "-"),
        ("Consent to store", consent[details["consent_store"]]),
        ("Consent to share", consent[details["consent_share"]]),
        ("Drop-ins", details["drop-ins"]), ("Plans", details["plans"]), ("Referrals", details["referrals"]),
    ]
    for label, value in lines:
        print(f"{label + ':':18}{value}")


def show_command(runtime, args) -> int:
    with runtime.store.session() as session:
        person_id = records.person_id_from(session, runtime.actor, args.person)
        details = records.person_details(session, runtime.actor, person_id)
    print_json(details) if args.json else _print_details(details)
    return 0


def edit_command(runtime, args) -> int:
    changes = {field: getattr(args, flag) for flag, field in EDIT_FLAGS.items() if getattr(args, flag) is not None}
    if not changes:
        raise InvalidValue("Nothing to change: give at least one of --name, --postcode, --born, --benefits, "
                           "--consent-store, --consent-share.")
    people.checked_changes(changes)  # every value checked before the database is opened for writing
    with runtime.store.session() as session:
        person_id = records.person_id_from(session, runtime.actor, args.person)
        details = records.edit_person(session, runtime.actor, person_id, **changes)
    if args.json:
        print_json(details)
    else:
        changed = ", ".join(word for word, name in records.FIELDS.items() if name in details["changed"])
        print(f"Saved: changed {changed}." if changed else "Nothing changed: the record already holds those values.")
        _print_details(details)
    return 0


def merge_command(runtime, args) -> int:
    take = records.parse_take(args.take)
    with runtime.store.session() as session:
        keep = records.person_id_from(session, runtime.actor, args.keep)
        other = records.person_id_from(session, runtime.actor, args.other)
        done = records.merge_people(session, runtime.actor, keep, other, take)
    if args.json:
        print_json(done)
        return 0
    moved = ", ".join(f"{count} {what if count != 1 else what[:-1]}" for what, count in done["moved"].items())
    took = ", ".join(word for word, name in records.FIELDS.items() if name in done["took"]) or "nothing"
    print(f"Merged {done['merged']} into {done['kept']} (moved {moved}; took {took} from the merged record). "
          "It reaches the other laptops with the next sync.")
    return 0
