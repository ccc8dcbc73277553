"""`liferooms shared init|check`: make a new shared file, or look inside one without writing."""

from __future__ import annotations

from pathlib import Path

from liferooms_tui.commands.common import plain, print_json
from liferooms_tui.config import save_settings
from liferooms_tui.sync.check import check_shared
from liferooms_tui.sync.postgres import is_url, shown
from liferooms_tui.sync.shared import init_shared


def register(subparsers) -> None:
    parser = subparsers.add_parser("shared", help="the shared file laptops sync with: init, check")
    sub = parser.add_subparsers(dest="shared_command", metavar="COMMAND", required=True)
    init = sub.add_parser("init", help="create a new, empty shared file (never overwrites one)")
    init.add_argument("path", metavar="PATH", help="where to create it (the share, USB stick or synced folder), or "
                      "a postgresql://OWNER@HOST/DATABASE?passfile=FILE address of an empty database")
    init.add_argument("--laptop-role", metavar="ROLE", help="PostgreSQL: the role laptops log in as, let read and "
                      "write the shared tables but not change them")
    init.add_argument("--use", action="store_true", help="also make it this laptop's shared file in settings")
    init.set_defaults(func=init_command)
    check = sub.add_parser("check", help="integrity, schema version, rows and laptops of a shared file (read only)")
    check.add_argument("path", metavar="PATH", help="the shared file (or postgresql:// address) to look at")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.set_defaults(func=check_command)


def init_command(runtime, args) -> int:
    if is_url(args.path):
        init_shared(args.path, laptop_role=args.laptop_role)
        print(f"Made the shared store in {plain(shown(args.path))} (with the sample directory)"
              + (f"; laptops log in as {plain(args.laptop_role)}." if args.laptop_role else "."))
        if args.use:
            print("Laptops sync with it with shared_path set to its address as their role, with their own "
                  "passfile: not this owner's address, so settings were not changed.")
        return 0
    if args.laptop_role:
        print("liferooms: --laptop-role is for a PostgreSQL shared store; a shared file has no roles.")
        return 2
    path = init_shared(args.path)
    assert isinstance(path, Path)
    print(f"Created the shared file {plain(str(path))} (with the sample directory).")
    if args.use:
        runtime.settings.shared_path = str(path.resolve())
        save_settings(runtime.paths, runtime.settings)
        print("This laptop now syncs with it: run 'liferooms sync'.")
    else:
        print(f"Sync with it: liferooms sync --shared {plain(str(path))}")
    return 0


def check_command(runtime, args) -> int:
    report = check_shared(args.path)
    if args.json:
        print_json(report)
        return 0 if report["ok"] else 1
    print(f"Shared file {plain(report['path'])}")
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
