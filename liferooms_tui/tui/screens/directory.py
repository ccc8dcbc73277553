"""The partner directory: search as you type, filter by need, area, hub and places; details on the right.

For advisors it is the Partners section: Enter opens a partner's page (the partnership, and every change to
it), Ctrl+N adds a partner, Ctrl+F lists what needs attention, and the title counts the partners that do.
Volunteers see the directory as it always was: read-only, no partnership data."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from liferooms_tui.partners import review
from liferooms_tui.partners.status import Rules
from liferooms_tui.tui.screens import partner_forms
from liferooms_tui.tui.screens.import_directory import ImportDirectoryScreen
from liferooms_tui.tui.screens.partner_page import PartnerPageScreen
from liferooms_tui.tui.screens.partners_attention import AttentionScreen
from liferooms_tui.tui.screens.section import SectionScreen
from liferooms_tui.tui.screens.whos_who import WhosWhoScreen
from liferooms_tui.tui.widgets.partner_card import PartnerCard
from liferooms_tui.tui.widgets.partner_search import PartnerSearch
from liferooms_tui.tui.work import Answer


class AttentionCounted(Answer):
    value: int


ADVISOR_HELP = ("The Partners section: every partner organisation, and the partnership with each. Type to "
                "search; Down or Enter moves to the results, and Enter on a partner opens its page: what needs "
                "attention, the owner, agreement, capacity, catch-ups and induction, with a key for each change "
                "(edit, pause, close, reopen, verified today). Ctrl+N adds a partner; Ctrl+F lists the partners "
                "that need attention, most urgent first.")
KEYS_LINE = "Enter: the partner's page · Ctrl+N add a partner · Ctrl+F what needs attention"


class DirectoryScreen(SectionScreen):
    MODE = "directory"
    SECTION = "Directory"
    HELP = ("Every partner organisation. Type to search by need, by the words the person used, or by name; "
            "spelling mistakes are forgiven. Down or Enter moves to the results; the highlighted partner's "
            "details show beside them. Ctrl+G then h d e w c l filters by need.")
    BINDINGS = [
        # Said on the line above the search (the footer keeps its room at 80 columns: tests/tui/test_footers.py)
        Binding("ctrl+n", "add_partner", "Add partner", show=False, id="directory.add_partner"),
        Binding("ctrl+f", "attention", "Needs attention", show=False, id="directory.attention"),
        Binding("ctrl+b", "whos_who", "Who's who", id="directory.whos_who"),
        Binding("ctrl+y", "import_directory", "Import", show=False, id="directory.import"),
    ]
    DEFAULT_CSS = """
    DirectoryScreen #directory-panes { height: 1fr; }
    DirectoryScreen PartnerSearch { width: 1fr; min-width: 38; }
    DirectoryScreen PartnerCard { width: 1fr; }
    DirectoryScreen #partners-keys { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.advisor = False
        self.needing_attention: int | None = None

    def compose_body(self) -> ComposeResult:
        self.advisor = not self.runtime.actor.is_volunteer
        if self.advisor:
            self.SECTION, self.HELP = "Partners", ADVISOR_HELP
            yield Static(KEYS_LINE, id="partners-keys", markup=False)
        with Horizontal(id="directory-panes"):
            yield PartnerSearch(id="partner-search")
            yield PartnerCard(id="partner-card")

    def on_partner_search_highlighted(self, event: PartnerSearch.Highlighted) -> None:
        self.query_one(PartnerCard).show(event.partner, event.open_referrals, event.why, event.note)

    def on_partner_search_chosen(self, event: PartnerSearch.Chosen) -> None:
        if self.advisor:
            self.app.show(PartnerPageScreen(event.partner.id), self.after_change)
        else:
            self.query_one(PartnerCard).focus()

    def on_mount(self) -> None:
        super().on_mount()
        self.count_attention()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.query_one(PartnerSearch).refresh_index()
        self.count_attention()

    def count_attention(self) -> None:
        if self.advisor:
            self.ask(AttentionCounted, review.attention_count, rules=Rules.of(self.runtime.settings))

    def on_attention_counted(self, answer: AttentionCounted) -> None:
        answer.stop()
        if answer.error is None:
            self.needing_attention = answer.value
            self.title = f"Partners · {answer.value} need attention"  # the section and its count, whole at 80 columns

    def after_change(self, changed: object) -> None:
        if changed:
            self.query_one(PartnerSearch).refresh_index()
            self.count_attention()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("import_directory", "add_partner", "attention"):
            return not self.runtime.actor.is_volunteer  # volunteers read the directory, never change it
        return True

    def action_add_partner(self) -> None:
        def added(partner) -> None:
            if partner is not None:
                self.after_change(True)
                self.app.show(PartnerPageScreen(partner.id), self.after_change)
        self.app.show(partner_forms.add_form(), added)

    def action_attention(self) -> None:
        self.app.show(AttentionScreen(), self.after_change)

    def action_whos_who(self) -> None:
        self.app.show(WhosWhoScreen())

    def action_import_directory(self) -> None:
        self.app.show(ImportDirectoryScreen(), lambda summary: self.query_one(PartnerSearch).refresh_index())
