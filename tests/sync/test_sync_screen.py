"""The Sync section: queue and last sync, sync now in a worker, set the shared file, plain words on failure."""

from __future__ import annotations

from laptops import SERVICE_KEY
from sync_helpers import new_shared, unsent
from textual.widgets import DataTable, Input, ProgressBar, Static
from tui.screen import run_from_palette, wait_for

from liferooms_tui.config import load_settings
from liferooms_tui.db.models import OutboxEntry
from liferooms_tui.sync import service_key, shared
from liferooms_tui.tui.app import create_app
from liferooms_tui.tui.screens.choice import ChoiceScreen
from liferooms_tui.tui.screens.prompt import PromptScreen
from liferooms_tui.tui.screens.sync import SyncScreen
from liferooms_tui.tui.widgets.status_line import StatusLine


def text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_sync(app, pilot) -> None:
    await pilot.pause()
    await pilot.press("f6")
    await wait_for(pilot, lambda: isinstance(app.screen, SyncScreen) and "Queued to send" in text(app, "#sync-summary"))


async def finish(app, pilot) -> None:
    """Wait for the sync to end and for the section to be read again after it."""
    await wait_for(pilot, lambda: not app.screen.syncing and not app.screen.query_one(ProgressBar).display)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_sync_now_runs_in_a_worker_and_updates_the_section_and_status_line(laptop, tmp_path):
    path = new_shared(tmp_path)
    laptop.settings.shared_path = str(path)
    app = create_app(laptop, ask_passphrase=False)  # as tests/tui's make_app makes it
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sync(app, pilot)
        queued = len(unsent(laptop))
        assert f"Queued to send: {queued} changes (1 referral)" in text(app, "#sync-summary")
        assert "Last sync: never" in text(app, "#sync-summary")
        await pilot.press("s")
        await finish(app, pilot)
        assert "Queued to send: 0 changes" in text(app, "#sync-summary")
        assert f"Synced: sent {queued}" in text(app, "#sync-message")
        assert app.screen.query_one(ProgressBar).display is False
        assert "(ok)" in str(app.screen.query_one(StatusLine).render())
    assert unsent(laptop) == []


async def test_a_failed_sync_says_why_and_keeps_the_queue(laptop, tmp_path):
    laptop.settings.shared_path = str(tmp_path / "unplugged" / "shared.db")
    queued = unsent(laptop)
    app = create_app(laptop, ask_passphrase=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sync(app, pilot)
        await pilot.press("s")
        await finish(app, pilot)
        message = text(app, "#sync-message")
        assert "was not found" in message and "unplugged" in message and "queue is kept" in message
        assert "failed: shared file not found" in text(app, "#sync-summary")
    assert unsent(laptop) == queued


async def test_the_shared_path_is_set_in_a_dialog_and_saved(laptop, tmp_path):
    app = create_app(laptop, ask_passphrase=False)
    target = tmp_path / "stick" / "team.db"
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sync(app, pilot)
        assert "not set: press p" in text(app, "#sync-summary")
        await pilot.press("p")
        await pilot.pause()
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SyncScreen) and str(target) in text(app, "#sync-summary"))
    assert load_settings(laptop.paths).shared_path == str(target)


async def test_rejected_rows_are_listed(laptop, tmp_path):
    path = new_shared(tmp_path)
    laptop.settings.shared_path = str(path)
    with laptop.store.session() as session:
        session.add(OutboxEntry(table_name="person", row_id="bad-row", version="v", payload={"id": "bad-row"}))
    app = create_app(laptop, ask_passphrase=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_sync(app, pilot)
        await pilot.press("s")
        await finish(app, pilot)
        table = app.screen.query_one("#sync-rejects", DataTable)
        assert table.row_count == 1
        assert "person" in str(table.get_row_at(0)[0]) and "has no origin_site" in str(table.get_row_at(0)[2])
        assert "Rejected rows: 1" in text(app, "#sync-summary")


async def test_sync_now_from_the_command_palette(laptop, tmp_path):
    path = new_shared(tmp_path)
    laptop.settings.shared_path = str(path)
    app = create_app(laptop, ask_passphrase=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sync(app, pilot)
        await run_from_palette(pilot, "sync now", "Sync now")
        await finish(app, pilot)
        assert "Synced: sent" in text(app, "#sync-message")
    assert unsent(laptop) == []


async def test_a_new_shared_file_is_made_only_when_asked_twice(laptop, tmp_path):
    path = tmp_path / "share" / "shared.db"
    path.parent.mkdir()
    laptop.settings.shared_path = str(path)
    app = create_app(laptop, ask_passphrase=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sync(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and "Do this once for the whole service" in app.screen.question
        await pilot.press("escape")
        await pilot.pause()
        assert not path.exists()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen) and "shown this once" in app.screen.question)
        shown = app.screen.question.split("shown this once): ")[1].split("\n")[0]
        with laptop.store.session() as session:  # the key shown is the one this laptop keeps, and opens the file
            assert service_key.parse(shown) == service_key.kept_key(session)
        assert shown not in path.read_bytes().decode("latin-1") and not shared.is_plain(path)
        await pilot.press("escape")
        await wait_for(pilot, lambda: "Created a new shared file" in text(app, "#sync-message"))
        assert path.exists()


async def test_a_laptop_without_the_key_is_asked_for_it_then_syncs(laptop, tmp_path):
    path = new_shared(tmp_path)
    laptop.settings.shared_path = str(path)
    with laptop.store.session() as session:
        service_key.forget_key(session)
    queued = unsent(laptop)
    app = create_app(laptop, ask_passphrase=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sync(app, pilot)
        section = app.screen
        said = lambda: str(section.query_one("#sync-message", Static).render())  # noqa: E731
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        assert "no key for the shared file" in said() and unsent(laptop) == queued
        app.screen.query_one(Input).value = "not-the-key"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "not the service key" in said())
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        app.screen.query_one(Input).value = service_key.readable(SERVICE_KEY).lower()
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Synced: sent" in said())
        await finish(app, pilot)
    assert unsent(laptop) == []
