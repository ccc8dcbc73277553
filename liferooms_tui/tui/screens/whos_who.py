"""Who's who: every partner's key contact and how to reach them, searchable, saved to CSV with a key.

Partner data only (no personal data), so volunteers can open it too. The Directory screen opens it.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from liferooms_tui.directory.contacts import Contact, export_contacts, list_contacts
from liferooms_tui.tui.widgets.text import literal, safe
from liferooms_tui.tui.work import Answer, AsksServices, Working


class ContactsFound(Answer):
    value: list[Contact]


class ContactsSaved(Answer):
    value: Path


class ContactTable(DataTable):
    BINDINGS = [Binding("slash", "screen.search", "Search", show=False, id="whos_who.search")]


class WhosWhoScreen(AsksServices, ModalScreen[None]):
    BINDINGS = [
        Binding("ctrl+s", "export", "Save CSV", priority=True, id="whos_who.export"),
        Binding("escape", "close", "Close", id="whos_who.close"),
    ]
    DEFAULT_CSS = """
    WhosWhoScreen { align: center middle; }
    WhosWhoScreen > Vertical { width: 95%; max-width: 140; height: 95%; border: round $accent;
                               background: $surface; padding: 0 1; }
    WhosWhoScreen #contacts { height: 1fr; }
    WhosWhoScreen #contact-detail { height: auto; max-height: 5; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Who's who: partners' key contacts", classes="title", markup=False)
            yield Input(placeholder="Search: partner, contact, role, need, phone, email, place", id="search")
            yield ContactTable(id="contacts", cursor_type="row", zebra_stripes=True)
            yield Static("", id="contact-detail")
            yield Static("Type to search · Down to the list · Ctrl+S saves a CSV · Escape closes",
                         classes="muted", id="whos-who-hint", markup=False)

    def on_mount(self) -> None:
        self.contacts: list[Contact] = []
        table = self.query_one(ContactTable)
        for label, width in (("Partner", 30), ("Key contact", 18), ("Phone", 13), ("Email", 40)):
            table.add_column(label, width=width)  # long names are cut here and shown whole below
        self.load("")
        self.query_one("#search", Input).focus()

    def load(self, search: str) -> None:
        self.ask_read(ContactsFound, list_contacts, search)

    def on_contacts_found(self, answer: ContactsFound) -> None:
        if answer.error:
            self.query_one("#contact-detail", Static).update(answer.error)
            return
        self.contacts = answer.value
        table = self.query_one(ContactTable)
        table.clear()
        for c in self.contacts:
            table.add_row(safe(c.partner), safe(c.name or "none recorded", "" if c.name else "yellow"),
                          safe(c.phone), safe(c.email), key=c.partner_id)
        self.show_detail(self.contacts[0] if self.contacts else None)

    def on_working(self, message: Working) -> None:
        message.stop()
        message.prevent_default()  # said under the list, not in a toast
        self.query_one("#contact-detail", Static).update(message.text)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.after_typing("search", lambda: self.load(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(ContactTable).focus()

    def on_key(self, event) -> None:
        if event.key == "down" and self.focused is self.query_one("#search", Input):
            self.query_one(ContactTable).focus()
            event.stop()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        found = [c for c in self.contacts if c.partner_id == event.row_key.value]
        self.show_detail(found[0] if found else None)

    def show_detail(self, contact: Contact | None) -> None:
        detail = Text()
        if contact is None:
            detail.append("No partner matches; try fewer words.")
        else:
            detail.append(literal(contact.partner), style="bold")
            for label, value in (("contact", contact.name), ("role", contact.role), ("phone", contact.phone),
                                 ("email", contact.email), ("needs", contact.needs_text), ("where", contact.where),
                                 ("website", contact.website)):
                if value:
                    detail.append(f" · {label}: ")
                    detail.append(literal(value))
            verified = contact.last_verified.isoformat() if contact.last_verified else "never"
            detail.append(f" · last verified {verified}")
        self.query_one("#contact-detail", Static).update(detail)

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_export(self) -> None:
        search = self.query_one("#search", Input).value
        self.ask_read(ContactsSaved, export_contacts, self.app.runtime.paths.exports, search)

    def on_contacts_saved(self, answer: ContactsSaved) -> None:
        if answer.error:
            self.notify(f"Could not save the list: {answer.error}", severity="error", markup=False)
            return
        self.notify(f"Saved {len(self.contacts)} contacts: {answer.value}", title="Who's who", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
