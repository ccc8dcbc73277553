"""Volunteers' mode: the directory alone. No person, conversation, prescription or referral is loaded,
listed or reachable from any key or command."""

from __future__ import annotations

import pytest
from laptops import open_laptop
from sqlmodel import select
from textual.command import CommandList, CommandPalette

from liferooms_tui import demo
from liferooms_tui.db.models import Person
from liferooms_tui.directory.partners import list_partners
from liferooms_tui.tui.app import create_app
from liferooms_tui.tui.screens.directory import DirectoryScreen
from liferooms_tui.tui.widgets.partner_search import PartnerResults

from .screen import screen_text, wait_for


@pytest.fixture
def volunteer(tmp_path):
    advisor = open_laptop(tmp_path / "advisor")
    with advisor.store.session() as session:
        demo.fill(session, advisor.actor, 8, seed=2)
        names = [p.display_name for p in session.exec(select(Person))]
    advisor.close()
    runtime = open_laptop(tmp_path / "volunteer", role="volunteer")  # a laptop's role is set up once
    yield runtime, names
    runtime.close()


async def test_only_the_directory_is_reachable(volunteer):
    runtime, names = volunteer
    app = create_app(runtime, ask_passphrase=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert [s.mode for s in app.sections] == ["directory", "courses"]  # courses: never who is on them
        for key in ("f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "ctrl+n", "n", "r", "t"):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == "directory"
            assert all(isinstance(s, DirectoryScreen) for s in app.screen_stack if s.id != "_default")
        shown = screen_text(app)
        assert "Volunteers' mode" in shown
        assert not any(name in shown for name in names)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Go to Directory" in commands
        assert not any(t in " ".join(commands) for t in ("Drop-in", "Referrals", "Reports", "Sync"))


async def test_the_palette_offers_no_personal_section(volunteer):
    runtime, _ = volunteer
    app = create_app(runtime, ask_passphrase=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Referrals")

        def offered() -> list[str]:
            commands = app.screen.query_one(CommandList)
            return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]

        # the search has finished once it offers a Referrals command or says "No matches found"
        await wait_for(pilot, lambda: any("Referrals" in t or "No matches" in t for t in offered()))
        assert not any("Referrals" in title for title in offered())
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "directory"


async def test_browsing_the_directory_lists_every_active_partner(volunteer):
    runtime, _ = volunteer
    with runtime.store.session() as session:
        active = {p.id for p in list_partners(session)}
    app = create_app(runtime, ask_passphrase=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        listed = {str(key.value) for key in app.screen.query_one(PartnerResults).rows}
        assert len(active) > 150 and listed == active  # nothing cut at an arbitrary 100
        assert f"{len(active)} ✻ fictional partners" in screen_text(app)  # the sample, marked
        await pilot.press("ctrl+g", "h", "down")  # housing only, then straight down into the results
        await pilot.pause()
        results = app.screen.query_one(PartnerResults)
        assert results.has_focus and "for Housing" in screen_text(app)
        assert 0 < results.row_count < len(active)
