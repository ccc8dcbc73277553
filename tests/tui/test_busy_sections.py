"""Another program holding the database's write lock: the sections keep working, say the database is busy in
words, and carry on by themselves once it is free (nothing typed is lost, nothing freezes or crashes)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from laptops import open_laptop, other_connection
from textual.widgets import OptionList, Static

from liferooms_tui import demo, referrals
from liferooms_tui.db.store import DatabaseBusy
from liferooms_tui.tui.app import create_app
from liferooms_tui.tui.screens.help import HelpScreen
from liferooms_tui.tui.screens.prompt import PromptScreen
from liferooms_tui.tui.screens.referral_detail import ReferralDetailScreen, StatusPickerScreen
from liferooms_tui.tui.screens.referrals import ReferralsScreen, ReferralTable
from liferooms_tui.tui.screens.reports import ReportsScreen

from .screen import screen_text, wait_for

BUSY = str(DatabaseBusy())


@pytest.fixture
def laptop(tmp_path):
    runtime = open_laptop(tmp_path / "laptop", busy_timeout_ms=50)  # busy is found fast
    with runtime.store.session() as session:
        demo.fill(session, runtime.actor, 8, seed=4, today=date.today())
    yield runtime
    runtime.close()


@contextmanager
def write_lock(runtime):
    """Another connection holding the write lock, as a sync or a second window would."""
    other = other_connection(runtime)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def working(app) -> str:
    line = app.screen.query_one("#working", Static)
    return str(line.render()) if line.has_class("shown") else ""


async def still_answers_keys(app, pilot) -> None:
    """The screen is not frozen: help opens and closes."""
    await pilot.press("f1")
    await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
    await pilot.press("escape")
    await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))


async def test_sections_say_busy_and_carry_on_when_the_lock_goes(laptop):
    with laptop.store.session() as session:
        row = next(r for r in referrals.list_referrals(session, laptop.actor) if r.status == "sent")
    exports = laptop.paths.exports
    app = create_app(laptop, ask_passphrase=False)
    async with app.run_test(size=(100, 30)) as pilot:
        with write_lock(laptop):
            await pilot.press("f4")  # reading goes on beside a writer
            await wait_for(pilot, lambda: isinstance(app.screen, ReferralsScreen) and app.screen.rows)
            await pilot.press("f5")
            await wait_for(pilot, lambda: isinstance(app.screen, ReportsScreen) and app.screen.report is not None)
            await pilot.press("x")  # an export is noted in the audit log: a write
            await wait_for(pilot, lambda: BUSY in working(app))
            await still_answers_keys(app, pilot)
            assert not exports.is_dir() or not any(exports.iterdir())  # no file until it is noted
            await pilot.press("f4")
            await wait_for(pilot, lambda: isinstance(app.screen, ReferralsScreen))
            table = app.screen.query_one(ReferralTable)
            table.move_cursor(row=table.get_row_index(row.referral.id))
            await pilot.press("enter")  # opening a referral notes the view in the audit log: a write
            await wait_for(pilot, lambda: isinstance(app.screen, ReferralDetailScreen) and BUSY in working(app))
            await still_answers_keys(app, pilot)
            assert app.screen.view is None and BUSY in working(app)
        await wait_for(pilot, lambda: "Status: Sent" in screen_text(app) and not working(app))
        await wait_for(pilot, lambda: exports.is_dir() and len(list(exports.iterdir())) == 1)  # tried again

        with write_lock(laptop):
            await pilot.press("t")
            await wait_for(pilot, lambda: isinstance(app.screen, StatusPickerScreen))
            options = app.screen.query_one(OptionList)
            options.highlighted = options.get_option_index("accepted")
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
            await pilot.press(*"rang them", "enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ReferralDetailScreen) and BUSY in working(app))
            await still_answers_keys(app, pilot)
            with laptop.store.session() as session:
                assert referrals.referral_view(session, laptop.actor, row.referral.id).status == "sent"
        await wait_for(pilot, lambda: not working(app) and "rang them" in screen_text(app))
    with laptop.store.session() as session:
        view = referrals.referral_view(session, laptop.actor, row.referral.id)
    assert (view.status, view.events[-1].note) == ("accepted", "rang them")
