"""A person's drop-ins, as written at the time, each with the corrections noted after it.

Opened from the Drop-in list (h). c (or Enter) on a finished drop-in adds a correction note: the drop-in stays
as it was and the history shows both.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from liferooms_tui.courses.person import person_courses
from liferooms_tui.db.models import ConversationCorrection, Person
from liferooms_tui.dropin import corrections
from liferooms_tui.tui.screens.prompt import PromptScreen
from liferooms_tui.tui.widgets.table import Table
from liferooms_tui.tui.widgets.text import safe
from liferooms_tui.tui.work import Answer, AsksServices
from liferooms_tui.vocabulary import NEEDS


class HistoryLoaded(Answer):
    value: list[corrections.DropInHistory]


class CoursesLoaded(Answer):
    value: list


class CorrectionAdded(Answer):
    value: ConversationCorrection


class HistoryScreen(AsksServices, ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Back", id="history.back"),
        Binding("c", "correct", "Add a correction", id="history.correct"),
    ]
    DEFAULT_CSS = """
    HistoryScreen { align: center middle; }
    HistoryScreen > Vertical { width: 95%; max-width: 120; height: 90%; border: round $accent;
                               background: $surface; padding: 0 1; }
    HistoryScreen DataTable { height: 1fr; }
    HistoryScreen #history-hint { height: auto; color: $text-muted; }
    HistoryScreen #history-courses { height: auto; max-height: 8; }
    """

    def __init__(self, person: Person):
        super().__init__()
        self.person = person
        self.rows: list[str] = []  # the drop-in each row belongs to
        self.finished: set[str] = set()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(f"Drop-ins with {self.person.display_name}", "bold"))
            yield Static("c or Enter on a finished drop-in: add a correction (the drop-in stays as it was) · "
                         "Esc: back", id="history-hint", markup=False)
            yield Table(id="history", cursor_type="row")
            yield Static("", id="history-courses", markup=False)  # their courses and attendance

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("When", "What was written")
        self.query_one(DataTable).focus()
        self.reload()
        self.ask(CoursesLoaded, person_courses, self.person.id,
                 completed_share=self.app.runtime.settings.course_completed_share)

    def on_courses_loaded(self, answer: CoursesLoaded) -> None:
        answer.stop()
        lines = [c.words() for c in answer.value or []]
        self.query_one("#history-courses", Static).update(
            answer.error or ("Courses:\n  " + "\n  ".join(lines) if lines else ""))

    def reload(self) -> None:
        self.ask(HistoryLoaded, corrections.person_history, self.person.id)

    def on_history_loaded(self, answer: HistoryLoaded) -> None:
        answer.stop()
        if answer.error:
            self.say(answer.error)
            return
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        self.rows = []
        self.finished = {h.conversation.id for h in answer.value if h.conversation.ended_at is not None}
        for history in answer.value:
            talk = history.conversation
            state = "" if talk.ended_at else "  (open)"
            needs = ", ".join(NEEDS.get(n, n) for n in talk.needs)
            written = " · ".join(bit for bit in (talk.what_matters.strip(), needs and f"needs: {needs}") if bit)
            table.add_row(f"{talk.started_at.astimezone():%d %b %Y}{state}", safe(written or "-"))
            self.rows.append(talk.id)
            for fix in history.corrections:
                table.add_row(f"  corrected {fix.at.astimezone():%d %b}", safe(f"{fix.note} ({fix.by})", "italic"))
                self.rows.append(talk.id)
        if not self.rows:
            self.say("No drop-ins with this person yet.")
        table.move_cursor(row=row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_correct()

    def action_correct(self) -> None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return
        talk_id = self.rows[table.cursor_row]
        if talk_id not in self.finished:
            self.say("This drop-in is still open: change it directly (resume it from the Drop-in list).")
            return
        self.app.show(PromptScreen("Correct this drop-in", "What needs correcting? (the drop-in stays as it was; "
                                   "this note is shown with it)"),
                      lambda note: note and self.ask(CorrectionAdded, corrections.add_correction, talk_id, note))

    def on_correction_added(self, answer: CorrectionAdded) -> None:
        answer.stop()
        if answer.error:
            self.say(answer.error)
            return
        self.say("Correction added.")
        self.reload()

    def say(self, message: str) -> None:
        self.query_one("#history-hint", Static).update(message)

    def on_working(self, message) -> None:
        message.stop()
        message.prevent_default()
        self.say(message.text)

    def action_close(self) -> None:
        self.dismiss(None)
