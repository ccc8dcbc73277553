"""Merging two records of one person: both side by side, the record to keep, and field by field whose value.

Opened from the Drop-in list (m on one person, then m on the other) or from inside a drop-in (Ctrl+O,
other_record.py). k swaps the record kept; Space or Enter on a field takes that value from the other record (or
back); Ctrl+S merges through the records service. The other record becomes a pointer to the one kept; its
drop-ins, plans and referrals follow.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from liferooms_tui.db.models import Person
from liferooms_tui.dropin import records
from liferooms_tui.tui.widgets.text import safe
from liferooms_tui.tui.work import Answer, AsksServices
from liferooms_tui.vocabulary import BENEFITS

# The fields a merge chooses between, as the form names them.
LABELS = {"display_name": "Name", "postcode_district": "Area", "date_of_birth": "Born", "benefits": "Benefits",
          "consent_store": "Agrees to storing", "consent_share": "Agrees to sharing"}


class PeopleMerged(Answer):
    value: dict


def shown(person: Person, field: str) -> str:
    """A field as the dialog shows it, kept to 16 characters so the three columns fit 80 (the CLI's
    'liferooms people show' gives every value in full)."""
    text = _shown(person, field)
    return text if len(text) <= 16 else text[:15] + "…"


def _shown(person: Person, field: str) -> str:
    value = getattr(person, field)
    if field == "date_of_birth":
        return f"{value:%d/%m/%Y}" if value else "-"
    if field == "benefits":
        return ", ".join(BENEFITS.get(b, b) for b in value) or "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value or "-"


class MergeScreen(AsksServices, ModalScreen[str | None]):
    """Returns the id of the record kept once merged, or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Back", id="merge.back"),
        Binding("k", "swap", "Keep the other record", id="merge.swap"),
        Binding("space", "take", "Take this value", id="merge.take"),
        Binding("ctrl+s", "merge", "Merge", priority=True, id="merge.merge"),
    ]
    DEFAULT_CSS = """
    MergeScreen { align: center middle; }
    MergeScreen > Vertical { width: 95%; max-width: 110; height: auto; max-height: 95%; border: round $warning;
                             background: $surface; padding: 0 1; }
    MergeScreen #merge-hint, MergeScreen #merge-error { height: auto; }
    """

    def __init__(self, first: Person, second: Person):
        super().__init__()
        self.keep, self.other = first, second
        self.take: set[str] = set()  # fields whose value comes from the other record
        self.merging = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Merge two records of one person", classes="title")
            yield Static("k: keep the other record · Space or Enter: take this value from the other record · "
                         "Ctrl+S: merge · Esc: back", id="merge-hint")
            yield DataTable(id="merge-fields", cursor_type="row")
            yield Static("", id="merge-error", classes="error", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.styles.height = "auto"  # app.tcss gives tables 1fr: this one is as tall as its rows
        table.add_columns("", "Record kept", "Other record", "Value kept")
        self.fill()
        table.focus()

    def fill(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for field, label in LABELS.items():
            chosen = self.other if field in self.take else self.keep
            table.add_row(label, safe(shown(self.keep, field)), safe(shown(self.other, field)),
                          safe(shown(chosen, field), "bold"), key=field)
        table.add_row("Record id", self.keep.id[:8], self.other.id[:8], self.keep.id[:8])
        table.move_cursor(row=row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_take()

    def action_take(self) -> None:
        table = self.query_one(DataTable)
        fields = list(LABELS)
        if table.cursor_row < len(fields):
            self.take ^= {fields[table.cursor_row]}
            self.fill()

    def action_swap(self) -> None:
        self.keep, self.other = self.other, self.keep
        self.fill()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_merge(self) -> None:
        if self.merging:
            return
        self.merging = True
        self.ask(PeopleMerged, records.merge_people, self.keep.id, self.other.id, sorted(self.take))

    def on_people_merged(self, answer: PeopleMerged) -> None:
        answer.stop()
        self.merging = False
        if answer.error:
            self.query_one("#merge-error", Static).update(answer.error)
            return
        self.app.notify(f"Merged: one record for {self.keep.display_name}.", markup=False)
        self.dismiss(answer.value["kept"])

    def on_working(self, message) -> None:
        message.stop()
        message.prevent_default()
        self.query_one("#merge-error", Static).update(message.text)
