"""The Refer step: each agreed partner checked in words before a referral is queued.

A failed check blocks the referral unless the advisor writes why it should go anyway (recorded with it);
an open referral to the same partner cannot be overridden. Without consent to share, it is noted as signposting.
The rows, the checks and the queueing are asked of the services in workers; a busy database is said and retried.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from liferooms_tui import referrals
from liferooms_tui.db.models import Partner, Person, Referral
from liferooms_tui.referrals import ReferableItem
from liferooms_tui.referrals.eligibility import Check, blocking, cannot_override
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.screens.talk import StepSaved
from liferooms_tui.tui.widgets.table import Table
from liferooms_tui.tui.widgets.text import safe
from liferooms_tui.tui.work import Answer, AsksServices
from liferooms_tui.vocabulary import NEED_SHORT, STATUSES


class ReferRows(Answer):
    value: list[ReferableItem]


class ChecksMade(Answer):
    value: list[Check]


class ReferralQueued(Answer):
    value: Referral


def checks_text(checks: list[Check]) -> Text:
    out = Text()
    for check in checks:
        mark, style = ("✓", "green") if check.passed else ("✗", "bold red")
        out.append(f" {mark} {check.label}: ", style=style)
        out.append(check.message + "\n")
    return out


class ReferTable(Table):
    BINDINGS = [Binding("enter", "refer", "Check and refer", show=False, id="refer.check")]  # said above the table

    def action_refer(self) -> None:
        self.parent.refer_highlighted()


class ReferPanel(AsksServices, Vertical):
    DEFAULT_CSS = """
    ReferPanel ReferTable { height: 1fr; }
    ReferPanel #refer-hint { height: auto; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, conversation_id: str, person: Person):
        super().__init__()
        self.conversation_id, self.person = conversation_id, person
        self.rows: list[ReferableItem] = []
        self.checking: ReferableItem | None = None

    def compose(self) -> ComposeResult:
        yield Static("Agreed partners from the plan. Enter checks the highlighted one and queues the referral.",
                     id="refer-hint", markup=False)
        yield ReferTable(id="refer-items", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(ReferTable).add_columns("Partner", "Need", "Referral")
        self.reload()

    def on_working(self, message) -> None:
        message.stop()
        message.prevent_default()
        self.query_one("#refer-hint", Static).update(message.text)

    def reload(self) -> None:
        self.ask(ReferRows, referrals.referable_items, self.conversation_id)

    def on_refer_rows(self, answer: ReferRows) -> None:
        answer.stop()
        if answer.error:
            self.query_one("#refer-hint", Static).update(answer.error)
            return
        self.rows = answer.value
        table = self.query_one(ReferTable)
        keep = table.cursor_row  # the row stays where the advisor left it
        table.clear()
        for row in self.rows:
            status = STATUSES[row.referral.status] if row.referral else "not referred yet"
            table.add_row(safe(row.partner.name), NEED_SHORT.get(row.item.need or "", "-"), status, key=row.item.id)
        if self.rows:
            table.move_cursor(row=min(keep, len(self.rows) - 1))
        self.query_one("#refer-hint", Static).update(
            "Agreed partners from the plan. Enter checks the highlighted one and queues the referral." if self.rows
            else "Nothing agreed yet: in the Plan step (F8), mark partners agreed with the space bar.")

    def refer_highlighted(self) -> None:
        table = self.query_one(ReferTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return
        self.checking = self.rows[table.cursor_row]
        self.ask(ChecksMade, referrals.check_referral, self.person.id, self.checking.partner.id)

    def on_checks_made(self, answer: ChecksMade) -> None:
        answer.stop()
        if answer.error or self.checking is None:
            self.app.notify(answer.error or "", severity="error", markup=False)
            return
        row, self.checking = self.checking, None
        screen = ReferScreen(self.person, row.partner, row.item.need, self.conversation_id, row.item.id, answer.value)
        self.app.show(screen, self.after_referring)

    def after_referring(self, done: bool | None) -> None:
        if done:
            self.post_message(StepSaved())
        self.reload()


class ReferScreen(AsksServices, ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", "Back", id="refer.back"),
                Binding("ctrl+s", "queue", "Queue referral", id="refer.queue")]
    DEFAULT_CSS = """
    ReferScreen { align: center middle; }
    ReferScreen > VerticalScroll { width: 95%; max-width: 100; height: 95%; border: round $accent;
                                   background: $surface; padding: 0 1; }
    ReferScreen #buttons { height: auto; margin-top: 1; }
    ReferScreen Input { margin-bottom: 1; }
    """

    def __init__(self, person: Person, partner: Partner, need: str | None, conversation_id: str, item_id: str,
                 checks: list[Check]):
        super().__init__()
        self.person, self.partner, self.need = person, partner, need
        self.conversation_id, self.item_id = conversation_id, item_id
        self.checks = checks
        self.blocked = bool(cannot_override(checks))
        self.queuing = False

    def compose(self) -> ComposeResult:
        failed = [c for c in self.checks if not c.passed]
        with VerticalScroll():
            yield Static(safe(f"Refer {self.person.display_name} to {self.partner.name}", "bold"))
            yield Static(checks_text(self.checks), id="checks")
            if self.blocked:
                yield Static("This cannot be overridden: find the open referral in Referrals (F4) and update it.",
                             classes="error")
            else:
                for check in failed:
                    yield Label(f"{check.label} failed. Why refer anyway? (recorded with the referral)")
                    yield Input(id=f"override-{check.key}", placeholder="e.g. partner agreed by phone")
                yield Label("Note for the partner (optional)")
                yield Input(id="note", placeholder="What the partner should know")
                if not self.person.consent_share:
                    yield Static("No consent to share: this is noted as signposting and not sent.", classes="warn")
            yield Static("", id="refer-error", classes="error", markup=False)
            with Horizontal(id="buttons"):
                if not self.blocked:
                    label = "Queue referral (Ctrl+S)" if self.person.consent_share else "Note as signposting (Ctrl+S)"
                    yield Button(label, id="queue", variant="primary")
                yield Button("Back (Esc)", id="back")

    def on_mount(self) -> None:
        inputs = self.query(Input)
        (inputs.first() if inputs else self.query_one("#back", Button)).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_queue() if event.button.id == "queue" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_queue(self) -> None:
        if self.blocked or self.queuing:
            return
        overrides = {i.id.removeprefix("override-"): i.value for i in self.query(Input) if i.id.startswith("override-")}
        missing = blocking(self.checks, overrides)
        if missing:
            labels = ", ".join(c.label.lower() for c in missing)
            self.say(f"Write why it should go anyway ({labels}), or go back.")
            first = next((i for i in self.query(Input) if i.id == f"override-{missing[0].key}"), None)
            if first is not None:  # the cursor goes to the reason still missing (at 80x24 it is below the fold)
                first.focus()
            return
        self.queuing = True
        self.ask(ReferralQueued, referrals.create_referral, self.person.id, self.partner.id, need=self.need,
                 note_for_partner=self.query_one("#note", Input).value, overrides=overrides,
                 conversation_id=self.conversation_id, prescription_item_id=self.item_id,
                 signposting=not self.person.consent_share)

    def on_working(self, message) -> None:
        message.stop()
        message.prevent_default()
        self.say(f"Not queued yet: {message.text}")

    def on_referral_queued(self, answer: ReferralQueued) -> None:
        answer.stop()
        self.queuing = False
        if answer.error:  # checked again as it is saved: something changed meanwhile (the partner filled up)
            self.say(answer.error)
            return
        self.app.notify("Referral queued for sync." if self.person.consent_share else "Noted as signposting.",
                        markup=False)
        self.dismiss(True)

    def say(self, message: str) -> None:
        error = self.query_one("#refer-error", Static)
        error.update(message)
        self.call_after_refresh(error.scroll_visible)


def finish_question(waiting: list[str]) -> ChoiceScreen:
    """Finishing with agreed partners not referred yet: 'refer' (go to Refer), 'finish' (anyway), or None."""
    names = ", ".join(waiting[:3]) + (f" and {len(waiting) - 3} more" if len(waiting) > 3 else "")
    return ChoiceScreen(f"Agreed in the plan but not referred yet: {names}. Finish the drop-in anyway?",
                        [("refer", "Go to Refer (R)"), ("finish", "Finish anyway (F)")],
                        cancel="Back to the drop-in (Esc)",
                        keys={"r": "refer", "R": "refer", "f": "finish", "F": "finish"}, warning=True)
