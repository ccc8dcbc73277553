"""The lock: a screen that covers everything and asks for the advisor's passphrase, and the first-run dialog
that sets it. Neither shows any personal data; the screens under them keep everything typed so far."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from textual import events
from textual.app import ComposeResult, SystemCommand
from textual.await_complete import AwaitComplete
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from liferooms_tui.config import Settings
from liferooms_tui.privacy import passphrase as lock
from liferooms_tui.vocabulary import SITES, InvalidValue

IDLE_CHECK_SECONDS = 10.0
# App actions that still work while locked (moving between the passphrase fields, quitting): nothing that
# switches section, opens a screen or the command palette.
ALLOWED_WHEN_LOCKED = {"quit", "focus_next", "focus_previous", "bell", "copy_text", "help_quit"}

COVER_CSS = """
{name} {{ align: center middle; background: $background; }}
{name} > Vertical {{ width: 64; max-width: 95%; height: auto; border: round $accent; background: $surface;
                     padding: 1 2; }}
{name} Input {{ margin: 1 0 0 0; }}
{name} #lock-message {{ height: auto; min-height: 1; margin-top: 1; }}
"""


class LockScreen(ModalScreen[None]):
    """Covers the whole app until the passphrase is typed; wrong attempts slow down (lock.Unlocker)."""

    DEFAULT_CSS = COVER_CSS.format(name="LockScreen")
    AUTO_FOCUS = "#passphrase"

    def __init__(self, unlocker: lock.Unlocker, advisor: str):
        super().__init__()
        self.unlocker = unlocker
        self.advisor = advisor

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("liferooms is locked", classes="title")
            yield Static(f"Personal data is hidden. Type the passphrase for {self.advisor} and press Enter.",
                         markup=False)
            yield Input(password=True, id="passphrase", placeholder="passphrase", max_length=lock.MAX_LENGTH)
            yield Static("", id="lock-message", classes="error", markup=False)
            yield Static("Ctrl+Q quits; nothing typed is lost.", classes="muted")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        message = self.query_one("#lock-message", Static)
        event.input.value = ""  # cleared either way: a hidden leftover would spoil the next try
        try:
            unlocked = self.unlocker.try_unlock(event.value)
        except lock.TooSoon as exc:
            message.update(str(exc))
            return
        if unlocked:
            self.dismiss(None)
            return
        wait = self.unlocker.seconds_left()
        later = f" Wait {lock.wait_words(wait)} before the next try." if wait else ""
        message.update(f"That is not the passphrase.{later}")


class SetPassphraseScreen(ModalScreen[None]):
    """First run for an advisor: their name, their site, and the passphrase that unlocks the app (typed twice,
    8 characters or more)."""

    DEFAULT_CSS = COVER_CSS.format(name="SetPassphraseScreen") + """
    SetPassphraseScreen Select { margin: 1 0 0 0; }
    """
    AUTO_FOCUS = "#advisor"

    def compose(self) -> ComposeResult:
        settings = self.app.runtime.settings
        with Vertical():
            yield Static("Welcome to liferooms", classes="title")
            yield Static(f"Your name and site go with each change you make. liferooms starts locked, and locks after "
                         f"{settings.lock_idle_minutes} minutes without a key and on Ctrl+L: choose a passphrase of "
                         f"{lock.MIN_LENGTH} characters or more (a few words are easy to remember).", markup=False)
            yield Input(settings.advisor if settings.advisor != Settings.advisor else "", id="advisor", compact=True,
                        placeholder="your name, as colleagues know you", max_length=lock.MAX_NAME)
            yield Select([(site, site) for site in SITES], value=settings.site if settings.site in SITES else SITES[0],
                         allow_blank=False, id="site", compact=True)
            yield Input(password=True, id="first", placeholder="passphrase", max_length=lock.MAX_LENGTH, compact=True)
            yield Input(password=True, id="second", placeholder="the same passphrase again", compact=True,
                        max_length=lock.MAX_LENGTH)
            yield Static("", id="lock-message", classes="error", markup=False)
            yield Static("Enter moves on and saves; Ctrl+Q quits.", classes="muted")

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.has_focus_within:  # chosen by the advisor (not the first value set): on to the passphrase
            self.query_one("#first", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        first, second = self.query_one("#first", Input), self.query_one("#second", Input)
        if event.input.id == "advisor":
            self.query_one("#site", Select).focus()
            return
        if event.input is first and not second.value:
            second.focus()
            return
        runtime = self.app.runtime
        name = self.query_one("#advisor", Input)
        try:
            runtime.actor = lock.first_run(runtime.paths, runtime.settings, runtime.actor, name.value,
                                           self.query_one("#site", Select).value, first.value, second.value)
        except InvalidValue as exc:
            self.query_one("#lock-message", Static).update(str(exc))
            if not " ".join(name.value.split()):
                name.focus()
            else:
                (first if len(first.value) < lock.MIN_LENGTH else second).focus()
            return
        self.app.sub_title = f"{runtime.actor.name} · {runtime.actor.site}"
        self.dismiss(None)


class LockingApp:
    """Mixed into the App: the idle timer, Ctrl+L, the first-run passphrase, and nothing app-wide while locked.

    Volunteers' mode never locks and is never asked for a passphrase: it holds no personal data."""

    locked = False

    def setup_lock(self, clock: Callable[[], float] | None = None, ask_passphrase: bool = True) -> None:
        clock = clock or time.monotonic
        settings = self.runtime.settings
        self.idle_watch = lock.IdleWatch(lambda: settings.lock_idle_minutes, clock)
        self.unlocker = lock.Unlocker(lambda: settings.passphrase_hash, clock)
        self.ask_passphrase = ask_passphrase
        self.locked = False
        self.held: list[tuple] = []  # screens asked for while locked: (screen, callback)

    def start_lock(self) -> None:
        """On mount: check for idleness now and then (not in tests, which call lock_if_idle), and start covered:
        the passphrase dialog on the first run, the lock screen after it (quitting and starting again must
        not be a way past the lock)."""
        if not self.testing:
            self.set_interval(IDLE_CHECK_SECONDS, self.lock_if_idle)
        if self.ask_passphrase:
            self.cover()

    @property
    def can_lock(self) -> bool:
        return not self.runtime.actor.is_volunteer

    def cover(self) -> None:
        """Hide everything: the lock screen, or the passphrase dialog when none is set yet."""
        if not self.can_lock:
            return
        self.locked = True
        self.clear_notifications()
        if lock.needs_passphrase(self.runtime.settings, self.runtime.actor):
            screen = SetPassphraseScreen()
        else:
            screen = LockScreen(self.unlocker, self.runtime.actor.name)
        self.push_screen(screen, callback=self._uncovered)

    def _uncovered(self, _result=None) -> None:
        self.locked = False
        self.idle_watch.touch()
        held, self.held = self.held, []
        for screen, callback in held:
            self.push_screen(screen, callback)

    def push_screen(self, screen, callback=None, wait_for_dismiss=False):
        """Nothing opens over the lock: a screen asked for while locked (the question about a drop-in left
        open, at start; a dialog from a background task) waits, and opens once the passphrase is typed."""
        if self.locked and not wait_for_dismiss and not isinstance(screen, (LockScreen, SetPassphraseScreen)):
            self.held.append((screen, callback))
            return AwaitComplete.nothing()
        return super().push_screen(screen, callback, wait_for_dismiss)

    def action_lock(self) -> None:
        if not self.locked:
            self.cover()

    def lock_if_idle(self) -> None:
        """Lock when the idle time has passed since the last key or mouse event."""
        if not self.locked and self.can_lock and self.runtime.settings.passphrase_hash and self.idle_watch.expired():
            self.cover()

    def lock_allows(self, action: str) -> bool:
        if action == "lock":
            return self.can_lock and not self.locked
        return not self.locked or action in ALLOWED_WHEN_LOCKED

    def lock_commands(self) -> Iterable[SystemCommand]:
        if self.can_lock and not self.locked:
            yield SystemCommand("Lock", "Hide all personal data until the passphrase is typed (Ctrl+L)",
                                self.action_lock)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.idle_watch.touch()
        await super().on_event(event)

    def notify(self, message: str, **kwargs) -> None:
        if not self.locked:  # a toast could name someone: nothing shows over the lock
            super().notify(message, **kwargs)
