"""`liferooms shared init|join|check`: make the shared file and its service key (or encrypt today's), give this
laptop the key, or look inside the shared file without writing."""

from __future__ import annotations

from liferooms_tui.access import NotAllowed
from liferooms_tui.commands import secrets
from liferooms_tui.commands.common import plain, print_json
from liferooms_tui.config import save_settings
from liferooms_tui.sync.check import check_shared
from liferooms_tui.sync.directory_file import directory_path
from liferooms_tui.sync.join import KEY_WORDS, join, start_shared
from liferooms_tui.sync.migrate import migrate
from liferooms_tui.sync.postgres import is_url, shown
from liferooms_tui.sync.service_key import laptop_key, read_key_file
from liferooms_tui.sync.shared import init_shared


def register(subparsers) -> None:
    parser = subparsers.add_parser("shared", help="the shared file laptops sync with: init, join, check")
    sub = parser.add_subparsers(dest="shared_command", metavar="COMMAND", required=True)
    init = sub.add_parser("init", help="create a new shared file encrypted with a new service key, shown once "
                          "(never overwrites one; a plain shared file from before encryption is encrypted in place)")
    init.add_argument("path", metavar="PATH", help="where to create it (the share, USB stick or synced folder), or "
                      "the postgresql://OWNER@HOST/DATABASE?passfile=FILE address of an empty database")
    init.add_argument("--laptop-role", metavar="ROLE", help="PostgreSQL: the role laptops log in as, let read and "
                      "write the shared tables but not change them")
    init.add_argument("--use", action="store_true", help="also make it this laptop's shared file in settings")
    init.set_defaults(func=init_command)
    joining = sub.add_parser("join", help="give this laptop the service key the lead handed over (asked, or "
                             "read from --key-file); it is kept inside this laptop's encrypted data")
    joining.add_argument("--key-file", metavar="FILE", help="read the key from this file (its first line)")
    joining.set_defaults(func=join_command)
    check = sub.add_parser("check", help="integrity, schema version, rows and laptops of a shared file (read only)")
    check.add_argument("path", metavar="PATH", help="the shared file (or postgresql:// address) to look at")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.set_defaults(func=check_command)
    move = sub.add_parser("migrate", help="copy a shared store into a new one (a file into PostgreSQL, or back), "
                          "checked table by table; the source is not changed")
    move.add_argument("source", metavar="FROM", help="the shared file or postgresql:// address copied from")
    move.add_argument("target", metavar="TO", help="a new file, or the postgresql:// address of an empty database "
                      "(as its owner role)")
    move.add_argument("--laptop-role", metavar="ROLE", help="PostgreSQL: the role laptops log in as")
    move.add_argument("--json", action="store_true", help="print the outcome as JSON")
    move.set_defaults(func=migrate_command)


def init_command(runtime, args) -> int:
    if is_url(args.path):
        init_shared(args.path, key=None, laptop_role=args.laptop_role)
        print(f"Made the shared store in {plain(shown(args.path))} (with the sample directory)"
              + (f"; laptops log in as {plain(args.laptop_role)}." if args.laptop_role else "."))
        if args.use:
            print("Settings were not changed: laptops sync with the address as their own role, with their own "
                  "passfile, not this owner's.")
        return 0
    if args.laptop_role:
        print("liferooms: --laptop-role is for a PostgreSQL shared store; a shared file has no roles.")
        return 2
    started = start_shared(runtime, args.path)
    path = started.path
    if started.sealed:
        print(f"Encrypted the shared file {plain(str(path))} in place with a new service key (every row kept).")
    else:
        print(f"Created the shared file {plain(str(path))} (with the sample directory), encrypted with a new "
              "service key.")
    print(KEY_WORDS.format(key=started.key))
    print(f"Volunteers' laptops sync the directory from {plain(str(directory_path(path)))} (no personal data).")
    if args.use:
        runtime.settings.shared_path = str(path.resolve())
        save_settings(runtime.paths, runtime.settings)
        print("This laptop now syncs with it: run 'liferooms sync'.")
    else:
        print(f"Sync with it: liferooms sync --shared {plain(str(path))}")
    return 0


def join_command(runtime, args) -> int:
    if args.key_file:
        typed = read_key_file(args.key_file)
    elif getattr(args, "passphrase_stdin", False):
        typed = secrets.read_line()
    else:
        typed = secrets.ask("Service key (from the lead): ")
    with runtime.store.session() as session:
        replaced = join(session, runtime.actor, typed, runtime.settings.shared_path)
    print("This laptop now has the service key" + (" (it replaced the one it had)" if replaced else "") +
          ": sync with 'liferooms sync'.")
    return 0


def check_command(runtime, args) -> int:
    if runtime.actor.is_volunteer:
        raise NotAllowed("A volunteer's laptop cannot look inside the shared file (it holds personal data); its "
                         f"sync reads the directory beside it, {directory_path(args.path)}.")
    report = check_shared(args.path, laptop_key(runtime.store))
    if args.json:
        print_json(report)
        return 0 if report["ok"] else 1
    print(f"Shared {'store' if report.get('server') else 'file'} {plain(report['path'])}")
    if report.get("server"):
        print("  on a PostgreSQL server: its logins, disks and backups are the server's")
    else:
        print(f"  encrypted:      {'yes (service key)' if report['encrypted'] else 'NO: the next sync encrypts it'}")
    print(f"  integrity:      {'ok' if report['ok'] else 'DAMAGED: ' + plain('; '.join(report['integrity'][:5]))}")
    print(f"  schema version: {report['schema_version']} (this liferooms knows {report['schema_version_of_this_app']})")
    print(f"  created:        {report['created_at']}   changes numbered up to: {report['seq']}")
    if report["unfinished_write"]:
        print("  an unfinished write is waiting to be undone (a sync stopped mid-way); the next sync does it")
    if report["lease"]:
        print(f"  being written by: {plain(report['lease'])}")
    print("  rows:")
    for table, count in report["rows"].items():
        print(f"    {table:16} {count if count is not None else 'unreadable':>10}")
    print(f"  laptops seen: {len(report['laptops'])}")
    for laptop in report["laptops"]:
        print(f"    {plain(laptop['laptop_id']):14} {plain(laptop['site'])[:28]:28} last sync {laptop['last_sync_at']}"
              f"  ({laptop['rows_pushed']} rows sent)")
    return 0 if report["ok"] else 1


def migrate_command(runtime, args) -> int:
    moved = migrate(args.source, args.target, key=laptop_key(runtime.store), laptop_role=args.laptop_role)
    if args.json:
        print_json(moved.as_dict())
        return 0
    print(f"Copied {plain(moved.source)} into {plain(moved.target)}; every table checked (rows and SHA-256):")
    for table, count in moved.rows.items():
        print(f"  {table:24} {count:>10}  {moved.checksums[table][:16]}")
    print(f"The source is unchanged. Laptops sync with the new store once shared_path names it (their first sync "
          f"with it reads everything again). Stop syncing with {plain(moved.source)}.")
    return 0
