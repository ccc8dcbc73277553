"""The lock controller: when the app covers itself (idle time, Ctrl+L, every start), what may happen while it is
covered, and what waits for the passphrase. The screens it shows are in screens/lock.py.

Volunteers' mode never locks and is never asked for a passphrase: it holds no personal data."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.screen import Screen

from liferooms_tui.privacy import passphrase
from liferooms_tui.tui.screens.lock import LockScreen

if TYPE_CHECKING:
    from liferooms_tui.tui.app import LiferoomsApp

# App actions that still work while locked (moving between the passphrase fields, quitting, the crisis list,
# which holds no personal data): nothing that switches section, opens another screen or the command palette.
ALLOWED_WHEN_LOCKED = {"quit", "focus_next", "focus_previous", "bell", "copy_text", "help_quit", "crisis"}


class LockController:
    def __init__(self, app: LiferoomsApp, clock: Callable[[], float] | None = None):
        self.app = app
        clock = clock or time.monotonic
        settings = app.runtime.settings
        self.idle_watch = passphrase.IdleWatch(lambda: settings.lock_idle_minutes, clock)
        self.unlocker = passphrase.Unlocker(passphrase.checker(app.runtime.keys), clock)
        self.locked = False
        self.waiting: list[tuple[Screen, Callable[[Any], None] | None]] = []  # asked for while locked

    @property
    def can_lock(self) -> bool:
        return not self.app.runtime.actor.is_volunteer

    def cover(self) -> None:
        """Hide everything behind the lock screen (the data folder was set up before the app started)."""
        if not self.can_lock or self.locked:
            return
        self.locked = True
        self.app.clear_notifications()
        self.app.push_screen(LockScreen(self.unlocker, self.app.runtime.actor.name), callback=self._uncovered)

    def _uncovered(self, _result: object = None) -> None:
        self.locked = False
        self.idle_watch.touch()
        waiting, self.waiting = self.waiting, []
        for screen, callback in waiting:
            self.app.push_screen(screen, callback)

    def show(self, screen: Screen, callback: Callable[[Any], None] | None = None) -> None:
        """Open a screen now or, while locked, once the passphrase is typed: nothing opens over the lock (the
        question about a drop-in left open, at start; a dialog answering a worker that finished meanwhile)."""
        if self.locked:
            self.waiting.append((screen, callback))
        else:
            self.app.push_screen(screen, callback)

    def lock_if_idle(self) -> None:
        """Lock when the idle time has passed since the last key or mouse event."""
        if not self.locked and self.can_lock and self.idle_watch.expired():
            self.cover()

    def allows(self, action: str) -> bool:
        if action == "lock":
            return self.can_lock and not self.locked
        return not self.locked or action in ALLOWED_WHEN_LOCKED

    def commands(self) -> Iterable[SystemCommand]:
        if self.can_lock and not self.locked:
            yield SystemCommand("Lock", "Hide all personal data until the passphrase is typed (Ctrl+L)", self.cover)
