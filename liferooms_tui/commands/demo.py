"""`liferooms demo`: fill the local database with fictional drop-ins for training and tests."""

from __future__ import annotations

from liferooms_tui import demo
from liferooms_tui.commands.common import print_json
from liferooms_tui.vocabulary import InvalidValue, plural


def register(subparsers) -> None:
    parser = subparsers.add_parser("demo", help="fill the local database with fictional people and referrals")
    parser.add_argument("--people", type=int, required=True, metavar="N", help="how many fictional people")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (same seed, same data)")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    parser.set_defaults(func=run)


def run(runtime, args) -> int:
    if not 1 <= args.people <= 100_000:
        raise InvalidValue("--people takes a whole number from 1 to 100000.")
    with runtime.store.session() as session:
        result = demo.fill(session, runtime.actor, args.people, seed=args.seed)
    if args.json:
        print_json(result.__dict__)
    else:
        print(f"Added {plural(result.people, 'fictional person')}, {plural(result.conversations, 'conversation')}, "
              f"{plural(result.items, 'plan item')} and {plural(result.referrals, 'referral')} "
              f"({result.queued} not yet sent to the partner; all wait to sync).")
    return 0
