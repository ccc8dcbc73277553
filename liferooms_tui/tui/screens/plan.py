"""The Plan step: the social prescription co-built with the person.

Every change is asked of the services in a worker and the plan is read again after it; a busy database is said on
the conversation's message line and the change is tried again by itself."""

from __future__ import annotations

import textwrap

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from liferooms_tui.db.models import Partner, Person, PrescriptionItem
from liferooms_tui.dropin import plan_export, prescriptions
from liferooms_tui.dropin.plan_export import PlanView
from liferooms_tui.dropin.prescriptions import PlanRows
from liferooms_tui.tui.screens import plan_courses
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.screens.partner_picker import PartnerPickerScreen
from liferooms_tui.tui.screens.prompt import PromptScreen
from liferooms_tui.tui.screens.show_plan import ShowPlanScreen
from liferooms_tui.tui.screens.talk import StepSaved
from liferooms_tui.tui.widgets.text import safe
from liferooms_tui.tui.work import Answer, AsksServices
from liferooms_tui.vocabulary import NEEDS

GOAL_QUESTION = "What do they want to get from this, in their own words?"
HINT = ("p adds a partner from the directory, c a course (enrolling them), a an activity of their own; g writes "
        "their goal; space marks it agreed; [ and ] reorder, Delete removes; s shows the plan to the person, x saves "
        "it for them (w: as a web page).")


class PlanLoaded(Answer):
    value: PlanRows


class ItemAdded(Answer):
    value: PrescriptionItem


class PlanChanged(Answer):
    """A goal, agreement, order or removal was saved."""


class PlanShown(Answer):
    value: PlanView


class PlanExported(Answer):
    value: object  # the file's path


class PlanTable(DataTable):
    BINDINGS = [
        # Said in the hint above the table, so the footer keeps its room for the drop-in's own keys and F12 Crisis
        # (at 80 columns it has room for about five); F1 help and the palette list them all in full.
        Binding("p", "add_partner", "Add a partner", tooltip="Add a partner from the directory", show=False,
                id="plan.add_partner"),
        Binding("c", "add_course", "Add a course", tooltip="Add a course and enrol them", show=False,
                id="plan.add_course"),
        Binding("a", "add_activity", "Add an activity", tooltip="Add an activity of their own", show=False,
                id="plan.add_activity"),
        Binding("g", "goal", "Goal", tooltip="Write their goal for the highlighted item", show=False, id="plan.goal"),
        Binding("space", "agree", "Agree", tooltip="Mark the highlighted item agreed (or not)", show=False,
                id="plan.agree"),
        Binding("left_square_bracket,alt+up", "move(-1)", "Move up", show=False, id="plan.move_up"),
        Binding("right_square_bracket,alt+down", "move(1)", "Move down", show=False, id="plan.move_down"),
        Binding("delete", "remove", "Remove", show=False, id="plan.remove"),
        Binding("s", "show", "Show the plan", tooltip="Show the plan to the person, full screen", show=False,
                id="plan.show"),
        Binding("x", "export('md')", "Export the plan", tooltip="Save the plan for the person (text)", show=False,
                id="plan.export"),
        Binding("w", "export('html')", "Export as a web page", tooltip="Save the plan for the person as a web page",
                show=False, id="plan.export_web"),
    ]

    def panel(self) -> PlanPanel:
        return self.parent  # type: ignore[return-value]

    def action_add_partner(self) -> None:
        self.panel().add_partner()

    def action_add_course(self) -> None:
        plan_courses.add_course(self.panel())

    def action_add_activity(self) -> None:
        self.panel().add_activity()

    def action_goal(self) -> None:
        self.panel().edit_goal()

    def action_agree(self) -> None:
        self.panel().toggle_agreed()

    def action_move(self, step: int) -> None:
        self.panel().move(step)

    def action_remove(self) -> None:
        self.panel().remove()

    def action_show(self) -> None:
        self.panel().show_person()

    def action_export(self, fmt: str) -> None:
        self.panel().export(fmt)


class PlanPanel(AsksServices, Vertical):
    DEFAULT_CSS = """
    PlanPanel PlanTable { height: 1fr; }
    PlanPanel #plan-hint { height: auto; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, conversation_id: str, person: Person, needs: list[str]):
        super().__init__()
        self.conversation_id, self.person = conversation_id, person
        self.needs: list[str] = list(needs)  # kept up to date by the Talk step, saved or not
        self.plan_id: str | None = None
        self.items: list[PrescriptionItem] = []
        self.names: dict[str, str] = {}
        self.keep: str | None = None  # the item the cursor stays on after the next reload
        self.changes: list[tuple] = []  # (item to keep the cursor on, service, arguments), the first under way

    def compose(self) -> ComposeResult:
        yield Static(HINT, id="plan-hint", markup=False)
        yield PlanTable(id="plan-items", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(PlanTable)
        for label, width in (("#", 2), ("What", 30), ("Their goal", 30), ("Agreed", 6)):  # fits 80 columns:
            table.add_column(label, width=width)  # a long name or goal wraps ('s' shows the plan in full)
        self.reload()

    def on_working(self, message) -> None:
        """Busy: said on the plan's own line (the change waits, and is saved by itself once the database is free)."""
        message.stop()
        message.prevent_default()
        self.query_one("#plan-hint", Static).update(f"Not saved yet: {message.text}")

    def reload(self, keep: str | None = None) -> None:
        self.keep = keep
        self.ask(PlanLoaded, prescriptions.plan_rows, self.conversation_id)

    def on_plan_loaded(self, answer: PlanLoaded) -> None:
        answer.stop()
        self.query_one("#plan-hint", Static).update(HINT)
        if answer.error:
            self.app.notify(answer.error, severity="error", markup=False)
            return
        if self.changes:  # a change is still being saved: the plan is read again after it
            return
        rows = answer.value
        self.plan_id, self.items, self.names = rows.prescription_id, rows.items, rows.names
        self.show_rows()

    def show_rows(self) -> None:
        table = self.query_one(PlanTable)
        row = table.cursor_row
        table.clear()
        for number, item in enumerate(self.items, 1):
            what = self.names.get(item.partner_id, "") if item.partner_id else plan_courses.item_text(self, item)
            lines = max(len(textwrap.wrap(text, 30)) for text in (what, item.goal or "-"))
            table.add_row(str(number), safe(what), safe(item.goal or "-"), "yes" if item.agreed else "",
                          key=item.id, height=max(lines, 1))  # a long goal or name wraps, never cut
        kept = next((i for i, item in enumerate(self.items) if item.id == self.keep), None)
        if self.items:
            table.move_cursor(row=kept if kept is not None else min(row, len(self.items) - 1))

    def focus_plan(self) -> None:
        self.query_one(PlanTable).focus()

    def current(self) -> PrescriptionItem | None:
        table = self.query_one(PlanTable)
        if not self.items or table.cursor_row >= len(self.items):
            self.app.notify("Add something to the plan first (p or a).", severity="warning")
            return None
        return self.items[table.cursor_row]

    def change(self, keep: str | None, fn, *args) -> None:
        """Save one change to the plan, then read it again keeping the cursor on `keep`. Changes are saved one at a
        time, in the order they were made (a second press never cancels the first, even while it waits for a busy
        database)."""
        self.changes.append((keep, fn, args))
        if len(self.changes) == 1:
            self.ask(PlanChanged, fn, *args)

    def on_plan_changed(self, answer: PlanChanged) -> None:
        answer.stop()
        self.query_one("#plan-hint", Static).update(HINT)
        keep, _, _ = self.changes.pop(0)
        if answer.error:
            self.app.notify(answer.error, severity="error", markup=False)
        else:
            self.post_message(StepSaved())
        if self.changes:
            self.ask(PlanChanged, self.changes[0][1], *self.changes[0][2])
        else:
            self.reload(keep=keep)

    def add_partner(self) -> None:
        def chosen(partner: Partner | None) -> None:
            if partner is None:
                return
            meets = prescriptions.needs_met(self.needs, partner.needs)
            if len(meets) < 2:  # it counts under the one need it meets (or the partner's own first need)
                self.add(partner.name, partner_id=partner.id)
                return
            # It covers more than one of their needs: the advisor says which, so reports count it right.
            self.app.show(ChoiceScreen(f"Which of their needs is {partner.name} for?",
                                              [(need, NEEDS[need]) for need in meets], cancel="Back (Esc)"),
                                 lambda need: need and self.add(partner.name, partner_id=partner.id, need=need))

        self.app.show(PartnerPickerScreen(self.needs, self.person.postcode_district), chosen)

    def add_activity(self) -> None:
        def typed(text: str | None) -> None:
            if text:
                self.add(text, activity=text)

        self.app.show(PromptScreen("Add an activity", "What will they do? (e.g. walk the dog with a neighbour "
                                          "twice a week)"), typed)

    def add(self, what: str, **item) -> None:
        if self.plan_id is None:
            self.app.notify("The plan is still being read; try again in a moment.", severity="warning")
            return
        self.adding = what
        self.ask(ItemAdded, prescriptions.add_item, self.plan_id, **item)

    def on_course_added(self, answer: plan_courses.CourseAdded) -> None:
        plan_courses.added(self, answer)

    def on_item_added(self, answer: ItemAdded) -> None:
        answer.stop()
        if answer.error:
            self.app.notify(answer.error, severity="error", markup=False)
            return
        self.post_message(StepSaved())
        item = answer.value
        self.reload(keep=item.id)
        self.app.show(PromptScreen(goal_title(self.adding), GOAL_QUESTION, required=False),
                             lambda goal: self.set_goal(item.id, goal))

    def set_goal(self, item_id: str, goal: str | None) -> None:
        self.focus_plan()
        if goal is None:
            self.reload(keep=item_id)
        else:
            self.change(item_id, prescriptions.set_goal, item_id, goal)

    def edit_goal(self) -> None:
        item = self.current()
        if item:
            what = self.names.get(item.partner_id, "") if item.partner_id else item.activity
            self.app.show(PromptScreen(goal_title(what), GOAL_QUESTION, item.goal, required=False),
                                 lambda goal: self.set_goal(item.id, goal))

    def toggle_agreed(self) -> None:
        item = self.current()
        if item:
            item.agreed = not item.agreed  # shown at once; the plan is read again once it is saved
            self.query_one(PlanTable).update_cell(item.id, self.query_one(PlanTable).ordered_columns[3].key,
                                                  "yes" if item.agreed else "")
            self.change(item.id, prescriptions.set_agreed, item.id, item.agreed)

    def move(self, step: int) -> None:
        item = self.current()
        if item:
            self.change(item.id, prescriptions.move_item, item.id, step)

    def remove(self) -> None:
        item = self.current()
        if item:
            self.change(None, prescriptions.remove_item, item.id)

    def show_person(self) -> None:
        self.ask(PlanShown, plan_export.plan_view, self.conversation_id)

    def on_plan_shown(self, answer: PlanShown) -> None:
        answer.stop()
        if answer.error:
            self.app.notify(answer.error, severity="error", markup=False)
            return
        self.app.show(ShowPlanScreen(answer.value))

    def export(self, fmt: str = "md") -> None:
        self.ask(PlanExported, plan_export.export_plan, self.app.runtime.paths.exports, self.conversation_id, fmt)

    def on_plan_exported(self, answer: PlanExported) -> None:
        answer.stop()
        if answer.error:  # the folder cannot be written, say: which, and what to check
            self.app.notify(answer.error, severity="error", markup=False)
            return
        # said on the Plan's own line, not in a toast that would cover the Refer table for seconds after F9
        self.query_one("#plan-hint", Static).update(f"Plan saved for the person: {answer.value}. It holds personal "
                                                    "data: give it to them, then delete it from this laptop.")


def goal_title(what: str) -> str:
    """Which item the goal is for, so it is never written on the wrong one."""
    return f"Their goal for {what if len(what) <= 60 else what[:59] + '…'}"
