"""Rows on their way between a laptop and the shared file: checked, encoded, decoded, applied locally.

A queued row travels as its outbox payload (the model dumped as JSON values, plus "_base": the version the
laptop had before this change). The shared file keeps the same values (lists as JSON text, booleans 0/1).
Rows pulled into the laptop are written with plain SQL upserts, so they never go back into the outbox.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from liferooms_tui.db import partnership
from liferooms_tui.db.models import TABLE_BY_NAME, Person, table_of
from liferooms_tui.sync.errors import RowRejected
from liferooms_tui.sync.schema import columns
from liferooms_tui.vocabulary import STATUSES

BASE_KEY = "_base"
WAS_KEY = "_was"  # {field: value before this change}, for the fields an edit changed (a field-by-field merge)
VERSION_RE = re.compile(r"^\d{13}\.\d{5}\.[A-Za-z0-9_-]{1,64}$")
COLUMNS = {name: columns(model) for name, model in TABLE_BY_NAME.items()}
NAMES = {name: [c[0] for c in cols] for name, cols in COLUMNS.items()}
PARENTS = {name: [(c[0], c[3]) for c in cols if c[3]] for name, cols in COLUMNS.items()}
PARENTS_BY_COLUMN = {name: dict(links) for name, links in PARENTS.items()}
LABELS = {"partner": "partner", "person": "person", "conversation": "conversation", "prescription": "plan",
          "prescriptionitem": "plan item", "referral": "referral", "referralevent": "status change",
          "feedback": "feedback", "auditevent": "audit entry", "concern": "safeguarding concern",
          "referralin": "referral in", **partnership.LABELS, "course": "course", "coursesession": "course session",
          "enrolment": "enrolment", "attendance": "register mark", "coursefeedback": "course feedback"}
CHUNK = 500
OnErased = Callable[[Session, list[str]], None]  # told, in the same transaction, of people erased elsewhere


def chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _check_value(name: str, kind: str, value):
    ok = {
        "text": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
        "json": lambda v: isinstance(v, list | dict),
        "date": lambda v: isinstance(v, str) and bool(date.fromisoformat(v)),
        "datetime": lambda v: isinstance(v, str) and datetime.fromisoformat(v.replace("Z", "+00:00")).tzinfo,
    }[kind]
    try:
        good = ok(value)
    except ValueError:
        good = False
    if not good:
        raise RowRejected(f"its {name} is not a {'date and time with a time zone' if kind == 'datetime' else kind}.")
    return value


def check_payload(table: str, payload) -> tuple[dict, str | None]:
    """A queued row as the shared file will keep it, and its base version; RowRejected says what is wrong."""
    if table not in COLUMNS:
        raise RowRejected(f"'{table}' is not something the shared file keeps.")
    if not isinstance(payload, dict):
        raise RowRejected("the queued change is not a row (the outbox entry is damaged).")
    unknown = sorted(set(payload) - set(NAMES[table]) - {BASE_KEY, WAS_KEY})
    if unknown:
        raise RowRejected(f"it has fields this shared file does not know ({', '.join(unknown)}); "
                          "update liferooms on every laptop, then sync again.")
    clean: dict[str, object] = {}
    for name, kind, nullable, _ in COLUMNS[table]:
        value = payload.get(name)
        if value is None:
            if not nullable:
                raise RowRejected(f"it has no {name}.")
            clean[name] = None
        else:
            clean[name] = _check_value(name, kind, value)
    row_id, version, status = str(clean["id"] or ""), str(clean["version"] or ""), str(clean.get("status") or "")
    if not row_id or len(row_id) > 100:
        raise RowRejected("its id is empty or too long.")
    if not VERSION_RE.match(version):
        raise RowRejected(f"its version stamp '{version[:40]}' is not one liferooms makes.")
    if not clean["origin_site"]:
        raise RowRejected("it does not say which site and laptop made it.")
    if table == "referralevent" and status not in STATUSES:
        raise RowRejected(f"'{status[:40]}' is not a referral status.")
    base = payload.get(BASE_KEY)
    return clean, base if isinstance(base, str) else None


def was_of(table: str, payload: dict) -> dict | None:
    """The values an edit changed, as they were before it (None when the laptop did not say: a whole-row edit)."""
    was = payload.get(WAS_KEY)
    if not isinstance(was, dict) or not was:
        return None
    return {name: value for name, value in was.items() if name in NAMES[table]}


def encode(table: str, row: dict) -> list:
    """SQL parameters, in column order, for a checked row."""
    out = []
    for name, kind, _, _ in COLUMNS[table]:
        value = row[name]
        if value is not None and kind == "json":
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        elif value is not None and kind == "bool":
            value = int(value)
        out.append(value)
    return out


def decode(table: str, values) -> dict:
    """A shared-file row (in column order) back to payload values."""
    row = {}
    for (name, kind, _, _), value in zip(COLUMNS[table], values, strict=False):
        if value is not None and kind == "json":
            value = json.loads(value)
        elif value is not None and kind == "bool":
            value = bool(value)
        row[name] = value
    return row


def quoted(table: str) -> str:
    """The table's column names, quoted (a column called "by" is an SQL keyword)."""
    return ", ".join(f'"{name}"' for name in NAMES[table])


def select_sql(table: str) -> str:
    return f"SELECT {quoted(table)} FROM {table}"


def to_local(table: str, payload: dict) -> dict:
    """Payload values as Python values for the laptop's database (dates, times, lists)."""
    model = TABLE_BY_NAME[table]
    return model.model_validate({k: v for k, v in payload.items() if k in NAMES[table]}).model_dump()


def local_ids(session: Session, table: str, ids) -> set[str]:
    column = table_of(TABLE_BY_NAME[table]).c.id
    found: set[str] = set()
    for part in chunks(sorted(set(ids))):
        found.update(session.connection().execute(select(column).where(column.in_(part))).scalars())
    return found


def local_versions(session: Session, table: str, ids) -> dict[str, str]:
    t = table_of(TABLE_BY_NAME[table])
    found: dict[str, str] = {}
    for part in chunks(sorted(set(ids))):
        found.update({i: v for i, v in session.connection().execute(select(t.c.id, t.c.version)
                                                                    .where(t.c.id.in_(part)))})
    return found


def apply_local(session: Session, table: str, payloads: list[dict], *, also_over: str | None = None,
                force: frozenset[str] = frozenset()) -> int:
    """Write rows into the laptop's database where they are newer than the laptop's copy (or the laptop's copy
    is exactly `also_over`, a version it sent that lost, or the row's id is in `force`); never through the
    outbox. Returns rows written."""
    if not payloads:
        return 0
    have = local_versions(session, table, [p["id"] for p in payloads])
    fresh = [p for p in payloads if p["id"] not in have or have[p["id"]] < p["version"] or p["id"] in force
             or (also_over is not None and have[p["id"]] == also_over)]
    if not fresh:
        return 0
    t = table_of(TABLE_BY_NAME[table])
    forced = [p for p in fresh if p["id"] in force]
    for group, always in ((forced, True), ([p for p in fresh if p["id"] not in force], False)):
        stmt = sqlite_insert(t)
        condition = t.c.version < stmt.excluded.version
        if also_over is not None:
            condition = or_(condition, t.c.version == also_over)
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.c.id],
            set_={c.name: stmt.excluded[c.name] for c in t.columns if c.name != "id"},
            where=None if always else condition,
        )
        for part in chunks(group):
            session.exec(stmt, params=[to_local(table, p) for p in part])
    return len(fresh)


def newly_erased(session: Session, people: list[dict]) -> frozenset[str]:
    """People erased elsewhere who are not erased here (erasure wins, whatever the versions)."""
    erased = [p["id"] for p in people if p.get("erased_at")]
    found: set[str] = set()
    for part in chunks(erased):
        query = select(col(Person.id)).where(col(Person.id).in_(part), col(Person.erased_at).is_(None))
        found.update(session.connection().execute(query).scalars())
    return frozenset(found)


def without_unerasing(session: Session, people: list[dict]) -> list[dict]:
    """Person rows that would not bring back someone erased on this laptop (an erasure not sent yet wins)."""
    alive = [p["id"] for p in people if not p.get("erased_at")]
    erased: set[str] = set()
    for part in chunks(alive):
        query = select(col(Person.id)).where(col(Person.id).in_(part), col(Person.erased_at).is_not(None))
        erased.update(session.connection().execute(query).scalars())
    return [p for p in people if p["id"] not in erased]
