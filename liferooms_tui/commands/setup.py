"""`liferooms setup` (a new data folder: name, site, role and passphrase) and `liferooms recover` (a forgotten
passphrase, replaced with the recovery key). Both run before any data is opened; main.py calls them so."""

from __future__ import annotations

from liferooms_tui import runtime as laptop
from liferooms_tui.commands import secrets
from liferooms_tui.runtime import DIRECTORY_CHOICES
from liferooms_tui.vocabulary import ROLES, SITES

DIRECTORY_SAID = {"sample": "the fictional sample directory, for training",
                  "empty": "an empty directory: import or add partners"}
RECOVERY_WORDS = ("Recovery key (shown this once): {key}\n"
                  "Give it to the service's lead to keep safe, away from this laptop. It opens this laptop's data if "
                  "the passphrase is forgotten ('liferooms recover'). If both the passphrase and the recovery key are "
                  "lost, the data on this laptop is gone for good: nobody can open it. What was synced to the shared "
                  "file is not lost.")


def register(subparsers) -> None:
    parser = subparsers.add_parser("setup", help="set up this laptop's data folder: your name, site, role and "
                                   "passphrase (once)")
    parser.add_argument("--advisor", required=True, metavar="NAME", help="your name, as colleagues know you")
    parser.add_argument("--site", required=True, metavar="SITE", help=f"where you work: {', '.join(SITES)}")
    parser.add_argument("--role", choices=ROLES, default="advisor", help="advisor (personal data, encrypted), lead "
                        "(an advisor who is the safeguarding lead) or volunteer (the partner directory only, no "
                        "personal data; kept for good)")
    parser.add_argument("--directory", choices=DIRECTORY_CHOICES, default="sample",
                        help="start with the fictional sample directory (for training; the default) or an empty one "
                        "(then import or add partners); 'liferooms directory sample remove' removes the sample later")
    parser.set_defaults(func=setup_command, before_opening=True)
    recover = subparsers.add_parser("recover", help="forgot the passphrase: open the data with the recovery key "
                                    "and choose a new passphrase")
    recover.set_defaults(func=recover_command, before_opening=True)


def setup_command(args) -> int:
    passphrase = second = None
    if args.role != "volunteer":
        if args.passphrase_stdin:
            passphrase = second = secrets.read_line()
        else:
            passphrase = secrets.ask("Choose a passphrase (8 characters or more): ")
            second = secrets.ask("The same passphrase again: ")
    runtime = laptop.setup_laptop(args.data_dir, advisor=args.advisor, site=args.site, role=args.role,
                                  passphrase=passphrase, second=second, directory=args.directory)
    try:
        print(f"Set up {runtime.paths.data_dir} for {runtime.actor.name} at {runtime.actor.site} "
              f"({'a volunteer laptop: the partner directory only' if args.role == 'volunteer' else 'encrypted'}; "
              f"{DIRECTORY_SAID[args.directory]}).")
        if runtime.recovery_key:
            print(RECOVERY_WORDS.format(key=runtime.recovery_key))
    finally:
        runtime.close()
    return 0


def recover_command(args) -> int:
    if args.passphrase_stdin:
        recovery = secrets.read_line()
        first = second = secrets.read_line()
    else:
        recovery = secrets.ask("Recovery key: ")
        first = secrets.ask("New passphrase (8 characters or more): ")
        second = secrets.ask("The same passphrase again: ")
    runtime = laptop.open_with_recovery_key(args.data_dir, recovery, first, second)
    runtime.close()
    print("New passphrase set; the recovery key still works and is still the one the lead keeps.")
    return 0
