"""'Show the person': the plan on the whole screen, in large, plain language."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from liferooms_tui.dropin.plan_export import PlanLine, PlanView
from liferooms_tui.safetext import literal


def line_text(line: PlanLine) -> Text:
    out = Text(literal(line.what) + "\n")
    for label, value in (("Where", line.where), ("When", line.when), ("Ask for", line.contact),
                         ("Your goal", line.goal)):
        if value:
            out.append(f"{label}: ", style="bold")
            out.append(f"{literal(value)}\n")
    if not line.agreed:
        out.append("(not agreed yet)\n", style="italic")
    return out


class ShowPlanScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,s,q", "close", "Back", id="show_plan.back")]
    DEFAULT_CSS = """
    ShowPlanScreen { background: $background; }
    ShowPlanScreen > VerticalScroll { width: 100%; height: 100%; padding: 1 4; background: $surface; }
    ShowPlanScreen .heading { text-style: bold underline; margin-bottom: 1; }
    ShowPlanScreen .item-title { text-style: bold; }
    ShowPlanScreen .item { padding: 0 0 1 4; max-width: 90; }
    """

    def __init__(self, view: PlanView):
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(f"Your plan, {literal(self.view.person_name)}", classes="heading", markup=False)
            if not self.view.lines:
                yield Static("Nothing in the plan yet.")
            for number, line in enumerate(self.view.lines, 1):
                yield Static(f"{number}.  {literal(line.title)}", classes="item-title", markup=False)
                yield Static(line_text(line), classes="item")
            yield Static("Press Escape to go back.", classes="muted")

    def action_close(self) -> None:
        self.dismiss(None)
