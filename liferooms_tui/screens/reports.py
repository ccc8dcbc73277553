"""Reports: referrals by need and by status."""

from __future__ import annotations

from collections import Counter

from textual.app import ComposeResult
from textual.widgets import DataTable

from liferooms_tui import referrals
from liferooms_tui.screens.section import SectionScreen
from liferooms_tui.vocabulary import NEEDS, STATUSES


class ReportsScreen(SectionScreen):
    MODE = "reports"
    SECTION = "Reports"
    HELP = "Referrals by need and by status."

    def compose_body(self) -> ComposeResult:
        yield DataTable(id="by-need", cursor_type="row")

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        table = self.query_one("#by-need", DataTable)
        table.clear(columns=True)
        table.add_columns("Need", "Referrals", *(STATUSES[s] for s in ("queued", "accepted", "completed")))
        with self.runtime.store.session() as session:
            rows = referrals.list_referrals(session, self.runtime.actor)
        counts = Counter((r.referral.need, r.status) for r in rows)
        for need, label in NEEDS.items():
            total = sum(n for (nd, _), n in counts.items() if nd == need)
            table.add_row(label, str(total), *(str(counts[(need, s)]) for s in ("queued", "accepted", "completed")))
