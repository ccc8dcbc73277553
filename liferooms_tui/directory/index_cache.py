"""One search index per open database, kept in step with the partner table by cheap SQL.

A fingerprint (row count, sum of version stamp times, newest version and updated_at, active count) says
whether the partner table changed since the index was made. When it did, the (id, version, updated_at,
active) stamps of every row say which partners changed: those are upserted or removed. A large change
rebuilds the index instead.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from sqlalchemy import Integer, cast
from sqlalchemy import select as select_columns  # several columns at once: sqlmodel types select() per model
from sqlmodel import Session, col, func, select

from liferooms_tui.db.models import Partner

_CHUNK = 500  # ids per IN (...) query


@dataclass
class _Entry:
    fingerprint: tuple
    stamps: dict[str, tuple]
    index: object


_CACHE: WeakKeyDictionary = WeakKeyDictionary()  # engine -> _Entry; goes when the store's engine goes
_LOCK = threading.Lock()


def fingerprint(session: Session) -> tuple:
    """Changes whenever a partner row is added, removed or changed: a row's version stamp only moves forward
    ("<13-digit ms>.<5-digit counter>.<laptop>"), so the sum of the stamps' times grows on any change, even
    one pulled from another laptop that is older than the newest stamp here."""
    stamp_time = cast(func.substr(Partner.version, 1, 13), Integer) + cast(func.substr(Partner.version, 15, 5), Integer)
    query = select_columns(func.count(), func.total(stamp_time), func.max(Partner.version),
                           func.max(Partner.updated_at), func.total(cast(Partner.active, Integer)))
    return tuple(session.connection().execute(query).one())


def cached_index(session: Session, index_class):
    """The cached index of this session's database, brought up to date (built on first use)."""
    engine = session.get_bind()
    now = fingerprint(session)
    with _LOCK:
        entry = _CACHE.get(engine)
        if entry is not None and entry.fingerprint == now:
            return entry.index
        rows = session.exec(select(Partner.id, Partner.version, Partner.updated_at, Partner.active))
        stamps = {pid: (version, str(updated), bool(active)) for pid, version, updated, active in rows}
        if entry is None:
            index = _build(session, index_class)
        else:
            index = entry.index
            changed = [pid for pid, stamp in stamps.items() if entry.stamps.get(pid) != stamp]
            gone = entry.stamps.keys() - stamps.keys()
            if len(changed) + len(gone) > max(100, len(stamps) // 4):
                index = _build(session, index_class)
            else:
                for pid in gone:
                    index.remove(pid)
                for start in range(0, len(changed), _CHUNK):
                    chunk = changed[start:start + _CHUNK]
                    for partner in session.exec(select(Partner).where(col(Partner.id).in_(chunk))):
                        index.upsert(partner)
        _CACHE[engine] = _Entry(now, stamps, index)
        return index


def forget(session: Session) -> None:
    """Drop the cached index of this database (the next index_for builds afresh)."""
    with _LOCK:
        _CACHE.pop(session.get_bind(), None)


def _build(session: Session, index_class):
    return index_class.build(session.exec(select(Partner).where(Partner.active == True)))  # noqa: E712
