"""The Textual app: sections as modes, global keys, the command palette, theme."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from liferooms_tui.gateway import Services
from liferooms_tui.runtime import Runtime
from liferooms_tui.tui.screens.directory import DirectoryScreen
from liferooms_tui.tui.screens.dropin import DropInScreen
from liferooms_tui.tui.screens.help import HelpScreen
from liferooms_tui.tui.screens.lock import LockingApp
from liferooms_tui.tui.screens.referrals import ReferralsScreen
from liferooms_tui.tui.screens.reports import ReportsScreen
from liferooms_tui.tui.screens.sync import SyncScreen


@dataclass(frozen=True)
class Section:
    mode: str
    key: str
    title: str
    screen: type[Screen]
    personal: bool  # holds personal data: never in volunteers' mode


SECTIONS = [
    Section("dropin", "f2", "Drop-in", DropInScreen, True),
    Section("directory", "f3", "Directory", DirectoryScreen, False),
    Section("referrals", "f4", "Referrals", ReferralsScreen, True),
    Section("reports", "f5", "Reports", ReportsScreen, True),
    Section("sync", "f6", "Sync", SyncScreen, True),
]


class LiferoomsApp(LockingApp, App):
    CSS_PATH = "app.tcss"
    TITLE = "liferooms"
    MODES = {s.mode: s.screen for s in SECTIONS}
    BINDINGS = [
        *(Binding(s.key, f"section('{s.mode}')", s.title, show=False) for s in SECTIONS),
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit"),
        Binding("ctrl+l", "lock", "Lock", priority=True),
    ]

    def __init__(self, runtime: Runtime, *, testing: bool = False, clock=None, ask_passphrase: bool | None = None):
        self.runtime = runtime
        self.services = Services(runtime)  # the one way from a screen to the data (gateway.py)
        self.open_conversations: dict[str, str] = {}  # conversation id -> the section it is open in
        if runtime.actor.is_volunteer:  # personal sections do not even exist as modes
            self.MODES = {s.mode: s.screen for s in SECTIONS if not s.personal}
        super().__init__()
        self.testing = testing
        self.setup_lock(clock, (not testing) if ask_passphrase is None else ask_passphrase)
        self.sub_title = f"{runtime.actor.name} · {runtime.actor.site}"
        if runtime.actor.is_volunteer:
            self.sub_title = "Volunteers' mode · partner directory"

    @property
    def sections(self) -> list[Section]:
        return [s for s in SECTIONS if not (s.personal and self.runtime.actor.is_volunteer)]

    def on_mount(self) -> None:
        self.switch_mode(self.sections[0].mode if not self.runtime.actor.is_volunteer else "directory")
        self.start_lock()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if not self.lock_allows(action):
            return False
        if action == "section":
            return any(s.mode == parameters[0] for s in self.sections)
        return True

    def action_section(self, mode: str) -> None:
        if any(s.mode == mode for s in self.sections) and self.current_mode != mode:
            self.switch_mode(mode)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for section in self.sections:
            yield SystemCommand(f"Go to {section.title}", f"Open the {section.title} section ({section.key.upper()})",
                                lambda mode=section.mode: self.action_section(mode))
        yield SystemCommand("Help", "Show the keys of this screen (F1)", self.action_help)
        yield from self.screen_commands(screen)
        yield from self.lock_commands()
        yield from (c for c in super().get_system_commands(screen) if c.title in {"Quit", "Theme", "Keys"})


    def screen_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key of the screen (and of the widget in focus) as a palette command, by its description."""
        global_actions = {"help", "quit", "lock", "command_palette"}
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            name = binding.action.split("(")[0]
            if not binding.description or name in global_actions or name == "section" or not active.enabled:
                continue
            if binding.description in seen:
                continue
            seen.add(binding.description)
            key = self.get_key_display(binding)
            yield SystemCommand(binding.description, f"{key} on this screen",
                                partial(self.call_later, self.run_action, binding.action, active.node))


def create_app(runtime: Runtime, *, testing: bool = False, **options) -> LiferoomsApp:
    """The one app factory, used by the CLI and by the tests (testing=True: no timers that race a test, and no
    passphrase asked at start unless ask_passphrase=True; clock= gives the lock a test clock)."""
    return LiferoomsApp(runtime, testing=testing, **options)
