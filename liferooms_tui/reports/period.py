"""The period (and site) a report covers: ISO dates typed on the command line, or picked by keys on screen.

A period is whole days, first and last included, counted in UTC. A site is matched by its name or slug:
"Bootle Hub", "bootle hub" and "bootle-hub" are one site.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from liferooms_tui.db.models import Conversation
from liferooms_tui.referrals.eligibility import months_before
from liferooms_tui.typed import parse_day
from liferooms_tui.vocabulary import SITES, InvalidValue, slug

DEFAULT_MONTHS = 6


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    site: str | None = None
    site_names: tuple[str, ...] = ()  # every spelling of the site seen on conversations

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        return f"{self.start:%d %b %Y} to {self.end:%d %b %Y} · {self.site or 'all sites'}"


def period_ending(end: date, months: int, site: str | None = None, site_names: tuple[str, ...] = ()) -> Period:
    """The `months` months up to and including `end`."""
    return Period(months_before(end, months) + timedelta(days=1), end, site, site_names)


def known_sites(session: Session) -> list[str]:
    seen, out = set(), []
    for name in [*SITES, *session.exec(select(Conversation.site).distinct())]:
        if name and slug(name) not in seen:
            seen.add(slug(name))
            out.append(name)
    return out


def resolve_site(session: Session, site: str | None) -> tuple[str | None, tuple[str, ...]]:
    """A site typed by name or slug -> its name and every spelling of it on conversations."""
    if site is None or not site.strip():
        return None, ()
    wanted = slug(site)
    names = [n for n in known_sites(session) if slug(n) == wanted]
    if not names:
        raise InvalidValue(f"'{site.strip()}' is not a site we know: use one of {', '.join(known_sites(session))}.")
    spellings = {n for n in session.exec(select(Conversation.site).distinct()) if n and slug(n) == wanted}
    return names[0], tuple(sorted(spellings | {names[0]}))


def make_period(session: Session, start: str | None = None, end: str | None = None, site: str | None = None,
                today: date | None = None) -> Period:
    """The period asked for: ISO dates, by default the last six months up to today."""
    today = today or date.today()
    first, last = parse_day(start, "day for --from"), parse_day(end, "day for --to", empty=today)
    assert last is not None  # empty gives today
    name, names = resolve_site(session, site)
    period = period_ending(last, DEFAULT_MONTHS, name, names)
    if first is not None:
        period = Period(first, last, name, names)
    if period.start > period.end:
        raise InvalidValue(f"The period starts ({period.start}) after it ends ({period.end}): swap the dates.")
    return period


def shift_period(period: Period, months: int, steps: int, today: date | None = None) -> Period:
    """The `months`-month period `steps` lengths earlier (negative) or later, never ending after today."""
    today = today or date.today()
    end = min(months_before(period.end, -months * steps), today) if steps else period.end
    return period_ending(end, months, period.site, period.site_names)
