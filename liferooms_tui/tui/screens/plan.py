"""The Plan step: the social prescription co-built with the person."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from liferooms_tui.db.models import Partner, Person
from liferooms_tui.dropin import plan_export, prescriptions
from liferooms_tui.dropin.conversations import get_conversation
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.screens.partner_picker import PartnerPickerScreen
from liferooms_tui.tui.screens.prompt import PromptScreen
from liferooms_tui.tui.screens.show_plan import ShowPlanScreen
from liferooms_tui.tui.widgets.text import safe
from liferooms_tui.vocabulary import NEEDS, InvalidValue

GOAL_QUESTION = "What do they want to get from this, in their own words?"


class PlanTable(DataTable):
    BINDINGS = [
        # Short words: at 80 columns the footer has room for about nine (help, F1, lists them all in full).
        Binding("p", "add_partner", "Partner", tooltip="Add a partner from the directory"),
        Binding("a", "add_activity", "Activity", tooltip="Add an activity of their own"),
        Binding("g", "goal", "Goal", tooltip="Write their goal for the highlighted item"),
        Binding("space", "agree", "Agree", tooltip="Mark the highlighted item agreed (or not)"),
        Binding("left_square_bracket,alt+up", "move(-1)", "Move up", show=False),
        Binding("right_square_bracket,alt+down", "move(1)", "Move down", show=False),
        Binding("delete", "remove", "Remove", show=False),
        Binding("s", "show", "Show", tooltip="Show the plan to the person, full screen"),
        Binding("x", "export('md')", "Export", tooltip="Save the plan for the person (text)"),
        Binding("w", "export('html')", "Web page", tooltip="Save the plan for the person as a web page"),
    ]

    def panel(self) -> PlanPanel:
        return self.parent  # type: ignore[return-value]

    def action_add_partner(self) -> None:
        self.panel().add_partner()

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


class PlanPanel(Vertical):
    DEFAULT_CSS = """
    PlanPanel PlanTable { height: 1fr; }
    PlanPanel #plan-hint { height: auto; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, conversation_id: str, person: Person):
        super().__init__()
        self.conversation_id, self.person = conversation_id, person
        self.needs: list[str] = []
        self.items = []

    def compose(self) -> ComposeResult:
        yield Static("p adds a partner from the directory, a adds an activity of their own; g writes their goal; "
                     "space marks it agreed; [ and ] reorder.", id="plan-hint", markup=False)
        yield PlanTable(id="plan-items", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(PlanTable)
        for label, width in (("#", 2), ("What", 30), ("Their goal", 30), ("Agreed", 6)):  # fits 80 columns,
            table.add_column(label, width=width)  # however long what was typed ('s' shows it in full)
        with self.app.runtime.store.session() as session:
            self.needs = get_conversation(session, self.app.runtime.actor, self.conversation_id).needs
        self.reload()

    def session(self):
        return self.app.runtime.store.session()

    @property
    def actor(self):
        return self.app.runtime.actor

    def reload(self, keep: str | None = None) -> None:
        with self.session() as session:
            plan = prescriptions.prescription_for(session, self.actor, self.conversation_id)
            self.plan_id = plan.id
            self.items = prescriptions.items(session, self.actor, plan.id)
            self.names = prescriptions.partner_names(session, [i.partner_id for i in self.items if i.partner_id])
        table = self.query_one(PlanTable)
        table.clear()
        for number, item in enumerate(self.items, 1):
            what = self.names.get(item.partner_id, "") if item.partner_id else f"{item.activity} (activity)"
            table.add_row(str(number), safe(what), safe(item.goal or "-"), "yes" if item.agreed else "",
                          key=item.id)
        if keep:
            for row, item in enumerate(self.items):
                if item.id == keep:
                    table.move_cursor(row=row)

    def focus_plan(self) -> None:
        self.query_one(PlanTable).focus()

    def current(self):
        table = self.query_one(PlanTable)
        if not self.items or table.cursor_row >= len(self.items):
            self.app.notify("Add something to the plan first (p or a).", severity="warning")
            return None
        return self.items[table.cursor_row]

    def guard(self, work) -> None:
        try:
            work()
        except InvalidValue as exc:
            self.app.notify(str(exc), severity="error", markup=False)

    def add_partner(self) -> None:
        def chosen(partner: Partner | None) -> None:
            if partner is None:
                return
            meets = [need for need in NEEDS if need in self.needs and need in partner.needs]
            if len(meets) < 2:  # the one need it meets (or the partner's own first need)
                self.guard(lambda: self._add(partner_id=partner.id))
                return
            # It covers more than one of their needs: the advisor says which, so reports count it right.
            self.app.push_screen(ChoiceScreen(f"Which of their needs is {partner.name} for?",
                                              [(need, NEEDS[need]) for need in meets], cancel="Back (Esc)"),
                                 lambda need: need and self.guard(lambda: self._add(partner_id=partner.id, need=need)))

        self.app.push_screen(PartnerPickerScreen(self.needs, self.person.postcode_district), chosen)

    def add_activity(self) -> None:
        def typed(text: str | None) -> None:
            if text:
                self.guard(lambda: self._add(activity=text))

        self.app.push_screen(PromptScreen("Add an activity", "What will they do? (e.g. walk the dog with a neighbour "
                                          "twice a week)"), typed)

    def _add(self, **what) -> None:
        with self.session() as session:
            item = prescriptions.add_item(session, self.actor, self.plan_id, **what)
        self.reload(keep=item.id)
        self.app.push_screen(PromptScreen(self.goal_title(item), GOAL_QUESTION, required=False),
                             lambda goal: self._set_goal(item.id, goal))

    def goal_title(self, item) -> str:
        """Which item the goal is for, so it is never written on the wrong one."""
        what = self.names.get(item.partner_id, "") if item.partner_id else item.activity
        return f"Their goal for {what if len(what) <= 60 else what[:59] + '…'}"

    def _set_goal(self, item_id: str, goal: str | None) -> None:
        if goal is not None:
            with self.session() as session:
                prescriptions.set_goal(session, self.actor, item_id, goal)
        self.reload(keep=item_id)
        self.focus_plan()

    def edit_goal(self) -> None:
        item = self.current()
        if item:
            self.app.push_screen(PromptScreen(self.goal_title(item), GOAL_QUESTION, item.goal, required=False),
                                 lambda goal: self._set_goal(item.id, goal))

    def toggle_agreed(self) -> None:
        item = self.current()
        if item:
            with self.session() as session:
                prescriptions.set_agreed(session, self.actor, item.id, not item.agreed)
            self.reload(keep=item.id)

    def move(self, step: int) -> None:
        item = self.current()
        if item:
            with self.session() as session:
                prescriptions.move_item(session, self.actor, item.id, step)
            self.reload(keep=item.id)

    def remove(self) -> None:
        item = self.current()
        if item:
            with self.session() as session:
                prescriptions.remove_item(session, self.actor, item.id)
            self.reload()

    def show_person(self) -> None:
        with self.session() as session:
            view = plan_export.plan_view(session, self.actor, self.conversation_id)
        self.app.push_screen(ShowPlanScreen(view))

    def export(self, fmt: str = "md") -> None:
        runtime = self.app.runtime
        try:
            with self.session() as session:
                path = plan_export.export_plan(session, self.actor, runtime.paths.exports, self.conversation_id, fmt)
        except OSError as exc:
            self.app.notify(f"The plan could not be saved in {runtime.paths.exports} ({exc.strerror or exc}); "
                            "check the folder and the space left on the disk.", severity="error", markup=False)
            return
        self.app.notify(f"Plan saved for the person: {path}. It holds personal data: give it to them, "
                        "then delete it from this laptop.", markup=False, timeout=12)
