"""`liferooms sync`: push this laptop's queue to the shared file and pull what changed elsewhere."""

from __future__ import annotations

import sys

from liferooms_tui.commands.common import plain, print_json
from liferooms_tui.db.outbox import queued_count
from liferooms_tui.sync.engine import DEFAULT_WAIT, run_sync
from liferooms_tui.sync.errors import SyncError
from liferooms_tui.sync.review import what

READ_ONLY_EXIT = 3


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "sync", help="send queued changes to the shared file and receive changes made elsewhere",
        description="Exit status: 0 synced, 1 failed (nothing lost: the queue is kept), 3 the shared file is "
        "read-only here (changes were received, the queue is kept).")
    parser.add_argument("--shared", metavar="PATH", help="the shared file for this run (default: shared_path in "
                        "settings)")
    parser.add_argument("--wait", type=float, default=DEFAULT_WAIT, metavar="SECONDS",
                        help=f"how long to wait for a busy shared file (default {DEFAULT_WAIT:.0f})")
    parser.add_argument("--json", action="store_true", help="print the outcome as JSON")
    parser.set_defaults(func=run)


def run(runtime, args) -> int:
    try:
        report = run_sync(runtime, args.shared, wait=max(args.wait, 0.0))
    except SyncError as exc:
        if args.json:
            with runtime.store.session() as session:
                queued = queued_count(session)
            print_json({"ok": False, "error": exc.kind, "message": str(exc), "queued": queued})
        print(f"liferooms: {plain(str(exc))}", file=sys.stderr)
        return 1
    if args.json:
        print_json(report.as_dict())
    else:
        if report.read_only:
            print(f"Read {plain(report.shared)}; it is read-only here, so nothing was sent")
        else:
            print(f"Synced with {plain(report.shared)}")
        if report.backup:
            print(f"  upgraded the shared file from schema {report.upgraded_from}; backup: {plain(report.backup)}")
        if not report.read_only:
            print(f"  sent:         {report.pushed} changes ({report.unchanged} were already there)")
        print(f"  received:     {report.pulled} changes")
        print(f"  rejected:     {len(report.rejects)}")
        for reject in report.rejects:
            print(f"    {what(reject['table'])} {reject['row_id']}: {plain(reject['reason'])}")
        print(f"  conflicts:    {report.conflicts} (the values that lost are kept in the conflict log)")
        print(f"  still queued: {report.queued}")
    return READ_ONLY_EXIT if report.read_only else 0
