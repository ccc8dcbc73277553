"""Referrals: the newest 500 referrals with person, partner, need, status and age; filters; open one for its history."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from liferooms_tui.db.models import utcnow
from liferooms_tui.referrals import pages
from liferooms_tui.tui.screens.referral_detail import ReferralDetailScreen
from liferooms_tui.tui.screens.section import SectionScreen
from liferooms_tui.tui.widgets.text import safe
from liferooms_tui.tui.work import Answer
from liferooms_tui.vocabulary import NEED_SHORT, NEEDS, STATUSES

FIXED_COLUMNS = [("Person", 17), ("Need", 12), ("Status", 16), ("Age", 5)]  # the partner's name takes the rest
PARTNER_MIN, PARTNER_MAX = 16, 44
STATUS_SHORT = {"signposted": "Signposted"}  # in the list; its page says "Signposted (not sent)"
SHOWN = 500  # referrals listed at once, newest first: the filters find older ones


def age_in_days(since) -> str:
    days = (utcnow() - since).days
    return "today" if days <= 0 else f"{days}d"


def cycle(options: list, current):
    return options[(options.index(current) + 1) % len(options)]


class ReferralsListed(Answer):
    value: pages.ReferralList


class ReferralTable(DataTable):
    BINDINGS = [Binding("enter", "open", "Open", id="referrals.open")]

    def action_open(self) -> None:
        self.screen.open_highlighted()


class ReferralsScreen(SectionScreen):
    MODE = "referrals"
    SECTION = "Referrals"
    HELP = ("Referrals made on this laptop or brought by sync, newest first (the newest 500; filter to see "
            "older ones), with their current status. "
            "s, n and p filter by status, need and the highlighted partner; k shows only those with no news for "
            "a while (⚑: time to ring the partner); ⚠ marks a status recorded after a later one (two laptops "
            "unsynced: check it); Enter opens a referral to see its history, record what "
            "happened, record feedback, reopen it or start a follow-up.")
    BINDINGS = [
        Binding("s", "cycle_status", "Status", id="referrals.filter_status"),
        Binding("n", "cycle_need", "Need", id="referrals.filter_need"),
        Binding("p", "toggle_partner", "This partner", show=False, id="referrals.filter_partner"),
        Binding("k", "toggle_check_in", "Check-in due", show=False, id="referrals.filter_check_in"),
        Binding("c", "clear", "Clear filters", id="referrals.clear_filters"),
    ]
    DEFAULT_CSS = """
    ReferralsScreen #filters { height: auto; max-height: 2; padding: 0 1; color: $text-muted; }
    """

    def compose_body(self) -> ComposeResult:
        yield Static("", id="filters", markup=False)
        yield ReferralTable(id="referrals", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.status: str | None = None
        self.need: str | None = None
        self.partner: tuple[str, str] | None = None
        self.check_in_only = False
        self.rows = []
        self.found: pages.ReferralList | None = None
        self.partner_width = 0
        self.fit_columns()
        self.reload_due = False
        self.query_one(ReferralTable).focus()

    def on_screen_resume(self) -> None:
        # The list is read when the section comes into view (Textual announces that twice on the first visit,
        # and each read can take a second with 100,000 referrals: read once).
        if not self.reload_due:
            self.reload_due = True
            self.call_later(self.reload)

    def reload(self) -> None:
        self.reload_due = False
        self.load()

    def load(self) -> None:
        """Ask for the referrals passing the filters (in a worker); `on_referrals_listed` shows them."""
        self.ask(ReferralsListed, pages.referrals_to_show, check_in_weeks=self.runtime.settings.check_in_weeks,
                 shown=SHOWN, status=self.status, need=self.need, partner_id=self.partner[0] if self.partner else None,
                 due_only=self.check_in_only)

    def on_referrals_listed(self, answer: ReferralsListed) -> None:
        if answer.error:
            self.query_one("#filters", Static).update(answer.error)
            return
        found = self.found = answer.value
        self.rows = found.rows
        self.show_rows()
        parts = [f"Status: {STATUSES[self.status] if self.status else 'any'} (s)",
                 f"Need: {self.need or 'any'} (n)",
                 f"Partner: {self.partner[1] if self.partner else 'any'} (p)",
                 f"⚑ no news for {self.runtime.settings.check_in_weeks} weeks"
                 + (" only (k)" if self.check_in_only else " (k)")]
        if found.waiting > SHOWN:
            count = f"{SHOWN} of {found.waiting:,} due a check-in (the longest without news)"
        else:
            count = (f"the newest {SHOWN} referrals (filter to see others)" if found.more
                     else f"{len(self.rows)} referrals")
        self.query_one("#filters", Static).update(f"{count} · " + " · ".join(parts))

    def fit_columns(self) -> bool:
        """Give the partner's name what the other columns leave of the width (all of them fit at 80 columns);
        True when the columns changed."""
        width = min(PARTNER_MAX, max(PARTNER_MIN, self.size.width - sum(w for _, w in FIXED_COLUMNS) - 2 * 5 - 3))
        if width == self.partner_width:
            return False
        self.partner_width = width
        table = self.query_one(ReferralTable)
        table.clear(columns=True)
        for label, w in (*FIXED_COLUMNS[:1], ("Partner", width), *FIXED_COLUMNS[1:]):
            table.add_column(label, width=w)
        return True

    def on_resize(self) -> None:
        if self.fit_columns() and self.found is not None:
            self.show_rows()

    def show_rows(self) -> None:
        found = self.found
        table = self.query_one(ReferralTable)
        keep = table.cursor_row
        table.clear()
        for row in self.rows:
            status = STATUS_SHORT.get(row.status, STATUSES[row.status])
            status = f"⚑ {status}" if row.referral.id in found.due else status
            status += " ⚠" if row.passed else ""  # it had been further along: open it to see why
            table.add_row(safe(row.person_name), safe(row.partner_name), NEED_SHORT.get(row.referral.need or "", ""),
                          status, age_in_days(row.referral.created_at), key=row.referral.id)
        if self.rows:
            table.move_cursor(row=min(keep, len(self.rows) - 1))

    def action_cycle_status(self) -> None:
        self.status = cycle([None, *STATUSES], self.status)
        self.load()

    def action_cycle_need(self) -> None:
        self.need = cycle([None, *NEEDS], self.need)
        self.load()

    def action_toggle_partner(self) -> None:
        row = self.highlighted()
        if self.partner:
            self.partner = None
        elif row:
            self.partner = (row.referral.partner_id, row.partner_name)
        self.load()

    def action_toggle_check_in(self) -> None:
        self.check_in_only = not self.check_in_only
        self.load()

    def action_clear(self) -> None:
        self.check_in_only = False
        self.status = self.need = self.partner = None
        self.load()

    def highlighted(self):
        table = self.query_one(ReferralTable)
        return self.rows[table.cursor_row] if self.rows and table.cursor_row < len(self.rows) else None

    def open_highlighted(self) -> None:
        row = self.highlighted()
        if row:
            self.app.show(ReferralDetailScreen(row.referral.id))
