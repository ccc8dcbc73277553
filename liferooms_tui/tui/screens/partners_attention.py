"""What needs attention: partners to verify, to give a key contact or an owner, to catch up with, whose capacity
is out of date, or whose pause has ended; most urgent first. Enter opens the partner's page."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from liferooms_tui.partners import review
from liferooms_tui.partners.status import Rules
from liferooms_tui.tui.screens.partner_page import PartnerPageScreen
from liferooms_tui.tui.widgets.table import Table
from liferooms_tui.tui.widgets.text import plural, safe
from liferooms_tui.tui.work import Answer, AsksServices


class AttentionRead(Answer):
    value: list[review.Attention]


class AttentionScreen(AsksServices, ModalScreen[bool]):
    """Returns True when a partner was changed from here."""

    HELP = ("Partners that need attention, most urgent first: a pause that ended, no key contact, not verified "
            "for 12 months, a catch-up overdue, no owner in the service, capacity not updated. Enter opens the "
            "partner's page, where each is put right.")
    SECTION = "What needs attention"
    BINDINGS = [Binding("escape", "back", "Back", id="attention.back"),
                Binding("enter", "open", "Open partner", id="attention.open")]
    DEFAULT_CSS = """
    AttentionScreen { align: center middle; }
    AttentionScreen > Vertical { width: 100%; height: 100%; background: $surface; }
    AttentionScreen #attention-title { height: auto; padding: 0 1; background: $boost; }
    AttentionScreen Table { height: 1fr; }
    AttentionScreen #attention-detail { height: auto; padding: 0 1; background: $boost; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.items: list[review.Attention] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("What needs attention: reading…", id="attention-title", markup=False)
            yield Table(id="attention", cursor_type="row", zebra_stripes=True)
            yield Static("", id="attention-detail", markup=False)  # the highlighted partner's reasons, whole
            yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(Table)
        table.add_column("Partner", key="name")
        table.add_column("Needs attention", key="why")
        table.focus()
        self.reload()

    def reload(self) -> None:
        rules = Rules.of(self.app.runtime.settings)  # type: ignore[attr-defined]
        self.ask(AttentionRead, review.needing_attention, rules=rules)

    def on_attention_read(self, answer: AttentionRead) -> None:
        answer.stop()
        title = self.query_one("#attention-title", Static)
        if answer.error:
            title.update(answer.error)
            return
        self.items = answer.value
        table = self.query_one(Table)
        row = table.cursor_row
        table.clear()
        for item in self.items:
            table.add_row(safe(item.name[:48]), safe("; ".join(r.words for r in item.reasons)), key=item.partner_id)
        title.update(f"What needs attention: {plural(len(self.items), 'partner')}, most urgent first "
                     "· Enter opens one · Escape goes back")
        if self.items:
            table.move_cursor(row=min(row, len(self.items) - 1), animate=False)

    def on_data_table_row_highlighted(self, event) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.items):
            item = self.items[event.cursor_row]
            self.query_one("#attention-detail", Static).update(
                f"{item.name}: {'; '.join(r.words for r in item.reasons)}")

    def on_data_table_row_selected(self, event) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one(Table)
        if 0 <= table.cursor_row < len(self.items):
            page = PartnerPageScreen(self.items[table.cursor_row].partner_id)
            self.app.show(page, self.back_from_page)  # type: ignore[attr-defined]

    def back_from_page(self, changed: bool | None) -> None:
        if changed:
            self.changed = True
            self.reload()

    def action_back(self) -> None:
        self.dismiss(self.changed)
