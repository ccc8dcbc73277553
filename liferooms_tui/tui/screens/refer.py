"""The Refer step: each agreed partner checked in words before a referral is queued.

A failed check blocks the referral unless the advisor writes why it should go anyway (recorded with it);
an open referral to the same partner cannot be overridden. Without consent to share, it is noted as signposting.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, Static

from liferooms_tui import referrals
from liferooms_tui.db.models import Partner, Person
from liferooms_tui.directory.partners import get_partner
from liferooms_tui.dropin import prescriptions
from liferooms_tui.referrals import ReferralBlocked
from liferooms_tui.referrals.eligibility import Check
from liferooms_tui.tui.widgets.text import safe
from liferooms_tui.vocabulary import NEED_SHORT, STATUSES, InvalidValue


def checks_text(checks: list[Check]) -> Text:
    out = Text()
    for check in checks:
        mark, style = ("✓", "green") if check.passed else ("✗", "bold red")
        out.append(f" {mark} {check.label}: ", style=style)
        out.append(check.message + "\n")
    return out


class ReferTable(DataTable):
    BINDINGS = [Binding("enter", "refer", "Check and refer")]

    def action_refer(self) -> None:
        self.parent.refer_highlighted()


class ReferPanel(Vertical):
    DEFAULT_CSS = """
    ReferPanel ReferTable { height: 1fr; }
    ReferPanel #refer-hint { height: auto; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, conversation_id: str, person: Person):
        super().__init__()
        self.conversation_id, self.person = conversation_id, person
        self.rows = []

    def compose(self) -> ComposeResult:
        yield Static("Agreed partners from the plan. Enter checks the highlighted one and queues the referral.",
                     id="refer-hint")
        yield ReferTable(id="refer-items", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(ReferTable).add_columns("Partner", "Need", "Referral")
        self.reload()

    def reload(self) -> None:
        runtime = self.app.runtime
        with runtime.store.session() as session:
            plan = prescriptions.prescription_for(session, runtime.actor, self.conversation_id)
            items = [i for i in prescriptions.items(session, runtime.actor, plan.id) if i.agreed and i.partner_id]
            made = referrals.referrals_for_items(session, runtime.actor, [i.id for i in items])
            self.rows = [(item, get_partner(session, item.partner_id), made.get(item.id)) for item in items]
        table = self.query_one(ReferTable)
        keep = table.cursor_row  # the row stays where the advisor left it
        table.clear()
        for item, partner, referral in self.rows:
            status = STATUSES[referral.status] if referral else "not referred yet"
            table.add_row(safe(partner.name), NEED_SHORT.get(item.need or "", "-"), status, key=item.id)
        if self.rows:
            table.move_cursor(row=min(keep, len(self.rows) - 1))
        self.query_one("#refer-hint", Static).update(
            "Agreed partners from the plan. Enter checks the highlighted one and queues the referral." if self.rows
            else "Nothing agreed yet: in the Plan step (F8), mark partners agreed with the space bar.")

    def refer_highlighted(self) -> None:
        table = self.query_one(ReferTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return
        item, partner, _ = self.rows[table.cursor_row]
        screen = ReferScreen(self.person, partner, item.need, self.conversation_id, item.id)
        self.app.push_screen(screen, lambda done: self.reload())


class ReferScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", "Back"), Binding("ctrl+s", "queue", "Queue referral")]
    DEFAULT_CSS = """
    ReferScreen { align: center middle; }
    ReferScreen > VerticalScroll { width: 95%; max-width: 100; height: 95%; border: round $accent;
                                   background: $surface; padding: 0 1; }
    ReferScreen #buttons { height: auto; margin-top: 1; }
    ReferScreen Input { margin-bottom: 1; }
    """

    def __init__(self, person: Person, partner: Partner, need: str | None, conversation_id: str, item_id: str):
        super().__init__()
        self.person, self.partner, self.need = person, partner, need
        self.conversation_id, self.item_id = conversation_id, item_id

    def compose(self) -> ComposeResult:
        runtime = self.app.runtime
        with runtime.store.session() as session:
            self.checks = referrals.check_referral(session, runtime.actor, self.person.id, self.partner.id)
        failed = [c for c in self.checks if not c.passed]
        self.blocked = any(not c.overridable for c in failed)
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
        if self.blocked:
            return
        overrides = {i.id.removeprefix("override-"): i.value for i in self.query(Input) if i.id.startswith("override-")}
        runtime = self.app.runtime
        try:
            with runtime.store.session() as session:
                referrals.create_referral(
                    session, runtime.actor, self.person.id, self.partner.id, need=self.need,
                    note_for_partner=self.query_one("#note", Input).value, overrides=overrides,
                    conversation_id=self.conversation_id, prescription_item_id=self.item_id,
                    signposting=not self.person.consent_share)
        except ReferralBlocked as exc:
            missing = ", ".join(c.label.lower() for c in exc.checks)
            self.query_one("#refer-error", Static).update(f"Write why it should go anyway ({missing}), or go back.")
            return
        except InvalidValue as exc:
            self.query_one("#refer-error", Static).update(str(exc))
            return
        self.app.notify("Referral queued for sync." if self.person.consent_share else "Noted as signposting.",
                        markup=False)
        self.dismiss(True)
