"""Courses (F11): the learning offer by term, need, hub and "has places", searched as you type with the
directory's own search (spelling forgiven, lay words understood). Enter opens a course's page. Volunteers may
browse the courses, never who is on them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from liferooms_tui.courses import pages
from liferooms_tui.tui.screens.course_page import CoursePageScreen
from liferooms_tui.tui.screens.section import SectionScreen
from liferooms_tui.tui.widgets.text import plural, safe
from liferooms_tui.tui.work import Answer
from liferooms_tui.vocabulary import COURSE_STATUSES, HUBS, NEED_SHORT, NEEDS

COLUMNS = [("Term", 11), ("Free", 9), ("Status", 9)]  # the title takes what is left
SHORT_STATUS = {"open": "Open", "running": "Running", "planned": "Planned", "finished": "Finished",
                "cancelled": "Cancelled"}


def cycle(options: list, current):
    return options[(options.index(current) + 1) % len(options)] if current in options else options[0]


class CoursesFound(Answer):
    value: list[pages.Found]


class TermsFound(Answer):
    value: list[str]


class CourseTable(DataTable):
    BINDINGS = [Binding("enter", "open", "Open", id="courses.open")]

    def action_open(self) -> None:
        self.screen.open_highlighted()


class CoursesScreen(SectionScreen):
    MODE = "courses"
    SECTION = "Courses"
    HELP = ("The learning offer: the service's own courses, with partners, at the hubs, community sites and "
            "online. Type to search (spelling forgiven, lay words understood, as in the Directory); Ctrl+G, "
            "Ctrl+E, Ctrl+T and Ctrl+O filter by need, term, hub and places free; Down then Enter opens a course.")
    BINDINGS = [
        Binding("ctrl+g", "cycle_need", "Need", id="courses.filter_need"),
        Binding("ctrl+e", "cycle_term", "Term", priority=True, id="courses.filter_term"),
        Binding("ctrl+t", "cycle_hub", "Hub", id="courses.filter_hub"),
        Binding("ctrl+o", "toggle_places", "Has places", id="courses.filter_places"),
        Binding("down", "to_list", "List", show=False, id="courses.to_list"),
    ]
    DEFAULT_CSS = """
    CoursesScreen #course-query { margin: 0 1; }
    CoursesScreen #course-filters { height: auto; padding: 0 1; color: $text-muted; }
    CoursesScreen #course-why { height: auto; max-height: 2; padding: 0 1; }
    """

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder="Search courses: a word, a need, a partner ...", id="course-query")
        yield Static("", id="course-filters", markup=False)
        yield CourseTable(id="courses", cursor_type="row", zebra_stripes=True)
        yield Static("", id="course-why", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.need: str | None = None
        self.term: str | None = None
        self.hub: str | None = None
        self.has_places = False
        self.terms: list[str] = []
        self.found: list[pages.Found] = []
        self.title_width = 0
        self.fit_columns()
        self.query_one(Input).focus()
        self.ask(TermsFound, pages.terms)
        self.load()

    def load(self) -> None:
        self.ask(CoursesFound, pages.search_courses, self.query_one(Input).value,
                      need=self.need, term=self.term, hub=self.hub, has_places=self.has_places)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.after_typing("courses", self.load)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_to_list()

    def on_terms_found(self, answer: TermsFound) -> None:
        self.terms = answer.value or []

    def on_courses_found(self, answer: CoursesFound) -> None:
        if answer.error:
            self.query_one("#course-filters", Static).update(answer.error)
            return
        self.found = answer.value
        self.show_rows()
        parts = [f"need: {NEED_SHORT[self.need] if self.need else 'any'} (^g)", f"term: {self.term or 'any'} (^e)",
                 f"hub: {self.hub or 'any'} (^t)", "places free only (^o)" if self.has_places else "any places (^o)"]
        self.query_one("#course-filters", Static).update(f"{plural(len(self.found), 'course')} · " + " · ".join(parts))

    def fit_columns(self) -> bool:
        width = max(16, self.size.width - sum(w for _, w in COLUMNS) - 2 * 4 - 3)
        if width == self.title_width:
            return False
        self.title_width = width
        table = self.query_one(CourseTable)
        table.clear(columns=True)
        table.add_column("Course", width=width)
        for label, w in COLUMNS:
            table.add_column(label, width=w)
        return True

    def on_resize(self) -> None:
        if self.fit_columns():
            self.show_rows()

    def show_rows(self) -> None:
        table = self.query_one(CourseTable)
        keep = table.cursor_row
        table.clear()
        for found in self.found:
            c = found.row.course
            places = f"{found.row.free} of {c.places}" + (f" +{found.row.waiting}" if found.row.waiting else "")
            table.add_row(safe(c.title), found.row.term, places, SHORT_STATUS.get(c.status, c.status), key=c.id)
        if self.found:
            table.move_cursor(row=min(keep, len(self.found) - 1))
        self.show_why()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_why()

    def show_why(self) -> None:
        found = self.highlighted()
        text = ""
        if found is not None:
            c = found.row.course
            where = c.hub or "Online"
            text = f"{COURSE_STATUSES[c.status]} · {where} · {', '.join(NEED_SHORT[n] for n in c.needs)}"
            text += f" · why: {found.why}" if found.why else ""
        self.query_one("#course-why", Static).update(text)

    def action_cycle_need(self) -> None:
        self.need = cycle([None, *NEEDS], self.need)
        self.load()

    def action_cycle_term(self) -> None:
        self.term = cycle([None, *self.terms], self.term)
        self.load()

    def action_cycle_hub(self) -> None:
        self.hub = cycle([None, *HUBS], self.hub)
        self.load()

    def action_toggle_places(self) -> None:
        self.has_places = not self.has_places
        self.load()

    def action_to_list(self) -> None:
        self.query_one(CourseTable).focus()

    def highlighted(self) -> pages.Found | None:
        table = self.query_one(CourseTable)
        return self.found[table.cursor_row] if self.found and table.cursor_row < len(self.found) else None

    def open_highlighted(self) -> None:
        found = self.highlighted()
        if found is not None:
            self.app.show(CoursePageScreen(found.row.course.id))
