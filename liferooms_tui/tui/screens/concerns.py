"""Safeguarding concerns (the command palette: 'Safeguarding concerns'): the lead sees all, an advisor those about
people they can see. v puts an open one under review; c closes one with its outcome (the lead only); Enter shows
it in full. Volunteers never reach this screen (the app does not offer it, and the service refuses)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from liferooms_tui.safeguarding import concerns
from liferooms_tui.tui.screens.prompt import PromptScreen
from liferooms_tui.tui.widgets.text import safe
from liferooms_tui.tui.work import Answer, AsksServices
from liferooms_tui.vocabulary import CONCERN_CATEGORIES, CONCERN_STATUSES, CONCERN_URGENCIES


class ConcernsListed(Answer):
    pass


class ConcernMoved(Answer):
    pass


def concern_text(row: concerns.ConcernRow) -> str:
    c = row.concern
    told = (f"{c.lead_informed_who}, {c.lead_informed_on:%d/%m/%Y}, {c.lead_informed_how}"
            if c.lead_informed_who and c.lead_informed_on else "not yet")
    lines = [f"{row.person_name}: {CONCERN_STATUSES.get(c.status, c.status)}, "
             f"{CONCERN_URGENCIES.get(c.urgency, c.urgency)}",
             "Kind: " + ", ".join(CONCERN_CATEGORIES.get(k, k) for k in c.categories),
             f"Said or seen: {c.what}", f"Action taken: {c.action_taken or '-'}", f"Lead informed: {told}",
             f"Raised {c.raised_at.astimezone():%d/%m/%Y %H:%M} by {c.raised_by} at {c.site}"]
    if c.status == "closed":
        lines.append(f"Outcome: {c.outcome} (closed by {c.closed_by})")
    return "\n".join(lines)


class ConcernsScreen(AsksServices, ModalScreen[None]):
    SECTION = "Safeguarding concerns"
    HELP = ("Every concern you can see, newest first. Enter shows one in full; v puts an open one under review; "
            "c closes it with its outcome (the safeguarding lead only); Escape goes back.")
    BINDINGS = [
        Binding("escape", "back", "Back", id="concerns.back"),
        Binding("v", "review", "Under review", id="concerns.review"),
        Binding("c", "close_concern", "Close", id="concerns.close"),
    ]
    DEFAULT_CSS = """
    ConcernsScreen { align: center middle; }
    ConcernsScreen > Vertical { width: 100%; max-width: 110; height: 100%; border: round $error;
                                background: $surface; padding: 0 1; }
    ConcernsScreen DataTable { height: 1fr; }
    ConcernsScreen #concern-detail { height: auto; max-height: 9; }
    ConcernsScreen #concerns-message { height: auto; min-height: 1; color: $warning; }
    """

    def __init__(self, person: tuple[str, str] | None = None) -> None:
        """person: (id, name) to list only that person's concerns, every one (their history); else all."""
        super().__init__()
        self.person = person
        self.rows: list[concerns.ConcernRow] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            title = f"Safeguarding concerns: {self.person[1]}" if self.person else "Safeguarding concerns"
            yield Static(title, classes="title", markup=False)
            yield DataTable(id="concerns", cursor_type="row", zebra_stripes=True)
            yield Static("", id="concern-detail", markup=False)
            yield Static("", id="concerns-message", markup=False)
            yield Static("Enter details · v under review · c close (lead) · Esc back", classes="muted")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Raised", "Person", "Status", "Kind")
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self) -> None:
        self.ask(ConcernsListed, concerns.list_concerns, person_id=self.person[0] if self.person else None)

    def on_concerns_listed(self, answer: ConcernsListed) -> None:
        if answer.error:
            self.say(answer.error)
            return
        self.rows = answer.value
        table = self.query_one(DataTable)
        table.clear()
        for row in self.rows:
            c = row.concern
            table.add_row(f"{c.raised_at.astimezone():%d/%m/%Y}", safe(row.person_name),
                          CONCERN_STATUSES.get(c.status, c.status),
                          ", ".join(CONCERN_CATEGORIES.get(k, k) for k in c.categories), key=c.id)
        if not self.rows:
            self.say("No concerns to show.")

    def highlighted(self) -> concerns.ConcernRow | None:
        table = self.query_one(DataTable)
        return self.rows[table.cursor_row] if 0 <= table.cursor_row < len(self.rows) else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        row = self.highlighted()
        if row is not None:
            self.query_one("#concern-detail", Static).update(concern_text(row))

    def action_review(self) -> None:
        row = self.highlighted()
        if row is not None:
            self.ask(ConcernMoved, concerns.start_review, row.concern.id)

    def action_close_concern(self) -> None:
        row = self.highlighted()
        if row is None:
            return
        if not self.app.runtime.actor.is_lead:  # type: ignore[attr-defined]
            self.say("Only the safeguarding lead can close a concern; ask your lead.")
            return
        concern_id = row.concern.id
        self.app.show(PromptScreen("Close the concern", "What was the outcome?"),  # type: ignore[attr-defined]
                      lambda outcome: outcome and self.ask(ConcernMoved, concerns.close_concern, concern_id, outcome))

    def on_concern_moved(self, answer: ConcernMoved) -> None:
        if answer.error:
            self.say(answer.error)
            return
        self.say(f"The concern is {CONCERN_STATUSES[answer.value.status].lower()}.")
        self.reload()

    def on_working(self, message) -> None:
        message.stop()
        self.say(message.text)

    def say(self, text: str) -> None:
        self.query_one("#concerns-message", Static).update(text)

    def action_back(self) -> None:
        self.dismiss(None)
