"""People expected in the Drop-in: referred in by a partner, a GP or themselves and accepted for a drop-in, not
come yet. Enter starts their drop-in (which links back to the referral). Hidden when nobody is expected."""

from __future__ import annotations

from textual.widgets import DataTable

from liferooms_tui.safeguarding.referrals_in import expected_people
from liferooms_tui.tui.widgets.text import safe
from liferooms_tui.tui.work import Answer, AsksServices


class ExpectedRead(Answer):
    pass


class ExpectedTable(AsksServices, DataTable):
    DEFAULT_CSS = """
    ExpectedTable { height: auto; max-height: 6; display: none; }
    """

    def __init__(self, **kwargs):
        super().__init__(cursor_type="row", **kwargs)
        self.person_ids: list[str] = []

    def on_mount(self) -> None:
        self.add_columns("Expected (referred in)", "From", "Accepted")
        self.refresh_expected()

    def refresh_expected(self) -> None:
        self.ask(ExpectedRead, expected_people)

    def on_expected_read(self, answer: ExpectedRead) -> None:
        if answer.error:
            return
        self.clear()
        self.person_ids = []
        for row in answer.value:
            r = row.referral
            accepted = f"{r.triaged_at.astimezone():%d %b}" if r.triaged_at else ""
            self.add_row(safe(row.person_name), safe(row.partner_name or r.source_name or r.source_kind), accepted,
                         key=r.id)
            self.person_ids.append(r.person_id or "")
        self.display = bool(self.person_ids)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= self.cursor_row < len(self.person_ids):
            self.screen.start_with(self.person_ids[self.cursor_row])  # type: ignore[attr-defined]

    def on_working(self, message) -> None:
        message.stop()
