"""Merging from inside a drop-in: the advisor realises the person in front of them has a second record. Ctrl+O (or
'Merge with their other record' in the palette) asks which record is the other one, found by name as in the
Drop-in search, then opens the same merge dialog as the Drop-in list (merge.py), this person's record first.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from liferooms_tui.db.models import Person
from liferooms_tui.dropin import people
from liferooms_tui.tui.screens.merge import MergeScreen
from liferooms_tui.tui.widgets.table import Table
from liferooms_tui.tui.widgets.text import safe
from liferooms_tui.tui.work import Answer, AsksServices


class OthersFound(Answer):
    value: list[Person]


class OtherRecordScreen(AsksServices, ModalScreen[Person | None]):
    """Returns the other record chosen (never the person's own), or None."""

    BINDINGS = [Binding("escape", "cancel", "Back", id="other_record.back")]
    DEFAULT_CSS = """
    OtherRecordScreen { align: center middle; }
    OtherRecordScreen > Vertical { width: 95%; max-width: 100; height: 80%; border: round $warning;
                                   background: $surface; padding: 0 1; }
    OtherRecordScreen #other-hint { height: auto; color: $text-muted; }
    """

    def __init__(self, person: Person):
        super().__init__()
        self.person = person
        self.found: list[Person] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Merge {self.person.display_name}'s records: which is the other one?", classes="title",
                         markup=False)
            yield Input(self.person.display_name.split(" ")[0], id="other-find",
                        placeholder="Name or initials, then L20 or 07/03/1984 to narrow")
            yield Static("", id="other-hint", markup=False)
            yield Table(id="other-people", cursor_type="row")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Person", "Area", "Born", "Last seen")
        self.query_one(Input).focus()
        self.search()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.after_typing("other", self.search)

    def search(self) -> None:
        self.ask(OthersFound, people.search_people, self.query_one(Input).value, limit=30)

    def on_others_found(self, answer: OthersFound) -> None:
        answer.stop()
        hint = self.query_one("#other-hint", Static)
        table = self.query_one(DataTable)
        table.clear()
        if answer.error:
            hint.update(answer.error)
            return
        self.found = [p for p in answer.value if p.id != self.person.id]
        for p in self.found:
            table.add_row(safe(p.display_name), p.postcode_district or "",
                          f"{p.date_of_birth:%d/%m/%Y}" if p.date_of_birth else "",
                          f"{p.last_seen_at.astimezone():%d %b %Y}", key=p.id)
        hint.update("Down to the list, Enter on their other record; the next step shows both side by side."
                    if self.found else "No other record matches: type another spelling, or Escape to go back.")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.found:
            self.query_one(DataTable).focus()

    def on_key(self, event) -> None:
        if event.key == "down" and self.query_one(Input).has_focus and self.found:
            self.query_one(DataTable).focus()
            event.stop()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        chosen = [p for p in self.found if p.id == event.row_key.value]
        if chosen:
            self.dismiss(chosen[0])

    def action_cancel(self) -> None:
        self.dismiss(None)


def merge_with_other_record(app: App, person: Person, done: Callable[[str | None], None]) -> None:
    """Ask which record is the person's other one, then open the merge dialog with theirs first; `done` gets the
    id of the record kept (the drop-in now belongs to it), or None if nothing was merged."""
    def chosen(other: Person | None) -> None:
        if other is not None:
            app.show(MergeScreen(person, other), done)  # type: ignore[attr-defined]

    app.show(OtherRecordScreen(person), chosen)  # type: ignore[attr-defined]
