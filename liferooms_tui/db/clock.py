"""Version stamps: a hybrid logical clock that sorts in time order, with the laptop id as tie-break.

A stamp is "<13-digit ms>.<5-digit counter>.<laptop id>", so comparing stamps as strings compares versions.
"""

from __future__ import annotations

import time

from sqlmodel import Session

from liferooms_tui.db.models import SyncMeta

CLOCK_KEY = "hlc"


def format_stamp(ms: int, counter: int, laptop_id: str) -> str:
    return f"{ms:013d}.{counter:05d}.{laptop_id}"


def parse_stamp(stamp: str) -> tuple[int, int, str]:
    ms, counter, laptop = stamp.split(".", 2)
    return int(ms), int(counter), laptop


def _advance(last: str | None, laptop_id: str, seen: str | None = None) -> str:
    now = int(time.time() * 1000)
    ms, counter = now, 0
    for stamp in (last, seen):
        if stamp:
            s_ms, s_counter, _ = parse_stamp(stamp)
            if s_ms > ms or (s_ms == ms and s_counter >= counter):
                ms, counter = s_ms, s_counter + 1
    return format_stamp(ms, counter, laptop_id)


def next_version(session: Session, laptop_id: str, seen: str | None = None) -> str:
    """The next stamp for this laptop, after every stamp it has made or seen; remembered in the session."""
    meta = session.get(SyncMeta, CLOCK_KEY)
    stamp = _advance(meta.value if meta else None, laptop_id, seen)
    if meta is None:
        meta = SyncMeta(key=CLOCK_KEY, value=stamp)
    else:
        meta.value = stamp
    session.add(meta)
    return stamp


def stamp_after(version: str, laptop_id: str) -> str:
    """A stamp newer than `version` (and than now), for a row the shared file settles on (not remembered:
    the laptop observes it when the outcome is recorded)."""
    return _advance(version, laptop_id)


def observe(session: Session, laptop_id: str, seen: str) -> None:
    """After pulling: move this laptop's clock past every stamp it has seen, so its next edits are newer."""
    if seen:
        next_version(session, laptop_id, seen)
