"""The partner directory: every partner, the highlighted one in full."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable

from liferooms_tui.directory.partners import get_partner, list_partners
from liferooms_tui.screens.section import SectionScreen
from liferooms_tui.widgets.partner_card import PartnerCard, literal


class DirectoryScreen(SectionScreen):
    MODE = "directory"
    SECTION = "Directory"
    HELP = "Every partner organisation. Move with the arrow keys; the details of the highlighted partner show on the right."

    def compose_body(self) -> ComposeResult:
        with Horizontal():
            yield DataTable(id="partners", cursor_type="row")
            yield PartnerCard(id="partner-card")

    def on_mount(self) -> None:
        table = self.query_one("#partners", DataTable)
        table.add_columns("Partner", "Needs")
        with self.runtime.store.session() as session:
            for partner in list_partners(session):
                table.add_row(Text(literal(partner.name)), ", ".join(partner.needs), key=partner.id)
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        with self.runtime.store.session() as session:
            partner = get_partner(session, event.row_key.value)
        self.query_one(PartnerCard).show(partner)
