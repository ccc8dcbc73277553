"""The import modal, driven with Pilot: a dry run first, then the import, or a clear one-line error."""

from __future__ import annotations

import json

from laptops import open_laptop
from sqlmodel import select
from textual.widgets import Input, Static

from liferooms_tui.db.models import Partner
from liferooms_tui.tui.app import create_app
from liferooms_tui.tui.screens.import_directory import ImportDirectoryScreen


def council_file(tmp_path, n=2):
    path = tmp_path / "council.json"
    path.write_text(json.dumps([{"id": f"s{i}", "name": f"Fictional Drop-in {i}", "status": "active",
                                 "description": "Debt advice \x1b[31m[bold]really[/bold]"} for i in range(n)]))
    return path


def council_partners(runtime):
    with runtime.store.session() as session:
        return list(session.exec(select(Partner).where(Partner.source == "council")))


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_modal(app, pilot, results, path: str = ""):
    app.push_screen(ImportDirectoryScreen(path), results.append)
    await pilot.pause()
    assert isinstance(app.screen, ImportDirectoryScreen)
    return app.screen


async def settle(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_dry_run_then_confirm_imports(make_app, runtime, tmp_path):
    path = council_file(tmp_path)
    app = make_app()
    results = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_modal(app, pilot, results)
        await pilot.press(*str(path))
        await pilot.press("enter")
        await settle(app, pilot)
        summary = text_of(screen, "#import-summary")
        assert "Would add 2, update 0, deactivate 0" in summary and "Fictional Drop-in 0" in summary
        assert "Enter imports these changes" in text_of(screen, "#import-hint")
        assert council_partners(runtime) == []  # nothing written by the dry run
        assert screen.query_one("#import-summary-box").region.height > 0
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, ImportDirectoryScreen)
    (summary,) = results
    assert summary is not None and not summary.dry_run and summary.counts()["added"] == 2
    partners = council_partners(runtime)
    assert len(partners) == 2 and partners[0].description == "Debt advice [bold]really[/bold]"


async def test_errors_are_one_line_and_the_modal_stays(make_app, tmp_path):
    (tmp_path / "notes.txt").write_text("not json at all")
    app = make_app()
    results = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_modal(app, pilot, results)
        for typed, says in [(str(tmp_path / "missing.json"), "does not exist"),
                            (str(tmp_path / "notes.txt"), "is not valid JSON"),
                            (str(tmp_path), "has no services.csv")]:
            screen.query_one(Input).value = typed
            await pilot.press("enter")
            await settle(app, pilot)
            hint = text_of(screen, "#import-hint")
            assert says in hint and screen.query_one("#import-hint").has_class("error")
            assert app.screen is screen
        screen.query_one(Input).value = ""
        await pilot.press("enter")
        assert "Type the path" in text_of(screen, "#import-hint")
        await pilot.press("escape")
        await pilot.pause()
    assert results == [None]


async def test_editing_the_path_after_a_dry_run_checks_again(make_app, runtime, tmp_path):
    path = council_file(tmp_path)
    app = make_app()
    results = []
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_modal(app, pilot, results, str(path))
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("backspace", *"n")  # same file name typed again: a changed path, so a new dry run
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen and council_partners(runtime) == []
        await pilot.press("escape")
        await pilot.pause()
    assert results == [None] and council_partners(runtime) == []


async def test_volunteers_are_told_to_ask_an_advisor(tmp_path):
    runtime = open_laptop(tmp_path / "laptop", role="volunteer")
    app = create_app(runtime, ask_passphrase=False)
    results = []
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_modal(app, pilot, results, str(council_file(tmp_path)))
            await pilot.press("enter")
            await settle(app, pilot)
            assert "ask an advisor" in text_of(screen, "#import-hint")
            await pilot.press("escape")
            await pilot.pause()
    finally:
        runtime.close()
    assert results == [None]
