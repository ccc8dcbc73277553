"""The partner directory: search as you type, filter by need, area, hub and places; details on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal

from liferooms_tui.tui.screens.import_directory import ImportDirectoryScreen
from liferooms_tui.tui.screens.section import SectionScreen
from liferooms_tui.tui.screens.whos_who import WhosWhoScreen
from liferooms_tui.tui.widgets.partner_card import PartnerCard
from liferooms_tui.tui.widgets.partner_search import PartnerSearch


class DirectoryScreen(SectionScreen):
    MODE = "directory"
    SECTION = "Directory"
    HELP = ("Every partner organisation. Type to search by need, by the words the person used, or by name; "
            "spelling mistakes are forgiven. Down or Enter moves to the results; the highlighted partner's "
            "details show beside them. Ctrl+G then h d e w c l filters by need.")
    BINDINGS = [
        Binding("ctrl+b", "whos_who", "Who's who", id="directory.whos_who"),
        Binding("ctrl+y", "import_directory", "Import", id="directory.import"),
    ]
    DEFAULT_CSS = """
    DirectoryScreen #directory-panes { height: 1fr; }
    DirectoryScreen PartnerSearch { width: 1fr; min-width: 38; }
    DirectoryScreen PartnerCard { width: 1fr; }
    """

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="directory-panes"):
            yield PartnerSearch(id="partner-search")
            yield PartnerCard(id="partner-card")

    def on_partner_search_highlighted(self, event: PartnerSearch.Highlighted) -> None:
        self.query_one(PartnerCard).show(event.partner, event.open_referrals, event.why)

    def on_partner_search_chosen(self, event: PartnerSearch.Chosen) -> None:
        self.query_one(PartnerCard).focus()

    def on_screen_resume(self) -> None:
        self.query_one(PartnerSearch).refresh_index()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "import_directory":
            return not self.runtime.actor.is_volunteer  # volunteers read the directory, never change it
        return True

    def action_whos_who(self) -> None:
        self.app.show(WhosWhoScreen())

    def action_import_directory(self) -> None:
        self.app.show(ImportDirectoryScreen(), lambda summary: self.query_one(PartnerSearch).refresh_index())
