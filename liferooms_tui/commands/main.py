"""The `liferooms` command: parses arguments and calls services; imports textual only to run the TUI."""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from pathlib import Path

from liferooms_tui import __version__
from liferooms_tui.access import NotAllowed
from liferooms_tui.commands import audit as audit_command
from liferooms_tui.commands import concerns as concerns_command
from liferooms_tui.commands import contacts as contacts_command
from liferooms_tui.commands import crisis as crisis_command
from liferooms_tui.commands import demo, directory, referrals
from liferooms_tui.commands import people as people_command
from liferooms_tui.commands import privacy as privacy_command
from liferooms_tui.commands import referrals_in as referrals_in_command
from liferooms_tui.commands import report as report_command
from liferooms_tui.commands import shared as shared_command
from liferooms_tui.commands import sync as sync_command
from liferooms_tui.commands.common import plain
from liferooms_tui.db.store import StoreError
from liferooms_tui.files import write_private
from liferooms_tui.runtime import open_runtime
from liferooms_tui.vocabulary import InvalidValue

# Each module adds its subcommand; handlers take (runtime, args) and return an exit code.
COMMANDS = [directory, referrals, demo, people_command, privacy_command, audit_command, report_command,
            contacts_command, sync_command, shared_command, crisis_command,
            concerns_command, referrals_in_command]


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors that say where to look."""

    def error(self, message: str):
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> Parser:
    parser = Parser(
        prog="liferooms",
        description="Social-prescribing drop-ins: conversations, partner directory, referrals and sync. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"liferooms {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="keep data in DIR (default: LIFEROOMS_HOME or the "
                        "user data folder)")
    parser.add_argument("--volunteer", action="store_true", help="open the partner directory only (no personal data)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def run_tui(runtime) -> int:
    from liferooms_tui.tui.app import create_app

    create_app(runtime).run()
    return 0


def say(message: object) -> None:
    """One line on stderr; anything typed or read from a file is shown literally, never obeyed."""
    print(f"liferooms: {plain(str(message))}", file=sys.stderr)


def report_crash(runtime) -> str:
    """Keep the details of an unexpected error for whoever fixes it; return where they are."""
    folder = runtime.paths.data_dir if runtime is not None else Path(tempfile.gettempdir())
    path = folder / "liferooms-error.log"
    try:
        write_private(path, traceback.format_exc())
    except OSError:
        return "nowhere (the folder cannot be written)"
    return str(path)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if any("\udc80" <= ch <= "\udcff" for arg in argv for ch in arg):  # bytes that are not UTF-8 text
        say("an argument is not valid text (it has bytes that are not UTF-8); type it again.")
        return 2
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        say(exc)
        return 2
    runtime = None
    try:
        runtime = open_runtime(args.data_dir, volunteer=args.volunteer)
        handler = getattr(args, "func", None)
        return handler(runtime, args) if handler else run_tui(runtime)
    except (InvalidValue, NotAllowed, StoreError) as exc:
        say(exc)
        return 1
    except OSError as exc:
        say(f"{exc.strerror or exc} ({exc.filename or 'file'}); check the path and its permissions.")
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last guard: a sentence, never a traceback
        where = report_crash(runtime)
        say(f"something went wrong ({type(exc).__name__}); nothing already saved was lost. "
            f"Details are in {where}: please pass them on.")
        return 70
    finally:
        if runtime is not None:
            runtime.close()


if __name__ == "__main__":
    raise SystemExit(main())
