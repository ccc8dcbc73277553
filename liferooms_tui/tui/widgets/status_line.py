"""The status line under every section: referrals queued for sync and the last sync."""

from __future__ import annotations

from textual.widgets import Static

from liferooms_tui.sync.status import SyncStatus, sync_status
from liferooms_tui.tui.widgets.text import plural
from liferooms_tui.tui.work import Answer, AsksServices


class StatusRead(Answer):
    value: SyncStatus


class StatusLine(AsksServices, Static):
    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.refresh_status()
        self.set_interval(self.app.timings.status_refresh, self.tick)

    def tick(self) -> None:
        if self.screen.is_current:  # sections out of view do not ask the database
            self.refresh_status()

    def refresh_status(self) -> None:
        runtime = self.app.runtime
        if runtime.actor.is_volunteer:
            self.update("Volunteers' mode: partner directory only, no personal data")
            return
        self.ask_read(StatusRead, sync_status)

    def on_working(self, message) -> None:
        message.stop()  # busy: the line keeps what it said; the worker asks again

    def on_status_read(self, answer: StatusRead) -> None:
        answer.stop()
        if answer.error:
            return  # the next tick asks again
        status = answer.value
        referrals, changes = plural(status.queued_referrals, "referral"), plural(status.queued_changes, "change")
        last = status.last_sync_at[:16].replace("T", " ") if status.last_sync_at else "never"
        result = f" ({status.last_result})" if status.last_result else ""
        self.update(f"{referrals} queued for sync · {changes} · last sync: {last}{result}")
