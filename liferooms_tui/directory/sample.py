"""The embedded sample directory: fictional partners for Liverpool and Sefton, for training. Loaded into an empty
directory when the laptop was set up with it (settings.sample_directory), and removable later (remove_sample)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib import resources

from sqlalchemy import select as select_columns
from sqlmodel import Session, SQLModel, func, select

from liferooms_tui.access import Actor
from liferooms_tui.config import save_settings
from liferooms_tui.db.models import Partner, utcnow
from liferooms_tui.db.outbox import save
from liferooms_tui.db.partnership import PartnerEvent
from liferooms_tui.privacy import audit
from liferooms_tui.vocabulary import plural

SAMPLE_FILE = "sample_partners.json"
SAMPLE_VERSION = "0000000000000.00000.sample"  # older than any edit, so every real change wins
SAMPLE_SOURCE = "sample"  # Partner.source of every sample partner: marked fictional wherever it is shown


def is_fictional(partner) -> bool:
    return partner.source == SAMPLE_SOURCE


def sample_records() -> list[dict]:
    text = resources.files("liferooms_tui.directory").joinpath(SAMPLE_FILE).read_text(encoding="utf-8")
    return json.loads(text)["partners"]


def partner_from_record(record: dict) -> Partner:
    fields = dict(record)
    if fields.get("last_verified"):
        fields["last_verified"] = date.fromisoformat(fields["last_verified"])
    return Partner(**fields, source="sample", source_id=record["id"], origin_site="sample", version=SAMPLE_VERSION)


def seed_if_empty(session: Session) -> int:
    """Load the sample directory into an empty partner table; returns how many partners were added."""
    if session.exec(select(func.count()).select_from(Partner)).one():
        return 0
    partners = [partner_from_record(record) for record in sample_records()]
    session.add_all(partners)
    return len(partners)


@dataclass
class SampleRemoved:
    deleted: int  # partners with nothing pointing at them: gone
    deactivated: int  # partners with referrals or other records: kept (those records need them), no longer active

    def sentence(self) -> str:
        if not self.deleted and not self.deactivated:
            return "There is no fictional sample directory here any more; nothing was changed."
        kept = (f"; {plural(self.deactivated, 'partner')} with referrals or other records "
                f"{'was' if self.deactivated == 1 else 'were'} deactivated, not deleted, so those records stay"
                if self.deactivated else "")
        return (f"Removed the fictional sample directory: {plural(self.deleted, 'partner')} deleted{kept}. "
                "It is not loaded again.")


def _in_use(session: Session, ids: set[str]) -> set[str]:
    """The partners among `ids` that any row points at: a foreign key to partner.id, or an event's lists."""
    used: set[str] = set()
    wanted = sorted(ids)
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "partner" for fk in column.foreign_keys):
                for start in range(0, len(wanted), 500):
                    query = select_columns(column).where(column.in_(wanted[start:start + 500])).distinct()
                    used.update(session.execute(query).scalars())
    for event in session.exec(select(PartnerEvent)):
        used.update(ids.intersection([*event.invited, *event.came]))
    return used


def remove_sample(session: Session, actor: Actor) -> SampleRemoved:
    """Remove the fictional sample directory from this laptop, for good: sample partners nothing points at are
    deleted; those with referrals (or a plan, feedback, a catch-up...) are deactivated, as a change that syncs.
    The laptop's settings then say not to load it again (the caller saves that: remove_sample_here)."""
    sample = list(session.exec(select(Partner).where(Partner.source == "sample")))
    used = _in_use(session, {p.id for p in sample})
    deleted = deactivated = 0
    for partner in sample:
        if partner.id not in used:
            session.delete(partner)
            deleted += 1
        elif partner.active:
            partner.active = False
            partner.updated_at = utcnow()
            if actor.is_volunteer:  # a volunteer's laptop changes only its own copy (it never sends anything)
                session.add(partner)
            else:
                save(session, actor, partner, was={"active": True})
            deactivated += 1
    if (deleted or deactivated) and not actor.is_volunteer:
        audit.record(session, actor, "delete", "directory", entity_id="sample",
                     detail=f"fictional sample directory removed: {deleted} deleted, {deactivated} deactivated")
    return SampleRemoved(deleted, deactivated)


def remove_sample_here(runtime) -> SampleRemoved:
    """`remove_sample` on this laptop, and its settings changed so an empty directory is not filled with it again."""
    with runtime.store.session() as session:
        removed = remove_sample(session, runtime.actor)
    runtime.settings.sample_directory = False
    save_settings(runtime.paths, runtime.settings)
    return removed
