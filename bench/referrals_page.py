"""How long the Referrals section takes to read its page over 100,000 referrals, beside how the screen read it
before (every check-in due fetched and filtered in Python, then the list), on the same database in the same run.

Builds the fictional database of bench/reports.py, then times, for the newest 500 referrals and for 'check-in
due only' (k), unfiltered and filtered by status:
  now:    referrals.pages.referrals_to_show (check-ins filtered in SQL, only the page's referrals marked)
  before: referrals_needing_check_in for every referral, filtered in Python, then list_referrals

    python bench/referrals_page.py [--referrals 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from reports import ACTOR, TODAY, best_of, build  # noqa: E402  (bench/reports.py builds the database)

from liferooms_tui import referrals  # noqa: E402
from liferooms_tui.referrals import feedback, pages  # noqa: E402

SHOWN, WEEKS = 500, 4


def before(session, status, due_only):
    """The screen's own read before this change (screens/referrals.py load())."""
    due = feedback.referrals_needing_check_in(session, ACTOR, WEEKS, TODAY)
    ids = None
    if due_only:
        ids = [c.referral_id for c in due if status in (None, c.status)][:SHOWN]
    rows = referrals.list_referrals(session, ACTOR, status=status, ids=ids, limit=SHOWN + 1)
    return rows, {c.referral_id for c in due}


def now(session, status, due_only):
    return pages.referrals_to_show(session, ACTOR, check_in_weeks=WEEKS, shown=SHOWN, status=status,
                                   due_only=due_only, today=TODAY)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = build(Path(tmp) / "db", args.referrals)
        print(f"Seconds, best of {args.repeat}: wall clock (CPU). {args.referrals:,} referrals, "
              f"{os.cpu_count()} CPUs.")
        print(f"{'':40}{'before':>16}{'now':>18}")
        for label, status, due_only in (("newest 500", None, False), ("newest 500, status sent", "sent", False),
                                        ("check-in due only", None, True),
                                        ("check-in due only, status sent", "sent", True)):
            timed = {}
            for name, read in (("before", before), ("now", now)):
                def work(read=read, status=status, due_only=due_only):
                    with store.session() as session:
                        read(session, status, due_only)
                timed[name] = best_of(args.repeat, work)
            (w1, c1), (w2, c2) = timed["before"], timed["now"]
            print(f"{label:40}{w1:>9.3f} ({c1:.3f}){w2:>10.3f} ({c2:.3f})")
        store.close()


if __name__ == "__main__":
    main()
