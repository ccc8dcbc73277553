"""Who's who: every partner's key contact and how to reach them, for new staff, volunteers and partners.

Partner data only (no personal data), so it is open to every role, volunteers included.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session

from liferooms_tui.db.models import Partner
from liferooms_tui.directory.partners import list_partners
from liferooms_tui.reports.tables import Table, cell_value, render, render_wide_csv, safe_text, write_export
from liferooms_tui.vocabulary import NEEDS, InvalidValue

COLUMNS = ["Partner", "Key contact", "Role", "Phone", "Email", "Needs", "Where", "Website", "Last verified"]
SUFFIX = {"csv": ".csv", "json": ".json", "table": ".txt"}


@dataclass(frozen=True)
class Contact:
    partner_id: str
    partner: str
    name: str
    role: str
    phone: str
    email: str
    needs: list[str]  # need keys
    where: str
    website: str
    last_verified: date | None

    @property
    def needs_text(self) -> str:
        return ", ".join(NEEDS.get(n, n) for n in self.needs)

    def row(self) -> list:
        return [self.partner, self.name or "none recorded", self.role, self.phone, self.email, self.needs_text,
                self.where, self.website, self.last_verified or "never"]


def _contact(p: Partner) -> Contact:
    return Contact(p.id, p.name, p.contact_name.strip(), p.contact_role.strip(), p.contact_phone.strip(),
                   p.contact_email.strip(), list(p.needs), p.delivered_at.strip(), p.website.strip(), p.last_verified)


def _haystack(c: Contact) -> str:
    text = " ".join([c.partner, c.name, c.role, c.phone, c.email, c.where, " ".join(c.needs), c.needs_text])
    return f"{text} {c.phone.replace(' ', '')}".casefold()


def list_contacts(session: Session, search: str = "") -> list[Contact]:
    """Active partners' key contacts, by partner name; every word searched for must appear (any field)."""
    words = search.casefold().split()
    contacts = [_contact(p) for p in list_partners(session)]
    if words:
        contacts = [c for c in contacts if all(w in _haystack(c) for w in words)]
    return contacts


def contacts_table(contacts: list[Contact]) -> Table:
    return Table("contacts", "Who's who: partners' key contacts", COLUMNS, [c.row() for c in contacts])


def render_contacts(contacts: list[Contact], fmt: str = "table", search: str = "") -> str:
    """CSV: one ordinary table with a header row. JSON: a list of contacts. Table: aligned text."""
    table = contacts_table(contacts)
    if fmt == "csv":
        return render_wide_csv(table, suppress=False)
    if fmt == "json":
        keys = ["partner", "contact_name", "role", "phone", "email", "needs", "where", "website", "last_verified"]
        data = [dict(zip(keys, (cell_value(v, suppress=False) for v in c.row()), strict=True)) for c in contacts]
        for item, contact in zip(data, contacts, strict=True):
            item["contact_name"], item["needs"] = safe_text(contact.name), contact.needs
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    count = f"{len(contacts)} partner" + ("" if len(contacts) == 1 else "s")
    about = [("Who's who", count + (f" matching '{search}'" if search else ""))]
    narrow = Table(table.key, table.title, COLUMNS[:5], [row[:5] for row in table.rows])  # fits a terminal
    return render([narrow], about, fmt, suppress=False)


def export_contacts(session: Session, folder: str | Path, search: str = "", fmt: str = "csv", *,
                    into_folder: bool | None = True) -> Path:
    """Write the who's who (searched) to a new file in `folder` (or to a file, into_folder=False)."""
    text = render_contacts(list_contacts(session, search), fmt, search)
    what = f"whos who {search}".strip()
    try:
        return write_export(text, folder, what, SUFFIX.get(fmt, ".txt"), folder=into_folder)
    except OSError as exc:
        raise InvalidValue(f"The list could not be saved in {folder} ({exc.strerror or exc}); check the folder "
                           "exists and you can write to it.") from exc
