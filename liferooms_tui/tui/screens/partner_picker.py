"""Choosing a partner for the plan: the directory search, pre-filtered by the person's needs and area."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from liferooms_tui.db.models import Partner
from liferooms_tui.tui.widgets.footer import KeysFooter
from liferooms_tui.tui.widgets.partner_card import PartnerCard
from liferooms_tui.tui.widgets.partner_search import PartnerSearch


class PartnerPickerScreen(ModalScreen[Partner | None]):
    """Returns the chosen partner (directory data), or None."""

    BINDINGS = [Binding("escape", "cancel", "Back", id="partner_picker.back")]
    DEFAULT_CSS = """
    PartnerPickerScreen { align: center middle; }
    PartnerPickerScreen > Vertical { width: 100%; height: 100%; background: $surface; }
    PartnerPickerScreen #picker-panes { height: 1fr; }
    PartnerPickerScreen PartnerSearch { width: 1fr; min-width: 38; }
    PartnerPickerScreen PartnerCard { width: 1fr; }
    PartnerPickerScreen PartnerSearch #filter-line { height: auto; }  /* the count, filters and keys wrap */
    """

    def __init__(self, needs, postcode: str | None):
        super().__init__()
        self.needs, self.postcode = needs, postcode

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Add a partner to the plan: highlight one and press Enter", classes="title")
            with Horizontal(id="picker-panes"):
                yield PartnerSearch(needs=self.needs, postcode=self.postcode)
                yield PartnerCard()
            yield KeysFooter()

    def on_partner_search_highlighted(self, event: PartnerSearch.Highlighted) -> None:
        self.query_one(PartnerCard).show(event.partner, event.open_referrals, event.why, event.note)

    def on_partner_search_chosen(self, event: PartnerSearch.Chosen) -> None:
        self.dismiss(event.partner)

    def action_cancel(self) -> None:
        self.dismiss(None)
