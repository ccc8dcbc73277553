"""The passphrase and the lock: hashing, backoff with a test clock, the first-run dialog, and the lock screen
hiding every piece of personal data on the rendered screen."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.screen import ModalScreen
from textual.widgets import Input

from liferooms_tui.access import Actor, NotAllowed
from liferooms_tui.config import load_settings
from liferooms_tui.dropin import conversations, people
from liferooms_tui.privacy import passphrase as lock
from liferooms_tui.runtime import open_runtime
from liferooms_tui.tui.app import create_app
from liferooms_tui.tui.screens.conversation import ConversationScreen
from liferooms_tui.tui.screens.lock import LockScreen, SetPassphraseScreen
from liferooms_tui.vocabulary import InvalidValue

PASSPHRASE = "correct horse battery"
NAME = "Zebedee Quill (fictional)"
FAST = {"n": 2**4, "r": 1, "p": 1}  # a cheap hash for tests that only need one to exist


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def rendered(app) -> str:
    """The characters on the terminal, as a person sees them (the top screen and any screen showing through)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), record=True,
                      force_terminal=True, color_system=None, legacy_windows=False)
    console.print(update)
    return console.export_text()


def test_hash_is_salted_scrypt_and_checks_in_both_directions():
    first, second = lock.hash_passphrase(PASSPHRASE), lock.hash_passphrase(PASSPHRASE)
    assert first.startswith("scrypt$16384$8$1$") and first != second  # a new salt each time
    assert PASSPHRASE not in first
    assert lock.verify_passphrase(PASSPHRASE, first) and lock.verify_passphrase(PASSPHRASE, second)
    assert not lock.verify_passphrase(PASSPHRASE + " ", first)
    assert not lock.verify_passphrase("", first)
    for broken in ("", "plain", "scrypt$x$8$1$AA==$AA==", "bcrypt$1$1$1$AA==$AA==", "scrypt$16$1$1$!!$AA=="):
        assert not lock.verify_passphrase(PASSPHRASE, broken)


@pytest.mark.parametrize(("first", "second", "says"), [
    ("short", "short", "at least 8 characters"),
    ("", "", "at least 8 characters"),
    (PASSPHRASE, PASSPHRASE + "!", "not the same"),
])
def test_new_passphrase_rules(first, second, says):
    with pytest.raises(InvalidValue, match=says):
        lock.check_new_passphrase(first, second)


def test_settings_keep_only_the_hash(runtime):
    lock.set_passphrase(runtime.paths, runtime.settings, runtime.actor, PASSPHRASE, PASSPHRASE)
    text = runtime.paths.settings.read_text(encoding="utf-8")
    assert PASSPHRASE not in text and "scrypt$" in text
    assert lock.verify_passphrase(PASSPHRASE, load_settings(runtime.paths).passphrase_hash)


def test_volunteers_are_never_asked_and_cannot_set_one(runtime):
    volunteer = Actor("V", runtime.actor.site, "volunteer", runtime.actor.laptop_id)
    assert not lock.needs_passphrase(runtime.settings, volunteer)
    assert lock.needs_passphrase(runtime.settings, runtime.actor)
    with pytest.raises(NotAllowed):
        lock.set_passphrase(runtime.paths, runtime.settings, volunteer, PASSPHRASE, PASSPHRASE)


def test_wrong_attempts_slow_down_doubling_from_the_third():
    clock = Clock()
    unlocker = lock.Unlocker(lock.hash_passphrase(PASSPHRASE, **FAST), clock)
    waits = []
    for _ in range(6):
        assert unlocker.try_unlock("wrong guess") is False
        waits.append(unlocker.seconds_left())
        if waits[-1]:
            with pytest.raises(lock.TooSoon, match="wait"):
                unlocker.try_unlock(PASSPHRASE)  # even the right one waits its turn
        clock.now += waits[-1]
    assert waits == [0, 0, 2, 4, 8, 16]
    assert unlocker.try_unlock(PASSPHRASE) is True
    assert unlocker.failures == 0 and unlocker.seconds_left() == 0
    unlocker.try_unlock("wrong again")
    assert unlocker.seconds_left() == 0  # the count started again


def test_the_wait_has_a_ceiling():
    unlocker = lock.Unlocker("", Clock())
    assert unlocker.wait_for(40) == lock.MAX_WAIT_SECONDS


def test_idle_watch_uses_the_settings_minutes():
    clock, minutes = Clock(), [10]
    watch = lock.IdleWatch(lambda: minutes[0], clock)
    clock.now += 599
    assert not watch.expired()
    clock.now += 1
    assert watch.expired()
    watch.touch()
    minutes[0] = 1
    clock.now += 59
    assert not watch.expired()


def with_a_person_on_screen(runtime) -> None:
    """A conversation left open shows the person's name on the drop-in screen."""
    with runtime.store.session() as session:
        person = people.add_person(session, runtime.actor, NAME, postcode_district="L20", consent_store=True,
                                   consent_share=True)
        conversations.start_conversation(session, runtime.actor, person.id)
    runtime.settings.passphrase_hash = lock.hash_passphrase(PASSPHRASE, **FAST)


async def unlock(pilot, text: str) -> None:
    field = pilot.app.screen.query_one("#passphrase", Input)
    field.value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_after_the_idle_time_no_personal_data_is_on_screen(runtime):
    with_a_person_on_screen(runtime)
    clock = Clock()
    app = create_app(runtime, ask_passphrase=False, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert NAME in rendered(app)
        clock.now += runtime.settings.lock_idle_minutes * 60 - 1
        app.lock.lock_if_idle()
        await pilot.pause()
        assert not app.lock.locked and NAME in rendered(app)
        await pilot.press("down")  # a key press starts the idle time again
        clock.now += 2
        app.lock.lock_if_idle()
        assert not app.lock.locked
        clock.now += runtime.settings.lock_idle_minutes * 60
        app.lock.lock_if_idle()
        await pilot.pause()
        assert app.lock.locked and isinstance(app.screen, LockScreen)
        screen = rendered(app)
        assert "liferooms is locked" in screen
        for secret in (NAME, "Zebedee", "Quill", "L20"):
            assert secret not in screen
        await unlock(pilot, "not it at all")
        assert app.lock.locked and "not the passphrase" in rendered(app) and NAME not in rendered(app)
        await unlock(pilot, PASSPHRASE)
        assert not app.lock.locked and not isinstance(app.screen, LockScreen)
        assert NAME in rendered(app)


async def test_ctrl_l_locks_and_nothing_gets_past_the_lock(runtime):
    with_a_person_on_screen(runtime)
    app = create_app(runtime, ask_passphrase=False, clock=Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        mode = app.current_mode
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        for key in ("f4", "f5", "f1", "ctrl+p", "escape", "question_mark"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, LockScreen), key
            assert app.current_mode == mode and NAME not in rendered(app)
        app.notify(f"Referral for {NAME} queued")  # a toast from a background task
        app.show(_Dialog(NAME))  # a dialog from a background task
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen) and NAME not in rendered(app)


class _Dialog(ModalScreen[None]):
    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def compose(self):
        yield Input(self.text, id="draft")


async def test_what_was_typed_is_there_after_unlocking(runtime):
    with_a_person_on_screen(runtime)
    app = create_app(runtime, ask_passphrase=False, clock=Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(_Dialog(""))
        await pilot.pause()
        await pilot.press(*"half typed")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert "half typed" not in rendered(app)
        await unlock(pilot, PASSPHRASE)
        assert isinstance(app.screen, _Dialog)
        assert app.screen.query_one("#draft", Input).value == "half typed"


async def test_first_run_asks_an_advisor_for_a_passphrase_twice(runtime):
    app = create_app(runtime, ask_passphrase=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetPassphraseScreen) and app.lock.locked
        await pilot.press("f4")
        assert isinstance(app.screen, SetPassphraseScreen)
        assert app.screen.query_one("#advisor", Input).has_focus  # who they are first
        await pilot.press(*"Sam", "space", *"Adviser", "enter")
        await pilot.pause()
        assert app.screen.query_one("#site").has_focus  # then where they work (kept: the first hub)
        await pilot.press("enter", "enter")  # open the list, keep the hub already chosen: on to the passphrase
        await pilot.pause()
        assert app.screen.query_one("#first", Input).has_focus
        await pilot.press(*"short", "enter", *"short", "enter")
        await pilot.pause()
        assert "at least 8 characters" in rendered(app)
        first, second = app.screen.query_one("#first", Input), app.screen.query_one("#second", Input)
        assert first.value == "short" and second.value == "short"  # kept as typed
        first.value, second.value = PASSPHRASE, PASSPHRASE + "x"
        assert first.has_focus
        await pilot.press("tab")  # Tab moves between the fields, even though app-wide keys are off
        assert second.has_focus
        await pilot.press("enter")
        await pilot.pause()
        assert "not the same" in rendered(app) and isinstance(app.screen, SetPassphraseScreen)
        second.value = PASSPHRASE
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SetPassphraseScreen) and not app.lock.locked
        assert app.sub_title == "Sam Adviser · Bootle Hub" and runtime.actor.name == "Sam Adviser"
    saved = load_settings(runtime.paths)
    assert lock.verify_passphrase(PASSPHRASE, saved.passphrase_hash) and saved.advisor == "Sam Adviser"


def test_first_run_needs_a_name_and_a_known_site(runtime):
    with pytest.raises(InvalidValue, match="Type your name"):
        lock.first_run(runtime.paths, runtime.settings, runtime.actor, "  ", "Bootle Hub", PASSPHRASE, PASSPHRASE)
    with pytest.raises(InvalidValue, match="Choose where you work"):
        lock.first_run(runtime.paths, runtime.settings, runtime.actor, "Sam", "Atlantis", PASSPHRASE, PASSPHRASE)
    assert not runtime.settings.passphrase_hash  # nothing saved from a refused first run
    actor = lock.first_run(runtime.paths, runtime.settings, runtime.actor, " Sam  A. ", "Speke community site",
                           PASSPHRASE, PASSPHRASE)
    assert (actor.name, actor.site, actor.laptop_id) == ("Sam A.", "Speke community site", runtime.actor.laptop_id)


async def test_each_start_is_locked_so_quitting_is_no_way_past_the_lock(runtime):
    with_a_person_on_screen(runtime)  # a passphrase is set, and a drop-in was left open
    app = create_app(runtime, ask_passphrase=True, clock=Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.lock.locked and isinstance(app.screen, LockScreen)
        assert "liferooms is locked" in rendered(app) and NAME not in rendered(app)
        assert [type(s) for s in app.screen_stack[1:]] == [LockScreen]  # the question waits for the passphrase
        await unlock(pilot, PASSPHRASE)
        await pilot.pause()
        assert not app.lock.locked and NAME in rendered(app)  # the question about the open drop-in, after unlocking
        await pilot.press("enter")  # carry on with it
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen) and app.screen.query_one("#what-matters").has_focus


async def test_tests_and_volunteers_are_not_asked(runtime, tmp_path):
    app = create_app(runtime, ask_passphrase=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.lock.locked and not isinstance(app.screen, SetPassphraseScreen)
    volunteer_runtime = open_runtime(str(tmp_path / "volunteer"), volunteer=True)
    clock = Clock()
    app = create_app(volunteer_runtime, ask_passphrase=True, clock=clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert not app.lock.locked and not isinstance(app.screen, SetPassphraseScreen)
            await pilot.press("ctrl+l")
            clock.now += 10_000
            app.lock.lock_if_idle()
            await pilot.pause()
            assert not app.lock.locked and app.current_mode == "directory"
    finally:
        volunteer_runtime.close()


async def test_ctrl_l_without_a_passphrase_asks_for_one(runtime):
    app = create_app(runtime, ask_passphrase=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, SetPassphraseScreen) and app.lock.locked


def test_cli_sets_the_passphrase_from_stdin(runtime, monkeypatch, capsys):
    from liferooms_tui.commands.main import main

    base = ["--data-dir", str(runtime.paths.data_dir), "privacy", "passphrase", "--stdin"]
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(base) == 1 and "at least 8 characters" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    assert main(base) == 0 and "Passphrase set" in capsys.readouterr().out
    assert lock.verify_passphrase(PASSPHRASE, load_settings(runtime.paths).passphrase_hash)
    assert main(["--data-dir", str(runtime.paths.data_dir), "--volunteer", "privacy", "passphrase", "--stdin"]) == 1


@pytest.mark.parametrize("first_run", [True, False], ids=["welcome", "lock screen"])
async def test_ctrl_q_quits_from_the_welcome_and_lock_screens(runtime, first_run):
    if not first_run:
        runtime.settings.passphrase_hash = lock.hash_passphrase(PASSPHRASE, **FAST)
    app = create_app(runtime, ask_passphrase=True, clock=Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetPassphraseScreen if first_run else LockScreen)
        assert isinstance(app.focused, Input)  # the cursor is in a text box, as a person finds it
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app._exit, "Ctrl+Q did not quit"
