"""Referrals: every referral with person, partner, need, status and age."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable

from liferooms_tui import referrals
from liferooms_tui.models import utcnow
from liferooms_tui.screens.section import SectionScreen
from liferooms_tui.vocabulary import STATUSES
from liferooms_tui.widgets.partner_card import literal


def age_in_days(since: datetime) -> str:
    days = (utcnow() - since).days
    return "today" if days <= 0 else f"{days}d"


class ReferralsScreen(SectionScreen):
    MODE = "referrals"
    SECTION = "Referrals"
    HELP = "Every referral made on this laptop or pulled by sync, newest first, with its current status."

    def compose_body(self) -> ComposeResult:
        yield DataTable(id="referrals", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#referrals", DataTable)
        table.add_columns("Person", "Partner", "Need", "Status", "Age")
        self.load()
        table.focus()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        table = self.query_one("#referrals", DataTable)
        table.clear()
        with self.runtime.store.session() as session:
            rows = referrals.list_referrals(session, self.runtime.actor)
        for row in rows:
            table.add_row(Text(literal(row.person_name)), Text(literal(row.partner_name)), row.referral.need or "",
                          STATUSES[row.status], age_in_days(row.referral.created_at), key=row.referral.id)
