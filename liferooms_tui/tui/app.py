"""The Textual app: sections as modes, global keys, the command palette, theme."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from liferooms_tui.gateway import Services
from liferooms_tui.runtime import Runtime
from liferooms_tui.tui.lock import LockController
from liferooms_tui.tui.screens.concern import ConcernScreen, person_on_screen
from liferooms_tui.tui.screens.concerns import ConcernsScreen
from liferooms_tui.tui.screens.courses import CoursesScreen
from liferooms_tui.tui.screens.crisis import CrisisScreen
from liferooms_tui.tui.screens.directory import DirectoryScreen
from liferooms_tui.tui.screens.dropin import DropInScreen
from liferooms_tui.tui.screens.help import HelpScreen
from liferooms_tui.tui.screens.referrals import ReferralsScreen
from liferooms_tui.tui.screens.referrals_in import ReferralsInScreen
from liferooms_tui.tui.screens.reports import ReportsScreen
from liferooms_tui.tui.screens.sync import SyncScreen
from liferooms_tui.tui.widgets.concern_flag import ConcernFlag
from liferooms_tui.tui.widgets.expected import ExpectedTable


@dataclass(frozen=True)
class Timings:
    """How often the app does things by itself, in seconds; passed in by the factory (tests pass their own)."""

    idle_check: float | None = 10.0  # look for idleness to lock; None: never (a test calls lock_if_idle itself)
    autosave: float = 2.0  # save what is typed in a drop-in
    status_refresh: float = 2.0  # the status line's queue and last sync


@dataclass(frozen=True)
class Section:
    mode: str
    key: str
    title: str
    screen: type[Screen]
    personal: bool  # holds personal data: never in volunteers' mode
    advisor_title: str = ""  # its title for advisors, when it differs (volunteers see the directory only)


SECTIONS = [
    Section("dropin", "f2", "Drop-in", DropInScreen, True),
    Section("directory", "f3", "Directory", DirectoryScreen, False, advisor_title="Partners"),
    Section("referrals", "f4", "Referrals", ReferralsScreen, True),
    Section("reports", "f5", "Reports", ReportsScreen, True),
    Section("sync", "f6", "Sync", SyncScreen, True),
    Section("courses", "f11", "Courses", CoursesScreen, False),
]


class LiferoomsApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "liferooms"
    MODES = {s.mode: s.screen for s in SECTIONS}
    BINDINGS = [
        *(Binding(s.key, f"section('{s.mode}')", s.title, show=False, priority=True, id=f"app.{s.mode}")
          for s in SECTIONS),
        Binding("f1", "help", "Help", show=False, priority=True, id="app.help"),  # F1 Help, ^Q Quit, ^L Lock: in the
        # section bar (widgets/section_bar.py), not the footer: it keeps its room for the screen's keys and F12 Crisis
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),  # every screen, lock too
        Binding("ctrl+l", "lock", "Lock", show=False, priority=True, id="app.lock"),
        Binding("f12", "crisis", "Crisis", priority=True, id="app.crisis"),  # from every screen, lock included
        Binding("f10", "concern", "Concern", show=False, priority=True,  # about the person on screen
                id="app.concern"),
    ]

    def __init__(self, runtime: Runtime, *, timings: Timings = Timings(), clock: Callable[[], float] | None = None,
                 ask_passphrase: bool = True):
        self.runtime = runtime
        self.services = Services(runtime)  # the one way from a screen to the data (gateway.py)
        self.timings = timings
        self.open_conversations: dict[str, str] = {}  # conversation id -> the section it is open in
        if runtime.actor.is_volunteer:  # personal sections do not even exist as modes
            self.MODES = {s.mode: s.screen for s in SECTIONS if not s.personal}
        super().__init__()
        self.lock = LockController(self, clock)
        self.ask_passphrase = ask_passphrase
        self.set_keymap(runtime.settings.keymap)
        self.sub_title = f"{runtime.actor.name} · {runtime.actor.site}"
        if runtime.actor.is_volunteer:
            self.sub_title = "Volunteers' mode · partner directory"

    @property
    def sections(self) -> list[Section]:
        if self.runtime.actor.is_volunteer:
            return [s for s in SECTIONS if not s.personal]
        return [replace(s, title=s.advisor_title) if s.advisor_title else s for s in SECTIONS]

    def on_mount(self) -> None:
        self.switch_mode(self.sections[0].mode if not self.runtime.actor.is_volunteer else "directory")
        if self.timings.idle_check:
            self.set_interval(self.timings.idle_check, self.lock.lock_if_idle)
        if self.ask_passphrase:  # every start is locked: quitting and starting again is no way past the lock
            self.lock.cover()

    def show(self, screen: Screen, callback: Callable | None = None) -> None:
        """Open a screen or dialog (never over the lock: it waits for the passphrase). Screens use this."""
        self.lock.show(screen, callback)

    def action_lock(self) -> None:
        self.lock.cover()

    def action_crisis(self) -> None:
        """The crisis list, over whatever is showing (the lock too: it holds no personal data)."""
        if not isinstance(self.screen, CrisisScreen):
            self.push_screen(CrisisScreen())

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.lock.idle_watch.touch()
        await super().on_event(event)

    def notify(self, message: str, **kwargs) -> None:
        if not self.lock.locked:  # a toast could name someone: nothing shows over the lock
            super().notify(message, **kwargs)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if not self.lock.allows(action):
            return False
        if action in ("concern", "concerns", "referrals_in"):  # personal data: never in volunteers' mode
            return not self.runtime.actor.is_volunteer
        if action == "section":
            return any(s.mode == parameters[0] for s in self.sections)
        return True

    def action_concern(self) -> None:
        """Record a safeguarding concern about the person on screen (a drop-in, or highlighted in the Drop-in)."""
        if self.runtime.actor.is_volunteer or isinstance(self.screen, ConcernScreen):
            return
        person = person_on_screen(self.screen)
        if person is None:
            self.notify("Open the person's drop-in, or highlight them in the Drop-in list, then press F10.",
                        severity="warning")
            return
        self.show(ConcernScreen(*person), self._refresh_concern_flags)

    def _refresh_concern_flags(self, _result: object = None) -> None:
        for flag in self.screen.query(ConcernFlag):
            flag.refresh_count()

    def action_concerns(self, theirs: bool = False) -> None:
        """Every concern the advisor can see; `theirs`: every concern about the person on screen (their history)."""
        if self.runtime.actor.is_volunteer or isinstance(self.screen, ConcernsScreen):
            return
        person = person_on_screen(self.screen) if theirs else None
        if theirs and person is None:
            self.notify("Open the person's drop-in, or highlight them in the Drop-in list, first.",
                        severity="warning")
            return
        self.show(ConcernsScreen(person), self._refresh_concern_flags)

    def action_referrals_in(self) -> None:
        if not self.runtime.actor.is_volunteer and not isinstance(self.screen, ReferralsInScreen):
            self.show(ReferralsInScreen(), lambda _: self._refresh_expected())

    def _refresh_expected(self) -> None:
        for table in self.screen.query(ExpectedTable):
            table.refresh_expected()

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
        yield SystemCommand("Crisis contacts", "Who to turn to at once, and what each is for (F12)",
                            self.action_crisis)
        if not self.runtime.actor.is_volunteer:
            yield SystemCommand("Safeguarding concern", "Record a concern about the person on screen (F10)",
                                self.action_concern)
            yield SystemCommand("Safeguarding concerns", "The concerns you can see: review, close (lead)",
                                self.action_concerns)
            yield SystemCommand("Referrals in", "Referrals into the service from partners, GPs and people: "
                                "record, triage, tell the referrer", self.action_referrals_in)
            if person_on_screen(screen) is not None:
                yield SystemCommand("This person's concerns", "Every safeguarding concern about the person on "
                                    "screen", partial(self.action_concerns, True))
        yield from self.screen_commands(screen)
        yield from self.lock.commands()
        yield from (c for c in super().get_system_commands(screen) if c.title in {"Quit", "Theme", "Keys"})


    def screen_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key of the screen (and of the widget in focus) as a palette command, by its description."""
        global_actions = {"help", "quit", "lock", "crisis", "concern", "command_palette"}
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
            what = f"{binding.tooltip} ({key})" if binding.tooltip else f"{key} on this screen"
            yield SystemCommand(binding.description, what,
                                partial(self.call_later, self.run_action, binding.action, active.node))


def create_app(runtime: Runtime, *, timings: Timings = Timings(), clock: Callable[[], float] | None = None,
               ask_passphrase: bool = True) -> LiferoomsApp:
    """The one app factory, used by the CLI and by the tests. Tests pass their own timings (no idle timer that
    races them), a clock for the lock, and ask_passphrase=False where the lock is not what they test."""
    return LiferoomsApp(runtime, timings=timings, clock=clock, ask_passphrase=ask_passphrase)
