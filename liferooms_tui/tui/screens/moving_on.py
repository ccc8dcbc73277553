"""Moving on from a course: for each person who completed it, partners near them that meet the same needs;
Enter adds the highlighted one to that person's plan (one key)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from liferooms_tui.courses import moving_on
from liferooms_tui.tui.widgets.text import safe
from liferooms_tui.tui.work import Answer, AsksServices


class SuggestionsFound(Answer):
    value: list[moving_on.Suggestion]


class AddedToPlan(Answer): ...


class MovingOnScreen(AsksServices, ModalScreen[None]):
    BINDINGS = [Binding("escape", "cancel", "Back", id="moving_on.back")]
    DEFAULT_CSS = """
    MovingOnScreen { align: center middle; }
    MovingOnScreen > Vertical { width: 100%; height: 100%; background: $surface; }
    MovingOnScreen DataTable { height: 1fr; }
    MovingOnScreen #moving-said { height: auto; padding: 0 1; }
    """

    def __init__(self, course_id: str):
        super().__init__()
        self.course_id = course_id
        self.found: list[moving_on.Suggestion] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Moving on: partners near each person who completed the course, for the same needs. "
                         "Enter adds the highlighted partner to their plan; Escape goes back.", markup=False)
            table: DataTable = DataTable(id="moving-on", cursor_type="row")
            table.add_columns("Person", "Partner", "Why")
            yield table
            yield Static("Looking…", id="moving-said", markup=False)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        settings = self.app.runtime.settings
        self.ask(SuggestionsFound, moving_on.moving_on, self.course_id,
                 completed_share=settings.course_completed_share)

    def on_suggestions_found(self, answer: SuggestionsFound) -> None:
        said = self.query_one("#moving-said", Static)
        if answer.error:
            said.update(answer.error)
            return
        self.found = answer.value
        table = self.query_one(DataTable)
        for s in self.found:
            table.add_row(safe(s.person_name), safe(s.partner_name), safe(s.why))
        said.update("" if self.found else "Nobody has completed this course yet (settings: course_completed_share).")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.cursor_row < len(self.found):
            s = self.found[event.cursor_row]
            self.adding = s
            self.ask(AddedToPlan, moving_on.add_to_plan, s.person_id, s.partner_id)

    def on_added_to_plan(self, answer: AddedToPlan) -> None:
        said = self.query_one("#moving-said", Static)
        s = self.adding
        said.update(answer.error or f"{s.partner_name} is in {s.person_name}'s plan: agree it with them next time.")

    def action_cancel(self) -> None:
        self.dismiss(None)
