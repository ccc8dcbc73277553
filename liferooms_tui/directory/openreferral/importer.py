"""Importing Open Referral services into the partner directory, in one transaction.

Each service becomes (or updates) the partner with id uuid5(source, service id), so a re-import updates in
place and every laptop importing the same file makes the same partners. Only partners of that source are
ever changed: partners added by hand ("manual") or the sample directory ("sample") are never touched.
Rows go through the sync outbox like every other change. A dry run reads and compares, and writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, func, select

from liferooms_tui.access import Actor, require_advisor
from liferooms_tui.db.models import Partner, utcnow
from liferooms_tui.db.outbox import save
from liferooms_tui.directory.openreferral import hand_edits
from liferooms_tui.directory.openreferral.clean import Problem
from liferooms_tui.directory.openreferral.extension import RESERVED_SOURCES, partner_id
from liferooms_tui.directory.openreferral.mapping import Mapped, map_service
from liferooms_tui.directory.openreferral.read import Feed, load
from liferooms_tui.directory.openreferral.roundtrip import Elsewhere
from liferooms_tui.directory.openreferral.summary import Change, ImportSummary, Rejection
from liferooms_tui.privacy import audit
from liferooms_tui.vocabulary import InvalidValue

Progress = Callable[[int, int], None]  # (services done, services in all)
_CHUNK = 500


def check_source(name: str) -> str:
    """A source name: short, plain, and never one of ours ("manual", "sample")."""
    cleaned = name.strip().lower()
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,59}", cleaned):
        raise InvalidValue(f"'{name}' cannot name a source: use up to 60 letters, digits, dots, dashes or underscores.")
    if cleaned in RESERVED_SOURCES:
        raise InvalidValue(f"'{cleaned}' is kept for partners added here; choose another source name.")
    return cleaned


def _existing(session: Session, source: str) -> dict[str, Partner]:
    return {p.source_id: p for p in session.exec(select(Partner).where(Partner.source == source)) if p.source_id}


def _elsewhere(session: Session, source: str, ids: list[str]) -> dict[str, int]:
    """Other import sources that already hold some of these service ids (the same file under another name)."""
    found: dict[str, int] = {}
    for start in range(0, len(ids), _CHUNK):
        query = (select(Partner.source, func.count()).where(col(Partner.source_id).in_(ids[start:start + _CHUNK]))
                 .where(Partner.source != source).where(col(Partner.source).not_in(RESERVED_SOURCES))
                 .group_by(Partner.source))
        for other, count in session.exec(query):
            found[other] = found.get(other, 0) + count
    return found


def _taken_ids(session: Session, ids: list[str]) -> set[str]:
    taken: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        taken.update(session.exec(select(Partner.id).where(col(Partner.id).in_(ids[start:start + _CHUNK]))))
    return taken


def _check(mapped: Mapped, seen: set[str], summary: ImportSummary) -> bool:
    if mapped.source_id and mapped.source_id in seen:
        mapped.errors.append(Problem(mapped.label, "id", "appears more than once in the file; the first was used"))
    if mapped.errors:
        summary.rejected.append(Rejection(mapped.label, mapped.name, mapped.errors))
        return False
    summary.warnings.extend(mapped.warnings)
    return True


def import_directory(session: Session, actor: Actor, records: Feed | Iterable[Any], source: str,
                     dry_run: bool = False, progress: Progress | None = None, *,
                     keep_missing: bool = False) -> ImportSummary:
    """Import services (a Feed from read.load, or a list of service dicts) as partners of `source`."""
    require_advisor(actor, "partners by importing a file")
    source = check_source(source)
    feed = records if isinstance(records, Feed) else Feed(records=list(records), form="Open Referral services")
    summary = ImportSummary(source=source, form=feed.form, dry_run=dry_run, read=len(feed.records),
                            warnings=list(feed.warnings))
    existing = _existing(session, source)
    known = hand_edits.baselines(session)
    elsewhere = Elsewhere(session, source)  # a liferooms export's partners that are here from another source
    total, seen, new = len(feed.records), set[str](), []
    step = max(1, total // 200)
    for position, raw in enumerate(feed.records, 1):
        mapped = map_service(raw, position)
        accepted = _check(mapped, seen, summary)
        key = mapped.record[1] if mapped.record and mapped.record[0] == source else mapped.source_id
        seen.update(k for k in (mapped.source_id, key) if k)
        if accepted:
            current = existing.get(key)
            if current is None and elsewhere.found(mapped, summary):
                pass  # already here (added by hand, the sample, or another source's): left as it is
            elif current is None:
                new.append(mapped)
            else:
                _compare(session, actor, current, mapped, summary, dry_run, known.get(current.id))
        if progress and (position % step == 0 or position == total):
            progress(position, total)
    _add(session, actor, source, new, summary, dry_run, known)
    _deactivate_missing(session, actor, feed, existing, seen, summary, dry_run, keep_missing)
    others = _elsewhere(session, source, sorted(seen - elsewhere.ids))
    for other, count in sorted(others.items()):
        summary.warnings.append(Problem("", "source", f"{count} of these services were imported before as source "
                                        f"'{other}'; import with --source {other} to update those instead"))
    if summary.changed and not dry_run:
        audit.record(session, actor, "change", "directory", entity_id=source,
                     detail=f"Open Referral import: {summary.headline()}")
    return summary


def _compare(session: Session, actor: Actor, current: Partner, mapped: Mapped, summary: ImportSummary,
             dry_run: bool, baseline: hand_edits.SourceValues | None) -> None:
    """Update a partner from its record, keeping fields an advisor edited by hand (hand_edits.py)."""
    take, kept = hand_edits.merge(current, mapped.fields, baseline)
    summary.kept.extend(hand_edits.KeptEdit(mapped.source_id, current.name, name, hand_edits.as_json(
        mapped.fields[name]), hand_edits.as_json(getattr(current, name))) for name in kept)
    if not dry_run and (mapped.record is None or mapped.record[0] != current.source):
        # (our own export of this source's partners says what we had, with hand edits, not what the source said)
        hand_edits.remember(session, current.id, current.source, mapped.fields, baseline)
    change = Change(mapped.source_id, mapped.name, list(take))
    if not take:
        summary.unchanged.append(change)
        return
    if current.active and take.get("active") is False:
        change.reason = "its status in the file is not active"
        summary.deactivated.append(change)
    else:
        summary.updated.append(change)
    if not dry_run:
        for name, value in take.items():
            setattr(current, name, value)
        current.updated_at = utcnow()
        save(session, actor, current)


def _add(session: Session, actor: Actor, source: str, new: list[Mapped], summary: ImportSummary,
         dry_run: bool, known: dict[str, hand_edits.SourceValues]) -> None:
    ids = {m.source_id: partner_id(source, m.source_id) for m in new}
    taken = _taken_ids(session, list(ids.values()))
    for mapped in new:
        if ids[mapped.source_id] in taken:
            problem = Problem(mapped.label, "id", "a partner with the same id exists from another source; not imported")
            summary.rejected.append(Rejection(mapped.label, mapped.name, [problem]))
            continue
        summary.added.append(Change(mapped.source_id, mapped.name))
        if not dry_run:
            partner = Partner(id=ids[mapped.source_id], source=source, source_id=mapped.source_id, **mapped.fields)
            save(session, actor, partner)
            hand_edits.remember(session, partner.id, source, mapped.fields, known.get(partner.id))


def _deactivate_missing(session: Session, actor: Actor, feed: Feed, existing: dict[str, Partner], seen: set[str],
                        summary: ImportSummary, dry_run: bool, keep_missing: bool) -> None:
    missing = [p for sid, p in existing.items() if sid not in seen and p.active]
    if not missing:
        return
    if keep_missing or not feed.complete or not (summary.added or summary.updated or summary.unchanged):
        why = ("--keep-missing" if keep_missing else feed.note or "one page" if not feed.complete
               else "no service in the file could be imported")
        summary.note = f"{len(missing)} partners of this source are not in the file; left as they are ({why})."
        return
    for partner in missing:
        summary.deactivated.append(Change(partner.source_id or "", partner.name, ["active"], "no longer in the file"))
        if not dry_run:
            partner.active = False
            partner.updated_at = utcnow()
            save(session, actor, partner)


def import_file(store, actor: Actor, path: str | Path, *, source: str | None = None, dry_run: bool = False,
                progress: Progress | None = None, keep_missing: bool = False) -> ImportSummary:
    """Read an Open Referral file and import it in one transaction (nothing is written on any error)."""
    require_advisor(actor, "partners by importing a file")
    if source is not None:
        source = check_source(source)
    feed = load(path)
    with store.session() as session:
        summary = import_directory(session, actor, feed, source or feed.name, dry_run, progress,
                                   keep_missing=keep_missing)
    summary.path = str(path)
    if feed.note and not summary.note:
        summary.note = f"This file is {feed.note} of a longer list."
    return summary


def import_partners(runtime, path: str, *, dry_run: bool, progress: Progress | None = None) -> ImportSummary:
    """The Directory section's import (asked through the gateway, from a worker): `import_file` on this laptop's
    database, as its advisor."""
    return import_file(runtime.store, runtime.actor, path, dry_run=dry_run, progress=progress)
