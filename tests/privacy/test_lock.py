"""The passphrase and the lock: hashing, backoff with a test clock, the first-run dialog, and the lock screen
hiding every piece of personal data on the rendered screen."""

from __future__ import annotations

import io

import pytest
from laptops import CHEAP, PASSPHRASE, cli, open_laptop, set_up
from rich.console import Console
from textual.screen import ModalScreen
from textual.widgets import Input

from liferooms_tui.db import keys
from liferooms_tui.dropin import conversations, people
from liferooms_tui.privacy import passphrase as lock
from liferooms_tui.runtime import change_passphrase, open_runtime, setup_laptop
from liferooms_tui.tui.app import create_app
from liferooms_tui.tui.screens.conversation import ConversationScreen
from liferooms_tui.tui.screens.lock import LockScreen, RecoveryKeyScreen, SetPassphraseScreen
from liferooms_tui.tui.start import Opening
from liferooms_tui.vocabulary import InvalidValue

NAME = "Zebedee Quill (fictional)"


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


def test_the_data_key_is_wrapped_by_the_passphrase_and_opens_with_it_only():
    data_key = bytes(range(32))
    first, second = keys.wrap(data_key, PASSPHRASE, CHEAP), keys.wrap(data_key, PASSPHRASE, CHEAP)
    assert first["salt"] != second["salt"] and first["wrapped"] != second["wrapped"]  # a new salt each time
    assert keys.unwrap(first, PASSPHRASE) == data_key == keys.unwrap(second, PASSPHRASE)
    assert keys.unwrap(first, PASSPHRASE + " ") is None and keys.unwrap(first, "") is None
    assert (first["n"], first["r"], first["p"]) == (CHEAP.n, CHEAP.r, CHEAP.p)  # opened with the cost it was made at
    tampered = dict(first, wrapped=second["wrapped"])
    assert keys.unwrap(tampered, PASSPHRASE) is None  # the MAC covers the wrapped key
    with pytest.raises(keys.KeyProblem, match="damaged"):
        keys.unwrap({"n": "x"}, PASSPHRASE)


@pytest.mark.parametrize(("first", "second", "says"), [
    ("short", "short", "at least 8 characters"),
    ("", "", "at least 8 characters"),
    (PASSPHRASE, PASSPHRASE + "!", "not the same"),
])
def test_new_passphrase_rules(first, second, says):
    with pytest.raises(InvalidValue, match=says):
        keys.check_new_passphrase(first, second)


def test_the_keys_file_holds_neither_the_passphrase_nor_the_data_key(runtime):
    text = runtime.keys.path.read_text(encoding="utf-8") + runtime.paths.settings.read_text(encoding="utf-8")
    assert PASSPHRASE not in text and runtime.data_key.hex() not in text
    assert runtime.data_key.hex().upper() not in text.upper()


def test_volunteers_have_no_passphrase_to_change(tmp_path):
    volunteer = open_laptop(tmp_path / "volunteer", role="volunteer")
    try:
        assert volunteer.data_key is None and not volunteer.keys.encrypted
        with pytest.raises(InvalidValue, match="no personal data"):
            change_passphrase(volunteer, PASSPHRASE, PASSPHRASE, cost=CHEAP)
    finally:
        volunteer.close()


def test_wrong_attempts_slow_down_doubling_from_the_third():
    clock = Clock()
    unlocker = lock.Unlocker(lambda typed: typed == PASSPHRASE, clock)
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
    unlocker = lock.Unlocker(lambda typed: False, Clock())
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


async def test_first_run_sets_up_the_folder_and_shows_the_recovery_key_once(tmp_path):
    folder = tmp_path / "new"
    app = Opening(str(folder))
    app._set_up = lambda name, site, first, second, directory: _cheap_setup(folder, name, site, first, second)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetPassphraseScreen)
        assert app.screen.query_one("#advisor", Input).has_focus  # who they are first
        await pilot.press(*"Sam", "space", *"Adviser", "enter")
        await pilot.pause()
        assert app.screen.query_one("#site").has_focus  # then where they work (kept: the first hub)
        await pilot.press("enter", "enter")  # open the list, keep the hub already chosen: on to the directory
        await pilot.pause()
        assert app.screen.query_one("#directory").has_focus  # the fictional sample (kept) or an empty one
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert app.screen.query_one("#first", Input).has_focus
        await pilot.press(*"short", "enter", *"short", "enter")
        await pilot.pause()
        assert "at least 8 characters" in rendered(app)
        first, second = app.screen.query_one("#first", Input), app.screen.query_one("#second", Input)
        assert first.value == "short" and second.value == "short"  # kept as typed
        first.value, second.value = PASSPHRASE, PASSPHRASE + "x"
        assert first.has_focus
        await pilot.press("tab")
        assert second.has_focus
        await pilot.press("enter")
        await pilot.pause()
        assert "not the same" in rendered(app) and isinstance(app.screen, SetPassphraseScreen)
        assert not keys.keys_path(folder).exists()  # nothing set up from a refused first run
        second.value = PASSPHRASE
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RecoveryKeyScreen)
        recovery = app.screen.recovery_key
        await pilot.pause()
        screen = rendered(app)
        assert all(group in screen for group in recovery.split("-")) and "gone for good" in screen
        await pilot.press("enter")
        await pilot.pause()
    runtime = app.return_value
    try:
        assert runtime is not None and runtime.recovery_key is None  # shown once, then forgotten
        assert (runtime.actor.name, runtime.actor.site) == ("Sam Adviser", "Bootle Hub")
        assert runtime.keys.open_with_recovery_key(recovery.lower()) == runtime.data_key
    finally:
        runtime.close()
    open_runtime(str(folder), passphrase=PASSPHRASE).close()


def _cheap_setup(folder, name, site, first, second):
    try:
        return setup_laptop(str(folder), advisor=name, site=site, passphrase=first, second=second, cost=CHEAP)
    except keys.KeyProblem as exc:
        raise InvalidValue(str(exc)) from exc


async def test_the_start_lock_is_what_opens_the_data(tmp_path):
    set_up(tmp_path / "laptop").close()
    app = Opening(str(tmp_path / "laptop"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LockScreen) and app.opened is None  # nothing is open before the passphrase
        await unlock(pilot, "not it at all")
        assert "not the passphrase" in rendered(app) and app.opened is None
        await unlock(pilot, PASSPHRASE)
    runtime = app.return_value
    assert runtime is not None and runtime.data_key is not None
    runtime.close()


def test_set_up_needs_a_name_a_known_site_and_a_passphrase(tmp_path):
    folder = str(tmp_path / "laptop")
    for name, site, passphrase, says in (("  ", "Bootle Hub", PASSPHRASE, "Type your name"),
                                         ("Sam", "Atlantis", PASSPHRASE, "Choose where you work"),
                                         ("Sam", "Bootle Hub", "short", "at least 8")):
        with pytest.raises(InvalidValue, match=says):
            setup_laptop(folder, advisor=name, site=site, passphrase=passphrase, cost=CHEAP)
        assert not keys.keys_path(tmp_path / "laptop").exists()  # nothing set up from a refused set-up
    runtime = setup_laptop(folder, advisor=" Sam  A. ", site="Speke community site", passphrase=PASSPHRASE,
                           cost=CHEAP)
    runtime.close()
    assert (runtime.actor.name, runtime.actor.site) == ("Sam A.", "Speke community site")
    with pytest.raises(InvalidValue, match="already set up"):
        setup_laptop(folder, advisor="Sam", site="Bootle Hub", role="volunteer")


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
        assert not app.lock.locked and not isinstance(app.screen, LockScreen)
    volunteer_runtime = open_laptop(tmp_path / "volunteer", role="volunteer")
    clock = Clock()
    app = create_app(volunteer_runtime, ask_passphrase=True, clock=clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert not app.lock.locked and not isinstance(app.screen, LockScreen)
            await pilot.press("ctrl+l")
            clock.now += 10_000
            app.lock.lock_if_idle()
            await pilot.pause()
            assert not app.lock.locked and app.current_mode == "directory"
    finally:
        volunteer_runtime.close()


def test_cli_changes_the_passphrase_given_the_old_one(runtime, capsys):
    folder = str(runtime.paths.data_dir)
    new = "another passphrase here"
    base = ["--data-dir", folder, "privacy", "passphrase"]
    assert cli(base, stdin="wrong old one\n" + new + "\n") == 1 and "not the passphrase" in capsys.readouterr().err
    assert cli(base, stdin=PASSPHRASE + "\nshort\n") == 1 and "at least 8 characters" in capsys.readouterr().err
    assert cli(base, stdin=PASSPHRASE + "\n" + new + "\n") == 0 and "changed" in capsys.readouterr().out
    open_runtime(folder, passphrase=new).close()
    with pytest.raises(keys.WrongPassphrase):
        open_runtime(folder, passphrase=PASSPHRASE)
    assert cli(["--data-dir", folder, "--volunteer", "privacy", "passphrase"], stdin=new + "\n") == 1


@pytest.mark.parametrize("first_run", [True, False], ids=["welcome", "lock screen"])
async def test_ctrl_q_quits_from_the_welcome_and_lock_screens(runtime, tmp_path, first_run):
    app = Opening(str(tmp_path / "new")) if first_run else create_app(runtime, ask_passphrase=True, clock=Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetPassphraseScreen if first_run else LockScreen)
        assert isinstance(app.focused, Input)  # the cursor is in a text box, as a person finds it
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app._exit, "Ctrl+Q did not quit"
