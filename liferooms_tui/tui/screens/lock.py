"""The lock screens: one that covers everything and asks for the advisor's passphrase, and the first-run dialog
that sets it. Neither shows any personal data; the screens under them keep everything typed so far. When they
show is decided by the lock controller (tui/lock.py)."""

from __future__ import annotations

from collections.abc import Callable

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
        except InvalidValue as exc:  # too soon after wrong attempts, or the data cannot be opened (it says why)
            message.update(str(exc))
            return
        if unlocked:
            self.dismiss(None)
            return
        wait = self.unlocker.seconds_left()
        later = f" Wait {lock.wait_words(wait)} before the next try." if wait else ""
        message.update(f"That is not the passphrase.{later}")


DIRECTORY_OPTIONS = [("Directory: the fictional sample (for training)", "sample"),
                     ("Directory: empty (then import or add partners)", "empty")]


class SetPassphraseScreen(ModalScreen[object]):
    """First run: the advisor's name, site, and the passphrase that opens the encrypted data (typed twice, 8
    characters or more), and the directory to start with: the fictional sample (for training) or an empty one.
    `setup(name, site, first, second, directory)` sets the folder up (runtime.setup_laptop) and returns the open
    runtime, which the dialog is dismissed with; a refusal is said in the dialog."""

    DEFAULT_CSS = COVER_CSS.format(name="SetPassphraseScreen") + """
    SetPassphraseScreen Select { margin: 1 0 0 0; }
    """
    AUTO_FOCUS = "#advisor"

    def __init__(self, setup: Callable[[str, str, str, str, str], object], settings: Settings | None = None):
        super().__init__()
        self.setup = setup
        self.settings = settings or Settings()

    def compose(self) -> ComposeResult:
        settings = self.settings
        with Vertical():
            yield Static("Welcome to liferooms", classes="title")
            yield Static(f"Your name and site go with each change you make. The people you see are kept encrypted "
                         f"on this laptop, opened by a passphrase of {lock.MIN_LENGTH} characters or more (a few "
                         f"words are easy to remember); liferooms locks after {settings.lock_idle_minutes} minutes "
                         "without a key and on Ctrl+L.", markup=False)
            yield Input(settings.advisor if settings.advisor != Settings.advisor else "", id="advisor", compact=True,
                        placeholder="your name, as colleagues know you", max_length=lock.MAX_NAME)
            yield Select([(site, site) for site in SITES], value=settings.site if settings.site in SITES else SITES[0],
                         allow_blank=False, id="site", compact=True)
            yield Select(DIRECTORY_OPTIONS, value="sample", allow_blank=False, id="directory", compact=True)
            yield Input(password=True, id="first", placeholder="passphrase", max_length=lock.MAX_LENGTH, compact=True)
            yield Input(password=True, id="second", placeholder="the same passphrase again", compact=True,
                        max_length=lock.MAX_LENGTH)
            yield Static("", id="lock-message", classes="error", markup=False)
            yield Static("Enter moves on and saves; Ctrl+Q quits.", classes="muted")

    def on_mount(self) -> None:
        self.watch(self.query_one("#site", Select), "expanded", self._site_list_closed, init=False)
        self.watch(self.query_one("#directory", Select), "expanded", self._directory_list_closed, init=False)

    def _site_list_closed(self, expanded: bool) -> None:
        """A site chosen from the list (the same one or another): on to the directory, as Enter does elsewhere."""
        if not expanded:
            self.query_one("#directory", Select).focus()

    def _directory_list_closed(self, expanded: bool) -> None:
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
        name = self.query_one("#advisor", Input)
        try:
            runtime = self.setup(name.value, str(self.query_one("#site", Select).value), first.value, second.value,
                                 str(self.query_one("#directory", Select).value))
        except InvalidValue as exc:
            self.query_one("#lock-message", Static).update(str(exc))
            if not " ".join(name.value.split()):
                name.focus()
            else:
                (first if len(first.value) < lock.MIN_LENGTH else second).focus()
            return
        self.dismiss(runtime)


class RecoveryKeyScreen(ModalScreen[None]):
    """The recovery key, shown once after set-up, for the service's lead to keep."""

    DEFAULT_CSS = COVER_CSS.format(name="RecoveryKeyScreen")
    BINDINGS = [("enter", "done", "Done")]

    def __init__(self, recovery_key: str):
        super().__init__()
        self.recovery_key = recovery_key

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Your recovery key (shown this once)", classes="title")
            groups = self.recovery_key.split("-")  # two whole lines: a group is never cut in half by the box
            yield Static("-".join(groups[:7]) + "\n" + "-".join(groups[7:]) + "\n", id="recovery-key", markup=False)
            yield Static("Write it down and give it to the service's lead to keep safe, away from this laptop. It "
                         "opens this laptop's data if the passphrase is forgotten ('liferooms recover'). If both the "
                         "passphrase and the recovery key are lost, the data on this laptop is gone for good: nobody "
                         "can open it. What was synced to the shared file is not lost.", markup=False)
            yield Static("Press Enter when it is written down.", classes="muted")

    def action_done(self) -> None:
        self.dismiss(None)
