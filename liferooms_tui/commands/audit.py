"""`liferooms audit`: who viewed, created, changed, exported or deleted what, when and where."""

from __future__ import annotations

from liferooms_tui.commands.common import plain, print_json
from liferooms_tui.privacy import audit
from liferooms_tui.vocabulary import InvalidValue

MAX_LAST = 1_000_000


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_LAST:
        raise InvalidValue(f"--last takes a whole number of events from 1 to {MAX_LAST} (not '{plain(text)[:20]}').")
    return value


def register(subparsers) -> None:
    parser = subparsers.add_parser("audit", help="the audit log: who viewed or changed personal data")
    parser.add_argument("--person", metavar="ID", help="only events about this person")
    parser.add_argument("--last", metavar="N", help="only the last N events")
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(func=run)


def run(runtime, args) -> int:
    limit = _count(args.last) if args.last is not None else None
    with runtime.store.session() as session:
        events = audit.list_audit(session, runtime.actor, args.person, limit=limit)
    if args.json:
        print_json([audit.event_summary(e) for e in events])
        return 0
    for e in events:
        about = f" person {e.person_id}" if e.person_id and e.person_id != e.entity_id else ""
        print(f"{e.at:%Y-%m-%d %H:%M}  {plain(e.actor)[:16]:16}  {plain(e.site)[:16]:16}  {e.action:7}  "
              f"{plain(e.entity)} {plain(e.entity_id or '')}{about}  {plain(e.detail)}")
    print("1 audit event" if len(events) == 1 else f"{len(events)} audit events")
    return 0
