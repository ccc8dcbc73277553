"""`liferooms privacy ...`: find a person's id, export everything about them, erase them, purge the inactive,
and set the advisor's passphrase."""

from __future__ import annotations

import sys
from pathlib import Path

from liferooms_tui import privacy
from liferooms_tui.commands import secrets
from liferooms_tui.commands.common import plain, print_json
from liferooms_tui.dropin import people
from liferooms_tui.runtime import change_passphrase
from liferooms_tui.vocabulary import InvalidValue, plural

WARNING = ("Warning: {what} holds PERSONAL DATA. Keep it on this laptop, give it only to the person it is about, "
           "and delete it when done.")


def register(subparsers) -> None:
    parser = subparsers.add_parser("privacy", help="a person's data: find, export (subject access), erase, purge")
    sub = parser.add_subparsers(dest="privacy_command", metavar="COMMAND", required=True)
    find = sub.add_parser("find", help="people whose name or initials match, with their ids")
    find.add_argument("name", metavar="NAME", help="name or initials (fuzzy)")
    find.set_defaults(func=find_command)
    export = sub.add_parser("export", help="write everything held about a person as JSON and text")
    export.add_argument("person", metavar="PERSON", help="the person's id (see 'liferooms privacy find')")
    export.add_argument("--out", metavar="DIR", help="folder for the two files (default: the exports folder)")
    export.set_defaults(func=export_command)
    erase = sub.add_parser("erase", help="remove a person's personal data; anonymous counts stay")
    erase.add_argument("person", metavar="PERSON", help="the person's id (see 'liferooms privacy find')")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(func=erase_command)
    purge = sub.add_parser("purge", help="erase everyone inactive for N years or more")
    purge.add_argument("--inactive-years", required=True, metavar="N", help="whole years without any activity")
    purge.add_argument("--dry-run", action="store_true", help="only say how many people would be erased")
    purge.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    purge.add_argument("--json", action="store_true", help="print the erased ids as JSON")
    purge.set_defaults(func=purge_command)
    passphrase = sub.add_parser("passphrase", help="change the passphrase that opens this laptop's data (the old "
                                "one first; with --passphrase-stdin, the old one then the new one, a line each)")
    passphrase.set_defaults(func=passphrase_command)


def _confirm(question: str, yes: bool) -> None:
    if yes:
        return
    if not sys.stdin.isatty():
        raise InvalidValue("Nothing was erased: add --yes to confirm when not typing at a terminal.")
    answer = input(f"{question} Type 'erase' to confirm: ")
    if answer.strip().lower() != "erase":
        raise InvalidValue("Nothing was erased: type 'erase' to confirm.")


def _years(years: int) -> str:
    return "1 year" if years == 1 else f"{years} years"


def find_command(runtime, args) -> int:
    if not args.name.strip():
        raise InvalidValue("Type a name or initials to look for.")
    with runtime.store.session() as session:
        found = people.find_people(session, runtime.actor, args.name)
    for person in found:
        print(f"{person.id}  {plain(person.display_name)[:30]:30}  {person.postcode_district or '':5}  "
              f"last seen {person.last_seen_at:%d %b %Y}")
    print(f"{len(found)} people")
    return 0


def export_command(runtime, args) -> int:
    folder = Path(args.out).expanduser() if args.out else runtime.paths.exports
    if folder.exists() and not folder.is_dir():
        raise InvalidValue(f"{args.out} is a file: give a folder for --out.")
    with runtime.store.session() as session:
        paths = privacy.export_person(session, runtime.actor, args.person, folder, runtime.paths.exports)
    for path in paths:
        print(path)
    print(WARNING.format(what="This export"), file=sys.stderr)
    return 0


def erase_command(runtime, args) -> int:
    with runtime.store.session() as session:
        person = privacy.person_to_erase(session, runtime.actor, args.person)
        label = plain(person.display_name)
    _confirm(f"Erase the personal data of {label} ({person.id})?", args.yes)
    with runtime.store.session() as session:
        result = privacy.erase_person(session, runtime.actor, person.id)
    privacy.checkpoint(runtime.store)
    print(f"Erased {label}'s personal data ({result.rows} records kept without it for anonymous counts); "
          "the erasure reaches the shared file at the next sync.")
    return 0


def purge_command(runtime, args) -> int:
    years = privacy.check_years(args.inactive_years)
    with runtime.store.session() as session:
        ids = privacy.inactive_people(session, runtime.actor, years)
    if args.dry_run or not ids:
        if args.json:
            print_json({"would_erase" if args.dry_run else "erased": ids})
        else:
            print(f"{len(ids)} people inactive for {_years(years)} or more" + (" would be erased." if ids else "."))
        return 0
    _confirm(f"Erase the personal data of {len(ids)} people inactive for {_years(years)} or more?", args.yes)
    with runtime.store.session() as session:
        result = privacy.purge(session, runtime.actor, years)
    privacy.checkpoint(runtime.store)
    if args.json:
        print_json({"erased": result.people})
    else:
        erased = plural(len(result.people), "person")
        print(f"Erased the personal data of {erased} inactive for {_years(years)} or more.")
    return 0


def passphrase_command(runtime, args) -> int:
    """The data was opened with the old passphrase (asked before any command runs); now the new one."""
    if args.passphrase_stdin:
        first = second = secrets.read_line()
    else:
        first = secrets.ask("New passphrase (8 characters or more): ")
        second = secrets.ask("The same passphrase again: ")
    change_passphrase(runtime, first, second)
    print("Passphrase changed: it opens this laptop's data from now on (the recovery key still works).")
    return 0
