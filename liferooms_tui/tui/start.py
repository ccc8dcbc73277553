"""Starting the app: a new data folder is set up first (the first-run dialog), an advisor's data is opened only by
the passphrase typed at the lock screen (nothing personal is read before), and then the app itself runs, unlocked.
A volunteer's laptop holds no personal data and opens without a passphrase."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from liferooms_tui.config import load_settings, resolve_paths
from liferooms_tui.db.keys import KeyProblem, WrongPassphrase
from liferooms_tui.db.store import StoreError
from liferooms_tui.privacy import passphrase as lock
from liferooms_tui.runtime import Runtime, is_set_up, open_runtime, role_of, setup_laptop
from liferooms_tui.tui.screens.crisis import CrisisScreen
from liferooms_tui.tui.screens.lock import LockScreen, RecoveryKeyScreen, SetPassphraseScreen
from liferooms_tui.vocabulary import InvalidValue


class Opening(App[Runtime | None]):
    """A bare app that shows only the first-run dialog or the lock screen, and exits with the opened runtime."""

    TITLE = "liferooms"
    CSS_PATH = "app.tcss"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True),
                Binding("f12", "crisis", "Crisis", priority=True)]  # the crisis contacts hold no personal data

    def __init__(self, data_dir: str | None):
        super().__init__()
        self.data_dir = data_dir
        self.opened: Runtime | None = None

    def compose(self) -> ComposeResult:
        yield Static("")

    def on_mount(self) -> None:
        if not is_set_up(self.data_dir):
            paths = resolve_paths(self.data_dir)
            settings = load_settings(paths) if paths.settings.exists() else None
            self.push_screen(SetPassphraseScreen(self._set_up, settings), callback=self._set_up_done)
        else:
            advisor = load_settings(resolve_paths(self.data_dir)).advisor  # their own name: not personal data
            self.push_screen(LockScreen(lock.Unlocker(self._open), advisor), callback=self._finish)

    def action_crisis(self) -> None:
        if not isinstance(self.screen, CrisisScreen):
            self.push_screen(CrisisScreen(load_settings(resolve_paths(self.data_dir))))

    def _set_up(self, name: str, site: str, first: str, second: str, directory: str = "sample") -> Runtime:
        try:
            return setup_laptop(self.data_dir, advisor=name, site=site, passphrase=first, second=second,
                                directory=directory)
        except (StoreError, KeyProblem) as exc:
            raise InvalidValue(str(exc)) from exc

    def _set_up_done(self, runtime: object) -> None:
        assert isinstance(runtime, Runtime)
        self.opened = runtime
        self._finish()

    def _open(self, passphrase: str) -> bool:
        """The lock screen's check: the passphrase is right when it opens the data."""
        try:
            self.opened = open_runtime(self.data_dir, passphrase=passphrase)
        except WrongPassphrase:
            return False
        except (StoreError, KeyProblem) as exc:
            raise InvalidValue(str(exc)) from exc
        return True

    def _finish(self, _result: object = None) -> None:
        """Done, once a recovery key made on this run (set-up, or a folder encrypted now) has been shown."""
        if self.opened is not None and self.opened.recovery_key:
            recovery, self.opened.recovery_key = self.opened.recovery_key, None
            self.push_screen(RecoveryKeyScreen(recovery), callback=self._finish)
            return
        self.exit(self.opened)


def open_interactively(data_dir: str | None, passphrase: str | None) -> Runtime | None:
    """The opened runtime, or None when the person quit before it opened."""
    if is_set_up(data_dir) and (role_of(data_dir) == "volunteer" or passphrase is not None):
        return open_runtime(data_dir, passphrase=passphrase)
    return Opening(data_dir).run()


def run(data_dir: str | None, passphrase: str | None, opened: Callable[[Runtime], None]) -> int:
    from liferooms_tui.tui.app import create_app

    runtime = open_interactively(data_dir, passphrase)
    if runtime is None:
        return 0
    try:
        opened(runtime)
        create_app(runtime, ask_passphrase=False).run()
    finally:
        runtime.close()
    return 0
