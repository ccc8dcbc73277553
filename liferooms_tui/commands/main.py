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
from liferooms_tui.commands import courses as courses_command
from liferooms_tui.commands import crisis as crisis_command
from liferooms_tui.commands import demo, directory, referrals, secrets, setup
from liferooms_tui.commands import partners as partners_command
from liferooms_tui.commands import people as people_command
from liferooms_tui.commands import privacy as privacy_command
from liferooms_tui.commands import referrals_in as referrals_in_command
from liferooms_tui.commands import report as report_command
from liferooms_tui.commands import shared as shared_command
from liferooms_tui.commands import sync as sync_command
from liferooms_tui.commands.common import plain
from liferooms_tui.db.keys import KeyProblem
from liferooms_tui.db.store import StoreError
from liferooms_tui.files import write_private
from liferooms_tui.runtime import is_set_up, open_runtime, role_of
from liferooms_tui.vocabulary import InvalidValue

# Each module adds its subcommand; handlers take (runtime, args) and return an exit code.
COMMANDS = [setup, directory, referrals, demo, people_command, privacy_command, audit_command, report_command,
            contacts_command, sync_command, shared_command, crisis_command, concerns_command, referrals_in_command,
            partners_command, courses_command]


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
    parser.add_argument(*PASSPHRASE_STDIN, **PASSPHRASE_STDIN_OPTIONS)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in COMMANDS:
        module.register(subparsers)
    _allow_passphrase_stdin(subparsers)
    return parser


PASSPHRASE_STDIN = ("--passphrase-stdin",)
PASSPHRASE_STDIN_OPTIONS = {"action": "store_true", "help": "read the passphrase from the first line of standard "
                            "input (for scripts; at a terminal it is asked without showing it)"}


def _allow_passphrase_stdin(subparsers) -> None:
    """--passphrase-stdin may also follow the command (`liferooms referrals list --passphrase-stdin`)."""
    for parser in subparsers.choices.values():
        parser.add_argument(*PASSPHRASE_STDIN, **PASSPHRASE_STDIN_OPTIONS | {"default": argparse.SUPPRESS})
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                _allow_passphrase_stdin(action)


def passphrase_for(args) -> str | None:
    """The passphrase that opens this laptop's data: none for a volunteer's laptop, else read or asked."""
    if not is_set_up(args.data_dir) or role_of(args.data_dir) == "volunteer":
        return None  # opening says what to do
    if args.passphrase_stdin:
        return secrets.read_line()
    return secrets.ask("Passphrase: ")


def recovery_key_said(runtime) -> None:
    """A folder from before encryption was encrypted on this run: its recovery key is said once."""
    if runtime.recovery_key:
        print("This laptop's data is now encrypted.\n" + setup.RECOVERY_WORDS.format(key=runtime.recovery_key),
              file=sys.stderr)
        runtime.recovery_key = None


def run_tui(args) -> int:
    """The app: set up first when the folder is new, unlocked before anything is opened, then the app itself."""
    from liferooms_tui.tui import start

    passphrase = secrets.read_line() if args.passphrase_stdin else None
    return start.run(args.data_dir, passphrase, opened=recovery_key_said)


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
        handler = getattr(args, "func", None)
        if handler is None:
            return run_tui(args)
        if getattr(args, "before_opening", False):
            return handler(args)
        runtime = open_runtime(args.data_dir, passphrase=passphrase_for(args))
        recovery_key_said(runtime)
        return handler(runtime, args)
    except (InvalidValue, NotAllowed, StoreError, KeyProblem) as exc:
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
