"""`liferooms directory sample remove`: the fictional sample directory off this laptop for good (partners with
referrals or other records are deactivated, not deleted). Added to the `directory` subcommands."""

from __future__ import annotations

from dataclasses import asdict

from liferooms_tui.commands.common import print_json
from liferooms_tui.directory.sample import remove_sample_here


def add_subcommands(sub) -> None:
    sample = sub.add_parser("sample", help="the fictional sample directory: remove it",
                            description="The fictional sample directory is for training. 'remove' takes it off this "
                            "laptop for good: its partners are deleted, except those with referrals or other "
                            "records, which are deactivated; an empty directory is not filled with it again.")
    actions = sample.add_subparsers(dest="sample_command", metavar="COMMAND", required=True)
    removing = actions.add_parser("remove", help="remove the fictional sample partners from this laptop")
    removing.add_argument("--json", action="store_true", help="print how many were deleted and deactivated as JSON")
    removing.set_defaults(func=remove_command)


def remove_command(runtime, args) -> int:
    removed = remove_sample_here(runtime)
    if args.json:
        print_json({**asdict(removed), "said": removed.sentence()})
    else:
        print(removed.sentence())
    return 0
