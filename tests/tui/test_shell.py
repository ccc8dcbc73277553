"""The app shell: every section by keyboard, help, header and status line."""

from __future__ import annotations

from textual.widgets import DataTable

from liferooms_tui import demo
from liferooms_tui.tui.app import SECTIONS
from liferooms_tui.tui.screens.help import HelpScreen
from liferooms_tui.tui.widgets.status_line import StatusLine

from .screen import run_from_palette, wait_for


async def test_every_section_by_keyboard_and_help(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for section in SECTIONS:
            await pilot.press(section.key)
            await pilot.pause()
            assert app.current_mode == section.mode
            assert type(app.screen) is section.screen
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert f"Help: {SECTIONS[-1].title}" in help_text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_header_shows_advisor_and_site(make_app, runtime):
    app = make_app()
    async with app.run_test(size=(100, 30)):
        assert app.sub_title == f"{runtime.actor.name} · {runtime.actor.site}"


async def test_status_line_counts_queued_referrals(make_app, runtime):
    with runtime.store.session() as session:
        result = demo.fill(session, runtime.actor, 5, seed=3)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        status = str(app.screen.query_one(StatusLine).render())
        assert "referrals queued for sync" in status or "referral queued for sync" in status
        count = int(status.split()[0])
        assert count == result.referrals  # every referral made here is still queued for sync


async def test_command_palette_reaches_sections(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await run_from_palette(pilot, "Go to Reports", "Go to Reports")
        await wait_for(pilot, lambda: app.current_mode == "reports")


async def test_help_lists_the_sections_keys_not_the_text_boxs(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the Drop-in, typing in its search box
        await pilot.press("f1")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        rows = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "New person" in rows and "Lock" in rows
        assert not [r for r in rows if "cursor" in r.lower() or "delete" in r.lower()]


async def test_a_keymap_in_settings_moves_a_key(make_app, runtime):
    """settings.toml's [keymap] rebinds by binding id (here help from F1 to F10), as posting's keymaps do."""
    runtime.settings.keymap = {"app.help": "f10"}
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_help_names_each_keys_id_for_the_keymap(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        ids = {str(table.get_row_at(i)[2]) for i in range(table.row_count)}
        assert {"app.help", "app.quit", "dropin.new_person"} <= ids
