"""Who holds a course place offered from the waiting list, derived from dates (no job runs when an offer lapses).

A place that comes free goes to the first on the waiting list: the offer is recorded on their enrolment
(`offered_on`). It stands for `offer_days` days after that day; not taken by then, it lapses and the place is
offered to the next waiting, from the day after. Someone whose offer lapsed stays on the list but is not offered
the place again. Pure: the caller gives the course's places, how many are enrolled and the waiting list in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Waiting:
    enrolment_id: str
    offered_on: date | None


@dataclass(frozen=True)
class Offer:
    enrolment_id: str
    offered_on: date  # recorded, or derived (the day the offer before it lapsed)
    until: date  # the last day it can be taken
    lapsed: bool
    recorded: bool  # False: derived and not written yet (written at the next change to the course)


def offers(places: int, enrolled: int, waiting: list[Waiting], today: date, offer_days: int) -> list[Offer]:
    """Every offer standing or lapsed, in waiting-list order."""
    free = places - enrolled
    out: list[Offer] = []
    next_from: date | None = None
    for entry in waiting:
        if free <= 0:
            break
        if entry.offered_on is None and next_from is None:
            start, recorded = today, False
        elif entry.offered_on is None:
            start, recorded = next_from or today, False
        else:
            start, recorded = entry.offered_on, True
        until = start + timedelta(days=offer_days)
        lapsed = today > until
        out.append(Offer(entry.enrolment_id, start, until, lapsed, recorded))
        if lapsed:
            next_from = until + timedelta(days=1)
        else:
            free -= 1
    return out


def standing(found: list[Offer]) -> list[Offer]:
    return [o for o in found if not o.lapsed]
