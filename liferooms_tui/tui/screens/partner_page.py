"""A partner's page, for advisors: what needs attention, the partnership, capacity, catch-ups, induction, events,
and the directory card; each change a key (e p c o v k w u i) opening its form. Escape goes back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from liferooms_tui.partners import page
from liferooms_tui.partners.status import Rules
from liferooms_tui.tui.screens import partner_forms as forms
from liferooms_tui.tui.screens.take_source import TakesSourceValues
from liferooms_tui.tui.widgets.partner_page_text import page_text
from liferooms_tui.tui.work import Answer, AsksServices


class PageRead(Answer):
    value: dict


class PartnerPageScreen(TakesSourceValues, AsksServices, ModalScreen[bool]):
    """Returns True when anything was changed (the section then reads the directory again)."""

    HELP = ("A partner's page: what needs attention first, then the partnership, capacity, catch-ups and "
            "induction, then its details. Each change is a key; the form checks every field and saves nothing "
            "until all are right.")
    SECTION = "Partner"
    BINDINGS = [
        Binding("escape", "back", "Back", id="partner_page.back"),
        Binding("e", "edit", "Edit", id="partner_page.edit"),
        Binding("v", "verify", "Verified today", id="partner_page.verify"),
        Binding("p", "pause", "Pause", id="partner_page.pause"),
        Binding("k", "capacity", "Capacity", id="partner_page.capacity"),
        Binding("u", "catch_up", "Catch-up", id="partner_page.catch_up"),
        Binding("w", "partnership", "Owner", id="partner_page.partnership"),
        Binding("i", "induction", "Induction", id="partner_page.induction"),
        Binding("c", "close", "Close", id="partner_page.close"),
        Binding("o", "reopen", "Reopen", id="partner_page.reopen"),
        Binding("t", "take_source", "Source's value", show=False, id="partner_page.take_source"),  # take_source.py
    ]
    DEFAULT_CSS = """
    PartnerPageScreen { align: center middle; }
    PartnerPageScreen > Vertical { width: 100%; height: 100%; background: $surface; }
    PartnerPageScreen #page-title { height: auto; padding: 0 1; background: $boost; }
    PartnerPageScreen #page-message { height: auto; padding: 0 1; color: $success; }
    PartnerPageScreen VerticalScroll { height: 1fr; padding: 0 1; }
    """

    def __init__(self, partner_id: str):
        super().__init__()
        self.partner_id = partner_id
        self.page: dict | None = None
        self.changed = False

    @property
    def rules(self) -> Rules:
        return Rules.of(self.app.runtime.settings)  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Reading the partner…", id="page-title", markup=False)
            yield Static("", id="page-message", markup=False)
            with VerticalScroll(id="page-body"):
                yield Static("", id="page-text")
            yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#page-body").focus()

    def reload(self) -> None:
        self.ask(PageRead, page.partner_page, self.partner_id, rules=self.rules)

    def on_page_read(self, answer: PageRead) -> None:
        answer.stop()
        if answer.error:
            self.query_one("#page-message", Static).update(answer.error)
            return
        self.page = answer.value
        self.query_one("#page-title", Static).update(f"{self.page['partner']['name']} · {self.page['state']}")
        self.query_one("#page-text", Static).update(page_text(self.page))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if self.page is None:
            return action == "back"
        state = self.page["state"]
        if action == "pause":
            return state == "running"
        if action == "close":
            return state != "closed"
        if action == "reopen":
            return state in ("closed", "paused")
        if action == "induction":
            return self.page["induction"] is not None
        return True

    def open_form(self, form, said: str) -> None:
        def done(result) -> None:
            if result is None:
                return
            nothing = isinstance(result, tuple | list) and not (result[-1] if isinstance(result, tuple) else result)
            self.changed = self.changed or not nothing
            self.query_one("#page-message", Static).update("Nothing changed." if nothing else said)
            self.reload()
        self.app.show(form, done)  # type: ignore[attr-defined]

    def action_edit(self) -> None:
        if self.page:
            self.open_form(forms.edit_form(self.page["partner"]), "Saved the corrections.")

    def action_verify(self) -> None:
        if self.page:
            self.open_form(forms.verify_form(self.page["partner"]), "Verified today: last verified renewed.")

    def action_pause(self) -> None:
        if self.page:
            self.open_form(forms.pause_form(self.page["partner"]), "Paused: not offered for new referrals.")

    def action_close(self) -> None:
        if self.page:
            self.open_form(forms.close_form(self.page["partner"]), "Closed: no longer offered for referrals.")

    def action_reopen(self) -> None:
        if self.page:
            self.open_form(forms.reopen_form(self.page["partner"]), "Reopened: it takes referrals again.")

    def action_capacity(self) -> None:
        if self.page:
            self.open_form(forms.capacity_form(self.page["partner"], self.page["capacity"]), "Capacity saved.")

    def action_catch_up(self) -> None:
        if self.page:
            self.open_form(forms.catch_up_form(self.page["partner"], self.rules), "Catch-up saved.")

    def action_partnership(self) -> None:
        if self.page:
            self.open_form(forms.partnership_form(self.page["partner"], self.page["partnership"]),
                           "Partnership saved.")

    def action_induction(self) -> None:
        if self.page and self.page["induction"] is not None:
            self.open_form(forms.induction_form(self.page["partner"], self.page["induction"], self.rules),
                           "Induction saved.")

    def action_back(self) -> None:
        self.dismiss(self.changed)
