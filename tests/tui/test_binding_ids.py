"""Every key of the Referrals, Reports, Directory, Sync and their dialogs has an id, so a keymap can rebind it."""

from __future__ import annotations

from datetime import date

from textual.binding import Binding

from liferooms_tui import demo
from liferooms_tui.tui.screens.course_page import CoursePageScreen
from liferooms_tui.tui.screens.course_register import RegisterScreen, RegisterTable
from liferooms_tui.tui.screens.courses import CoursesScreen, CourseTable
from liferooms_tui.tui.screens.directory import DirectoryScreen
from liferooms_tui.tui.screens.feedback import FeedbackDialog
from liferooms_tui.tui.screens.help import HelpScreen
from liferooms_tui.tui.screens.import_directory import ImportDirectoryScreen
from liferooms_tui.tui.screens.moving_on import MovingOnScreen
from liferooms_tui.tui.screens.referral_detail import ReferralDetailScreen, StatusPickerScreen
from liferooms_tui.tui.screens.referrals import ReferralsScreen, ReferralTable
from liferooms_tui.tui.screens.reports import ReportsScreen
from liferooms_tui.tui.screens.sync import SyncScreen
from liferooms_tui.tui.screens.whos_who import ContactTable, WhosWhoScreen

from .screen import wait_for

SCREENS = [ReferralsScreen, ReferralTable, ReferralDetailScreen, StatusPickerScreen, FeedbackDialog, ReportsScreen,
           WhosWhoScreen, ContactTable, SyncScreen, ImportDirectoryScreen, DirectoryScreen, HelpScreen,
           CoursesScreen, CourseTable, CoursePageScreen, RegisterScreen, RegisterTable, MovingOnScreen]


def test_every_key_has_an_id_of_its_own():
    ids = []
    for screen in SCREENS:
        for binding in screen.BINDINGS:
            assert isinstance(binding, Binding) and binding.id, (screen.__name__, binding)
            ids.append(binding.id)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


async def test_a_keymap_rebinds_a_section_key(make_app, runtime):
    with runtime.store.session() as session:
        demo.fill(session, runtime.actor, 4, seed=4, today=date.today())
    app = make_app()
    app.set_keymap({"referrals.filter_status": "z"})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f4")
        screen = await wait_for(pilot, lambda: isinstance(app.screen, ReferralsScreen) and app.screen.rows
                                and app.screen)
        await pilot.press("z")
        await wait_for(pilot, lambda: "Status: any" not in str(screen.query_one("#filters").render()))
        assert screen.status is not None
