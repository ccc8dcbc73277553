"""Sync: what is queued on this laptop and where the shared file is."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from liferooms_tui.screens.section import SectionScreen
from liferooms_tui.sync.status import sync_status


class SyncScreen(SectionScreen):
    MODE = "sync"
    SECTION = "Sync"
    HELP = "What this laptop has queued for the shared file, and where that file is."

    def compose_body(self) -> ComposeResult:
        yield Static(id="sync-summary", markup=False)

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        with self.runtime.store.session() as session:
            status = sync_status(session)
        shared = self.runtime.settings.shared_path or "not set (shared_path in settings.toml)"
        self.query_one("#sync-summary", Static).update(
            f"Queued referrals: {status.queued_referrals}\nQueued changes: {status.queued_changes}\n"
            f"Last sync: {status.last_sync_at or 'never'} {status.last_result}\nShared file: {shared}\n"
            f"Settings: {self.runtime.paths.settings}"
        )
