"""Choosing a course for the plan: the Courses section's search (the directory's engine), open courses only,
the person's needs first. Enter enrols them (or puts them on the waiting list, said in words)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from liferooms_tui.courses import OPEN_TO_ENROL, pages
from liferooms_tui.tui.widgets.text import safe
from liferooms_tui.tui.work import Answer, AsksServices
from liferooms_tui.vocabulary import NEED_SHORT


class PickerCourses(Answer):
    value: list[pages.Found]


class CoursePickerScreen(AsksServices, ModalScreen[str | None]):
    """Returns the chosen course's id, or None."""

    BINDINGS = [Binding("escape", "cancel", "Back", id="course_picker.back"),
                Binding("down", "to_list", "List", show=False, id="course_picker.to_list")]
    DEFAULT_CSS = """
    CoursePickerScreen { align: center middle; }
    CoursePickerScreen > Vertical { width: 100%; height: 100%; background: $surface; }
    CoursePickerScreen DataTable { height: 1fr; }
    """

    def __init__(self, needs: list[str]):
        super().__init__()
        self.needs = list(needs)
        self.found: list[pages.Found] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Add a course to the plan (enrols them): type, Down, Enter · Escape goes back",
                         classes="title", markup=False)
            yield Input(placeholder="Search courses", id="picker-query")
            table: DataTable = DataTable(id="picker-courses", cursor_type="row")
            table.add_columns("Course", "Term", "Free", "Needs")
            yield table

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.load()

    def load(self) -> None:
        self.ask(PickerCourses, pages.search_courses, self.query_one(Input).value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.after_typing("picker", self.load)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_to_list()

    def on_picker_courses(self, answer: PickerCourses) -> None:
        if answer.error:
            self.notify(answer.error, severity="error", markup=False)
            return
        mine = [f for f in answer.value or [] if f.row.course.status in OPEN_TO_ENROL]
        typed = bool(self.query_one(Input).value.strip())
        self.found = mine if typed else sorted(mine, key=lambda f: not set(f.row.course.needs) & set(self.needs))
        table = self.query_one(DataTable)
        table.clear()
        for f in self.found:
            c = f.row.course
            table.add_row(safe(c.title), f.row.term, f"{f.row.free} of {c.places}",
                          ", ".join(NEED_SHORT[n] for n in c.needs), key=c.id)

    def action_to_list(self) -> None:
        self.query_one(DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(event.row_key.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
