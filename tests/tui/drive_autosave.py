"""Run by test_autosave_kill.py in a child process: type into a drop-in, report, then wait to be killed."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/, for laptops.py

from laptops import open_laptop  # noqa: E402

from liferooms_tui.dropin import conversations, people
from liferooms_tui.tui.app import Timings, create_app
from liferooms_tui.tui.screens.conversation import ConversationScreen

AUTOSAVE = Timings().autosave  # the app's own autosave interval, as the CLI runs it
SAVED_WITHIN = 2 * AUTOSAVE + 5.0  # one full interval may pass before the timer's first tick; slack for a busy CI


async def wait_until_saved(runtime, conversation_id: str, text: str) -> None:
    """Poll the database (as another reader would) until the notes are saved; exit without READY if they never are."""
    deadline = time.monotonic() + SAVED_WITHIN
    while time.monotonic() < deadline:
        with runtime.store.session() as session:
            if conversations.get_conversation(session, runtime.actor, conversation_id).what_matters == text:
                return
        await asyncio.sleep(0.1)
    print(f"NOT SAVED within {SAVED_WITHIN} s", flush=True)
    sys.exit(1)


async def until(pilot, condition, timeout: float = 5.0) -> None:
    """Pause in short steps until condition() holds (tests/tui/screen.py's wait_for, which a script cannot import)."""
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise SystemExit(f"never happened: {condition}")


async def main(data_dir: str) -> None:
    runtime = open_laptop(data_dir)
    with runtime.store.session() as session:
        person = people.add_person(session, runtime.actor, "Kit K. (test)", consent_store=True, consent_share=True)
        conversation = conversations.start_conversation(session, runtime.actor, person.id)
    app = create_app(runtime, timings=Timings(autosave=AUTOSAVE), ask_passphrase=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = ConversationScreen(conversation.id)
        app.push_screen(screen)
        await until(pilot, lambda: screen.loaded and screen.query("#what-matters"))
        await pilot.pause()
        await pilot.press("tab", "h", "tab", "8")  # a need and a score: saved on the change itself
        # well within the 2 s autosave timer: saved because they changed, not because time passed
        await until(pilot, lambda: not screen.pending and screen.saving is None, timeout=1.5)
        print("TYPED", flush=True)
        await pilot.press("shift+tab", "shift+tab")  # back into the notes
        await pilot.press(*"my flat is cold")
        # the notes never lose focus: only the autosave timer can save them
        await wait_until_saved(runtime, conversation.id, "my flat is cold")
        print("READY", flush=True)
        await pilot.press(*" and more after the save")
        await asyncio.sleep(60)  # killed before this ends


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
