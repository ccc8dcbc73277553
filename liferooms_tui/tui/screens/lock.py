"""The lock screens: one that covers everything and asks for the advisor's passphrase, and the first-run dialog
that sets it. Neither shows any personal data; the screens under them keep everything typed so far. When they
show is decided by the lock controller (tui/lock.py)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from liferooms_tui.config import Settings
from liferooms_tui.privacy import passphrase as lock
from liferooms_tui.vocabulary import SITES, InvalidValue

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

    def on_mount(self) -> None:
        self.watch(self.query_one("#site", Select), "expanded", self._site_list_closed, init=False)

    def _site_list_closed(self, expanded: bool) -> None:
        """A site chosen from the list (the same one or another): on to the passphrase, as Enter does elsewhere."""
        if not expanded:
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
