"""The `liferooms` command: parses arguments and calls services; imports textual only to run the TUI."""

from __future__ import annotations

import argparse
import sys

from liferooms_tui import __version__
from liferooms_tui.access import NotAllowed
from liferooms_tui.commands import demo, directory, referrals
from liferooms_tui.runtime import open_runtime
from liferooms_tui.store import StoreError
from liferooms_tui.vocabulary import InvalidValue

# Each module adds its subcommand; handlers take (runtime, args) and return an exit code.
COMMANDS = [directory, referrals, demo]


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
    from liferooms_tui.app import create_app

    create_app(runtime).run()
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        print(f"liferooms: {exc}", file=sys.stderr)
        return 2
    runtime = None
    try:
        runtime = open_runtime(args.data_dir, volunteer=args.volunteer)
        handler = getattr(args, "func", None)
        return handler(runtime, args) if handler else run_tui(runtime)
    except (InvalidValue, NotAllowed, StoreError) as exc:
        print(f"liferooms: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"liferooms: {exc.strerror or exc} ({exc.filename or 'file'}); check the path and its permissions.",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        if runtime is not None:
            runtime.close()


if __name__ == "__main__":
    raise SystemExit(main())
