"""One course: what you will do, where, access, partners and facilitators, its sessions; for advisors also who
is enrolled, the waiting list in order and the places offered (volunteers never see who is on a course).
r opens the register of the latest session."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from liferooms_tui.courses import pages, where_text
from liferooms_tui.safetext import literal
from liferooms_tui.tui.screens.course_register import RegisterScreen
from liferooms_tui.tui.screens.moving_on import MovingOnScreen
from liferooms_tui.tui.screens.section import SectionScreen
from liferooms_tui.tui.work import Answer
from liferooms_tui.vocabulary import COURSE_STATUSES, NEEDS


class CourseRead(Answer):
    value: pages.CoursePage


def page_text(page: pages.CoursePage) -> str:
    """The page as plain text (shown with markup off: every value is someone's typing)."""
    c, row = page.row.course, page.row
    lines = [literal(c.title), f"{COURSE_STATUSES[c.status]} · {row.term} · {literal(where_text(c))}",
             "", literal(c.what_you_do) or "(what you will do: not written yet)", "",
             f"Needs: {', '.join(NEEDS[n].split(':')[0] for n in c.needs) or '-'}",
             f"With: {literal(', '.join(row.partner_names)) or 'the service alone'}",
             f"Facilitators: {literal(', '.join(c.facilitators)) or '-'}",
             f"Access: {literal(c.access_notes) or '-'}",
             f"Places: {c.places}, enrolled {row.enrolled}, free {row.free}, waiting {row.waiting}", "", "Sessions:"]
    lines += [f"  {s.number:>2}. {s.on:%a %d %b %Y} {s.starts}-{s.ends}" for s in page.sessions] or ["  none yet"]
    view = page.view
    if view is None:
        return "\n".join(lines)
    lines += ["", f"Enrolled ({len(view.enrolled)}):"]
    lines += [f"  {literal(m.name)}" for m in view.enrolled] or ["  nobody yet"]
    lines += ["", f"Waiting list ({len(view.waiting)}):"]
    for m in view.waiting:
        offer = ""
        if m.offer is not None:
            offer = (f" · offer lapsed {m.offer.until:%d %b}" if m.offer.lapsed
                     else f" · PLACE OFFERED {m.offer.offered_on:%d %b}, until {m.offer.until:%d %b}: tell them")
        note = f" · {literal(m.enrolment.note)}" if m.enrolment.note else ""
        lines.append(f"  {m.position}. {literal(m.name)}{offer}{note}")
    if not view.waiting:
        lines.append("  nobody waiting")
    return "\n".join(lines)


class CoursePageScreen(SectionScreen):
    MODE = "courses"
    SECTION = "Courses"
    HELP = ("One course: what you will do, where, access, partners, sessions; for advisors who is enrolled, the "
            "waiting list in order and places offered to pass on. r opens the register of the latest session; "
            "m suggests partners near each person who completed it, for the same needs (Enter adds one to their plan).")
    BINDINGS = [
        Binding("r", "register", "Register", id="course.register"),
        Binding("m", "moving_on", "Moving on", id="course.moving_on"),
        Binding("escape", "back", "Back", id="course.back"),
    ]

    def __init__(self, course_id: str):
        super().__init__()
        self.course_id = course_id

    def compose_body(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("Opening the course…", id="course-page", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.load()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.load()

    def load(self) -> None:
        self.ask(CourseRead, pages.course_page, self.course_id, offer_days=self.runtime.settings.offer_days)

    def on_course_read(self, answer: CourseRead) -> None:
        self.query_one("#course-page", Static).update(answer.error or page_text(answer.value))

    def action_register(self) -> None:
        if self.runtime.actor.is_volunteer:
            self.notify("Registers name people: an advisor marks them.", severity="warning")
            return
        self.app.show(RegisterScreen(self.course_id))

    def action_moving_on(self) -> None:
        if self.runtime.actor.is_volunteer:
            self.notify("Moving on is about people: an advisor does it.", severity="warning")
            return
        self.app.show(MovingOnScreen(self.course_id))

    def action_back(self) -> None:
        self.app.pop_screen()
