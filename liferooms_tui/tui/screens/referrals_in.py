"""Referrals in (the command palette: 'Referrals in'): referrals into the service from partners, GPs and people
themselves. n records one; t triages the highlighted one (accepted for a drop-in, redirected with a reason, or
signposted); y copies the text that tells the referrer the outcome; Enter shows one in full."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, DataTable, Input, Static

from liferooms_tui.safeguarding import referrals_in
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.screens.prompt import PromptScreen
from liferooms_tui.tui.widgets.text import safe
from liferooms_tui.tui.work import Answer, AsksServices
from liferooms_tui.vocabulary import REDIRECT_KINDS, REFERRAL_IN_OUTCOMES


class ReferralsInListed(Answer):
    pass


class ReferralInSaved(Answer):
    pass


class ReferralInTriaged(Answer):
    pass


class ReferralInForm(AsksServices, ModalScreen[str | None]):
    """Record a referral in: who referred, why, the person (optional), the day, consent. Ctrl+S saves."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", priority=True, id="referral_in.save"),
                Binding("escape", "cancel", "Back", id="referral_in.back")]
    DEFAULT_CSS = """
    ReferralInForm { align: center middle; }
    ReferralInForm > Vertical { width: 90%; max-width: 90; height: auto; border: round $accent;
                                background: $surface; padding: 0 1; }
    ReferralInForm #referral-in-message { color: $error; height: auto; min-height: 1; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("A referral into the service", classes="title")
            yield Input(id="source", placeholder="From: a partner's name, 'gp: WHO', 'self' or 'other: WHO'")
            yield Input(id="reason", placeholder="Why they referred, in their words")
            yield Input(id="person", placeholder="The person: name (optional; a new record needs consent)")
            yield Input(id="received", placeholder="The day it came: DD/MM/YYYY (empty: today)")
            yield Checkbox("The person agreed to be referred and to a record", id="consent")
            yield Static("", id="referral-in-message", markup=False)
            yield Static("Ctrl+S save · Esc back", classes="muted")

    def on_mount(self) -> None:
        self.query_one("#source", Input).focus()

    def action_save(self) -> None:
        value = {name: self.query_one(f"#{name}", Input).value for name in ("source", "reason", "person", "received")}
        self.ask(ReferralInSaved, referrals_in.add_referral_in, source=value["source"], reason=value["reason"],
                 person=value["person"], received_on=value["received"],
                 consent=self.query_one("#consent", Checkbox).value)

    def on_referral_in_saved(self, answer: ReferralInSaved) -> None:
        if answer.error:
            self.query_one("#referral-in-message", Static).update(answer.error)
            return
        self.dismiss(answer.value.id)

    def on_working(self, message) -> None:
        message.stop()
        self.query_one("#referral-in-message", Static).update(message.text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReferralsInScreen(AsksServices, ModalScreen[None]):
    SECTION = "Referrals in"
    HELP = ("Referrals into the service, newest first. n records one; t triages the highlighted one: accepted "
            "for a drop-in (they then show as expected in the Drop-in), redirected (with the reason) or "
            "signposted; y copies the text for the referrer; Escape goes back.")
    BINDINGS = [
        Binding("escape", "back", "Back", id="referrals_in.back"),
        Binding("n", "add", "New", id="referrals_in.add"),
        Binding("t", "triage", "Triage", id="referrals_in.triage"),
        Binding("y", "copy_text_for_referrer", "Copy for referrer", id="referrals_in.copy"),
    ]
    DEFAULT_CSS = """
    ReferralsInScreen { align: center middle; }
    ReferralsInScreen > Vertical { width: 100%; max-width: 110; height: 100%; border: round $accent;
                                   background: $surface; padding: 0 1; }
    ReferralsInScreen DataTable { height: 1fr; }
    ReferralsInScreen #referral-in-detail { height: auto; max-height: 8; }
    ReferralsInScreen #referrals-in-message { height: auto; min-height: 1; color: $warning; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[referrals_in.ReferralInRow] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Referrals in", classes="title")
            yield DataTable(id="referrals-in", cursor_type="row", zebra_stripes=True)
            yield Static("", id="referral-in-detail", markup=False)
            yield Static("", id="referrals-in-message", markup=False)
            yield Static("n new · t triage · y copy for referrer · Enter details · Esc back", classes="muted")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Came", "From", "Person", "Outcome")
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self) -> None:
        self.ask(ReferralsInListed, referrals_in.list_referrals_in)

    def on_referrals_in_listed(self, answer: ReferralsInListed) -> None:
        if answer.error:
            self.say(answer.error)
            return
        self.rows = answer.value
        table = self.query_one(DataTable)
        table.clear()
        for row in self.rows:
            r = row.referral
            table.add_row(f"{r.received_on:%d/%m/%Y}" if r.received_on else "",
                          safe(row.partner_name or r.source_name or r.source_kind), safe(row.person_name or "-"),
                          REFERRAL_IN_OUTCOMES.get(r.outcome, "waiting for triage"), key=r.id)
        if not self.rows:
            self.say("No referrals in yet: n records one.")

    def highlighted(self) -> referrals_in.ReferralInRow | None:
        table = self.query_one(DataTable)
        return self.rows[table.cursor_row] if 0 <= table.cursor_row < len(self.rows) else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        row = self.highlighted()
        if row is not None:
            r = row.referral
            self.query_one("#referral-in-detail", Static).update(
                f"Why: {r.reason}\nConsent: {'yes' if r.consent else 'no'}\n"
                f"For the referrer: {referrals_in.outcome_text(row)}")

    def action_add(self) -> None:
        self.app.show(ReferralInForm(), lambda saved: saved and self.reload())  # type: ignore[attr-defined]

    def action_triage(self) -> None:
        row = self.highlighted()
        if row is None:
            return
        if row.referral.outcome:
            self.say("This referral was triaged already.")
            return
        referral_id = row.referral.id
        question = ChoiceScreen("Triage: where does this referral go?", list(REFERRAL_IN_OUTCOMES.items()))
        self.app.show(question, lambda outcome: outcome and self._ask_redirect(referral_id, outcome))  # type: ignore[attr-defined]

    def _ask_redirect(self, referral_id: str, outcome: str) -> None:
        if outcome != "redirected":
            self._ask_reason(referral_id, outcome, None)
            return
        question = ChoiceScreen("Redirected: why?", list(REDIRECT_KINDS.items()))
        self.app.show(question, lambda kind: kind and self._ask_reason(referral_id, outcome, kind))  # type: ignore[attr-defined]

    def _ask_reason(self, referral_id: str, outcome: str, kind: str | None) -> None:
        required = outcome == "redirected"
        prompt = PromptScreen("Triage", "The reason (the referrer is told)" + ("" if required else ", if any"),
                              required=required)
        self.app.show(prompt, lambda reason: reason is not None and self.ask(  # type: ignore[attr-defined]
            ReferralInTriaged, referrals_in.triage, referral_id, outcome, redirect_kind=kind, reason=reason))

    def on_referral_in_triaged(self, answer: ReferralInTriaged) -> None:
        if answer.error:
            self.say(answer.error)
            return
        self.say(f"Triaged: {REFERRAL_IN_OUTCOMES[answer.value.outcome].lower()}. y copies the text for the referrer.")
        self.reload()

    def action_copy_text_for_referrer(self) -> None:
        row = self.highlighted()
        if row is None:
            return
        text = referrals_in.outcome_text(row)
        self.app.copy_to_clipboard(text)
        self.query_one("#referral-in-detail", Static).update(f"Copied for the referrer: {text}")

    def on_working(self, message) -> None:
        message.stop()
        self.say(message.text)

    def say(self, text: str) -> None:
        self.query_one("#referrals-in-message", Static).update(text)

    def action_back(self) -> None:
        self.dismiss(None)
