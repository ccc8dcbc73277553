"""The status line under every section: referrals queued for sync and the last sync."""

from __future__ import annotations

from textual.widgets import Static

from liferooms_tui.sync.status import sync_status
from liferooms_tui.tui.widgets.text import plural

REFRESH_SECONDS = 2.0


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.refresh_status()
        self.set_interval(REFRESH_SECONDS, self.tick)

    def tick(self) -> None:
        if self.screen.is_current:  # sections out of view do not ask the database
            self.refresh_status()

    def refresh_status(self) -> None:
        runtime = self.app.runtime
        if runtime.actor.is_volunteer:
            self.update("Volunteers' mode: partner directory only, no personal data")
            return
        with runtime.store.session() as session:
            status = sync_status(session)
        referrals, changes = plural(status.queued_referrals, "referral"), plural(status.queued_changes, "change")
        last = status.last_sync_at[:16].replace("T", " ") if status.last_sync_at else "never"
        result = f" ({status.last_result})" if status.last_result else ""
        self.update(f"{referrals} queued for sync · {changes} · last sync: {last}{result}")
