"""Drop-in: people seen recently and conversations left open."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable

from liferooms_tui import conversations
from liferooms_tui.screens.section import SectionScreen
from liferooms_tui.widgets.partner_card import literal


class DropInScreen(SectionScreen):
    MODE = "dropin"
    SECTION = "Drop-in"
    HELP = "Start or resume a drop-in conversation."

    def compose_body(self) -> ComposeResult:
        yield DataTable(id="drafts", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one("#drafts", DataTable)
        table.add_columns("Person", "Started")
        with self.runtime.store.session() as session:
            for conversation, person in conversations.unfinished_conversations(session, self.runtime.actor):
                table.add_row(Text(literal(person.display_name)), f"{conversation.started_at:%d %b %H:%M}",
                              key=conversation.id)
