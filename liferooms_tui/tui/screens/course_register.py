"""A session's register, marked quickly down the list from the keyboard: p present, l late, e left early,
a absent, x excused (each saved at once, then the next person); [ and ] go to the session before or after.
Only people enrolled by the session's day are on it, so sessions before someone joined never count."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from liferooms_tui.courses import pages
from liferooms_tui.tui.screens.section import SectionScreen
from liferooms_tui.tui.widgets.text import safe
from liferooms_tui.tui.work import Answer
from liferooms_tui.vocabulary import ATTENDANCE_MARKS

KEYS = {"p": "present", "l": "late", "e": "left_early", "a": "absent", "x": "excused"}


class SheetRead(Answer):
    value: pages.RegisterSheet


class Marked(Answer):
    value: int


class RegisterTable(DataTable):
    BINDINGS = [Binding(key, f"screen.mark('{mark}')", ATTENDANCE_MARKS[mark], id=f"register.{mark}")
                for key, mark in KEYS.items()]


class RegisterScreen(SectionScreen):
    MODE = "courses"
    SECTION = "Courses"
    HELP = ("A session's register: move down the list and press p present, l late, e left early, a absent or "
            "x excused; each mark is saved at once and the cursor moves to the next person. [ and ] go to the "
            "session before or after. Only people enrolled by the session's day are listed.")
    BINDINGS = [
        Binding("left_square_bracket", "session(-1)", "Session before", id="register.before"),
        Binding("right_square_bracket", "session(1)", "Session after", id="register.after"),
        Binding("escape", "back", "Back", id="register.back"),
    ]
    DEFAULT_CSS = """
    RegisterScreen #register-title { height: auto; padding: 0 1; text-style: bold; }
    RegisterScreen #register-said { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, course_id: str, number: int | None = None):
        super().__init__()
        self.course_id = course_id
        self.number = number
        self.sheet: pages.RegisterSheet | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("Opening the register…", id="register-title", markup=False)
        yield RegisterTable(id="register", cursor_type="row", zebra_stripes=True)
        yield Static("p present · l late · e left early · a absent · x excused · [ ] another session",
                     id="register-said", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(RegisterTable)
        table.add_column("Person", width=32)
        table.add_column("Mark", width=12)
        table.focus()
        self.load()

    def load(self) -> None:
        self.ask(SheetRead, pages.register_sheet, self.course_id, self.number)

    def on_sheet_read(self, answer: SheetRead) -> None:
        if answer.error:
            self.query_one("#register-title", Static).update(answer.error)
            return
        sheet = self.sheet = answer.value
        self.number = sheet.held.number
        held = sheet.held
        self.query_one("#register-title", Static).update(
            f"{sheet.title} · session {held.number} of {len(sheet.sessions)} · {held.on:%a %d %b %Y} "
            f"{held.starts}-{held.ends}")
        table = self.query_one(RegisterTable)
        keep = table.cursor_row
        table.clear()
        for line in sheet.lines:
            table.add_row(safe(line.name), ATTENDANCE_MARKS.get(line.mark or "", "-"), key=line.person_id)
        if sheet.lines:
            table.move_cursor(row=min(keep, len(sheet.lines) - 1))
        else:
            self.query_one("#register-said", Static).update("Nobody was enrolled by this session's day.")

    def action_mark(self, mark: str) -> None:
        table = self.query_one(RegisterTable)
        if self.sheet is None or not self.sheet.lines or table.cursor_row >= len(self.sheet.lines):
            return
        line = self.sheet.lines[table.cursor_row]
        table.update_cell_at((table.cursor_row, 1), ATTENDANCE_MARKS[mark])
        table.move_cursor(row=min(table.cursor_row + 1, len(self.sheet.lines) - 1))
        self.ask(Marked, pages.mark_one, self.course_id, self.number, line.person_id, mark)

    def on_marked(self, answer: Marked) -> None:
        if answer.error:
            self.query_one("#register-said", Static).update(answer.error)
            self.load()  # show the marks as saved

    def action_session(self, step: int) -> None:
        if self.sheet is None:
            return
        numbers = [s.number for s in self.sheet.sessions]
        at = numbers.index(self.sheet.held.number) + step
        if 0 <= at < len(numbers):
            self.number = numbers[at]
            self.load()

    def action_back(self) -> None:
        self.app.pop_screen()
