"""`liferooms directory import` and `liferooms directory export`: the partner directory in and out as
Open Referral UK (HSDS). Added to the `directory` subcommands by commands/directory.py."""

from __future__ import annotations

import sys

from liferooms_tui.commands.common import print_json
from liferooms_tui.directory.openreferral import FORMATS, export_directory, import_file

FORMAT_NAMES = {"oruk-json": "Open Referral UK 3.0 JSON", "hsds-csv": "an HSDS 3.0 tabular package (CSV)"}


def add_subcommands(sub) -> None:
    """Add `import` and `export` to the `directory` subparsers."""
    importing = sub.add_parser(
        "import", help="import partners from an Open Referral UK / HSDS file, folder or zip",
        description="Import partners from Open Referral UK 3.0 / HSDS 3.0 JSON (a service, a list, or a page), "
        "Open Referral UK 1.0 JSON as council feeds publish it, or an HSDS 3.0 tabular package (a folder or zip "
        "with datapackage.json and CSV files). Importing the same source again updates its partners in place; "
        "partners added by hand and the sample directory are never touched. Advisors only.")
    importing.add_argument("path", metavar="PATH", help="the JSON file, the CSV folder or the zip")
    importing.add_argument("--source", metavar="NAME", help="name this directory (default: made from the file "
                           "name); use the same name each time you import a newer copy")
    importing.add_argument("--dry-run", action="store_true", help="show what would change, and change nothing")
    importing.add_argument("--keep-missing", action="store_true", help="leave active the partners of this source "
                           "that are no longer in the file (default: deactivate them)")
    importing.add_argument("--json", action="store_true", help="print the summary as JSON")
    importing.set_defaults(func=import_command)
    exporting = sub.add_parser(
        "export", help="write the directory as Open Referral UK JSON or an HSDS CSV package",
        description="Write every partner as Open Referral UK 3.0 JSON (oruk-json: one file) or as an HSDS 3.0 "
        "tabular package (hsds-csv: a folder, or a zip when OUT ends in .zip). Files are readable by you only.")
    exporting.add_argument("--format", choices=FORMATS, required=True, help="oruk-json or hsds-csv")
    exporting.add_argument("out", metavar="OUT", help="the file (oruk-json), or the folder or .zip (hsds-csv)")
    exporting.add_argument("--json", action="store_true", help="print what was written as JSON")
    exporting.set_defaults(func=export_command)


register = add_subcommands


class TextProgress:
    """A plain-text progress bar on stderr, drawn only when stderr is a terminal."""

    WIDTH = 30

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        percent = min(100, done * 100 // total)
        if percent == self.shown:
            return
        self.shown = percent
        filled = percent * self.WIDTH // 100
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\rChecking services [{bar}] {percent:3d}% {done}/{total}")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled and self.shown >= 0:
            self.stream.write("\r" + " " * 79 + "\r")
            self.stream.flush()


def import_command(runtime, args) -> int:
    progress = TextProgress()
    try:
        summary = import_file(runtime.store, runtime.actor, args.path, source=args.source, dry_run=args.dry_run,
                              progress=progress, keep_missing=args.keep_missing)
    finally:
        progress.finish()
    if args.json:
        print_json(summary.as_dict())
    else:
        print("\n".join(summary.lines()))
    return 0


def export_command(runtime, args) -> int:
    with runtime.store.session() as session:
        result = export_directory(session, runtime.actor, args.format, args.out)
    if args.json:
        print_json({"path": str(result.path), "format": result.format, "partners": result.services})
    else:
        print(f"Wrote {result.services} partners as {FORMAT_NAMES[result.format]} to {result.path} "
              "(readable by you only).")
    return 0
